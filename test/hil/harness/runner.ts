/**
 * The suite runner: cases run one by one on the target's pen, each after the
 * one reset procedure (reset.ts), with a wall-clock guard, in the given or a
 * seeded random order. A result carries timing, measurements, the case log
 * and — for failures — the TLM depth trace seen, for the report's chart.
 */
import { CaseContext } from './context.js';
import { penIdentity, suiteIdentity, type PenIdentity, type SuiteIdentity } from './identity.js';
import { HilSkip, type HilMsg } from './link.js';
import { resetPen } from './reset.js';
import { selectCases, shuffled, type Selection } from './select.js';
import { NEED_DOC, needMet, type Feature, type HilTarget, type HilWire, type Need } from './types.js';

/** One conformance case. */
export interface HilCase {
  /** Stable id, e.g. `SR-08.power-cycle` or `ROB.bad-crc`. */
  id: string;
  /** One line; starts with the SR id when the case proves a safety rule. */
  title: string;
  /** What the case needs; one the target cannot meet makes it SKIPPED with the reason. */
  needs?: Need[];
  /** Extra tags for --tags (the group, SR ids and needs are tags already). */
  tags?: string[];
  /** Wall-clock guard, ms (default 30 s). */
  wallTimeoutMs?: number;
  /** The scenario file's text, for a scenario case (part of the suite's version). */
  source?: string;
  run(ctx: CaseContext): Promise<void>;
}

/** A point of the depth trace (from TLM). */
export interface TracePoint {
  at: number;
  d: number;
  m: number;
  s: string;
}

/** Outcome of one case. */
export interface CaseResult {
  id: string;
  title: string;
  status: 'pass' | 'fail' | 'skip';
  message?: string;
  /** Wall time the case took, ms (the reset before it excluded). */
  durationMs: number;
  /** Target time the case covered, ms (pen time when compressed). */
  targetMs: number;
  metrics: Record<string, number | string>;
  log: string[];
  /** TLM trace and events (failed cases only). */
  trace?: TracePoint[];
  events?: { at: number; text: string }[];
}

/** Outcome of a run. */
export interface SuiteResult {
  target: string;
  features: Feature[];
  startedAt: string;
  durationMs: number;
  /** The pen under test (its first INFO). */
  pen: PenIdentity | null;
  suite: SuiteIdentity;
  /** The seed of a shuffled order (null: the suite's own order). */
  seed: number | null;
  /** What the harness found out about the target (a refused key, no engineering session). */
  notes: string[];
  results: CaseResult[];
}

/** Options of a run. */
export interface RunOptions extends Selection {
  /** Shuffle the selected cases with this seed. */
  seed?: number;
  /** Default answer timeout in the target's time base, ms. */
  timeoutMs?: number;
  /** Called before and after each case (live progress). */
  onStart?: (c: HilCase, index: number, total: number) => void;
  onResult?: (r: CaseResult, index: number, total: number) => void;
}

/** Run the selected cases against `target`, in order or shuffled. */
export async function runSuite(target: HilTarget, cases: readonly HilCase[], opts: RunOptions = {}): Promise<SuiteResult> {
  const selected = selectCases(cases, opts);
  const chosen = opts.seed === undefined ? selected : shuffled(selected, opts.seed);
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const timeoutMs = opts.timeoutMs ?? (target.latencyMs === 0 ? 1000 : 1500);
  const wire = await target.openCase();
  const results: CaseResult[] = [];
  try {
    for (let i = 0; i < chosen.length; i++) {
      const c = chosen[i]!;
      opts.onStart?.(c, i, chosen.length);
      const r = await runCase(target, wire, c, timeoutMs);
      results.push(r);
      opts.onResult?.(r, i, chosen.length);
    }
    // Leave the pen as after power-up: motor stopped, telemetry off, power-on settings.
    if (chosen.length > 0) await resetQuietly(target, wire, timeoutMs);
  } finally {
    await target.closeCase(wire);
  }
  return {
    target: target.name, features: [...target.features], startedAt, durationMs: performance.now() - started,
    pen: target.run.info ? penIdentity(target.run.info) : null, suite: suiteIdentity(cases), seed: opts.seed ?? null,
    notes: [...(target.notes ?? [])], results,
  };
}

async function resetQuietly(target: HilTarget, wire: HilWire, timeoutMs: number): Promise<void> {
  const ctx = new CaseContext(target, wire, timeoutMs);
  try {
    await resetPen(ctx);
  } catch {
    // The run is over; what the last reset could not undo shows in the next run's first reset.
  } finally {
    ctx.link.detach();
  }
}

/** Why a case cannot run on this target at all, or null. */
export function unmetNeeds(target: HilTarget, c: HilCase): string | null {
  const missing = (c.needs ?? []).filter((n) => !needMet(n, target.features));
  return missing.length === 0 ? null : `needs ${missing.map((n) => `${n}: ${NEED_DOC[n]}`).join('; ')}`;
}

