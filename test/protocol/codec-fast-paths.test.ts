/**
 * The codec's fast paths (fast-decode.ts, fast-encode.ts) give exactly the
 * results of the straightforward reference: decode against a decoder written
 * here from the spec text, tryEncode against the plain encode→decode round trip.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  CATALOGUE, KINDS, decodeBody, decodeLine, encode, encodeBody, pctEncode, specOf, tryEncode, type DecodeError, type FieldSpec, type KindSpec, type Message,
} from '../../protocol/src/index.js';
import { decodeBodyFast } from '../../protocol/src/wire/fast-decode.js';
import { longestValue, messageArbitrary } from './support/catalogue-arbitraries.js';

/** tryEncode as it was before the fast path: encode, decode back, compare every value. */
function tryEncodeReference(msg: Message): { ok: true; line: string } | DecodeError {
  if (!specOf(msg.kind)) return { ok: false, error: 'UNKNOWN_KIND', detail: `unknown kind ${String(msg.kind)}`, skipped: 0 };
  if (!Number.isInteger(msg.seq) || msg.seq < 0 || msg.seq > 65535) return { ok: false, error: 'BAD_FRAME', detail: `bad seq ${msg.seq}`, skipped: 0 };
  const line = encode(msg);
  const back = decodeLine(line);
  if (!back.ok) return back;
  for (const [k, v] of Object.entries(msg.fields)) {
    if (v !== undefined && (back.msg.fields as Record<string, unknown>)[k] !== v) {
      return { ok: false, error: 'BAD_FIELD', detail: `${k}: value does not survive encoding`, skipped: 0, key: k, kind: msg.kind, seq: msg.seq };
    }
  }
  return { ok: true, line };
}

/** Junk and edge values of every JS type a caller might pass. */
const anyValue = fc.oneof(
  fc.integer({ min: -5, max: 5 }), fc.integer(), fc.double({ noNaN: false }), fc.constant(-0), fc.constant(4294967296),
  fc.string({ maxLength: 70 }), fc.string({ unit: fc.constantFrom(...'ABCXYZ019_.-'), maxLength: 30 }),
  fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFabcdef'), maxLength: 20 }), fc.constant(undefined), fc.constant(null), fc.boolean(),
);

/** A message of a kind whose fields are sometimes valid, sometimes junk, sometimes with extra keys. */
function mixedMessage(kind: (typeof KINDS)[number]): fc.Arbitrary<Message> {
  const spec = CATALOGUE[kind] as KindSpec;
  const keys = Object.keys(spec.keys);
  return fc.tuple(messageArbitrary(kind), fc.dictionary(fc.constantFrom(...keys, 'zz', 'constructor'), anyValue, { maxKeys: 3 }), fc.boolean())
    .map(([m, junk, keep]) => ({ ...m, fields: keep ? m.fields : { ...m.fields, ...junk } }) as Message);
}

