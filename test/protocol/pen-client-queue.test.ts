/**
 * PenClient's command queue, STOP priority and what its results say was
 * delivered, against a scripted PenLink peer over an in-process pair (fake
 * timers). The pair delivers with latency, so commands really wait on the wire.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  MemoryPair, PenClient, type HostMessage, type PenClientOptions, type PenReply, type RequestResult,
} from '../../protocol/src/index.js';
import { ScriptedPen } from './support/scripted-pen.js';
import { globalTimersClock as clock, kindOf, seqOf } from './support/wire-helpers.js';

async function rig(opts: Partial<PenClientOptions> = {}, answer?: (m: HostMessage) => PenReply | undefined) {
  const pair = new MemoryPair({ latencyMs: 2 });
  await pair.b.open();
  const pen = new ScriptedPen(pair.b, answer ? { answer } : {});
  const client = new PenClient({ transport: pair.a, clock, timeoutMs: 100, retries: 2, heartbeatMs: 0, reconnect: false, ...opts });
  const wire: string[] = [];
  pair.setFilter((l, dir) => {
    if (dir === 'aToB') wire.push(l.trimEnd());
    return l;
  });
  const c = client.connect();
  await vi.advanceTimersByTimeAsync(20);
  expect((await c).ok).toBe(true);
  wire.length = 0;
  return { pair, pen, client, wire };
}

const tally = (rs: RequestResult[]) => {
  const out: Record<string, number> = {};
  for (const r of rs) {
    const k = r.ok ? 'ok' : `${r.error}/${r.delivery}`;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
};

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('PenClient queue and STOP (SR-16: STOP jumps every host queue)', () => {
  it('SR-16: a STOP issued behind 2,000 commands is the next line on the wire; what waited is cancelled unsent, the rest refused BUSY', async () => {
    const { client, pen, wire } = await rig();
    const burst = Array.from({ length: 2000 }, (_, i) => client.request('SET_DEPTH', { um: i % 2 ? 400 : 700 }));
    const stop = client.request('STOP', {});
    // Only the first command was on the wire when STOP was issued; STOP went out right behind it.
    expect(wire.map(kindOf)).toEqual(['SET_DEPTH', 'STOP']);
    expect(await vi.advanceTimersByTimeAsync(20).then(() => stop)).toMatchObject({ ok: true, delivery: 'answered', attempts: 1 });
    const rs = await Promise.all(burst);
    expect(tally(rs)).toEqual({ ok: 1, 'CANCELLED/not_sent': 32, 'BUSY/not_sent': 1967 });
    // The pen executed exactly what the results say: one SET_DEPTH, then the STOP, nothing after it.
    expect(pen.handled.map((m) => m.kind)).toEqual(['HELLO', 'SET_DEPTH', 'STOP']);
    expect(client.stats).toMatchObject({ busyRefusals: 1967, cancelled: 32, queued: 0 });
    await client.close();
  });

  it('sends one command at a time by default and the queued ones in order as answers come', async () => {
    const { client, pen, wire } = await rig();
    const rs = [250, 300, 350, 400].map((um) => client.request('SET_DEPTH', { um }));
    expect(wire.map(kindOf)).toEqual(['SET_DEPTH']);
    expect(client.stats.queued).toBe(3);
    await vi.advanceTimersByTimeAsync(30);
    expect(tally(await Promise.all(rs))).toEqual({ ok: 4 });
    expect(pen.handled.slice(1).map((m) => (m.fields as { um: number }).um)).toEqual([250, 300, 350, 400]);
    await client.close();
  });

  it('a command that waits longer than queueTimeoutMs is refused BUSY without being sent', async () => {
    // SET_RATE never reaches the pen: the window stays busy for the whole timeout of the first command.
    const { client, pen, pair } = await rig({ queueTimeoutMs: 150, timeoutMs: 100, retries: 1 });
    pair.setFilter((l, dir) => (dir === 'aToB' && kindOf(l) === 'SET_RATE' ? null : l));
    const first = client.request('SET_RATE', { hz: 100 });
    const second = client.request('SET_DEPTH', { um: 500 });
    await vi.advanceTimersByTimeAsync(400);
    expect(await second).toMatchObject({ ok: false, error: 'BUSY', delivery: 'not_sent', seq: -1 });
    expect((await second as { message: string }).message).toMatch(/waited 150 ms behind other commands/);
    expect(await first).toMatchObject({ ok: false });
    expect(pen.count('SET_DEPTH')).toBe(0);
    await client.close();
  });

  it('SR-16: a command sent before a STOP is never retransmitted after it; its outcome is unknown', async () => {
    const { client, pair, pen } = await rig();
    // The pen executes START but its ACK is lost.
    pair.setFilter((l, dir) => (dir === 'bToA' && pen.count('START') === 1 && pen.count('STOP') === 0 && kindOf(l) === 'ACK' ? null : l));
    const start = client.request('START', {});
    await vi.advanceTimersByTimeAsync(10);
    const stop = client.request('STOP', {});
    await vi.advanceTimersByTimeAsync(500);
    expect(await stop).toMatchObject({ ok: true });
    expect(await start).toMatchObject({ ok: false, error: 'TIMEOUT', delivery: 'unknown', attempts: 1 });
    expect(pen.handled.map((m) => m.kind)).toEqual(['HELLO', 'START', 'STOP']);
    await client.close();
  });

  it('SR-16: STOP is never retransmitted as the same line: each attempt takes a fresh seq, and the pen executes each', async () => {
    const { client, pair, pen, wire } = await rig();
    let stops = 0;
    pair.setFilter((l, dir) => {
      if (dir === 'aToB') wire.push(l.trimEnd());
      return dir === 'aToB' && kindOf(l) === 'STOP' && stops++ === 0 ? null : l;
    });
    const stop = client.request('STOP', {});
    await vi.advanceTimersByTimeAsync(300);
    expect(await stop).toMatchObject({ ok: true, attempts: 2, delivery: 'answered' });
    const sent = wire.filter((l) => kindOf(l) === 'STOP');
    expect(sent).toHaveLength(2);
    expect(seqOf(sent[1]!)).not.toBe(seqOf(sent[0]!));
    expect(pen.count('STOP')).toBe(1);
    expect(pen.link.stats.rxDuplicates).toBe(0);
    await client.close();
  });
});

describe('PenClient results say what is known: answered, unknown, never sent', () => {
  it('an ACK or a NAK is answered; no answer after the retries is unknown; a closed link is never sent', async () => {
    const { client, pair } = await rig({ maxInFlight: 2 });
    const ok = client.request('SET_DEPTH', { um: 500 });
    const nak = client.request('SET_DEPTH', { um: 9000 });
    await vi.advanceTimersByTimeAsync(30);
    expect(await ok).toMatchObject({ ok: true, delivery: 'answered' });
    expect(await nak).toMatchObject({ ok: false, error: 'NAK', delivery: 'answered' });
    pair.setFilter((l, dir) => (dir === 'bToA' ? null : l));
    const lost = client.request('START', {});
    await vi.advanceTimersByTimeAsync(400);
    expect(await lost).toMatchObject({ ok: false, error: 'TIMEOUT', delivery: 'unknown', attempts: 3 });
    await client.close();
    expect(await client.request('STOP', {})).toMatchObject({ ok: false, error: 'NOT_CONNECTED', delivery: 'not_sent', seq: -1 });
  });

  it('a link lost while waiting: the command on the wire is unknown, the ones still queued were never sent', async () => {
    const { client, pair } = await rig({ heartbeatMs: 20, silenceMs: 100 });
    pair.setFilter((l, dir) => (dir === 'bToA' ? null : l));
    const onWire = client.request('START', {}, { timeoutMs: 10_000 });
    const queued = client.request('SET_DEPTH', { um: 500 });
    await vi.advanceTimersByTimeAsync(300);
    expect(await onWire).toMatchObject({ ok: false, error: 'LINK_LOST', delivery: 'unknown' });
    expect(await queued).toMatchObject({ ok: false, error: 'LINK_LOST', delivery: 'not_sent', seq: -1 });
    await client.close();
  });

  it('a write the transport refuses before any byte left is never sent; a timed-out write is not a failure by itself', async () => {
    const { client, pair, pen } = await rig();
    const write = pair.a.write.bind(pair.a);
    let mode: 'unsent' | 'slow' = 'unsent';
    pair.a.write = async (line: string) => {
      if (mode === 'unsent') return { ok: false, error: { message: 'not open', disconnected: false, timedOut: false, unsent: true } };
      // The transport gives up waiting, but the bytes still go out (a backed-up serial stream).
      void write(line);
      return { ok: false, error: { message: 'write timed out after 1000 ms', disconnected: false, timedOut: true } };
    };
    expect(await client.request('SET_DEPTH', { um: 500 })).toMatchObject({ ok: false, error: 'WRITE_FAILED', delivery: 'not_sent' });
    mode = 'slow';
    const r = client.request('SET_DEPTH', { um: 600 });
    await vi.advanceTimersByTimeAsync(20);
    // Issue 13: reported "could not be sent: write timed out" although the pen executed it.
    expect(await r).toMatchObject({ ok: true, delivery: 'answered' });
    expect(pen.count('SET_DEPTH')).toBe(1);
    await client.close();
  });
});

describe('PenClient matches answers by kind, not by re= alone (PROTOCOL.md §7)', () => {
  it('GET_STATUS answered with an ACK is a protocol error of unknown effect, and never taken as the pen status', async () => {
    const { client } = await rig({}, (m) => (m.kind === 'GET_STATUS' ? { kind: 'ACK', fields: {} } : undefined));
    const r = client.request('GET_STATUS', {});
    await vi.advanceTimersByTimeAsync(20);
    const got = await r;
    expect(got).toMatchObject({ ok: false, error: 'UNEXPECTED_ANSWER', delivery: 'unknown' });
    if (!got.ok) expect(got.message).toMatch(/GET_STATUS seq \d+ was answered with ACK, but GET_STATUS is answered by STATUS or NAK/);
    expect(client.status).toBeNull();
    expect(client.stats.unexpectedAnswers).toBe(1);
    await client.close();
  });

  it('an INFO answering a GET_STATUS does not replace the identity the handshake got', async () => {
    const { client } = await rig({}, (m) => (m.kind === 'GET_STATUS' ? { kind: 'INFO', fields: { serial: 'IMPOSTOR', proto: 1, fw: 'X', dmin: 250, dmax: 2500, dstep: 50, rmin: 50, rmax: 150, tmax: 200, profile: 'P', pver: 1, phash: '00000000', areas: 0, sim: 0 } } : undefined));
    const r = client.request('GET_STATUS', {});
    await vi.advanceTimersByTimeAsync(20);
    expect(await r).toMatchObject({ ok: false, error: 'UNEXPECTED_ANSWER' });
    expect(client.info?.serial).toBe('PB000123');
    const s = client.request('GET_INFO', {});
    await vi.advanceTimersByTimeAsync(20);
    expect(await s).toMatchObject({ ok: true });
    await client.close();
  });
});
