/**
 * Commands (`SET_DEPTH um=1500`) and frame patterns (`NAK code=DEPTH_RANGE
 * max<=500`) as written in scenario files: parsed and checked against the
 * catalogue when the file is loaded, variables (`{dmax+50}`) substituted
 * from the pen when the case runs.
 */
import { CATALOGUE } from '../../../protocol/src/index.js';
import type { HilMsg } from '../harness/link.js';
import { fieldValueProblem, keysOf, OPS, VAR_RE, VARIABLES, type Op } from './grammar.js';

/** One field predicate. */
export interface Predicate {
  key: string;
  op: Op;
  value: string;
}

/** A frame pattern: a pen kind plus predicates. */
export interface FramePattern {
  kind: string;
  preds: Predicate[];
  text: string;
}

/** A host command as typed: kind and `key=value` pairs (values may hold variables). */
export interface CommandText {
  kind: string;
  fields: [string, string][];
  text: string;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Problems with the variables of a text: unknown names, arithmetic on an area id. */
export function variableProblem(text: string): string | null {
  for (const m of text.matchAll(VAR_RE)) {
    const v = VARIABLES[m[1]!];
    if (!v) return `unknown variable {${m[1]}}; variables: ${Object.keys(VARIABLES).map((k) => `{${k}}`).join(', ')}`;
    if (v.area && m[2]) return `{${m[1]}${m[2]}}: ${m[1]} is a name, not a number`;
  }
  return null;
}

/** Replace every `{name±N}` from `vars`. */
export function substitute(text: string, vars: Readonly<Record<string, string | number>>): string {
  return text.replace(VAR_RE, (_, name: string, delta: string | undefined) => {
    const v = vars[name];
    if (v === undefined) throw new Error(`variable {${name}} has no value on this pen`);
    return delta ? String(Number(v) + Number(delta)) : String(v);
  });
}

function kindOf(text: string, dir: 'host' | 'pen', what: string): Parsed<string> {
  const kind = text.trim().split(/\s+/)[0] ?? '';
  const spec = (CATALOGUE as Record<string, { dir: string }>)[kind];
  if (!spec) return { ok: false, error: `unknown kind "${kind}" in ${what} "${text.trim()}"` };
  if (spec.dir !== dir) return { ok: false, error: `${kind} is a ${spec.dir === 'host' ? 'host command' : 'pen frame'}, not ${dir === 'host' ? 'a command the host sends' : 'a frame the pen sends'}` };
  return { ok: true, value: kind };
}

/** Parse and check a command: a host kind, its own keys once each, valid values, required keys present. */
export function parseCommand(text: string): Parsed<CommandText> {
  const kind = kindOf(text, 'host', 'command');
  if (!kind.ok) return kind;
  const keys = keysOf(kind.value);
  const fields: [string, string][] = [];
  for (const part of text.trim().split(/\s+/).slice(1)) {
    const eq = part.indexOf('=');
    if (eq <= 0) return { ok: false, error: `"${part}" is not key=value` };
    const [key, value] = [part.slice(0, eq), part.slice(eq + 1)];
    const spec = keys[key];
    if (!spec) return { ok: false, error: `${kind.value} has no key "${key}"; its keys: ${Object.keys(keys).join(', ') || 'none'}` };
    if (fields.some(([k]) => k === key)) return { ok: false, error: `key "${key}" given twice` };
    const bad = fieldValueProblem(spec, value);
    if (bad) return { ok: false, error: `${kind.value} ${key}: ${bad}` };
    fields.push([key, value]);
  }
  const missing = Object.entries(keys).find(([k, s]) => !s.optional && !fields.some(([f]) => f === k));
  if (missing) return { ok: false, error: `${kind.value} needs ${missing[0]}=` };
  return { ok: true, value: { kind: kind.value, fields, text: text.trim() } };
}

/** Parse and check a frame pattern: a pen kind, its own keys, an operator the key's type allows, a valid value. */
export function parsePattern(text: string): Parsed<FramePattern> {
  const kind = kindOf(text, 'pen', 'pattern');
  if (!kind.ok) return kind;
  const keys = keysOf(kind.value);
  const preds: Predicate[] = [];
  for (const part of text.trim().split(/\s+/).slice(1)) {
    const m = /^([a-z0-9_]+)(.*)$/.exec(part);
    const op = m ? OPS.find((o) => m[2]!.startsWith(o)) : undefined;
    if (!m || !op || m[2]!.length === op.length) return { ok: false, error: `"${part}" is not a predicate (key=value, key!=value, key<n, key<=n, key>n, key>=n)` };
    const [key, value] = [m[1]!, m[2]!.slice(op.length)];
    const spec = keys[key];
    if (!spec) return { ok: false, error: `${kind.value} has no key "${key}"; its keys: ${Object.keys(keys).join(', ')}` };
    if (op !== '=' && op !== '!=' && spec.t !== 'int') return { ok: false, error: `${kind.value} ${key} is not a number: only = and != compare it` };
    const bad = fieldValueProblem(spec, value);
    if (bad && !(spec.t === 'str' && value.length > 0)) return { ok: false, error: `${kind.value} ${key}: ${bad}` };
    preds.push({ key, op, value });
  }
  return { ok: true, value: { kind: kind.value, preds, text: text.trim() } };
}

/** Whether a message matches a pattern (variables already substituted). */
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
    return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
  });
}

/** A pattern with its variables replaced. */
export function resolvePattern(p: FramePattern, vars: Readonly<Record<string, string | number>>): FramePattern {
  return { kind: p.kind, text: substitute(p.text, vars), preds: p.preds.map((q) => ({ ...q, value: substitute(q.value, vars) })) };
}
