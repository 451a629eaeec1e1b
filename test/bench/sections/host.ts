/**
 * Host bench (issue 13).
 *
 * STOP under a burst: the pen runs; 2,000 SET_DEPTH are issued at once, then
 * STOP; the figure is the time from the STOP call until the pen reports that
 * it left RUN (its EVT STATE), p50/p99 over many trials — against the built-in
 * simulator (in-process serialport binding) and the simulator CLI on a socat
 * pty through the real serialport binding. Baseline in the same run: the same
 * burst with the client's window and queue bound lifted (every command written
 * at once, as the client did before this change), so STOP waits behind them.
 *
 * Heartbeat during an export: the pty simulator runs at 200 Hz telemetry while
 * a one-hour 200 Hz recording (720 000 frames) is exported as CSV, then opened;
 * the figure is the longest gap between two heartbeat PINGs written, and how
 * often the pen's 500 ms lease ran out (LINK_LOST). Baseline in the same run:
 * the same export on the link's own thread (the whole-file load and CSV of
 * before this change). The same gap while the one-hour recording is prepared
 * for replay (indexed in the worker, its reader set up on the link's thread).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PenClient, type PenClientOptions, type RequestResult, type TransportFactory } from '../../../protocol/src/index.js';
import { SerialTransport } from '../../../protocol/node/serial-transport.js';
import { createSimBinding } from '../../../firmware-sim/src/node/sim-binding.js';
import type { SimPen } from '../../../firmware-sim/src/pen/sim-pen.js';
import { RecordingsWorker, exportLoaded, loadRecording } from '../../../console/session/replay/index.js';
import { writeTelemetryRecording } from '../../console/support/hour-recording.js';
import { HAS_SOCAT } from '../../support/requirements.js';
import { startPtySim } from '../../support/pty-sim.js';
import { fmt, type BenchSection } from './section.js';

const BURST = 2000;
const TRIALS = 50;
const BASELINE_TRIALS = 3;
const UNBOUNDED: Partial<PenClientOptions> = { maxInFlight: 1e9, maxQueued: 1e9 };

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** When the pen left RUN, on the host clock: armed before the burst, read after the STOP. */
type LeftRun = (client: PenClient) => Promise<() => Promise<number>>;

/** The built-in simulator runs in this process: its state is read directly, every millisecond. */
function penState(get: () => SimPen | null): LeftRun {
  return async () => {
    let at = 0;
    const timer = setInterval(() => {
      if (!at && get()?.snapshot().state !== 'RUN') at = performance.now();
    }, 1);
    return async () => {
      const end = Date.now() + 30_000;
      while (!at && Date.now() < end) await sleep(5);
      clearInterval(timer);
      if (!at) throw new Error('the pen did not leave RUN within 30 s');
      return at;
    };
  };
}

/**
 * A pen in another process tells when it left RUN in its events and in the `t=` of the ACK of STOP (device
 * time when the retraction began). Under the baseline's flood its UART queue may drop either, so both count:
 * the earliest of the EVT STATE arrival and the ACK's `t=` mapped to the host clock with a PING's ACK just before.
 */
const fromWire: LeftRun = async (client) => {
  const t0 = performance.now();
  const ping = await client.request('PING', {});
  if (!ping.ok || ping.reply.fields.t === undefined) throw new Error('PING not answered with t=');
  const offset = ping.reply.fields.t - (t0 + performance.now()) / 2;
  let evt = 0;
  let ack = 0;
  const offEvt = client.on('event', (m) => {
    if (!evt && m.fields.ev === 'STATE' && m.fields.st !== 'RUN') evt = performance.now();
  });
  const offFrame = client.on('frame', (m) => {
    if (m.kind === 'ACK' && m.fields.t !== undefined && !ack && stopSeqs.has(m.fields.re)) ack = m.fields.t - offset;
  });
  const stopSeqs = new Set<number>();
  const offRaw = client.on('raw', (r) => {
    const m = / ?\$?(\d+) STOP\*/.exec(r.line);
    if (r.dir === 'out' && m) stopSeqs.add(Number(m[1]));
  });
  return async () => {
    const end = Date.now() + 30_000;
    while (!evt && !ack && Date.now() < end) await sleep(5);
    offEvt();
    offFrame();
    offRaw();
    if (!evt && !ack) throw new Error('the pen did not report leaving RUN within 30 s');
    return Math.min(evt || Infinity, ack || Infinity);
  };
};

