/**
 * YAML scenarios: QA writes cases as steps (send, expect a frame, wait, inject
 * a fault, move the operator's hand) without TypeScript. Each file becomes a
 * HilCase run by the same runner against every target. Format: README.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { specOf } from '../../protocol/src/index.js';
import type { CaseContext } from './harness/context.js';
import { check, fieldsText, frameText, HilFailure, type HilMsg } from './harness/link.js';
import type { HilCase } from './harness/runner.js';
import type { Feature } from './harness/types.js';

/** One field predicate: `key=value`, `key!=value`, `key<n`, `key<=n`, `key>n`, `key>=n`. */
export interface Predicate {
  key: string;
  op: '=' | '!=' | '<' | '<=' | '>' | '>=';
  value: string;
}

/** A frame pattern: a kind plus predicates, e.g. `NAK code=DEPTH_RANGE` or `TLM s=RUN m>900`. */
export interface FramePattern {
  kind: string;
  preds: Predicate[];
  text: string;
}

/** A parsed step. */
export type Step =
  | { do: 'connect' }
  | { do: 'eng' }
  | { do: 'insert'; id: string; expect: 'OK' | string }
  | { do: 'send'; kind: string; fields: Record<string, string | number>; expect?: FramePattern; timeoutMs?: number }
  | { do: 'expect'; pattern: FramePattern; timeoutMs?: number }
  | { do: 'absent'; pattern: FramePattern; forMs: number }
  | { do: 'wait'; ms: number }
  | { do: 'fault'; f: string; v?: number }
  | { do: 'hand'; mode: 'AUTO' | 'ON' | 'OFF' }
  | { do: 'heartbeat'; on: boolean };

/** A parsed scenario. */
export interface Scenario {
  file: string;
  id: string;
  title: string;
  needs: Feature[];
  timeoutMs?: number;
  steps: Step[];
}

const FEATURES: readonly Feature[] = ['sim', 'power-cycle', 'compressed-time', 'eng-key'];
const PRED_RE = /^([a-z0-9_]+)(!=|<=|>=|=|<|>)(.+)$/;

/** Parse `KIND key=value …` into a pattern; throws with the reason. */
export function parsePattern(text: string): FramePattern {
  const parts = text.trim().split(/\s+/);
  const kind = parts[0] ?? '';
  if (!/^[A-Z0-9_]+$/.test(kind) || !specOf(kind)) throw new Error(`"${kind}" is not a message kind`);
  const preds = parts.slice(1).map((p) => {
    const m = PRED_RE.exec(p);
    if (!m) throw new Error(`"${p}" is not a predicate (key=value, key!=value, key<n, key<=n, key>n, key>=n)`);
    return { key: m[1]!, op: m[2] as Predicate['op'], value: m[3]! };
  });
  return { kind, preds, text: text.trim() };
}

/** Whether a message matches a pattern. */
export function matchPattern(m: HilMsg, p: FramePattern): boolean {
  if (m.kind !== p.kind) return false;
  const f = m.fields as Record<string, unknown>;
  return p.preds.every(({ key, op, value }) => {
    const got = f[key];
    if (got === undefined) return op === '!=';
    if (op === '=') return String(got) === value;
    if (op === '!=') return String(got) !== value;
    const a = Number(got);
    const b = Number(value);
    if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
    return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
  });
}

function parseFields(parts: string[]): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const p of parts) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new Error(`"${p}" is not key=value`);
    const v = p.slice(eq + 1);
    out[p.slice(0, eq)] = /^-?\d+$/.test(v) ? Number(v) : v;
  }
  return out;
}

