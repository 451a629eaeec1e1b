/**
 * The scenario file grammar, in one place: which steps exist, which keys each
 * takes and of what type, which variables a text may use, and how a command
 * or a frame pattern is checked against the message catalogue. The loader
 * (load.ts) and the published JSON Schema (schema.ts) are both built from it.
 */
import { CART_STATUS, CART_TYPES, CATALOGUE, SIM_FAULTS, type FieldSpec } from '../../../protocol/src/index.js';
import { NEEDS } from '../harness/types.js';

/** Types a YAML value may have. */
export type ValueType =
  | { t: 'true' }
  | { t: 'int'; min: number }
  | { t: 'string' }
  | { t: 'enum'; values: readonly string[] }
  | { t: 'command' }
  | { t: 'raw' }
  | { t: 'pattern' }
  | { t: 'fault' }
  | { t: 'token' };

/** A step: its action key's type, and the other keys it takes. */
export interface StepSpec {
  value: ValueType;
  doc: string;
  keys: Readonly<Record<string, { type: ValueType; doc: string }>>;
}

const ms = { t: 'int', min: 0 } as const;
const timeout = { type: ms, doc: 'how long to wait, ms of the target\'s time' };

/** Verdicts a cartridge verification can give (CART status without NONE, VERIFYING, UNSEATED). */
export const VERDICTS = CART_STATUS.filter((s) => s !== 'NONE' && s !== 'VERIFYING' && s !== 'UNSEATED');

/** Every step, by its action key. */
export const STEPS: Readonly<Record<string, StepSpec>> = {
  connect: { value: { t: 'true' }, doc: 'HELLO, then wait until the pen has booted', keys: {} },
  eng: { value: { t: 'true' }, doc: 'open an engineering session with the target\'s key', keys: {} },
  cartridge: {
    value: { t: 'enum', values: ['any', ...CART_TYPES] }, doc: 'a verified cartridge of this type (or any): the fitted one if it suits, else SIM_CART or the operator',
    keys: { rated: { type: { t: 'int', min: 0 }, doc: 'rated at least this deep, µm' }, fresh: { type: { t: 'true' }, doc: 'never fired' } },
  },
  insert: { value: { t: 'token' }, doc: 'insert this sample cartridge (SIM_CART INSERT id=) and wait for its verdict', keys: { verdict: { type: { t: 'enum', values: VERDICTS }, doc: 'the verdict expected (default OK)' }, timeout } },
  remove: { value: { t: 'true' }, doc: 'take the cartridge out (SIM_CART REMOVE, or the operator) and wait for EVT CART_OUT', keys: {} },
  reinsert: { value: { t: 'true' }, doc: 'insert the cartridge the last remove step took out, and wait for its verdict', keys: { verdict: { type: { t: 'enum', values: VERDICTS }, doc: 'the verdict expected (default OK)' }, timeout } },
  send: { value: { t: 'command' }, doc: 'a host command as typed: KIND key=value …, checked against the catalogue', keys: { expect: { type: { t: 'pattern' }, doc: 'the answer must match this frame pattern' }, timeout } },
  raw: { value: { t: 'raw' }, doc: 'a body sent as written with a fresh seq and its CRC (for malformed commands)', keys: { expect: { type: { t: 'pattern' }, doc: 'the answer must match this frame pattern' }, timeout } },
  expect: { value: { t: 'pattern' }, doc: 'wait for a pen frame matching this pattern (since the last action)', keys: { timeout } },
  absent: { value: { t: 'pattern' }, doc: 'fail if a pen frame matching this pattern arrives …', keys: { for: { type: ms, doc: '… within this many ms (default 300)' } } },
  wait: { value: ms, doc: 'let this many ms pass (the heartbeat continues)', keys: {} },
  fault: { value: { t: 'fault' }, doc: 'inject a fault: SIM_FAULT f=… [v=…]', keys: {} },
  hand: { value: { t: 'enum', values: ['AUTO', 'ON', 'OFF'] }, doc: 'the operator\'s hand: SIM_SKIN mode=', keys: {} },
  heartbeat: { value: { t: 'enum', values: ['on', 'off'] }, doc: 'stop or resume the harness\'s heartbeat PING (every 100 ms)', keys: {} },
  'power-cycle': { value: { t: 'true' }, doc: 'power the pen off and on (SIM_POWER CYCLE, or the operator), then HELLO', keys: {} },
};