describe('codec fast paths equal the reference', () => {
  it('tryEncode gives the reference round-trip result for valid and junk fields of every kind', () => {
    fc.assert(
      fc.property(fc.constantFrom(...KINDS).chain(mixedMessage), (msg) => {
        expect(tryEncode(msg)).toEqual(tryEncodeReference(msg));
      }),
      { numRuns: 3000 },
    );
  });

  it('decodeBody of any body built from catalogue pieces equals a decode by the spec (fields, or the error code and key)', () => {
    const piece = fc.oneof(
      fc.constantFrom(...KINDS.flatMap((k) => Object.keys((CATALOGUE[k] as KindSpec).keys))).chain((key) =>
        fc.oneof(anyValue.map(String), fc.string({ maxLength: 66 })).map((v) => `${key}=${v}`)),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 70000 }), fc.constantFrom(...KINDS, 'NOPE'), fc.array(piece, { maxLength: 6 }), (seq, kind, parts) => {
        const body = [String(seq), kind, ...parts].join(' ');
        const r = decodeBody(body);
        const ref = referenceDecode(body);
        if (ref.ok) {
          expect(r.ok).toBe(true);
          if (r.ok) expect(r.msg.fields).toEqual(ref.fields);
        } else {
          expect(r.ok ? 'ok' : `${r.error}:${r.key ?? ''}`).toBe(`${ref.error}:${ref.key ?? ''}`);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

/** A body with the message's fields in the given order (a sender may use any order). */
function bodyInOrder(msg: Message, order: string[]): string {
  const spec = CATALOGUE[msg.kind] as KindSpec;
  const fields = msg.fields as Record<string, number | string>;
  return [String(msg.seq), msg.kind, ...order.filter((k) => k in fields).map((k) => `${k}=${spec.keys[k]!.t === 'str' ? pctEncode(String(fields[k])) : String(fields[k])}`)].join(' ');
}

// The fast path is why a host keeps up with telemetry: a valid body that it
// hands to the slow reference path is a regression even though the result
// stays right, so these check that it decodes valid bodies by itself.
describe('the fast decode path takes every valid body itself', () => {
  it('every kind, any valid values, keys in catalogue or shuffled order: decoded on the fast path, equal to the message', async () => {
    // A fresh module: its per-kind tables are compiled on first use and cached, so a test after others would judge old tables.
    vi.resetModules();
    const fresh = await import('../../protocol/src/wire/fast-decode.js');
    fc.assert(
      fc.property(
        fc.constantFrom(...KINDS).chain((k) => fc.tuple(messageArbitrary(k), fc.shuffledSubarray(Object.keys((CATALOGUE[k] as KindSpec).keys), { minLength: Object.keys((CATALOGUE[k] as KindSpec).keys).length }))),
        fc.nat({ max: 9 }),
        ([msg, order], skipped) => {
          for (const body of [encodeBody(msg), bodyInOrder(msg, order)]) {
            expect(fresh.decodeBodyFast(body, skipped)).toEqual({ ok: true, msg: { seq: msg.seq, kind: msg.kind, fields: msg.fields }, body, skipped });
          }
        },
      ),
      { numRuns: 4000 },
    );
  });

  it('boundary values of every field (int min, 0 and max, every enum value, longest value and text, seq 0 and 65535) are decoded on the fast path', () => {
    for (const kind of KINDS) {
      const spec = CATALOGUE[kind] as KindSpec;
      const base: Record<string, number | string> = {};
      for (const [k, f] of Object.entries(spec.keys)) base[k] = longestValue(f);
      const variants: Record<string, number | string>[] = [base];
      for (const [k, f] of Object.entries(spec.keys)) {
        if (f.t === 'int') variants.push({ ...base, [k]: f.min }, { ...base, [k]: f.max }, ...(f.min <= 0 && f.max >= 0 ? [{ ...base, [k]: 0 }] : []));
        if (f.t === 'enum') for (const v of f.values) variants.push({ ...base, [k]: v });
        // The longest plain text: as many characters as the field holds, up to the 64 bytes of a wire value.
        if (f.t === 'str') variants.push({ ...base, [k]: 'S'.repeat(Math.min(f.maxLen, 64)) });
      }
      for (const fields of variants) {
        for (const seq of [0, 9, 65535]) {
          const msg = { seq, kind, fields } as unknown as Message;
          const body = encodeBody(msg);
          expect(decodeBodyFast(body, 0), body).toEqual({ ok: true, msg, body, skipped: 0 });
        }
      }
    }
  });
});

/** A decoder written from PROTOCOL.md §2–3 (no code shared with the codec), for the comparison above. */
function referenceDecode(body: string): { ok: true; fields: Record<string, unknown> } | { ok: false; error: string; key?: string } {
  const parts = body.split(' ');
  if (!/^[0-9]{1,5}$/.test(parts[0]!) || Number(parts[0]) > 65535) return { ok: false, error: 'BAD_FRAME' };
  const kind = parts[1];
  if (kind === undefined || !/^[A-Z0-9_]{1,16}$/.test(kind)) return { ok: false, error: 'BAD_FRAME' };
  const spec = specOf(kind);
  if (!spec) return { ok: false, error: 'UNKNOWN_KIND' };
  const fields: Record<string, unknown> = {};
  for (const p of parts.slice(2)) {
    const eq = p.indexOf('=');
    const key = eq < 0 ? p : p.slice(0, eq);
    const bad = { ok: false as const, error: 'BAD_FIELD', key };
    if (eq <= 0 || !/^[a-z0-9_]{1,16}$/.test(key)) return bad;
    const raw = p.slice(eq + 1);
    if (raw.length < 1 || raw.length > 64 || !/^[\x21-\x23\x25-\x29\x2B-\x3C\x3E-\x7E]+$/.test(raw)) return bad;
    if (!Object.prototype.hasOwnProperty.call(spec.keys, key) || Object.prototype.hasOwnProperty.call(fields, key)) return bad;
    const v = valueOf(spec.keys[key]!, raw);
    if (v === undefined) return bad;
    fields[key] = v;
  }
  for (const [k, f] of Object.entries(spec.keys)) if (!f.optional && !(k in fields)) return { ok: false, error: 'BAD_FIELD', key: k };
  return { ok: true, fields };
}

function valueOf(f: FieldSpec, raw: string): unknown {
  switch (f.t) {
    case 'int': {
      if (!/^(0|-?[1-9][0-9]{0,9})$/.test(raw)) return undefined;
      const n = Number(raw);
      return n >= f.min && n <= f.max ? n : undefined;
    }
    case 'enum': return (f.values as readonly string[]).includes(raw) ? raw : undefined;
    case 'token': return raw.length <= f.maxLen && /^[A-Z0-9_.-]+$/.test(raw) ? raw : undefined;
    case 'hex': return raw.length === f.len && /^[0-9A-F]+$/.test(raw) ? raw : undefined;
    case 'str': {
      if (/%(?![0-9A-F]{2})/.test(raw)) return undefined;
      try {
        const bytes = Uint8Array.from(raw.replace(/%([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), (c) => c.charCodeAt(0));
        const s = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        return s.length <= f.maxLen ? s : undefined;
      } catch {
        return undefined;
      }
    }
  }
}
