/**
 * fast-check arbitraries generated FROM the catalogue's field specs (not a
 * hand-written list), plus the analytic worst-case frame length of each kind.
 */
import fc from 'fast-check';
import {
  CATALOGUE, KINDS, MAX_SEQ, pctEncode, type FieldSpec, type Kind, type KindSpec, type Message,
} from '../../../protocol/src/index.js';

/** Longest value on the wire, in bytes after %-encoding. */
export const MAX_VALUE_WIRE = 64;

const UPPER_HEX = '0123456789ABCDEF'.split('');
const TOKEN_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-'.split('');

/** Cut a string (by code point) until its %-encoded form fits a wire value. */
export function fitWire(s: string): string {
  const cps = Array.from(s);
  while (cps.length > 0 && pctEncode(cps.join('')).length > MAX_VALUE_WIRE) cps.pop();
  return cps.join('');
}

/** An arbitrary of the values a field spec allows on the wire. */
export function arbitraryOf(f: FieldSpec): fc.Arbitrary<number | string> {
  switch (f.t) {
    case 'int':
      return fc.integer({ min: f.min, max: f.max });
    case 'enum':
      return fc.constantFrom(...f.values);
    case 'token':
      return fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 1, maxLength: f.maxLen });
    case 'hex':
      return fc.string({ unit: fc.constantFrom(...UPPER_HEX), minLength: f.len, maxLength: f.len });
    case 'str':
      // Any text (ASCII incl. controls and the forbidden $ * = % SP, or any Unicode
      // code point), cut to what one wire value carries: ≤ maxLen characters
      // decoded AND ≤ 64 bytes %-encoded.
      return fc
        .string({ unit: fc.oneof(fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), minLength: 1, maxLength: f.maxLen })
        .map((s) => fitWire(s.slice(0, f.maxLen)))
        .filter((s) => s.length > 0 && s.length <= f.maxLen);
  }
}

/** An arbitrary message of one kind: required keys always, optional keys sometimes. */
export function messageArbitrary(kind: Kind): fc.Arbitrary<Message> {
  const spec = CATALOGUE[kind] as KindSpec;
  const model: Record<string, fc.Arbitrary<number | string>> = {};
  const required: string[] = [];
  for (const [key, f] of Object.entries(spec.keys)) {
    model[key] = arbitraryOf(f);
    if (!f.optional) required.push(key);
  }
  return fc.record({
    seq: fc.integer({ min: 0, max: MAX_SEQ }),
    fields: fc.record(model, { requiredKeys: required }),
  }).map(({ seq, fields }) => ({ seq, kind, fields }) as unknown as Message);
}

/** Longest wire text of one value of a field. */
export function worstValueLength(f: FieldSpec): number {
  switch (f.t) {
    case 'int': return Math.max(String(f.min).length, String(f.max).length);
    case 'enum': return Math.max(...f.values.map((v) => v.length));
    case 'token': return f.maxLen;
    case 'hex': return f.len;
    case 'str': return MAX_VALUE_WIRE;
  }
}

/** Longest frame of a kind ($ to last CRC digit) when every key is present at its longest. */
export function worstFrameLength(kind: Kind, omit: readonly string[] = []): number {
  const spec = CATALOGUE[kind] as KindSpec;
  let n = 1 + String(MAX_SEQ).length + 1 + kind.length + 5;
  for (const [key, f] of Object.entries(spec.keys)) if (!omit.includes(key)) n += 1 + key.length + 1 + worstValueLength(f);
  return n;
}

/** The longest wire value of a field (ints: whichever bound has more characters). */
export function longestValue(f: FieldSpec): number | string {
  switch (f.t) {
    case 'int': return String(f.min).length > String(f.max).length ? f.min : f.max;
    case 'enum': return f.values.reduce((a, b) => (b.length > a.length ? b : a));
    case 'token': return 'X'.repeat(f.maxLen);
    case 'hex': return 'F'.repeat(f.len);
    // %-encoding triples a byte, so 21 '%' characters are 63 bytes on the wire (the most a 64-byte value holds whole).
    case 'str': return '%'.repeat(Math.min(f.maxLen, Math.floor(MAX_VALUE_WIRE / 3)));
  }
}

/** A real message of a kind with every key present at its longest value, at seq 65535. */
export function worstMessage(kind: Kind): Message {
  const spec = CATALOGUE[kind] as KindSpec;
  const fields = Object.fromEntries(Object.entries(spec.keys).map(([k, f]) => [k, longestValue(f)]));
  return { seq: MAX_SEQ, kind, fields } as unknown as Message;
}

/** Every kind with its worst-case frame length. */
export function worstCaseTable(): { kind: Kind; worst: number }[] {
  return KINDS.map((kind) => ({ kind, worst: worstFrameLength(kind) }));
}
