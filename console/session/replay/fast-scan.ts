/**
 * The first open of a recording in one pass over its bytes: the file read
 * 1 MiB at a time, each line read where it lies by fastRecordAt
 * (fast-record.ts) when it is a TLM, PING or ACK record in the recorder's
 * shape — nearly all lines — and handed on as text to the reader that takes
 * every line (recording-reader.ts) otherwise. Memory stays bounded (two
 * buffers of 1 MiB and a line of at most 64 KiB), and only a regular file is
 * read, as everywhere else.
 */
import { closeSync, read } from 'node:fs';
import type { TlmPoint } from '../../shared/charts/index.js';
import { FAST_ACK, FAST_NONE, FAST_TLM, fastRecordAt, SLACK, type FastOut } from './fast-record.js';
import { lineTooLong, MAX_RECORD_LINE, openRegularFile } from './recording-file.js';

const indexOf = Uint8Array.prototype.indexOf;

/** What fastScan hands on: a TLM frame (the same object each time: copy what is kept), an ACK's re, a PING sent. */
export interface FastSink {
  tlm(f: TlmPoint): void;
  ack(re: number): void;
  ping(): void;
}

/** Bytes read at a time. */
const CHUNK = 1 << 20;
/** Room before the bytes read for the start of a line carried over from the chunk before. */
const HEAD = MAX_RECORD_LINE;

/** One of the scan's two buffers: [HEAD - carry, HEAD + read) in use, SLACK spare bytes past the end. */
function scanBuffer(): { buf: Buffer; view: DataView } {
  const buf = Buffer.allocUnsafe(HEAD + CHUNK + SLACK);
  return { buf, view: new DataView(buf.buffer, buf.byteOffset, buf.length) };
}

function readChunk(fd: number, buf: Buffer): Promise<number> {
  return new Promise((resolve, reject) => read(fd, buf, HEAD, CHUNK, null, (e, n) => (e ? reject(e) : resolve(n))));
}

/**
 * Reads a recording: TLM, ACK and PING lines in the recorder's shape to `on`, every other line as text to
 * `onLine`. Two buffers: the next chunk is read (on libuv's threads) while this one is scanned. Rejects like
 * forEachLine: a file that is not regular, or a line longer than MAX_RECORD_LINE.
 */
export async function fastScan(path: string, on: FastSink, onLine: (line: string) => void): Promise<void> {
  const { fd } = openRegularFile(path);
  const scratch: FastOut = { tlm: { t: 0, s: 'BOOT', d: 0, m: 0, r: 0, n: 0, p: 0, c: 0, b: 0 }, re: 0, end: 0 };
  const bufs = [scanBuffer(), scanBuffer()];
  let lineNo = 0;
  const take = (k: number) => {
    lineNo++;
    if (k === FAST_TLM) on.tlm(scratch.tlm);
    else if (k === FAST_ACK) on.ack(scratch.re);
    else on.ping();
  };
  /** A line [a, e) of `buf` that is not a record read through, as text (an unterminated last one too: the text reader makes the same of it). */
  const textLine = (buf: Buffer, a: number, e: number) => {
    lineNo++;
    if (e > a && buf[e - 1] === 13) e--;
    if (e > a) onLine(buf.toString('utf8', a, e));
  };
  let pending = readChunk(fd, bufs[0]!.buf);
  try {
    let cur = 0;
    // The unfinished line at the end of the chunk before: [carryFrom, carryTo) of the other buffer.
    let carryFrom = HEAD;
    let carryTo = HEAD;
    for (;;) {
      const n = await pending;
      const { buf, view } = bufs[cur]!;
      const other = bufs[cur ^ 1]!.buf;
      let from = HEAD - (carryTo - carryFrom);
      other.copy(buf, from, carryFrom, carryTo);
      const have = HEAD + n;
      if (n > 0) pending = readChunk(fd, other);
      for (;;) {
        // Nearly every line is a record read through to its end, where its line break must be: no search for it.
        const k = fastRecordAt(buf, view, from, have, scratch);
        if (k !== FAST_NONE && scratch.end - from <= MAX_RECORD_LINE) {
          const e = scratch.end;
          if (e < have && buf[e] === 10) {
            take(k);
            from = e + 1;
            continue;
          }
          if (e + 1 < have && buf[e] === 13 && buf[e + 1] === 10) {
            take(k);
            from = e + 2;
            continue;
          }
        }
        // Any other line: up to its line break (the typed array's own indexOf: a V8 builtin, without
        // Buffer.indexOf's per-call wrapper), as text.
        const nl = indexOf.call(buf, 10, from);
        if (nl < 0 || nl >= have) break;
        if (nl - from > MAX_RECORD_LINE) throw lineTooLong(path, lineNo + 1, nl - from);
        textLine(buf, from, nl);
        from = nl + 1;
      }
      if (have - from > MAX_RECORD_LINE) throw lineTooLong(path, lineNo + 1, have - from);
      if (n === 0) {
        if (have > from) textLine(buf, from, have);
        return;
      }
      carryFrom = from;
      carryTo = have;
      cur ^= 1;
    }
  } finally {
    // A read still under way (after an error) finishes into a buffer nobody reads; the descriptor waits for it.
    await pending.catch(() => 0);
    closeSync(fd);
  }
}