/** Run one case on the shared wire: skip on unmet needs, otherwise reset the pen, run, collect. */
export async function runCase(target: HilTarget, wire: HilWire, c: HilCase, timeoutMs: number): Promise<CaseResult> {
  const unmet = unmetNeeds(target, c);
  if (unmet) return { id: c.id, title: c.title, status: 'skip', message: unmet, durationMs: 0, targetMs: 0, metrics: {}, log: [] };
  const prep = new CaseContext(target, wire, timeoutMs);
  try {
    await resetPen(prep);
  } catch (e) {
    return { id: c.id, title: c.title, status: 'fail', message: `could not reset the pen to power-on settings: ${errText(e)}`, durationMs: 0, targetMs: 0, metrics: {}, log: prep.logLines };
  } finally {
    noteCartridges(target, prep.link.rx);
    prep.link.detach();
  }
  const ctx = new CaseContext(target, wire, timeoutMs);
  if (wire.maxLagMs !== undefined) wire.maxLagMs = 0;
  const t0 = performance.now();
  const pen0 = wire.now();
  let status: CaseResult['status'] = 'pass';
  let message: string | undefined;
  let guard: ReturnType<typeof setTimeout> | undefined;
  try {
    const wall = c.wallTimeoutMs ?? 30_000;
    await Promise.race([
      c.run(ctx),
      new Promise<never>((_, rej) => {
        guard = setTimeout(() => rej(new Error(`case did not finish within ${wall} ms of wall time`)), wall);
      }),
    ]);
  } catch (e) {
    if (e instanceof HilSkip) {
      status = 'skip';
      message = e.message;
    } else {
      status = 'fail';
      message = errText(e);
    }
  } finally {
    if (guard) clearTimeout(guard);
    ctx.link.abort();
  }
  noteCartridges(target, ctx.link.rx);
  const result: CaseResult = {
    id: c.id, title: c.title, status, durationMs: performance.now() - t0, targetMs: wire.now() - pen0,
    metrics: ctx.metrics, log: ctx.logLines,
  };
  if (status === 'fail') {
    Object.assign(result, traceOf(ctx, pen0));
    message = `${message ?? ''}${failureContext(ctx, wire)}`;
  }
  if (message !== undefined) result.message = message;
  ctx.link.detach();
  return result;
}

/** Every cartridge the pen reported is used for this run's supply (fitted, inserted by a scenario, or re-verified). */
function noteCartridges(target: HilTarget, rx: readonly { msg: HilMsg | null }[]): void {
  for (const f of rx) {
    const m = f.msg;
    if (m?.kind === 'EVT' && typeof m.fields.id === 'string' && String(m.fields.ev).startsWith('CART_')) target.run.supply.markUsed(m.fields.id);
    if (m?.kind === 'CART' && typeof m.fields.id === 'string') target.run.supply.markUsed(m.fields.id);
  }
}

/** What a failure message should add: faults the pen raised during the case, and a host that stalled (not the pen's doing). */
function failureContext(ctx: CaseContext, wire: HilWire): string {
  const faults = ctx.link.rx.flatMap((f) => (f.msg?.kind === 'EVT' && f.msg.fields.ev === 'FAULT' ? [`${String(f.msg.fields.code)} at t=${String(f.msg.fields.t)}`] : []));
  const lag = wire.maxLagMs ?? 0;
  return (faults.length ? ` [faults the pen raised in this case: ${faults.join(', ')}]` : '')
    + (lag > 250 ? ` [the host stalled up to ${Math.round(lag)} ms during this case (a busy machine): its heartbeat and timing were late; rerun before blaming the pen]` : '');
}

function traceOf(ctx: CaseContext, pen0: number): Pick<CaseResult, 'trace' | 'events'> {
  const trace: TracePoint[] = [];
  const events: { at: number; text: string }[] = [];
  for (const f of ctx.link.rx) {
    if (f.msg?.kind === 'TLM') trace.push({ at: f.at - pen0, d: f.msg.fields.d, m: f.msg.fields.m, s: f.msg.fields.s });
    else if (f.msg?.kind === 'EVT') events.push({ at: f.at - pen0, text: `${f.msg.fields.ev}${f.msg.fields.code ? ' ' + f.msg.fields.code : ''}${f.msg.fields.st ? ' ' + f.msg.fields.st : ''}` });
  }
  return { trace, events };
}

function errText(e: unknown): string {
  return e instanceof Error ? (e.name === 'HilFailure' ? e.message : `${e.name}: ${e.message}`) : String(e);
}

/** Counts by status. */
export function summarize(r: SuiteResult): { pass: number; fail: number; skip: number; total: number } {
  const n = (s: CaseResult['status']) => r.results.filter((x) => x.status === s).length;
  return { pass: n('pass'), fail: n('fail'), skip: n('skip'), total: r.results.length };
}

export { selectCases } from './select.js';
