/**
 * Loading scenario files strictly: every key, type, step, command kind,
 * field key, enum value and variable is checked against the grammar and the
 * message catalogue when the file is read, and every problem is reported as
 * `file:line:col: what`. A typo never loads as a step that silently passes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import type { CartType } from '../../../protocol/src/index.js';
import { NEEDS, type Need } from '../harness/types.js';
import { FAULTS, ID_RE, STEPS, TOP, VAR_SOURCE, type ValueType } from './grammar.js';
import { parseCommand, parsePattern, variableProblem, type CommandText, type FramePattern } from './patterns.js';

/** A parsed step; `line` is where it starts in its file. */
export type Step = { line: number } & (
  | { do: 'connect' | 'eng' | 'remove' | 'power-cycle' }
  | { do: 'cartridge'; type: 'any' | CartType; rated?: number; fresh?: boolean }
  | { do: 'insert'; id: string; verdict: string; timeoutMs?: number }
  | { do: 'reinsert'; verdict: string; timeoutMs?: number }
  | { do: 'send'; cmd: CommandText; expect?: FramePattern; timeoutMs?: number }
  | { do: 'raw'; body: string; expect?: FramePattern; timeoutMs?: number }
  | { do: 'expect'; pattern: FramePattern; timeoutMs?: number }
  | { do: 'absent'; pattern: FramePattern; forMs: number }
  | { do: 'wait'; ms: number }
  | { do: 'fault'; f: string; v?: string }
  | { do: 'hand'; mode: 'AUTO' | 'ON' | 'OFF' }
  | { do: 'heartbeat'; on: boolean }
);

/** A parsed scenario. */
export interface Scenario {
  file: string;
  id: string;
  title: string;
  needs: Need[];
  tags: string[];
  timeoutMs?: number;
  steps: Step[];
  /** The file's text (part of the suite's version). */
  source: string;
}

/** One problem in a scenario file. */
export interface Problem {
  file: string;
  line: number;
  col: number;
  message: string;
}

/** Scenario files that do not load; the message lists every problem as `file:line:col: what`. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  constructor(readonly problems: readonly Problem[]) {
    super(problems.map((p) => `${p.file}:${p.line}:${p.col}: ${p.message}`).join('\n'));
  }
}

class Reader {
  readonly problems: Problem[] = [];
  constructor(readonly file: string, readonly lc: LineCounter) {}

  at(node: Node | null | undefined, message: string, offset?: number): void {
    const pos = this.lc.linePos(offset ?? node?.range?.[0] ?? 0);
    this.problems.push({ file: this.file, line: pos.line, col: pos.col, message });
  }

  line(node: Node | null | undefined): number {
    return this.lc.linePos(node?.range?.[0] ?? 0).line;
  }

  /** The value of `node` if it has type `t`, else a problem and undefined. */
  value(node: Node | null | undefined, t: ValueType, what: string): unknown {
    const v: unknown = isScalar(node) ? node.value : undefined;
    const bad = (msg: string) => {
      this.at(node, `${what}: ${msg}`);
      return undefined;
    };
    switch (t.t) {
      case 'true':
        return v === true ? true : bad(`must be true, got ${show(node)}`);
      case 'int':
        return typeof v === 'number' && Number.isInteger(v) && v >= t.min ? v : bad(`must be an integer ≥ ${t.min}, got ${show(node)}`);
      case 'string':
        return typeof v === 'string' && v.trim() !== '' ? v : bad(`must be a non-empty string, got ${show(node)}`);
      case 'token':
        return typeof v === 'string' && /^[A-Z0-9_.-]{1,24}$/.test(v) ? v : bad(`must be a cartridge id [A-Z0-9_.-]{1,24}, got ${show(node)}`);
      case 'enum':
        return typeof v === 'string' && t.values.includes(v) ? v : bad(`must be one of ${t.values.join(', ')}, got ${show(node)}`);
      case 'command':
      case 'raw':
      case 'pattern':
      case 'fault': {
        if (typeof v !== 'string' || v.trim() === '') return bad(`must be a non-empty string, got ${show(node)}`);
        const vp = variableProblem(v);
        if (vp) return bad(vp);
        if (t.t === 'raw') return /^[A-Z0-9_]{1,16}( \S+)*$/.test(v.trim()) ? v.trim() : bad(`"${v}" is not KIND key=value …`);
        if (t.t === 'fault') return this.fault(v) ?? bad(`"${v}" is not F [v=N] with F one of ${FAULTS.join(', ')}`);
        const r = t.t === 'command' ? parseCommand(v) : parsePattern(v);
        return r.ok ? r.value : bad(r.error);
      }
    }
  }

  private fault(text: string): { f: string; v?: string } | null {
    const m = new RegExp(`^([A-Z_]+)(?: v=(-?\\d+|${VAR_SOURCE}))?$`).exec(text.trim());
    if (!m || !(FAULTS as readonly string[]).includes(m[1]!)) return null;
    return m[2] === undefined ? { f: m[1]! } : { f: m[1]!, v: m[2] };
  }
}

