/**
 * Lines of a recording with their byte positions in the file, so a later
 * read can go straight to a stretch of it (a replay reads its lines block by
 * block, see replay-blocks.ts). Lines are cut at LF bytes and decoded one by
 * one, so a position is exact whatever the bytes are (a string-decoding
 * stream would shift them at invalid UTF-8). Memory is bounded as in
 * forEachLine: one chunk and a carried line of at most MAX_RECORD_LINE.
 */
import { closeSync, read } from 'node:fs';
import { lineTooLong, MAX_RECORD_LINE, openRegularFile } from './recording-file.js';

/** Called with each line (without LF or CR LF) and its bytes [start, end) in the file (end before the line break). */
export type LineAt = (line: string, start: number, end: number) => void;

const CHUNK = 1 << 20;
const indexOf = Uint8Array.prototype.indexOf;

function lineOf(buf: Buffer, a: number, e: number): string {
  return buf.toString('utf8', a, e > a && buf[e - 1] === 13 ? e - 1 : e);
}

/** Every line of `buf`, whose first byte is at `base` in the file; the last line may lack its LF. */
export function forEachLineIn(buf: Buffer, onLine: LineAt, base = 0): void {
  let from = 0;
  while (from < buf.length) {
    let nl = indexOf.call(buf, 10, from);
    if (nl < 0) nl = buf.length;
    onLine(lineOf(buf, from, nl), base + from, base + nl);
    from = nl + 1;
  }
}

/**
 * Streams the lines of a regular file with their byte positions; rejects like forEachLine for a file that is
 * not regular or a line longer than MAX_RECORD_LINE (before reading further). Resolves with the bytes read.
 */
export async function forEachLineAt(path: string, onLine: LineAt): Promise<number> {
  const { fd } = openRegularFile(path);
  const buf = Buffer.allocUnsafe(MAX_RECORD_LINE + CHUNK);
  // Bytes [0, carry) of buf: the start of a line whose LF is not read yet; it began at `pos - carry`.
  let carry = 0;
  let pos = 0;
  let lineNo = 0;
  try {
    for (;;) {
      const n = await new Promise<number>((resolve, reject) => read(fd, buf, carry, CHUNK, null, (e, got) => (e ? reject(e) : resolve(got))));
      const have = carry + n;
      const base = pos - carry;
      if (n === 0) {
        if (have > 0) onLine(lineOf(buf, 0, have), base, base + have);
        return pos;
      }
      pos += n;
      let from = 0;
      for (;;) {
        const nl = indexOf.call(buf, 10, from);
        if (nl < 0 || nl >= have) break;
        lineNo++;
        if (nl - from > MAX_RECORD_LINE) throw lineTooLong(path, lineNo, nl - from);
        onLine(lineOf(buf, from, nl), base + from, base + nl);
        from = nl + 1;
      }
      if (have - from > MAX_RECORD_LINE) throw lineTooLong(path, lineNo + 1, have - from);
      buf.copy(buf, 0, from, have);
      carry = have - from;
    }
  } finally {
    closeSync(fd);
  }
}
