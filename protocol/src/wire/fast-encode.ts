/**
 * Encoding helpers on the hot path (the pen emits telemetry at up to 200 Hz,
 * the simulator far faster): the key list of each kind compiled once, and a
 * direct check that a message's values are valid for their specs, which lets
 * tryEncode skip its encode→decode round trip. The check only ever answers
 * "surely valid" or "not sure"; when not sure, tryEncode takes the reference
 * round trip, which reports the exact error.
 */
import { specOf, type KindSpec } from '../catalogue/catalogue.js';
import type { FieldSpec } from '../catalogue/fields.js';

/** One key of a kind, in catalogue order. */
export interface EncKey {
  name: string;
  spec: FieldSpec;
}

const cache = new Map<string, EncKey[]>();

/** The keys of a kind in catalogue order (throws a TypeError for an unknown kind, as encodeBody always did). */
export function encKeys(kind: string): EncKey[] {
  let keys = cache.get(kind);
  if (!keys) {
    const spec = specOf(kind) as KindSpec;
    keys = Object.entries(spec.keys).map(([name, f]) => ({ name, spec: f }));
    cache.set(kind, keys);
  }
  return keys;
}

function tokenOk(s: string, maxLen: number): boolean {
  if (s.length < 1 || s.length > maxLen || s.length > 64) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45)) return false;
  }
  return true;
}

function hexOk(s: string, len: number): boolean {
  if (s.length !== len || len > 64) return false;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70))) return false;
  }
  return true;
}

/** Plain text that %-encodes to itself and fits a value. */
function plainTextOk(s: string, maxLen: number): boolean {
  if (s.length < 1 || s.length > maxLen || s.length > 64) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f || c === 0x24 || c === 0x2a || c === 0x3d || c === 0x25) return false;
  }
  return true;
}

function valueOk(f: FieldSpec, v: unknown): boolean {
  switch (f.t) {
    case 'int': return typeof v === 'number' && Number.isInteger(v) && v >= f.min && v <= f.max;
    case 'enum': return typeof v === 'string' && (f.values as readonly string[]).includes(v);
    case 'token': return typeof v === 'string' && tokenOk(v, f.maxLen);
    case 'hex': return typeof v === 'string' && hexOk(v, f.len);
    case 'str': return typeof v === 'string' && plainTextOk(v, f.maxLen);
  }
}

/** True only if every field is present when required, known, and valid for its spec (the line length is checked by the caller). */
export function surelyValidFields(kind: string, fields: Record<string, unknown>): boolean {
  const keys = encKeys(kind);
  let present = 0;
  for (const k of keys) {
    const v = fields[k.name];
    if (v === undefined) {
      if (!k.spec.optional) return false;
      continue;
    }
    if (!valueOk(k.spec, v)) return false;
    present++;
  }
  // A defined value under a key the kind does not have is an error the reference path names.
  let defined = 0;
  for (const name in fields) if (fields[name] !== undefined) defined++;
  return defined === present;
}
