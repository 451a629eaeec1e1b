/**
 * One recorded line read from the bytes where it lies (the first open's byte
 * scan, fast-scan.ts), when it is in the recorder's own shape and one of the
 * three kinds that make nearly all of a recording:
 *
 *   {"w":1763757000015,"t":15.1,"d":"in","l":"$812 TLM t=4060 s=RUN d=1000 m=997 r=120 n=4871 p=1 c=312 b=87*3F2A"}
 *   {"w":1763757000200,"t":200,"d":"out","l":"$77 PING*1B2C"}   {"w":…,"d":"in","l":"$813 ACK re=77 t=4200*…"}
 *
 * Every byte is checked — the envelope's keys and digits, the frame's fields
 * to the catalogue's grammar and ranges, its CRC — and the fields read in
 * place, without a string or an object per line. Anything else is not read
 * here (FAST_NONE): the caller hands it to the reader that takes every line
 * as text, so the result is exactly that reader's (a test compares the two on
 * mutated lines). Fixed text and runs of digits are compared four bytes at a
 * time through a DataView: that needs SLACK readable bytes past the limit.
 */
import { crc16Bytes, PEN_STATES } from '../../../protocol/src/index.js';
import type { TlmPoint } from '../../shared/charts/index.js';

/** What fastRecord made of a line: nothing (read it as text), a TLM frame, a heartbeat PING sent, an ACK received. */
export const FAST_NONE = 0;
export const FAST_TLM = 1;
export const FAST_PING = 2;
export const FAST_ACK = 3;

/** Bytes past the limit that must be readable (their content does not matter): the four-byte reads may reach there. */
export const SLACK = 64;

/** Where fastRecord puts what it read (filled in place, no allocation). */
export interface FastOut {
  tlm: TlmPoint;
  /** ACK re=. */
  re: number;
  /** The index after the record (its closing `"}`). */
  end: number;
}

const enc = new TextEncoder();
const STATE_BYTES = PEN_STATES.map((s) => enc.encode(s));
const SP = 32;
const EQ = 61;
const STAR = 42;

/** Four ASCII characters as DataView.getUint32 (big-endian) reads them. */
const word = (s: string): number => ((s.charCodeAt(0) << 24) | (s.charCodeAt(1) << 16) | (s.charCodeAt(2) << 8) | s.charCodeAt(3)) >>> 0;
const W_OPEN = word('{"w"'); // then :
const W_T = word('"t":');
const W_D = word('"d":'); // then "
const W_IN = word('in",');
const W_OUT = word('out"'); // then ,
const W_L = word('"l":'); // then "$
const W_TLM = word('TLM ');
const W_ACK = word('ACK ');
const W_PING = word('PING'); // then *

/** Four ASCII digits in one word: every byte 0x30–0x39 (the high nibble 3, and adding 6 carries out of none). */
const digits4 = (v: number): boolean => (v & 0xf0f0f0f0) === 0x30303030 && ((v + 0x06060606) & 0xf0f0f0f0) === 0x30303030;

/**
 * What the readers below leave besides their return value: a number's value and the state last matched (most
 * frames repeat it: tried first).
 */
const R = { got: 0, state: 0 };

/** Value of a hex digit (upper case, as the codec requires), -1 for any other byte. */
const HEX = Int8Array.from({ length: 256 }, (_, c) => (c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : -1));

/**
 * The record starting at `a`, read forward (never past `lim` for what it accepts; `v` views `b` with SLACK bytes
 * to spare past `lim`): its kind, the TLM fields in out.tlm or the ACK's re in out.re, and out.end the index after
 * it, where the caller checks that the line ends. FAST_NONE for anything else.
 */
