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
import { crc16Bytes, PEN_STATES, type PenState } from '../../../protocol/src/index.js';
import type { TlmPoint } from '../../shared/charts/index.js';
import { MAX_RECORD_LINE, openRegularFile, RecordingFileError } from './recording-file.js';

const enc = new TextEncoder();
const indexOf = Uint8Array.prototype.indexOf;
const PREFIX = enc.encode('{"w":');
const MID_IN = enc.encode('"d":"in","l":"$');
const MID_OUT = enc.encode('"d":"out","l":"$');
const STATE_BYTES = PEN_STATES.map((s) => enc.encode(s));
const SP = 32;
const EQ = 61;

function startsWith(b: Uint8Array, at: number, p: Uint8Array): boolean {
  if (at + p.length > b.length) return false;
  for (let i = 0; i < p.length; i++) if (b[at + i] !== p[i]) return false;
  return true;
}

/** Digits only from `i` to the byte `stop`; returns the index of `stop`, or -1. */
function digitsTo(b: Uint8Array, i: number, end: number, stop: number, dot: boolean): number {
  const from = i;
  let dots = 0;
  for (; i < end; i++) {
    const c = b[i]!;
    if (c === stop) return i > from ? i : -1;
    if (c >= 48 && c <= 57) continue;
    if (dot && c === 46 && dots++ === 0) continue;
    return -1;
  }
  return -1;
}

const hex = (c: number): number => (c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : -1);

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

/** The frame of a record: [dollar, star) checked against its CRC, only plain ASCII; -1 when it is not one. */
function frameAt(b: Uint8Array, dollar: number, e: number): number {
  // The line ends `*HHHH"}`; the frame, $ to the end of its CRC, is at most MAX_LINE (200) bytes.
  const star = e - 7;
  if (star + 5 - dollar > 200 || star <= dollar || b[e - 1] !== 125 || b[e - 2] !== 34 || b[star] !== 42) return -1;
  let got = 0;
  for (let k = star + 1; k < star + 5; k++) {
    const h = hex(b[k]!);
    if (h < 0) return -1;
    got = (got << 4) | h;
  }
  // Only plain ASCII in the frame: no other $ (the codec would resync there), no escape, no quote.
  return crc16Bytes(b, dollar + 1, star, PLAIN) === got ? star : -1;
}

/** After `seq ` at p: the index of the kind; -1 when the seq is not 1–5 digits ≤ 65535 and a space. */
function afterSeq(b: Uint8Array, p: number, star: number): number {
  let seq = 0;
  const s0 = p;
  for (; p < star && b[p]! >= 48 && b[p]! <= 57; p++) seq = seq * 10 + b[p]! - 48;
  if (p === s0 || p - s0 > 5 || seq > 65535 || b[p] !== SP) return -1;
  return p + 1;
}

/**
 * One recorded line (bytes [a, e)) read where it lies, when it is in the recorder's shape and one of the three
 * kinds that make nearly all of a recording: a TLM frame the codec accepts exactly as written (into out.tlm),
 * a heartbeat PING sent, an ACK received (out.re). FAST_NONE for anything else: read it as text.
 */
export function fastRecord(b: Uint8Array, a: number, e: number, out: FastOut): number {
  if (!startsWith(b, a, PREFIX)) return FAST_NONE;
  let i = digitsTo(b, a + 5, e, 44, false); // "w": digits then ,
  if (i < 0) return FAST_NONE;
  i++;
  if (b[i] === 34 && b[i + 1] === 116 && b[i + 2] === 34 && b[i + 3] === 58) {
    // "t":N, — the client's clock, digits with at most one decimal point
    i = digitsTo(b, i + 4, e, 44, true);
    if (i < 0) return FAST_NONE;
    i++;
  }
  if (startsWith(b, i, MID_OUT)) {
    const dollar = i + MID_OUT.length - 1;
    const star = frameAt(b, dollar, e);
    if (star < 0) return FAST_NONE;
    const k = afterSeq(b, dollar + 1, star);
    return k > 0 && k + 4 === star && b[k] === 80 && b[k + 1] === 73 && b[k + 2] === 78 && b[k + 3] === 71 ? FAST_PING : FAST_NONE;
  }
  if (!startsWith(b, i, MID_IN)) return FAST_NONE;
  const dollar = i + MID_IN.length - 1;
  const star = frameAt(b, dollar, e);
  if (star < 0) return FAST_NONE;
  let p = afterSeq(b, dollar + 1, star);
  if (p < 0) return FAST_NONE;
  if (b[p] === 65 && b[p + 1] === 67 && b[p + 2] === 75 && b[p + 3] === SP) {
    // ACK re=N [t=N]
    p = field(b, p + 4, star, 114, 8, 101);
    if (p < 0) return FAST_NONE;
    out.re = got_;
    if (p === star + 1) return FAST_ACK;
    return field(b, p, star, 116, 0) === star + 1 ? FAST_ACK : FAST_NONE;
  }
  return tlmAt(b, p, star, out.tlm) ? FAST_TLM : FAST_NONE;
}