/** Area, depth, START; waits until the pen reports RUN. */
async function run(client: PenClient): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const running = new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(false), 1000);
      const off = client.on('event', (m) => {
        if (m.fields.ev === 'STATE' && m.fields.st === 'RUN') {
          clearTimeout(t);
          off();
          resolve(true);
        }
      });
    });
    await client.request('SET_AREA', { area: 'CHEEK' });
    await client.request('SET_DEPTH', { um: 700 });
    const r = await client.request('START', {});
    if (r.ok && (await running)) return;
    await sleep(50);
  }
  throw new Error('the pen would not start');
}

/** STOP latencies (ms, sorted) of `trials` bursts on a fresh client of `factory`. */
async function stopLatencies(factory: TransportFactory, leftRun: LeftRun, trials: number, opts: Partial<PenClientOptions> = {}): Promise<number[]> {
  const client = new PenClient({ transport: factory, reconnect: false, ...opts });
  const c = await client.connect();
  if (!c.ok) throw new Error(`connect: ${c.message}`);
  await sleep(500); // boot and cartridge check
  const out: number[] = [];
  try {
    for (let i = 0; i < trials; i++) {
      await run(client);
      const left = await leftRun(client);
      const burst: Promise<RequestResult>[] = [];
      for (let j = 0; j < BURST; j++) burst.push(client.request('SET_DEPTH', { um: j % 2 ? 400 : 700 }));
      const t0 = performance.now();
      const stop = client.request('STOP', {});
      await stop;
      out.push((await left()) - t0);
      await Promise.all(burst);
    }
  } finally {
    await client.close();
  }
  return out.sort((a, b) => a - b);
}

/** Longest gap between heartbeat PINGs while `work` runs (and 500 ms after), and the LINK_LOST faults meanwhile. */
async function heartbeatDuring(client: PenClient, work: () => Promise<unknown>): Promise<{ gapMs: number; leaseLost: number; ms: number }> {
  await sleep(500);
  let last = 0;
  let gapMs = 0;
  let leaseLost = 0;
  const offRaw = client.on('raw', (r) => {
    if (r.dir !== 'out' || !/ PING\*/.test(r.line)) return;
    const now = performance.now();
    if (last) gapMs = Math.max(gapMs, now - last);
    last = now;
  });
  const offEvt = client.on('event', (m) => {
    if (m.fields.ev === 'FAULT' && m.fields.code === 'LINK_LOST') leaseLost++;
  });
  const t0 = performance.now();
  await work();
  const ms = performance.now() - t0;
  await sleep(500);
  offRaw();
  offEvt();
  return { gapMs, leaseLost, ms };
}