export function fastRecordAt(b: Uint8Array, v: DataView, a: number, lim: number, out: FastOut): number {
  if (v.getUint32(a) !== W_OPEN || b[a + 4] !== 58) return FAST_NONE;
  let i = digitsTo(b, v, a + 5, lim, false);
  if (i < 0) return FAST_NONE;
  // "t":N, — the client's clock, digits with at most one decimal point
  if (v.getUint32(i) === W_T) {
    i = digitsTo(b, v, i + 4, lim, true);
    if (i < 0) return FAST_NONE;
  }
  if (v.getUint32(i) !== W_D || b[i + 4] !== 34) return FAST_NONE;
  i += 5;
  const d = v.getUint32(i);
  let dirIn = false;
  if (d === W_IN) {
    dirIn = true;
    i += 3;
  } else if (d === W_OUT && b[i + 4] === 44) i += 4;
  else return FAST_NONE;
  // ,"l":"$
  if (v.getUint32(i + 1) !== W_L || b[i + 5] !== 34 || b[i + 6] !== 36) return FAST_NONE;
  const dollar = i + 6;
  // seq: 1–5 digits ≤ 65535, then a space
  let p = dollar + 1;
  let seq = 0;
  for (; p < lim && b[p]! >= 48 && b[p]! <= 57; p++) seq = seq * 10 + b[p]! - 48;
  if (p === dollar + 1 || p - dollar > 6 || seq > 65535 || b[p] !== SP) return FAST_NONE;
  p++;
  let kind = FAST_NONE;
  const k = v.getUint32(p);
  if (!dirIn) {
    if (k === W_PING && b[p + 4] === STAR) kind = FAST_PING;
    p += 4;
  } else if (k === W_ACK) {
    // ACK re=N [t=N]
    if (b[p + 4] === 114 && b[p + 5] === 101 && b[p + 6] === EQ && (p = num(b, p + 7, lim, 0, 65535)) > 0) {
      out.re = R.got;
      if (b[p] === SP) p = field(b, p + 1, lim, 116, 0, 4294967295);
      if (p > 0 && b[p] === STAR) kind = FAST_ACK;
    }
  } else if (k === W_TLM && (p = tlmAt(b, p + 4, lim, out.tlm)) > 0) kind = FAST_TLM;
  return kind === FAST_NONE ? FAST_NONE : frameEnd(b, dollar, p, lim, kind, out);
}

const PAD = new Uint8Array(1024);
const PAD_VIEW = new DataView(PAD.buffer);

/** The line [a, e) of `b` as fastRecordAt reads it, when the record fills it exactly (tests). */
export function fastRecord(b: Uint8Array, a: number, e: number, out: FastOut): number {
  // A copy with slack after it; a line too long for the copy is left to the text reader (FAST_NONE is always safe).
  if (e - a + SLACK > PAD.length) return FAST_NONE;
  PAD.fill(0);
  PAD.set(b.subarray(a, e));
  const k = fastRecordAt(PAD, PAD_VIEW, 0, e - a, out);
  return k !== FAST_NONE && out.end === e - a ? k : FAST_NONE;
}

/**
 * After a frame read in full up to its * at `star`: `*HHHH"}` with the CRC of the bytes between the $ and the *,
 * and the frame (from $ to the end of its CRC) at most MAX_LINE (200) bytes. The readers above accept nothing
 * but digits, letters, _, = , - and single spaces there: no other $ (the codec would resync there), no escape,
 * no quote, no byte outside ASCII. `kind` with out.end set, or FAST_NONE.
 */
function frameEnd(b: Uint8Array, dollar: number, star: number, lim: number, kind: number, out: FastOut): number {
  const end = star + 7;
  if (end > lim || star + 5 - dollar > 200 || b[star + 5] !== 34 || b[star + 6] !== 125) return FAST_NONE;
  const h0 = HEX[b[star + 1]!]!;
  const h1 = HEX[b[star + 2]!]!;
  const h2 = HEX[b[star + 3]!]!;
  const h3 = HEX[b[star + 4]!]!;
  if ((h0 | h1 | h2 | h3) < 0) return FAST_NONE;
  if (crc16Bytes(b, dollar + 1, star) !== ((h0 << 12) | (h1 << 8) | (h2 << 4) | h3)) return FAST_NONE;
  out.end = end;
  return kind;
}

