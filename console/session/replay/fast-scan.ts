/**
 * The first open of a recording in one pass over its bytes: a 1 MiB buffer
 * read from the file, each line in it read where it lies by fastRecordAt
 * (fast-record.ts) when it is a TLM, PING or ACK record in the recorder's
 * shape — nearly all lines — and handed on as text to the reader that takes
 * every line (recording-reader.ts) otherwise. Memory stays bounded (one 1 MiB
 * buffer and one line of at most 64 KiB), and only a regular file is read, as
 * everywhere else.
 */
import { closeSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import type { TlmPoint } from '../../shared/charts/index.js';
import { FAST_ACK, FAST_NONE, FAST_TLM, fastRecordAt, SLACK, type FastOut } from './fast-record.js';
import { MAX_RECORD_LINE, openRegularFile, RecordingFileError } from './recording-file.js';

const indexOf = Uint8Array.prototype.indexOf;

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
  const scratch: FastOut = { tlm: { t: 0, s: 'BOOT', d: 0, m: 0, r: 0, n: 0, p: 0, c: 0, b: 0 }, re: 0, end: 0 };
  // Bytes [0, have) read; SLACK more past the end, never filled, for fastRecordAt's four-byte reads.
  let buf = Buffer.allocUnsafe((1 << 20) + SLACK);
  let view = new DataView(buf.buffer, buf.byteOffset, buf.length);
  let have = 0;
  let lineNo = 0;
  const take = (k: number) => {
    lineNo++;
    if (k === FAST_TLM) on.tlm(scratch.tlm);
    else if (k === FAST_ACK) on.ack(scratch.re);
    else on.ping();
  };
  try {
    for (;;) {
      const n = readSync(fd, buf, have, buf.length - SLACK - have, null);
      have += n;
      let from = 0;
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
        if (nl - from > MAX_RECORD_LINE) throw tooLong(path, lineNo + 1, nl - from);
        textLine(from, nl);
        from = nl + 1;
      }
      if (n === 0) {
        if (have - from > MAX_RECORD_LINE) throw tooLong(path, lineNo + 1, have - from);
        if (have > from) textLine(from, have);
        return;
      }
      if (have - from > MAX_RECORD_LINE) throw tooLong(path, lineNo + 1, have - from);
      buf.copy(buf, 0, from, have);
      have -= from;
      if (have === buf.length - SLACK) {
        buf = Buffer.concat([buf, Buffer.allocUnsafe(buf.length)]);
        view = new DataView(buf.buffer, buf.byteOffset, buf.length);
      }
    }
  } finally {
    closeSync(fd);
  }

  /**
   * A line [a, e) that is not a record read through above, as text (the last line of the file without a line break
   * too, even when it is a record: the text reader makes the same of it).
   */
  function textLine(a: number, e: number): void {
    lineNo++;
    if (e > a && buf[e - 1] === 13) e--;
    if (e > a) onLine(buf.toString('utf8', a, e));
  }
}

function tooLong(path: string, lineNo: number, bytes: number): RecordingFileError {
  return new RecordingFileError(
    `${basename(path)}: line ${lineNo} is longer than ${MAX_RECORD_LINE} bytes (${bytes} read so far); a recording's lines are far shorter, so this is not a penbench recording`,
  );
}