function num(v: unknown, what: string): number {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${what} must be a non-negative number of ms, got ${JSON.stringify(v)}`);
  return n;
}

/** Parse one step object. */
function parseStep(raw: unknown): Step {
  if (typeof raw !== 'object' || raw === null) throw new Error('a step must be a mapping');
  const s = raw as Record<string, unknown>;
  const timeoutMs = s['timeout'] === undefined ? undefined : num(s['timeout'], 'timeout');
  const withTimeout = <T extends object>(o: T): T => (timeoutMs === undefined ? o : { ...o, timeoutMs });
  if ('connect' in s) return { do: 'connect' };
  if ('eng' in s) return { do: 'eng' };
  if ('insert' in s) return { do: 'insert', id: String(s['insert']), expect: s['verdict'] === undefined ? 'OK' : String(s['verdict']) };
  if ('send' in s) {
    const parts = String(s['send']).trim().split(/\s+/);
    const kind = parts[0] ?? '';
    if (specOf(kind)?.dir !== 'host') throw new Error(`send: "${kind}" is not a host command`);
    const step: Step = { do: 'send', kind, fields: parseFields(parts.slice(1)) };
    if (s['expect'] !== undefined) step.expect = parsePattern(String(s['expect']));
    return withTimeout(step);
  }
  if ('expect' in s) return withTimeout({ do: 'expect', pattern: parsePattern(String(s['expect'])) } as Step);
  if ('absent' in s) return { do: 'absent', pattern: parsePattern(String(s['absent'])), forMs: num(s['for'] ?? 300, 'for') };
  if ('wait' in s) return { do: 'wait', ms: num(s['wait'], 'wait') };
  if ('fault' in s) {
    const parts = String(s['fault']).trim().split(/\s+/);
    const v = parts[1] ? parseFields([parts[1]])['v'] : undefined;
    const step: Step = { do: 'fault', f: parts[0]! };
    if (typeof v === 'number') step.v = v;
    return step;
  }
  if ('hand' in s) {
    const mode = String(s['hand']).toUpperCase();
    if (mode !== 'AUTO' && mode !== 'ON' && mode !== 'OFF') throw new Error(`hand: "${mode}" is not one of AUTO, ON, OFF`);
    return { do: 'hand', mode };
  }
  if ('heartbeat' in s) return { do: 'heartbeat', on: s['heartbeat'] === true || s['heartbeat'] === 'on' };
  throw new Error(`unknown step ${JSON.stringify(Object.keys(s))}; steps: connect, eng, insert, send (+expect), expect, absent (+for), wait, fault, hand, heartbeat`);
}

/** Parse a scenario file's text; errors name the file and the step. */
export function parseScenario(text: string, file: string): Scenario {
  const doc = parse(text) as Record<string, unknown> | null;
  if (!doc || typeof doc !== 'object') throw new Error(`${file}: not a YAML mapping`);
  const id = doc['id'];
  const title = doc['title'];
  if (typeof id !== 'string' || typeof title !== 'string') throw new Error(`${file}: needs "id" and "title" strings`);
  const needs = (Array.isArray(doc['needs']) ? doc['needs'] : []).map(String);
  for (const n of needs) if (!FEATURES.includes(n as Feature)) throw new Error(`${file}: needs "${n}" is not one of ${FEATURES.join(', ')}`);
  if (!Array.isArray(doc['steps']) || doc['steps'].length === 0) throw new Error(`${file}: "steps" must be a non-empty list`);
  const steps = doc['steps'].map((raw, i) => {
    try {
      return parseStep(raw);
    } catch (e) {
      throw new Error(`${file}: step ${i + 1}: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  // Steps that drive the simulator need it, whatever the file says.
  if (steps.some((s) => s.do === 'fault' || s.do === 'hand' || s.do === 'insert') && !needs.includes('sim')) needs.push('sim');
  const sc: Scenario = { file, id, title, needs: needs as Feature[], steps };
  if (doc['timeout'] !== undefined) sc.timeoutMs = num(doc['timeout'], 'timeout');
  return sc;
}

/** Run a scenario's steps on a case context. */
export async function runScenario(sc: Scenario, ctx: CaseContext): Promise<void> {
  const link = ctx.link;
  let since = link.mark();
  for (let i = 0; i < sc.steps.length; i++) {
    const s = sc.steps[i]!;
    const where = `step ${i + 1} (${s.do})`;
    const timeoutMs = ('timeoutMs' in s ? s.timeoutMs : undefined) ?? sc.timeoutMs ?? link.timeoutMs;
    try {
      switch (s.do) {
        case 'connect':
          await ctx.connect();
          break;
        case 'eng':
          await ctx.engOpen();
          break;
        case 'insert': {
          since = link.mark();
          const ev = await ctx.insert(s.id);
          const verdict = ev.msg.fields.ev === 'CART_OK' ? 'OK' : String(ev.msg.fields.code);
          check(verdict === s.expect, `cartridge ${s.id} verified ${verdict}, expected ${s.expect}`);
          break;
        }
        case 'send': {
          since = link.mark();
          const seq = link.send(s.kind as never, s.fields as never);
          const ans = await link.waitAnswer(seq, `${s.kind} ${fieldsText(s.fields)}`, since, timeoutMs);
          if (s.expect) check(matchPattern(ans.msg, s.expect), `${s.kind} ${fieldsText(s.fields)} answered ${frameText(ans)}, expected ${s.expect.text}`);
          break;
        }
        case 'expect':
          await link.waitFor(s.pattern.text, (m) => matchPattern(m, s.pattern), { since, timeoutMs });
          break;
        case 'absent':
          await link.none(s.pattern.text, (m) => matchPattern(m, s.pattern), s.forMs);
          break;
        case 'wait':
          await link.pump(s.ms);
          break;
        case 'fault':
          since = link.mark();
          await ctx.sim('SIM_FAULT', s.v === undefined ? { f: s.f } : { f: s.f, v: s.v });
          break;
        case 'hand':
          since = link.mark();
          await ctx.sim('SIM_SKIN', { mode: s.mode });
          break;
        case 'heartbeat':
          link.heartbeatMs = s.on ? 200 : 0;
          break;
      }
    } catch (e) {
      if (e instanceof HilFailure) throw new HilFailure(`${sc.file} ${where}: ${e.message}`);
      throw e;
    }
  }
}

/** A scenario as a suite case. */
export function scenarioCase(sc: Scenario): HilCase {
  return { id: sc.id, title: sc.title, needs: sc.needs, run: (ctx) => runScenario(sc, ctx) };
}

/** The default scenario folder. */
export const SCENARIO_DIR = fileURLToPath(new URL('./scenarios/', import.meta.url));

/** Load every `*.yaml` in `dir` (sorted) as cases. */
export function loadScenarios(dir = SCENARIO_DIR): HilCase[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => scenarioCase(parseScenario(readFileSync(join(dir, f), 'utf8'), f)));
}
