/**
 * Opening and streaming a recording (or capture) file safely: only a regular
 * file is read — never a FIFO, device or directory, which could block the
 * reading thread forever, and in the recordings directory never a symbolic
 * link — and no line is held longer than a bound, so a file without line
 * breaks, or with one enormous line, fails quickly with a clear error and
 * bounded memory instead of exhausting it.
 */
import { closeSync, constants, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';

/** A recording line is a few hundred bytes (a 200-byte frame JSON-escaped, a dropped-bytes note): 64 KiB is far beyond any. */
export const MAX_RECORD_LINE = 64 * 1024;

/** A file that cannot be read as a recording, with the reason in words. */
export class RecordingFileError extends Error {
  override readonly name = 'RecordingFileError';
}

/** The error for line `lineNo` of `path` found longer than MAX_RECORD_LINE after `bytes` bytes. */
export function lineTooLong(path: string, lineNo: number, bytes: number): RecordingFileError {
  return new RecordingFileError(
    `${basename(path)}: line ${lineNo} is longer than ${MAX_RECORD_LINE} bytes (${bytes} read so far); a recording's lines are far shorter, so this is not a penbench recording`,
  );
}

/** How a file may be opened. */
export interface OpenOptions {
  /** Follow a symbolic link (a path the user typed); the recordings directory does not. */
  followLinks?: boolean;
}

/**
 * Opens `path` for reading if it is a regular file; throws RecordingFileError otherwise. The open never
 * blocks: O_NONBLOCK makes opening a FIFO return at once (then refused), O_NOFOLLOW refuses a link.
 */
export function openRegularFile(path: string, opts: OpenOptions = {}): { fd: number; size: number } {
  const flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (opts.followLinks ? 0 : (constants.O_NOFOLLOW ?? 0));
  let fd: number;
  try {
    fd = openSync(path, flags);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'EMLINK') throw new RecordingFileError(`${basename(path)} is a symbolic link; only regular files are read as recordings`);
    if (code === 'ENOENT') throw new RecordingFileError(`${basename(path)} does not exist`);
    throw new RecordingFileError(`cannot open ${basename(path)}: ${(e as Error).message}`);
  }
  const st = fstatSync(fd);
  if (!st.isFile()) {
    closeSync(fd);
    const what = st.isFIFO() ? 'a FIFO' : st.isDirectory() ? 'a directory' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : 'not a regular file';
    throw new RecordingFileError(`${basename(path)} is ${what}, not a regular file; only regular files are read as recordings`);
  }
  return { fd, size: st.size };
}

/** Reads at most `bytes` from the start of a regular file (never blocking on a FIFO); null when it is not one. */
export function readHead(path: string, bytes: number, opts: OpenOptions = {}): string | null {
  let opened: { fd: number };
  try {
    opened = openRegularFile(path, opts);
  } catch {
    return null;
  }
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(opened.fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8');
  } catch {
    return null;
  } finally {
    closeSync(opened.fd);
  }
}

/** Reads at most the last `bytes` of a regular file (never blocking on a FIFO); null when it is not one. */
export function readTail(path: string, bytes: number, opts: OpenOptions = {}): string | null {
  let opened: { fd: number; size: number };
  try {
    opened = openRegularFile(path, opts);
  } catch {
    return null;
  }
  try {
    const n = Math.min(bytes, opened.size);
    const buf = Buffer.alloc(n);
    const got = readSync(opened.fd, buf, 0, n, opened.size - n);
    return buf.subarray(0, got).toString('utf8');
  } catch {
    return null;
  } finally {
    closeSync(opened.fd);
  }
}

/** What a line-by-line read does with a line longer than the bound. */
export type TooLong = 'fail' | 'skip';

/** Options of forEachLine. */
export interface LineReadOptions extends OpenOptions {
  maxLine?: number;
  /** 'fail' (default): throw at the first over-long line; 'skip': report it to onTooLong and go on. */
  tooLong?: TooLong;
  onTooLong?(lineNo: number, bytes: number): void;
  encoding?: 'utf8' | 'latin1';
}

/**
 * Calls `onLine` with each line of the file (LF or CR LF; the last line may lack one), streaming with memory
 * bounded by `maxLine`. Resolves with the number of lines; rejects with RecordingFileError for a file that is
 * not regular, or (by default) at the first line longer than `maxLine` — before reading further.
 */
export async function forEachLine(path: string, onLine: (line: string, lineNo: number) => void, opts: LineReadOptions = {}): Promise<number> {
  const maxLine = opts.maxLine ?? MAX_RECORD_LINE;
  const { fd } = openRegularFile(path, opts);
  const stream = createReadStream('', { fd, encoding: opts.encoding ?? 'utf8', highWaterMark: 1 << 20 });
  let rest = '';
  let lineNo = 0;
  // Bytes of an over-long line being skipped (it is counted, not kept).
  let skipping = -1;
  const tooLong = (bytes: number): void => {
    if ((opts.tooLong ?? 'fail') === 'fail') {
      stream.destroy();
      throw new RecordingFileError(
        `${basename(path)}: line ${lineNo} is longer than ${maxLine} bytes${bytes > maxLine ? ` (${bytes} read so far)` : ''}; a recording's lines are far shorter, so this is not a penbench recording`,
      );
    }
    opts.onTooLong?.(lineNo, bytes);
  };
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      let from = 0;
      for (;;) {
        const nl = chunk.indexOf('\n', from);
        if (nl < 0) break;
        lineNo++;
        if (skipping >= 0) {
          tooLong(skipping + nl - from);
          skipping = -1;
        } else if (rest.length + nl - from > maxLine) {
          tooLong(rest.length + nl - from);
        } else {
          const line = rest ? rest + chunk.slice(from, nl) : chunk.slice(from, nl);
          onLine(line.endsWith('\r') ? line.slice(0, -1) : line, lineNo);
        }
        rest = '';
        from = nl + 1;
      }
      const tail = chunk.length - from;
      if (skipping >= 0) skipping += tail;
      else if (rest.length + tail > maxLine) {
        // Fail (or start skipping) as soon as the bound is passed: a 600 MB line is refused after 64 KiB.
        if ((opts.tooLong ?? 'fail') === 'fail') {
          lineNo++;
          tooLong(rest.length + tail);
        }
        skipping = rest.length + tail;
        rest = '';
      } else rest += chunk.slice(from);
    }
  } finally {
    stream.destroy();
  }
  if (skipping >= 0) {
    lineNo++;
    tooLong(skipping);
  } else if (rest) {
    lineNo++;
    onLine(rest.endsWith('\r') ? rest.slice(0, -1) : rest, lineNo);
  }
  return lineNo;
}
