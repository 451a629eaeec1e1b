/**
 * The fast path of body decoding: one pass over char codes with a per-kind
 * table compiled from the catalogue, no regexes, no split. It returns a result
 * only for a body the reference decoder (codec.ts) accepts, identical to its
 * result; for anything else it returns null and the reference decoder reports
 * the exact error. Telemetry decoding on the host is dominated by this.
 */
import { specOf, type Kind } from '../catalogue/catalogue.js';
import type { FieldSpec } from '../catalogue/fields.js';
import type { Message } from '../catalogue/messages.js';
import type { Decoded } from './codec.js';
import { pctDecode } from './percent.js';

const SP = 32;
const MAX_SEQ = 65535;
const MAX_VALUE = 64;

/** Parses a raw wire value; undefined means "not accepted here" (the reference path decides why). */
type Parse = (body: string, from: number, to: number) => number | string | undefined;

interface CompiledKey {
  name: string;
  /** `name=`, compared in place against the body. */
  prefix: string;
  parse: Parse;
  bit: number;
}

interface CompiledKind {
  kind: string;
  keys: CompiledKey[];
  requiredMask: number;
}

function isValueChar(c: number): boolean {
  return c > 0x20 && c < 0x7f && c !== 0x24 && c !== 0x2a && c !== 0x3d;
}

function intParser(min: number, max: number): Parse {
  return (b, from, to) => {
    let i = from;
    let neg = false;
    if (b.charCodeAt(i) === 45 /* - */) {
      neg = true;
      i++;
    }
    const digits = to - i;
    // Grammar of the reference: 0 | -?[1-9][0-9]{0,9}
    if (digits < 1 || digits > 10) return undefined;
    const first = b.charCodeAt(i);
    if (first === 48) {
      if (digits !== 1 || neg) return undefined;
      return 0 >= min && 0 <= max ? 0 : undefined;
    }
    let n = 0;
    for (; i < to; i++) {
      const c = b.charCodeAt(i);
      if (c < 48 || c > 57) return undefined;
      n = n * 10 + (c - 48);
    }
    if (neg) n = -n;
    return n >= min && n <= max ? n : undefined;
  };
}

function enumParser(values: readonly string[]): Parse {
  return (b, from, to) => {
    const len = to - from;
    // Compare in place and return the catalogue's own string: no allocation.
    for (const v of values) if (v.length === len && b.startsWith(v, from)) return v;
    return undefined;
  };
}

function tokenParser(maxLen: number): Parse {
  return (b, from, to) => {
    if (to - from > maxLen) return undefined;
    for (let i = from; i < to; i++) {
      const c = b.charCodeAt(i);
      const ok = (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;
      if (!ok) return undefined;
    }
    return b.slice(from, to);
  };
}

function hexParser(len: number): Parse {
  return (b, from, to) => {
    if (to - from !== len) return undefined;
    for (let i = from; i < to; i++) {
      const c = b.charCodeAt(i);
      if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70))) return undefined;
    }
    return b.slice(from, to);
  };
}

function strParser(maxLen: number): Parse {
  return (b, from, to) => {
    let pct = false;
    for (let i = from; i < to; i++) {
      const c = b.charCodeAt(i);
      if (!isValueChar(c)) return undefined;
      if (c === 37) pct = true;
    }
    const raw = b.slice(from, to);
    const s = pct ? pctDecode(raw) : raw;
    return s !== null && s.length <= maxLen ? s : undefined;
  };
}

function parserOf(f: FieldSpec): Parse {
  switch (f.t) {
    case 'int': return intParser(f.min, f.max);
    case 'enum': return enumParser(f.values);
    case 'token': return tokenParser(f.maxLen);
    case 'hex': return hexParser(f.len);
    case 'str': return strParser(f.maxLen);
  }
}

const compiled = new Map<string, CompiledKind | null>();
let lastKind: CompiledKind | null = null;

function compile(kind: string): CompiledKind | null {
  let c = compiled.get(kind);
  if (c !== undefined) return c;
  const spec = specOf(kind);
  const entries = spec ? Object.entries(spec.keys) : [];
  // Seen/required sets are 32-bit masks; a kind with more keys takes the reference path.
  if (!spec || entries.length > 31) {
    c = null;
  } else {
    let requiredMask = 0;
    const keys = entries.map(([name, f], i): CompiledKey => {
      if (!f.optional) requiredMask |= 1 << i;
      return { name, prefix: name + '=', parse: parserOf(f), bit: 1 << i };
    });
    c = { kind, keys, requiredMask };
    // Only catalogue kinds are cached, so garbage kinds cannot grow the map.
    compiled.set(kind, c);
  }
  return c;
}

/** The key whose `name=` starts at `from`, trying the catalogue order first (senders use it). */
function keyAt(ck: CompiledKind, body: string, from: number, guess: number): number {
  const keys = ck.keys;
  const g = keys[guess];
  if (g !== undefined && body.startsWith(g.prefix, from)) return guess;
  for (let j = 0; j < keys.length; j++) if (body.startsWith(keys[j]!.prefix, from)) return j;
  return -1;
}

/** Decode a CRC-checked body on the fast path, or null to defer to the reference decoder. */
export function decodeBodyFast(body: string, skipped: number): Decoded | null {
  const n = body.length;
  let i = 0;
  let seq = 0;
  for (; i < n; i++) {
    const c = body.charCodeAt(i);
    if (c === SP) break;
    if (c < 48 || c > 57) return null;
    seq = seq * 10 + (c - 48);
  }
  if (i === 0 || i > 5 || seq > MAX_SEQ || i >= n) return null;
  const kindStart = i + 1;
  let kindEnd = body.indexOf(' ', kindStart);
  if (kindEnd < 0) kindEnd = n;
  // Telemetry streams repeat one kind: compare in place before hashing a new string.
  const last = lastKind;
  const ck = last !== null && kindEnd - kindStart === last.kind.length && body.startsWith(last.kind, kindStart)
    ? last
    : compile(body.slice(kindStart, kindEnd));
  if (!ck) return null;
  lastKind = ck;
  const fields: Record<string, number | string> = {};
  let seen = 0;
  let next = 0;
  i = kindEnd;
  while (i < n) {
    const from = i + 1; // skip the SP
    const j = keyAt(ck, body, from, next);
    if (j < 0) return null;
    const k = ck.keys[j]!;
    if (seen & k.bit) return null;
    const vstart = from + k.prefix.length;
    let end = body.indexOf(' ', vstart);
    if (end < 0) end = n;
    const vlen = end - vstart;
    if (vlen < 1 || vlen > MAX_VALUE) return null;
    const v = k.parse(body, vstart, end);
    if (v === undefined) return null;
    fields[k.name] = v;
    seen |= k.bit;
    next = j + 1;
    i = end;
  }
  if ((seen & ck.requiredMask) !== ck.requiredMask) return null;
  return { ok: true, msg: { seq, kind: ck.kind as Kind, fields } as unknown as Message, body, skipped };
}
