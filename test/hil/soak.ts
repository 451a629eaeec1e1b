/**
 * Soak: run the pen for a long stretch of pen time (compressed in-process, or
 * real time over a wire), heartbeat on, telemetry on, the operator's hand
 * gliding, settings changed every 10 s and cartridges swapped when SR-09
 * spends them; report lost frames, unanswered commands, faults and heap.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { removeCartridge } from './harness/acquire.js';
import { CaseContext } from './harness/context.js';
import { seqLosses, type RxFrame } from './harness/link.js';
import { resetPen } from './harness/reset.js';
import type { HilTarget } from './harness/types.js';

/** What a soak run found. */
export interface SoakReport {
  target: string;
  penMs: number;
  wallMs: number;
  framesReceived: number;
  telemetryFrames: number;
  lostFrames: number;
  undecodedLines: number;
  commands: number;
  unanswered: number;
  faults: string[];
  cartridgesUsed: number;
  heapStartMB: number;
  heapEndMB: number;
}

let gc: (() => void) | null = null;
/** A full GC before each heap reading, so start and end compare live memory, not garbage. */
function collect(): void {
  if (!gc) {
    setFlagsFromString('--expose_gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

function heapMB(): number {
  collect();
  return Math.round((process.memoryUsage().heapUsed / 1048576) * 10) / 10;
}

/** Run a soak of `durationMs` pen time. */
export async function runSoak(target: HilTarget, durationMs: number, progress?: (text: string) => void): Promise<SoakReport> {
  const heapStartMB = heapMB();
  const wall0 = performance.now();
  const wire = await target.openCase();
  const prep = new CaseContext(target, wire, 1000);
  await resetPen(prep).finally(() => prep.link.detach());
  const ctx = new CaseContext(target, wire, 1000);
  const link = ctx.link;
  let frames = 0;
  let tlm = 0;
  let lost = 0;
  let undecoded = 0;
  let commands = 0;
  let unanswered = 0;
  const faults: string[] = [];
  let carts = 1;
  let prev: RxFrame | undefined;
  try {
    await ctx.connect();
    const cart = { ratedUm: 1200 };
    await ctx.ready({ cart, depthUm: 1000, rateHz: 120, tlmHz: 20, ...(target.features.has('sim') ? { skin: 'AUTO' as const } : {}) });
    await link.ok('START', {});
    const t0 = link.now();
    let nextReport = t0 + 600_000;
    let step = 0;
    while (link.now() - t0 < durationMs) {
      await link.pump(Math.min(10_000, durationMs - (link.now() - t0)));
      // Count and drop what arrived, so the log does not grow with the soak.
      const batch = link.rx.splice(0, link.rx.length);
      frames += batch.length;
      // The previous batch's last frame joins this one, so a gap across the boundary counts too.
      lost += seqLosses(prev ? [prev, ...batch] : batch);
      prev = batch.filter((f) => f.msg).at(-1) ?? prev;
      for (const f of batch) {
        if (!f.msg) undecoded++;
        else if (f.msg.kind === 'TLM') tlm++;
        else if (f.msg.kind === 'EVT' && f.msg.fields.ev === 'FAULT') faults.push(String(f.msg.fields.code));
      }
      const spent = batch.some((f) => f.msg?.kind === 'EVT' && f.msg.fields.ev === 'CART_SPENT');
      if (spent) {
        // SR-09 spent the cartridge after 60 min: the bench swaps it, as a practitioner would.
        commands += 2;
        await link.ok('STOP', {});
        await link.pump(50);
        await removeCartridge(ctx);
        await ctx.cartridge(cart);
        carts++;
        commands += 1;
        await link.ok('START', {});
      }
      step++;
      const um = step % 2 === 0 ? 1000 : 1200;
      commands++;
      const r = await link.request('SET_DEPTH', { um }).catch(() => null);
      if (!r) unanswered++;
      if (link.now() >= nextReport) {
        nextReport += 600_000;
        progress?.(`soak: ${Math.round((link.now() - t0) / 60_000)} min of pen time, ${frames} frames, ${lost} lost, heap ${heapMB()} MB`);
      }
    }
    commands++;
    await link.ok('STOP', {});
    const penMs = link.now() - t0;
    const rest = link.rx.splice(0, link.rx.length);
    frames += rest.length;
    return {
      target: target.name, penMs, wallMs: performance.now() - wall0, framesReceived: frames, telemetryFrames: tlm, lostFrames: lost,
      undecodedLines: undecoded, commands, unanswered, faults, cartridgesUsed: carts, heapStartMB, heapEndMB: heapMB(),
    };
  } finally {
    link.detach();
    await target.closeCase(wire);
  }
}

/** A soak is good when nothing was lost, everything was answered and no fault occurred. */
export function soakProblems(r: SoakReport): string[] {
  const p: string[] = [];
  if (r.lostFrames > 0) p.push(`${r.lostFrames} frames lost`);
  if (r.undecodedLines > 0) p.push(`${r.undecodedLines} undecodable lines`);
  if (r.unanswered > 0) p.push(`${r.unanswered} commands unanswered`);
  if (r.faults.length > 0) p.push(`faults: ${r.faults.join(', ')}`);
  return p;
}