async function exportGaps(path: string): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'penbench-bench-host-'));
  const name = 'session-20261121T090000Z-sim.jsonl';
  const client = new PenClient({ transport: new SerialTransport({ path }), reconnect: false });
  const worker = new RecordingsWorker();
  try {
    const rows = writeTelemetryRecording(join(dir, name));
    const c = await client.connect();
    if (!c.ok) throw new Error(`connect: ${c.message}`);
    await client.request('TLM_RATE', { hz: 200 });
    await run(client);
    await worker.list(dir); // the worker thread started
    const exp = await heartbeatDuring(client, () => worker.export(dir, name, 'csv'));
    const open = await heartbeatDuring(client, () => worker.load(dir, name));
    let blocks = 0;
    const prep = await heartbeatDuring(client, async () => (blocks = (await worker.replaySource(dir, name)).lines.count));
    const base = await heartbeatDuring(client, async () => exportLoaded(await loadRecording(join(dir, name)), 'csv'));
    const tlm = client.stats.telemetryFrames;
    console.log(`   1 h recording (${fmt(rows)} TLM frames) exported as CSV during a live 200 Hz session on a pty (${fmt(tlm)} TLM frames received):`);
    console.log(`     recordings worker: longest PING gap ${fmt(exp.gapMs)} ms (target ≤ 250), lease lost ${exp.leaseLost}×, export ${fmt(exp.ms)} ms; opening it: gap ${fmt(open.gapMs)} ms, ${fmt(open.ms)} ms`);
    console.log(`     replay preparation (index of ${fmt(blocks)} blocks): longest PING gap ${fmt(prep.gapMs)} ms (target ≤ 250), lease lost ${prep.leaseLost}×, ${fmt(prep.ms)} ms`);
    console.log(`     baseline, on the link's thread: longest PING gap ${fmt(base.gapMs)} ms, lease lost ${base.leaseLost}×, export ${fmt(base.ms)} ms → ${fmt(base.gapMs / exp.gapMs, 1)}× the worker's gap`);
    return {
      host_export_ping_gap_max_ms: Math.round(exp.gapMs),
      host_export_lease_lost: exp.leaseLost,
      host_export_ms: Math.round(exp.ms),
      host_open_ping_gap_max_ms: Math.round(open.gapMs),
      host_replay_prepare_ping_gap_max_ms: Math.round(prep.gapMs),
      host_replay_prepare_lease_lost: prep.leaseLost,
      host_replay_prepare_ms: Math.round(prep.ms),
      host_export_ping_gap_max_inthread_ms: Math.round(base.gapMs),
      host_export_lease_lost_inthread: base.leaseLost,
    };
  } finally {
    await client.close();
    await worker.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function stopLine(label: string, xs: number[], base: number[]): string {
  const p99 = pct(xs, 99);
  return `   ${label}: STOP left RUN after p50 ${fmt(pct(xs, 50), 1)} ms, p99 ${fmt(p99, 1)} ms, max ${fmt(xs.at(-1)!, 1)} ms (${xs.length} bursts of ${fmt(BURST)}); `
    + `baseline (unbounded, as before) median ${fmt(pct(base, 50))} ms, max ${fmt(base.at(-1)!)} ms (${base.length} bursts) → ${fmt(pct(base, 50) / p99)}× the new p99`;
}

export const hostSection: BenchSection = {
  name: 'host',
  async run() {
    const figures: Record<string, number> = {};
    let pen: SimPen | null = null;
    const binding = createSimBinding({ cartridge: 'N16-OK-01', onPen: (p) => (pen = p) });
    const builtin: TransportFactory = () => new SerialTransport({ path: 'sim://pen', binding: binding as never });
    const b = await stopLatencies(builtin, penState(() => pen), TRIALS);
    const bBase = await stopLatencies(builtin, penState(() => pen), BASELINE_TRIALS, UNBOUNDED);
    console.log(stopLine('built-in simulator', b, bBase));
    Object.assign(figures, {
      host_stop_burst_builtin_p50_ms: Number(pct(b, 50).toFixed(1)), host_stop_burst_builtin_p99_ms: Number(pct(b, 99).toFixed(1)),
      host_stop_burst_builtin_baseline_ms: Math.round(pct(bBase, 50)),
    });
    if (!HAS_SOCAT) {
      console.log('   pty figures skipped: socat not installed (apt-get install -y socat)');
      return figures;
    }
    const sim = await startPtySim(['--cartridge', 'N16-OK-01']);
    try {
      const pty: TransportFactory = () => new SerialTransport({ path: sim.path });
      const p = await stopLatencies(pty, fromWire, TRIALS);
      const pBase = await stopLatencies(pty, fromWire, BASELINE_TRIALS, UNBOUNDED);
      console.log(stopLine('simulator on a pty, 115200 baud', p, pBase));
      console.log(`   one line time at 115200 baud (10 bits a byte): ${fmt((14 * 10_000) / 115_200, 1)} ms for a 14-byte STOP line, ${fmt((200 * 10_000) / 115_200, 1)} ms for a full 200-byte line`);
      Object.assign(figures, {
        host_stop_burst_pty_p50_ms: Number(pct(p, 50).toFixed(1)), host_stop_burst_pty_p99_ms: Number(pct(p, 99).toFixed(1)),
        host_stop_burst_pty_baseline_ms: Math.round(pct(pBase, 50)),
      });
      Object.assign(figures, await exportGaps(sim.path));
    } finally {
      await sim.stop();
    }
    return figures;
  },
};
