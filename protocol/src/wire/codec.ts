/**
 * The line codec of the fixed wire format (protocol/PROTOCOL.md §Framing).
 * It returns results and never throws.
 */
import { specOf, type Kind } from '../catalogue/catalogue.js';
import type { FieldSpec } from '../catalogue/fields.js';
import type { Message } from '../catalogue/messages.js';
import { crc16, crcHex } from './crc16.js';
import { pctDecode, pctEncode } from './percent.js';
import { decodeBodyFast } from './fast-decode.js';
import { encKeys, surelyValidFields } from './fast-encode.js';

/** Longest frame, from `$` to the last CRC digit, CR/LF excluded. */
export const MAX_LINE = 200;
export const MAX_SEQ = 65535;

/** Why a line was not decoded. */
export type DecodeErrorCode = 'BAD_CRC' | 'TOO_LONG' | 'BAD_FRAME' | 'UNKNOWN_KIND' | 'BAD_FIELD';

/** A line that did not decode. `seq`/`kind` are set when the frame got that far (CRC good), so a pen can NAK it. */
export interface DecodeError {
  ok: false;
  error: DecodeErrorCode;
  detail: string;
  key?: string;
  seq?: number;
  kind?: string;
  /** Bytes of garbage skipped before the frame's `$`. */
  skipped: number;
}

/** A decoded line. */
export interface Decoded {
  ok: true;
  msg: Message;
  /** The body between `$` and `*`, used for retransmission dedupe. */
  body: string;
  skipped: number;
}

export type DecodeResult = Decoded | DecodeError;

function fail(error: DecodeErrorCode, detail: string, skipped: number, extra: Partial<DecodeError> = {}): DecodeError {
  return { ok: false, error, detail, skipped, ...extra };
}

function isHexUpper(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70);
}

function hexVal(c: number): number {
  return c <= 57 ? c - 48 : c - 55;
}

const INT_RE = /^(0|-?[1-9][0-9]{0,9})$/;
const TOKEN_RE = /^[A-Z0-9_.-]+$/;
const KEY_RE = /^[a-z0-9_]{1,16}$/;
const KIND_RE = /^[A-Z0-9_]{1,16}$/;

/** Validate one wire value against its spec; returns the typed value or an error string. */
export function parseValue(f: FieldSpec, raw: string): { v: number | string } | { why: string } {
  switch (f.t) {
    case 'int': {
      if (!INT_RE.test(raw)) return { why: `not an integer: ${raw}` };
      const n = Number(raw);
      if (n < f.min || n > f.max) return { why: `${n} outside ${f.min}..${f.max}` };
      return { v: n };
    }
    case 'enum':
      return (f.values as readonly string[]).includes(raw) ? { v: raw } : { why: `not one of ${f.values.join(',')}` };
    case 'token':
      if (raw.length > f.maxLen) return { why: `longer than ${f.maxLen}` };
      return TOKEN_RE.test(raw) ? { v: raw } : { why: 'not a token [A-Z0-9_.-]' };
    case 'hex':
      if (raw.length !== f.len) return { why: `not ${f.len} hex digits` };
      for (let i = 0; i < raw.length; i++) if (!isHexUpper(raw.charCodeAt(i))) return { why: 'not upper-case hex' };
      return { v: raw };
    case 'str': {
      const s = pctDecode(raw);
      if (s === null) return { why: 'bad %-escape' };
      if (s.length > f.maxLen) return { why: `longer than ${f.maxLen}` };
      return { v: s };
    }
  }
}

function isValueChar(c: number): boolean {
  return c > 0x20 && c < 0x7f && c !== 0x24 && c !== 0x2a && c !== 0x3d;
}

/** Decode one received line (LF and a CR before it are tolerated). */
export function decodeLine(input: string): DecodeResult {
  let end = input.length;
  if (end > 0 && input.charCodeAt(end - 1) === 10) end--;
  if (end > 0 && input.charCodeAt(end - 1) === 13) end--;
  // Resync: a frame starts at the last `$` of the line; bytes before it are garbage.
  const start = input.lastIndexOf('$', end - 1);
  if (start < 0) return fail('BAD_FRAME', 'no $ in line', end);
  const skipped = start;
  if (end - start > MAX_LINE) return fail('TOO_LONG', `frame of ${end - start} bytes exceeds ${MAX_LINE}`, skipped);
  const star = end - 5;
  if (star <= start + 1 || input.charCodeAt(star) !== 0x2a) return fail('BAD_FRAME', 'no *CRC at end of line', skipped);
  let crcGot = 0;
  for (let i = star + 1; i < end; i++) {
    const c = input.charCodeAt(i);
    if (!isHexUpper(c)) return fail('BAD_FRAME', 'CRC is not 4 upper-case hex digits', skipped);
    crcGot = (crcGot << 4) | hexVal(c);
  }
  const crcWant = crc16(input, start + 1, star);
  if (crcGot !== crcWant) return fail('BAD_CRC', `CRC ${crcHex(crcGot)} but body gives ${crcHex(crcWant)}`, skipped);
  const body = input.slice(start + 1, star);
  return decodeBody(body, skipped);
}