/** Digits (with `dot`, at most one decimal point) from `i` to a comma; the index after the comma, or -1. */
function digitsTo(b: Uint8Array, v: DataView, i: number, lim: number, dot: boolean): number {
  const from = i;
  while (i + 4 <= lim && digits4(v.getUint32(i))) i += 4;
  let dots = 0;
  for (; i < lim; i++) {
    const c = b[i]!;
    if (c >= 48 && c <= 57) continue;
    if (c === 44) return i > from ? i + 1 : -1;
    if (dot && c === 46 && dots++ === 0) continue;
    return -1;
  }
  return -1;
}

/**
 * The TLM fields at p (after `TLM `), exactly as the codec reads them, into `out`: t s d m r n p c b in the
 * order the pen writes them, one space between, ranges as in the catalogue (protocol/src/catalogue/catalogue.ts;
 * a test tries each bound). The index of the * after the last, or -1.
 */
function tlmAt(b: Uint8Array, p: number, lim: number, out: TlmPoint): number {
  if ((p = field(b, p, lim, 116, 0, 4294967295)) < 0 || b[p] !== SP) return -1;
  out.t = R.got;
  if (b[p + 1] !== 115 || b[p + 2] !== EQ || (p = stateAt(b, p + 3, lim)) < 0) return -1;
  out.s = PEN_STATES[R.state]!;
  if ((p = field(b, p + 1, lim, 100, 0, 9999)) < 0 || b[p] !== SP) return -1;
  out.d = R.got;
  if ((p = field(b, p + 1, lim, 109, 0, 9999)) < 0 || b[p] !== SP) return -1;
  out.m = R.got;
  if ((p = field(b, p + 1, lim, 114, 0, 999)) < 0 || b[p] !== SP) return -1;
  out.r = R.got;
  if ((p = field(b, p + 1, lim, 110, 0, 4294967295)) < 0 || b[p] !== SP) return -1;
  out.n = R.got;
  if ((p = field(b, p + 1, lim, 112, 0, 99)) < 0 || b[p] !== SP) return -1;
  out.p = R.got;
  if ((p = field(b, p + 1, lim, 99, -400, 1500)) < 0 || b[p] !== SP) return -1;
  out.c = R.got;
  if ((p = field(b, p + 1, lim, 98, 0, 100)) < 0 || b[p] !== STAR) return -1;
  out.b = R.got;
  return p;
}

/** `key=` then a number (see num); the index after the number, or -1. */
function field(b: Uint8Array, p: number, lim: number, key: number, lo: number, hi: number): number {
  return b[p] === key && b[p + 1] === EQ ? num(b, p + 2, lim, lo, hi) : -1;
}

/**
 * An integer as the codec takes it (0 | -?[1-9][0-9]{0,9}) in [lo, hi], into R.got; the index of the byte after
 * it (the caller checks which), or -1.
 */
function num(b: Uint8Array, q: number, lim: number, lo: number, hi: number): number {
  const neg = b[q] === 45;
  if (neg) q++;
  const d0 = q;
  let n = 0;
  for (; q < lim; q++) {
    const c = b[q]!;
    if (c < 48 || c > 57) break;
    n = n * 10 + c - 48;
  }
  const digits = q - d0;
  if (digits < 1 || digits > 10 || (b[d0] === 48 && (digits > 1 || neg))) return -1;
  if (neg) n = -n;
  if (n < lo || n > hi) return -1;
  R.got = n;
  return q;
}

/** The pen state spelled at p up to a space, its index into R.state; the index of the space, or -1. */
function stateAt(b: Uint8Array, p: number, lim: number): number {
  let e = p;
  // No state is longer than 6 letters: stop looking for the space after 7.
  while (e < lim && e - p < 7 && b[e] !== SP) e++;
  if (sameBytes(b, p, e, STATE_BYTES[R.state]!)) return e;
  for (let k = 0; k < STATE_BYTES.length; k++) {
    if (sameBytes(b, p, e, STATE_BYTES[k]!)) {
      R.state = k;
      return e;
    }
  }
  return -1;
}

function sameBytes(b: Uint8Array, p: number, e: number, s: Uint8Array): boolean {
  if (e - p !== s.length) return false;
  for (let i = 0; i < s.length; i++) if (b[p + i] !== s[i]) return false;
  return true;
}