function show(node: Node | null | undefined): string {
  if (!isScalar(node)) return isSeq(node) ? 'a list' : isMap(node) ? 'a mapping' : 'nothing';
  return typeof node.value === 'string' ? JSON.stringify(node.value) : String(node.value);
}

function keyName(p: Pair): string {
  return isScalar(p.key) ? String(p.key.value) : String(p.key);
}

function parseStep(r: Reader, node: Node, n: number): Step | null {
  if (!isMap(node)) {
    r.at(node, `step ${n}: must be a mapping such as "send: PING", got ${show(node)}`);
    return null;
  }
  const pairs = node.items as Pair[];
  const named = pairs.map(keyName).filter((k) => k in STEPS);
  // `expect` is a step of its own, and also what a send or raw step's answer must match.
  const actions = pairs.filter((p) => keyName(p) in STEPS && !named.some((a) => a !== keyName(p) && keyName(p) in STEPS[a]!.keys));
  if (actions.length !== 1) {
    r.at(node, actions.length === 0
      ? `step ${n}: no action among ${pairs.map(keyName).join(', ') || 'its keys'}; steps: ${Object.keys(STEPS).join(', ')}`
      : `step ${n}: one action per step, found ${actions.map(keyName).join(' and ')}`);
    return null;
  }
  const action = keyName(actions[0]!);
  const spec = STEPS[action]!;
  const before = r.problems.length;
  const get = <T>(key: string): T | undefined => {
    const p = pairs.find((x) => keyName(x) === key);
    return p ? (r.value(p.value as Node, key === action ? spec.value : spec.keys[key]!.type, `step ${n} ${key}`) as T) : undefined;
  };
  for (const p of pairs) {
    const k = keyName(p);
    if (k !== action && !(k in spec.keys)) {
      const allowed = Object.keys(spec.keys);
      r.at(p.key as Node, `step ${n} (${action}): unknown key "${k}"; ${allowed.length ? `a ${action} step takes ${allowed.join(', ')}` : `a ${action} step takes no other key`}`);
    }
  }
  const value = get<unknown>(action);
  const timeoutMs = 'timeout' in spec.keys ? get<number>('timeout') : undefined;
  if (r.problems.length > before) return null;
  const line = r.line(node);
  const t = timeoutMs === undefined ? {} : { timeoutMs };
  switch (action) {
    case 'connect': case 'eng': case 'remove': case 'power-cycle':
      return { line, do: action };
    case 'cartridge': {
      const rated = get<number>('rated');
      return { line, do: 'cartridge', type: value as 'any', ...(rated === undefined ? {} : { rated }), ...(get<boolean>('fresh') ? { fresh: true } : {}) };
    }
    case 'insert':
      return { line, do: 'insert', id: value as string, verdict: get<string>('verdict') ?? 'OK', ...t };
    case 'reinsert':
      return { line, do: 'reinsert', verdict: get<string>('verdict') ?? 'OK', ...t };
    case 'send': case 'raw': {
      const expect = get<FramePattern>('expect');
      const base = action === 'send' ? { do: 'send' as const, cmd: value as CommandText } : { do: 'raw' as const, body: value as string };
      return { line, ...base, ...(expect ? { expect } : {}), ...t };
    }
    case 'expect':
      return { line, do: 'expect', pattern: value as FramePattern, ...t };
    case 'absent':
      return { line, do: 'absent', pattern: value as FramePattern, forMs: get<number>('for') ?? 300 };
    case 'wait':
      return { line, do: 'wait', ms: value as number };
    case 'fault':
      return { line, do: 'fault', ...(value as { f: string; v?: string }) };
    case 'hand':
      return { line, do: 'hand', mode: value as 'AUTO' };
    default:
      return { line, do: 'heartbeat', on: value === 'on' };
  }
}

/** What the steps need whatever the file says (a fault step needs SIM_*, an insert a cartridge swap …). */
function impliedNeeds(steps: readonly Step[]): Need[] {
  const out = new Set<Need>();
  for (const s of steps) {
    if (s.do === 'fault' || s.do === 'hand') out.add('sim');
    if (s.do === 'insert' || s.do === 'remove' || s.do === 'reinsert') out.add('cartridge-swap');
    if (s.do === 'cartridge') out.add('cartridge');
    if (s.do === 'eng') out.add('eng-key');
    if (s.do === 'power-cycle') out.add('power-cycle');
    if (s.do === 'send' && s.cmd.kind.startsWith('SIM_') && s.expect?.kind !== 'NAK') out.add('sim');
  }
  return [...out];
}

