/**
 * The suite runner: plain case definitions run one by one against a target,
 * each with a fresh (or reset) pen, a wall-clock guard, and a result that
 * carries timing, measurements, the case log and — for failures — the TLM
 * depth trace seen, for the report's chart.
 */
import { CaseContext } from './context.js';
import { HilSkip } from './link.js';
import { FEATURE_DOC, type Feature, type HilTarget } from './types.js';

/** One conformance case. */
export interface HilCase {
  /** Stable id, e.g. `SR-08.power-cycle` or `ROB.bad-crc`. */
  id: string;
  /** One line; names the SR id when the case proves a safety rule. */
  title: string;
  /** Target features the case needs; missing ones make it SKIPPED with the reason. */
  needs?: Feature[];
  /** Wall-clock guard, ms (default 30 s). */
  wallTimeoutMs?: number;
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
  /** Wall time the case took, ms (reset of a shared pen excluded). */
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
  results: CaseResult[];
}

/** Options of a run. */
export interface RunOptions {
  /** Run only cases whose id or title contains this text (case-insensitive). */
  filter?: string;
  /** Default answer timeout in the target's time base, ms. */
  timeoutMs?: number;
  /** Called before and after each case (live progress). */
  onStart?: (c: HilCase, index: number, total: number) => void;
  onResult?: (r: CaseResult, index: number, total: number) => void;
}

/** Cases selected by a filter. */
export function selectCases(cases: readonly HilCase[], filter?: string): HilCase[] {
  if (!filter) return [...cases];
  const f = filter.toLowerCase();
  return cases.filter((c) => c.id.toLowerCase().includes(f) || c.title.toLowerCase().includes(f));
}

/** Run `cases` against `target` in order. */
export async function runSuite(target: HilTarget, cases: readonly HilCase[], opts: RunOptions = {}): Promise<SuiteResult> {
  const chosen = selectCases(cases, opts.filter);
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const results: CaseResult[] = [];
  for (let i = 0; i < chosen.length; i++) {
    const c = chosen[i]!;
    opts.onStart?.(c, i, chosen.length);
    const r = await runCase(target, c, opts.timeoutMs ?? (target.features.has('compressed-time') ? 1000 : 1500));
    results.push(r);
    opts.onResult?.(r, i, chosen.length);
  }
  return { target: target.name, features: [...target.features], startedAt, durationMs: performance.now() - started, results };
}

/** Run one case: skip on missing features, otherwise open a pen, run, collect. */
export async function runCase(target: HilTarget, c: HilCase, timeoutMs: number): Promise<CaseResult> {
  const missing = (c.needs ?? []).filter((f) => !target.features.has(f));
  if (missing.length > 0) {
    const why = missing.map((f) => `${f} (${FEATURE_DOC[f]})`).join('; ');
    return { id: c.id, title: c.title, status: 'skip', message: `target ${target.name} lacks ${why}`, durationMs: 0, targetMs: 0, metrics: {}, log: [] };
  }
  let wire;
  try {
    wire = await target.openCase();
  } catch (e) {
    return { id: c.id, title: c.title, status: 'fail', message: `could not prepare the pen: ${errText(e)}`, durationMs: 0, targetMs: 0, metrics: {}, log: [] };
  }
  const ctx = new CaseContext(target, wire, timeoutMs);
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
  const result: CaseResult = {
    id: c.id, title: c.title, status, durationMs: performance.now() - t0, targetMs: wire.now() - pen0,
    metrics: ctx.metrics, log: ctx.logLines,
  };
  if (message !== undefined) result.message = message;
  if (status === 'fail') {
    result.trace = [];
    result.events = [];
    for (const f of ctx.link.rx) {
      if (f.msg?.kind === 'TLM') result.trace.push({ at: f.at - pen0, d: f.msg.fields.d, m: f.msg.fields.m, s: f.msg.fields.s });
      else if (f.msg?.kind === 'EVT') result.events.push({ at: f.at - pen0, text: `${f.msg.fields.ev}${f.msg.fields.code ? ' ' + f.msg.fields.code : ''}${f.msg.fields.st ? ' ' + f.msg.fields.st : ''}` });
    }
  }
  ctx.link.detach();
  await target.closeCase(wire);
  return result;
}

function errText(e: unknown): string {
  return e instanceof Error ? (e.name === 'HilFailure' ? e.message : `${e.name}: ${e.message}`) : String(e);
}

/** Counts by status. */
export function summarize(r: SuiteResult): { pass: number; fail: number; skip: number; total: number } {
  const n = (s: CaseResult['status']) => r.results.filter((x) => x.status === s).length;
  return { pass: n('pass'), fail: n('fail'), skip: n('skip'), total: r.results.length };
}