/** Decode a frame body (between `$` and `*`) whose CRC is already checked. */
export function decodeBody(body: string, skipped = 0): DecodeResult {
  // The fast path accepts only what the reference path accepts, with the same
  // result; on anything unusual it defers to the reference path, which then
  // produces the exact error.
  const fast = decodeBodyFast(body, skipped);
  return fast ?? decodeBodyReference(body, skipped);
}

/** The reference decoder: straightforward and the authority for every error's code, key and detail. */
function decodeBodyReference(body: string, skipped: number): DecodeResult {
  const parts = body.split(' ');
  const seqText = parts[0]!;
  if (!/^[0-9]{1,5}$/.test(seqText)) return fail('BAD_FRAME', `bad seq "${seqText}"`, skipped);
  const seq = Number(seqText);
  if (seq > MAX_SEQ) return fail('BAD_FRAME', `seq ${seq} > ${MAX_SEQ}`, skipped);
  const kindText = parts[1];
  if (kindText === undefined || !KIND_RE.test(kindText)) return fail('BAD_FRAME', 'missing or malformed kind', skipped, { seq });
  const spec = specOf(kindText);
  if (!spec) return fail('UNKNOWN_KIND', `unknown kind ${kindText}`, skipped, { seq, kind: kindText });
  const fields: Record<string, number | string> = {};
  for (let i = 2; i < parts.length; i++) {
    const p = parts[i]!;
    const eq = p.indexOf('=');
    const key = eq < 0 ? p : p.slice(0, eq);
    const bad = (detail: string) => fail('BAD_FIELD', detail, skipped, { seq, kind: kindText, key });
    if (eq <= 0 || !KEY_RE.test(key)) return bad(`malformed field "${p}"`);
    const raw = p.slice(eq + 1);
    if (raw.length < 1 || raw.length > 64) return bad(`${key}: value must be 1..64 bytes`);
    for (let j = 0; j < raw.length; j++) if (!isValueChar(raw.charCodeAt(j))) return bad(`${key}: forbidden byte in value`);
    // Own keys only: `constructor` or `__proto__` on the wire must not find Object.prototype.
    const f = Object.prototype.hasOwnProperty.call(spec.keys, key) ? spec.keys[key] : undefined;
    if (!f) return bad(`${key}: not a key of ${kindText}`);
    if (key in fields) return bad(`${key}: given twice`);
    const r = parseValue(f, raw);
    if ('why' in r) return bad(`${key}: ${r.why}`);
    fields[key] = r.v;
  }
  for (const [key, f] of Object.entries(spec.keys)) {
    if (!f.optional && !(key in fields)) {
      return fail('BAD_FIELD', `${key}: missing`, skipped, { seq, kind: kindText, key });
    }
  }
  return { ok: true, msg: { seq, kind: kindText as Kind, fields } as unknown as Message, body, skipped };
}

/** The body of a message, keys in catalogue order. */
export function encodeBody(msg: Message): string {
  const keys = encKeys(msg.kind);
  let body = `${msg.seq} ${msg.kind}`;
  const fields = msg.fields as Record<string, number | string | undefined>;
  for (const k of keys) {
    const v = fields[k.name];
    if (v !== undefined) body += ' ' + k.name + '=' + (k.spec.t === 'str' ? pctEncode(String(v)) : String(v));
  }
  return body;
}

/** Frame a body: `$body*CRC\n`. */
export function frame(body: string): string {
  return `$${body}*${crcHex(crc16(body))}\n`;
}

/** Encode a typed message to a full line with LF. */
export function encode(msg: Message): string {
  return frame(encodeBody(msg));
}

/** Encode, checking that the line decodes back to the same message (for untrusted input such as a console prompt). */
export function tryEncode(msg: Message): { ok: true; line: string } | DecodeError {
  if (!specOf(msg.kind)) return fail('UNKNOWN_KIND', `unknown kind ${String(msg.kind)}`, 0);
  if (!Number.isInteger(msg.seq) || msg.seq < 0 || msg.seq > MAX_SEQ) return fail('BAD_FRAME', `bad seq ${msg.seq}`, 0);
  const line = encode(msg);
  // Fast path: values checked against their specs directly (telemetry, every
  // answer); anything unusual takes the round trip below for the exact error.
  if (line.length - 1 <= MAX_LINE && surelyValidFields(msg.kind, msg.fields as Record<string, unknown>)) return { ok: true, line };
  const back = decodeLine(line);
  if (!back.ok) return back;
  for (const [k, v] of Object.entries(msg.fields)) {
    if (v !== undefined && (back.msg.fields as Record<string, unknown>)[k] !== v) {
      return fail('BAD_FIELD', `${k}: value does not survive encoding`, 0, { key: k, kind: msg.kind, seq: msg.seq });
    }
  }
  return { ok: true, line };
}
