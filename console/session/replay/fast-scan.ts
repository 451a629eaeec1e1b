/**
 * The first open of a recording in one pass over its bytes. Nearly every line
 * of a recording is a telemetry frame the recorder wrote in one shape:
 *
 *   {"w":1763757000015,"t":15.1,"d":"in","l":"$812 TLM t=4060 s=RUN d=1000 m=997 r=120 n=4871 p=1 c=312 b=87*3F2A"}
 *
 * Such a line (and the heartbeat's PING and ACK, most of the rest) is checked
 * and read where it lies in the read buffer — its CRC
 * computed over the bytes, each field parsed in place to the catalogue's
 * grammar and range — without making a string or an object of it. Anything
 * else (another kind, another key order, an escape, a bad CRC, a value out of
 * range, the start and end records) is handed on as text to the reader that
 * takes every line (recording-reader.ts), so the result is exactly that
 * reader's: a test compares the two on mutated lines. Memory stays bounded
 * (one 1 MiB buffer and one line of at most 64 KiB), and only a regular file
 * is read, as everywhere else.
 */
import { closeSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { crc16Bytes, PEN_STATES } from '../../../protocol/src/index.js';
import type { TlmPoint } from '../../shared/charts/index.js';
import { MAX_RECORD_LINE, openRegularFile, RecordingFileError } from './recording-file.js';

const enc = new TextEncoder();
const indexOf = Uint8Array.prototype.indexOf;
const STATE_BYTES = PEN_STATES.map((s) => enc.encode(s));
const SP = 32;
const EQ = 61;
const STAR = 42;

/** What fastRecord made of a line: nothing (read it as text), a TLM frame, a heartbeat PING sent, an ACK received. */
export const FAST_NONE = 0;
export const FAST_TLM = 1;
export const FAST_PING = 2;
export const FAST_ACK = 3;

/** Where fastRecord puts what it read (filled in place, no allocation). */
export interface FastOut {
  tlm: TlmPoint;
  /** ACK re=. */
  re: number;
}

/**
 * What the readers below leave besides their return value: a number's value, the state last matched (most
 * frames repeat it: tried first), and the index after the record's closing `"}`.
 */
const R = { got: 0, state: 0, end: 0 };

/** Value of a hex digit (upper case, as the codec requires), -1 for any other byte. */
const HEX = Int8Array.from({ length: 256 }, (_, c) => (c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : -1));

/**
 * One recorded line read forward from `a` (never past `lim`), when it is in the recorder's shape and one of the
 * three kinds that make nearly all of a recording: a TLM frame the codec accepts exactly as written (into out.tlm),
 * a heartbeat PING sent, an ACK received (out.re). FAST_NONE for anything else: read it as text. On success R.end
 * is the index after the record: the caller checks that the line ends there.
 */
export function fastRecordAt(b: Uint8Array, a: number, lim: number, out: FastOut): number {
  // {"w":digits,
  if (b[a] !== 123 || b[a + 1] !== 34 || b[a + 2] !== 119 || b[a + 3] !== 34 || b[a + 4] !== 58) return FAST_NONE;
  let i = digitsTo(b, a + 5, lim, false);
  if (i < 0) return FAST_NONE;
  // "t":N, — the client's clock, digits with at most one decimal point
  if (b[i] === 34 && b[i + 1] === 116 && b[i + 2] === 34 && b[i + 3] === 58) {
    i = digitsTo(b, i + 4, lim, true);
    if (i < 0) return FAST_NONE;
  }
  // "d":"in" or "d":"out"
  if (b[i] !== 34 || b[i + 1] !== 100 || b[i + 2] !== 34 || b[i + 3] !== 58 || b[i + 4] !== 34) return FAST_NONE;
  i += 5;
  let dirIn = false;
  if (b[i] === 105 && b[i + 1] === 110 && b[i + 2] === 34) {
    dirIn = true;
    i += 3;
  } else if (b[i] === 111 && b[i + 1] === 117 && b[i + 2] === 116 && b[i + 3] === 34) i += 4;
  else return FAST_NONE;
  // ,"l":"$
  if (b[i] !== 44 || b[i + 1] !== 34 || b[i + 2] !== 108 || b[i + 3] !== 34 || b[i + 4] !== 58 || b[i + 5] !== 34 || b[i + 6] !== 36) {
    return FAST_NONE;
  }
  const dollar = i + 6;
  // seq: 1–5 digits ≤ 65535, then a space
  let p = dollar + 1;
  let seq = 0;
  for (; p < lim && b[p]! >= 48 && b[p]! <= 57; p++) seq = seq * 10 + b[p]! - 48;
  if (p === dollar + 1 || p - dollar > 6 || seq > 65535 || b[p] !== SP) return FAST_NONE;
  p++;
  let kind = FAST_NONE;
  if (!dirIn) {
    if (b[p] === 80 && b[p + 1] === 73 && b[p + 2] === 78 && b[p + 3] === 71 && b[p + 4] === STAR) kind = FAST_PING;
    p += 4;
  } else if (b[p] === 65 && b[p + 1] === 67 && b[p + 2] === 75 && b[p + 3] === SP) {
    // ACK re=N [t=N]
    if (b[p + 4] === 114 && b[p + 5] === 101 && b[p + 6] === EQ && (p = num(b, p + 7, lim, 0, 65535)) > 0) {
      out.re = R.got;
      if (b[p] === SP) p = field(b, p + 1, lim, 116, 0, 4294967295);
      if (p > 0 && b[p] === STAR) kind = FAST_ACK;
    }
  } else if ((p = tlmAt(b, p, lim, out.tlm)) > 0) kind = FAST_TLM;
  return kind === FAST_NONE ? FAST_NONE : frameEnd(b, dollar, p, lim, kind);
}

/**
 * The line [a, e) as fastRecordAt reads it when the record fills it exactly (tests; the scan reads forward and
 * finds the line's end from the record).
 */
export function fastRecord(b: Uint8Array, a: number, e: number, out: FastOut): number {
  const k = fastRecordAt(b, a, e, out);
  return k !== FAST_NONE && R.end === e ? k : FAST_NONE;
}

/**
 * After a frame read in full up to its * at `star`: `*HHHH"}` with the CRC of the bytes between the $ and the *,
 * and the frame (from $ to the end of its CRC) at most MAX_LINE (200) bytes. The readers above accept nothing
 * but digits, letters, _, = , - and single spaces there: no other $ (the codec would resync there), no escape,
 * no quote, no byte outside ASCII. `kind` with R.end set, or FAST_NONE.
 */
function frameEnd(b: Uint8Array, dollar: number, star: number, lim: number, kind: number): number {
  const end = star + 7;
  if (end > lim || star + 5 - dollar > 200 || b[star + 5] !== 34 || b[star + 6] !== 125) return FAST_NONE;
  const h0 = HEX[b[star + 1]!]!;
  const h1 = HEX[b[star + 2]!]!;
  const h2 = HEX[b[star + 3]!]!;
  const h3 = HEX[b[star + 4]!]!;
  if ((h0 | h1 | h2 | h3) < 0) return FAST_NONE;
  if (crc16Bytes(b, dollar + 1, star) !== ((h0 << 12) | (h1 << 8) | (h2 << 4) | h3)) return FAST_NONE;
  R.end = end;
  return kind;
}

/** Digits (with `dot`, at most one decimal point) from `i` to a comma; the index after the comma, or -1. */
function digitsTo(b: Uint8Array, i: number, lim: number, dot: boolean): number {
  const from = i;
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
 * The TLM fields at p (after the seq), exactly as the codec reads them, into `out`: t s d m r n p c b in the
 * order the pen writes them, one space between, ranges as in the catalogue (protocol/src/catalogue/catalogue.ts;
 * a test holds them to it). The index of the * after the last, or -1.
 */
function tlmAt(b: Uint8Array, p: number, lim: number, out: TlmPoint): number {
  if (b[p] !== 84 || b[p + 1] !== 76 || b[p + 2] !== 77 || b[p + 3] !== SP) return -1;
  if ((p = field(b, p + 4, lim, 116, 0, 4294967295)) < 0 || b[p] !== SP) return -1;
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

/** What fastScan hands on: a TLM frame (the same object each time: copy what is kept), an ACK's re, a PING sent. */
export interface FastSink {
  tlm(f: TlmPoint): void;
  ack(re: number): void;
  ping(): void;
}

/**
 * Reads a recording: TLM, ACK and PING lines in the recorder's shape to `on`, every other line as text to `onLine`. Rejects like forEachLine: a file that is not regular, or a line
 * longer than MAX_RECORD_LINE.
 */
export function fastScan(path: string, on: FastSink, onLine: (line: string) => void): void {
  const { fd } = openRegularFile(path);
  const scratch: FastOut = { tlm: { t: 0, s: 'BOOT', d: 0, m: 0, r: 0, n: 0, p: 0, c: 0, b: 0 }, re: 0 };
  let buf = Buffer.allocUnsafe(1 << 20);
  let have = 0;
  let lineNo = 0;
  const line = (a: number, e: number) => {
    lineNo++;
    if (e > a && buf[e - 1] === 13) e--;
    if (e === a) return;
    const k = fastRecord(buf, a, e, scratch);
    if (k === FAST_TLM) on.tlm(scratch.tlm);
    else if (k === FAST_ACK) on.ack(scratch.re);
    else if (k === FAST_PING) on.ping();
    else onLine(buf.toString('utf8', a, e));
  };
  try {
    for (;;) {
      const n = readSync(fd, buf, have, buf.length - have, null);
      have += n;
      let from = 0;
      for (;;) {
        // Nearly every line is a record read through to its end, where its line break must be: no search for it.
        const k = fastRecordAt(buf, from, have, scratch);
        if (k !== FAST_NONE) {
          const e = R.end;
          const next = e < have && buf[e] === 10 ? e + 1 : e + 1 < have && buf[e] === 13 && buf[e + 1] === 10 ? e + 2 : -1;
          if (next > 0 && e - from <= MAX_RECORD_LINE) {
            lineNo++;
            if (k === FAST_TLM) on.tlm(scratch.tlm);
            else if (k === FAST_ACK) on.ack(scratch.re);
            else on.ping();
            from = next;
            continue;
          }
        }
        // Any other line: up to its line break, as text (unless it is a record after all: the last one, unterminated).
        // The typed array's own indexOf: a V8 builtin, without Buffer.indexOf's per-call wrapper.
        const nl = indexOf.call(buf, 10, from);
        if (nl < 0 || nl >= have) break;
        if (nl - from > MAX_RECORD_LINE) throw tooLong(path, lineNo + 1, nl - from);
        line(from, nl);
        from = nl + 1;
      }
      if (n === 0) {
        if (have - from > MAX_RECORD_LINE) throw tooLong(path, lineNo + 1, have - from);
        if (have > from) line(from, have);
        return;
      }
      if (have - from > MAX_RECORD_LINE) throw tooLong(path, lineNo + 1, have - from);
      buf.copy(buf, 0, from, have);
      have -= from;
      if (have === buf.length) buf = Buffer.concat([buf, Buffer.allocUnsafe(buf.length)]);
    }
  } finally {
    closeSync(fd);
  }
}

function tooLong(path: string, lineNo: number, bytes: number): RecordingFileError {
  return new RecordingFileError(
    `${basename(path)}: line ${lineNo} is longer than ${MAX_RECORD_LINE} bytes (${bytes} read so far); a recording's lines are far shorter, so this is not a penbench recording`,
  );
}