/** Top-level keys of a scenario file. */
export const TOP: Readonly<Record<string, { type: ValueType | 'needs' | 'tags' | 'steps'; doc: string; required?: boolean }>> = {
  id: { type: { t: 'string' }, doc: 'unique case id, e.g. SC.SR-11', required: true },
  title: { type: { t: 'string' }, doc: 'one line; starts with the SR id when it proves a safety rule', required: true },
  needs: { type: 'needs', doc: `what the case needs: ${NEEDS.join(', ')}` },
  tags: { type: 'tags', doc: 'extra tags for --tags' },
  timeout: { type: ms, doc: 'default step timeout, ms of the target\'s time' },
  steps: { type: 'steps', doc: 'the steps, in order', required: true },
};

export const ID_RE = /^[A-Za-z0-9_.-]+$/;

/** Variables a text may use as `{name}` or `{name+N}` / `{name-N}`: limits from INFO, power-on settings, profile rows. */
export const VARIABLES: Readonly<Record<string, { area?: true; doc: string }>> = {
  dmin: { doc: 'INFO dmin, µm' },
  dmax: { doc: 'INFO dmax, µm' },
  dstep: { doc: 'INFO dstep, µm' },
  rmin: { doc: 'INFO rmin, Hz' },
  rmax: { doc: 'INFO rmax, Hz' },
  tmax: { doc: 'INFO tmax, Hz' },
  um0: { doc: 'the power-on depth, max(250, dmin)' },
  hz0: { doc: 'the power-on rate, 120 Hz brought into rmin..rmax' },
  deepest: { area: true, doc: 'the id of the profile row with the highest cap' },
  shallowest: { area: true, doc: 'the id of the profile row with the lowest cap' },
  deepest_cap: { doc: 'that row\'s cap, µm' },
  shallowest_cap: { doc: 'that row\'s cap, µm' },
  profile: { area: true, doc: 'the loaded profile\'s name (INFO profile)' },
};

export const VAR_RE = /\{([a-z_][a-z0-9_]*)([+-]\d+)?\}/g;
export const VAR_SOURCE = '\\{[a-z_][a-z0-9_]*(?:[+-][0-9]+)?\\}';

/** Comparison operators of a frame-pattern predicate, longest first. */
export const OPS = ['!=', '<=', '>=', '=', '<', '>'] as const;
export type Op = (typeof OPS)[number];

/** The catalogue keys of a kind. */
export function keysOf(kind: string): Readonly<Record<string, FieldSpec>> {
  return (CATALOGUE as unknown as Record<string, { keys: Record<string, FieldSpec> }>)[kind]?.keys ?? {};
}

/** Kinds by direction. */
export function kindsOf(dir: 'host' | 'pen'): string[] {
  return Object.entries(CATALOGUE).filter(([, s]) => s.dir === dir).map(([k]) => k);
}

/** Why `value` is not a valid literal for a field, or null (ranges checked for ints; variables are checked when run). */
export function fieldValueProblem(spec: FieldSpec, value: string): string | null {
  if (new RegExp(`^${VAR_SOURCE}$`).test(value)) return null;
  switch (spec.t) {
    case 'int': {
      if (!/^-?\d+$/.test(value)) return `"${value}" is not an integer`;
      const n = Number(value);
      return n < spec.min || n > spec.max ? `${n} is outside ${spec.min}..${spec.max}` : null;
    }
    case 'enum':
      return spec.values.includes(value) ? null : `"${value}" is not one of ${spec.values.join(', ')}`;
    case 'token':
      return /^[A-Z0-9_.-]+$/.test(value) && value.length <= spec.maxLen ? null : `"${value}" is not a token of 1..${spec.maxLen} characters [A-Z0-9_.-]`;
    case 'hex':
      return new RegExp(`^[0-9A-F]{${spec.len}}$`).test(value) ? null : `"${value}" is not ${spec.len} upper-case hex digits`;
    case 'str':
      return value.length > 0 ? null : 'empty text';
  }
}

/** The SIM_FAULT selectors a `fault:` step may name. */
export const FAULTS = SIM_FAULTS;