/** Parse a scenario file's text; throws a ScenarioError listing every problem with file:line:col. */
export function parseScenario(text: string, file: string): Scenario {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  const r = new Reader(file, lc);
  for (const e of doc.errors) r.at(null, `YAML: ${e.message.split('\n')[0]}`, e.pos[0]);
  if (r.problems.length) throw new ScenarioError(r.problems);
  const root = doc.contents as Node | null;
  if (!isMap(root)) throw new ScenarioError([{ file, line: 1, col: 1, message: `a scenario is a mapping with ${Object.keys(TOP).join(', ')}; got ${show(root)}` }]);
  const top = new Map((root.items as Pair[]).map((p) => [keyName(p), p]));
  for (const [k, p] of top) if (!(k in TOP)) r.at(p.key as Node, `unknown key "${k}"; a scenario has ${Object.keys(TOP).join(', ')}`);
  for (const [k, spec] of Object.entries(TOP)) if (spec.required && !top.has(k)) r.at(root, `missing "${k}" (${spec.doc})`);
  const id = top.has('id') ? (r.value(top.get('id')!.value as Node, { t: 'string' }, 'id') as string | undefined) : undefined;
  if (id !== undefined && !ID_RE.test(id)) r.at(top.get('id')!.value as Node, `id: "${id}" must match ${ID_RE.source}`);
  const title = top.has('title') ? (r.value(top.get('title')!.value as Node, { t: 'string' }, 'title') as string | undefined) : undefined;
  const list = (key: 'needs' | 'tags', ok: (s: string) => boolean, allowed: string): string[] => {
    const node = top.get(key)?.value as Node | undefined;
    if (!node) return [];
    if (!isSeq(node)) {
      r.at(node, `${key}: must be a list such as [${key === 'needs' ? 'sim' : 'slow'}], got ${show(node)}`);
      return [];
    }
    return (node.items as Node[]).flatMap((it) => {
      const v = isScalar(it) ? it.value : undefined;
      if (typeof v === 'string' && ok(v)) return [v];
      r.at(it, `${key}: ${show(it)} is not ${allowed}`);
      return [];
    });
  };
  const needs = list('needs', (s) => (NEEDS as readonly string[]).includes(s), `one of ${NEEDS.join(', ')}`) as Need[];
  const tags = list('tags', (s) => ID_RE.test(s), `a tag matching ${ID_RE.source}`);
  const timeoutNode = top.get('timeout')?.value as Node | undefined;
  const timeoutMs = timeoutNode ? (r.value(timeoutNode, { t: 'int', min: 0 }, 'timeout') as number | undefined) : undefined;
  const stepsNode = top.get('steps')?.value as Node | undefined;
  const steps: Step[] = [];
  if (stepsNode && (!isSeq(stepsNode) || stepsNode.items.length === 0)) r.at(stepsNode, `steps: must be a non-empty list, got ${show(stepsNode)}`);
  else if (stepsNode && isSeq(stepsNode)) (stepsNode.items as Node[]).forEach((s, i) => {
    const step = parseStep(r, s, i + 1);
    if (step) steps.push(step);
  });
  if (r.problems.length) throw new ScenarioError(r.problems);
  const sc: Scenario = { file, id: id!, title: title!, needs: [...new Set([...needs, ...impliedNeeds(steps)])], tags, steps, source: text };
  if (timeoutMs !== undefined) sc.timeoutMs = timeoutMs;
  return sc;
}

/** The shipped scenario folder. */
export const SCENARIO_DIR = fileURLToPath(new URL('../scenarios/', import.meta.url));

/** Every `*.yaml` / `*.yml` of `dir`, sorted, parsed; problems of all files (and duplicate ids) reported together. */
export function readScenarios(dir = SCENARIO_DIR): Scenario[] {
  const problems: Problem[] = [];
  const out: Scenario[] = [];
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort();
  for (const f of files) {
    try {
      out.push(parseScenario(readFileSync(join(dir, f), 'utf8'), f));
    } catch (e) {
      if (e instanceof ScenarioError) problems.push(...e.problems);
      else throw e;
    }
  }
  const seen = new Map<string, string>();
  for (const s of out) {
    const first = seen.get(s.id);
    if (first) problems.push({ file: s.file, line: 1, col: 1, message: `id ${s.id} is already used by ${first}` });
    seen.set(s.id, s.file);
  }
  if (problems.length) throw new ScenarioError(problems);
  return out;
}