/** The TLM fields at p (after the seq), exactly as the codec reads them, into `out`; false when they differ. */
function tlmAt(b: Uint8Array, p: number, star: number, out: TlmPoint): boolean {
  if (b[p] !== 84 || b[p + 1] !== 76 || b[p + 2] !== 77 || b[p + 3] !== SP) return false;
  p += 4;
  // t s d m r n p c b, in the order the pen writes them; one field each, the last ending at the *.
  if ((p = field(b, p, star, 116, 0)) < 0) return false;
  out.t = got_;
  if (b[p] !== 115 || b[p + 1] !== EQ) return false;
  const st = stateAt(b, p + 2, star);
  if (st === null) return false;
  out.s = st;
  p = pos_;
  if (b[p] !== SP) return false;
  p++;
  if ((p = field(b, p, star, 100, 1)) < 0) return false;
  out.d = got_;
  if ((p = field(b, p, star, 109, 2)) < 0) return false;
  out.m = got_;
  if ((p = field(b, p, star, 114, 3)) < 0) return false;
  out.r = got_;
  if ((p = field(b, p, star, 110, 4)) < 0) return false;
  out.n = got_;
  if ((p = field(b, p, star, 112, 5)) < 0) return false;
  out.p = got_;
  if ((p = field(b, p, star, 99, 6)) < 0) return false;
  out.c = got_;
  if ((p = field(b, p, star, 98, 7)) !== star + 1) return false;
  out.b = got_;
  return true;
}

/** 1 for the bytes a frame body may hold here: printable ASCII other than $ " \\ *. */
const PLAIN = Uint8Array.from({ length: 256 }, (_, c) => (c >= 32 && c <= 126 && c !== 36 && c !== 34 && c !== 92 && c !== 42 ? 1 : 0));

/** Catalogue ranges of the integer TLM fields t d m r n p c b (protocol/src/catalogue/catalogue.ts). */
const LO = [0, 0, 0, 0, 0, 0, -400, 0, 0];
const HI = [4294967295, 9999, 9999, 999, 4294967295, 99, 1500, 100, 65535];
let got_ = 0;
let pos_ = 0;

/**
 * `key=` then an integer (0 | -?[1-9][0-9]{0,9}) in range `r`, then a space (or the * at `star`); the value in
 * got_, the index after the separator returned, -1 when anything differs.
 */
function field(b: Uint8Array, p: number, star: number, key: number, r: number, key2 = -1): number {
  // A one-letter key, or two letters (re=).
  if (b[p] !== key) return -1;
  if (key2 >= 0 && b[++p] !== key2) return -1;
  if (b[p + 1] !== EQ) return -1;
  let q = p + 2;
  const neg = b[q] === 45;
  if (neg) q++;
  const d0 = q;
  let n = 0;
  for (; q < star; q++) {
    const c = b[q]!;
    if (c === SP) break;
    if (c < 48 || c > 57) return -1;
    n = n * 10 + c - 48;
  }
  const digits = q - d0;
  if (digits < 1 || digits > 10 || (b[d0] === 48 && (digits > 1 || neg))) return -1;
  if (neg) n = -n;
  if (n < LO[r]! || n > HI[r]!) return -1;
  got_ = n;
  return q + 1;
}

/** The pen state spelled at p (up to a space), or null; pos_ is left at the byte after it. */
function stateAt(b: Uint8Array, p: number, star: number): PenState | null {
  let e = p;
  while (e < star && b[e] !== SP) e++;
  pos_ = e;
  const len = e - p;
  for (let k = 0; k < STATE_BYTES.length; k++) {
    const s = STATE_BYTES[k]!;
    if (s.length !== len) continue;
    let same = true;
    for (let i = 0; i < len; i++) {
      if (b[p + i] !== s[i]) {
        same = false;
        break;
      }
    }
    if (same) return PEN_STATES[k]!;
  }
  return null;
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
