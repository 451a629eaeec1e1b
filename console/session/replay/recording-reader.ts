/**
 * Streams a recording file (format 1, see console/docs/recording-format.md)
 * record by record without holding the file in memory. Records in the
 * recorder's own shape are cut apart by position (no JSON.parse, no object
 * per line); anything else — an escaped line, the start/end records, another
 * writer's key order — goes through JSON.parse, so the result equals
 * `parseRecording` from recorder.ts on the same text.
 */
import type { RecordDir } from '../recorder.js';
import { forEachLine } from './recording-file.js';

/** The start record of a recording. */
export interface RecordingHeader {
  format: number;
  wall: number;
  target: string;
  console?: string;
}

/** Called for every in/out/note record; `t` is NaN when the record has none. */
export type RecordSink = (d: RecordDir, line: string, w: number, t: number) => void;

/** What a full read saw. */
export interface ReadStats {
  header: RecordingHeader | null;
  /** in/out/note records delivered. */
  records: number;
  /** Lines that are neither JSON nor a record (a torn last line after a crash). */
  badLines: number;
  /** True when the end record was found. */
  complete: boolean;
  endWall: number | null;
}

const PREFIX = '{"w":';

/** Parses one text line of a recording; returns false when it is not JSON. */
function parseRecordLine(raw: string, sink: RecordSink, stats: ReadStats): boolean {
  if (raw.startsWith(PREFIX) && raw.endsWith('"}') && raw.indexOf('\\') < 0) {
    // {"w":N,"t":N,"d":"in","l":"..."} or {"w":N,"d":"note","l":"..."}
    const c1 = raw.indexOf(',', 5);
    const w = Number(raw.slice(5, c1));
    let p = c1 + 1;
    let t = NaN;
    if (raw.startsWith('"t":', p)) {
      const c2 = raw.indexOf(',', p + 4);
      t = Number(raw.slice(p + 4, c2));
      p = c2 + 1;
    }
    let d: RecordDir | null = null;
    if (raw.startsWith('"d":"in","l":"', p)) {
      d = 'in';
      p += 14;
    } else if (raw.startsWith('"d":"out","l":"', p)) {
      d = 'out';
      p += 15;
    } else if (raw.startsWith('"d":"note","l":"', p)) {
      d = 'note';
      p += 16;
    }
    if (d !== null && Number.isFinite(w)) {
      const line = raw.slice(p, raw.length - 2);
      // A quote inside means the cut was wrong (it would have been escaped): let JSON decide.
      if (line.indexOf('"') < 0) {
        stats.records++;
        sink(d, line, w, t);
        return true;
      }
    }
  }
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return false;
  }
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  if ('d' in o && 'l' in o) {
    stats.records++;
    sink(o.d as RecordDir, String(o.l), Number(o.w), typeof o.t === 'number' ? o.t : NaN);
  } else if (o.type === 'start') {
    stats.header = { format: Number(o.format), wall: Number(o.wall), target: String(o.target), ...(typeof o.console === 'string' ? { console: o.console } : {}) };
  } else if (o.type === 'end') {
    stats.complete = true;
    stats.endWall = typeof o.wall === 'number' ? o.wall : null;
  }
  return true;
}

/** Takes one text line of a recording (the fast scan's other lines); counts it bad when it is not JSON. */
export function readRecordLine(raw: string, sink: RecordSink, stats: ReadStats): void {
  if (raw && !parseRecordLine(raw, sink, stats)) stats.badLines++;
}

/** A ReadStats before any line. */
export function emptyStats(): ReadStats {
  return { header: null, records: 0, badLines: 0, complete: false, endWall: null };
}

/** Reads a whole recording text (tests, small files). */
export function readRecordingText(text: string, sink: RecordSink): ReadStats {
  const stats: ReadStats = { header: null, records: 0, badLines: 0, complete: false, endWall: null };
  let from = 0;
  while (from < text.length) {
    let nl = text.indexOf('\n', from);
    if (nl < 0) nl = text.length;
    if (nl > from && !parseRecordLine(text.slice(from, nl), sink, stats)) stats.badLines++;
    from = nl + 1;
  }
  return stats;
}

/**
 * Streams a recording file through `sink` with bounded memory; resolves with what it saw. Rejects with a
 * RecordingFileError for anything but a regular file (a FIFO, a symbolic link) and at the first line longer
 * than MAX_RECORD_LINE (a file with no line breaks fails after 64 KiB, not after reading it all), or on an I/O error.
 */
export async function readRecordingFile(path: string, sink: RecordSink): Promise<ReadStats> {
  const stats: ReadStats = { header: null, records: 0, badLines: 0, complete: false, endWall: null };
  // A last line without LF is a record cut by a crash, or complete but unterminated: parsed like the others.
  await forEachLine(path, (line) => {
    if (line && !parseRecordLine(line, sink, stats)) stats.badLines++;
  });
  return stats;
}

/** Reads only the start record (first line) of a file's text. */
export function headerOf(firstLine: string): RecordingHeader | null {
  const stats: ReadStats = { header: null, records: 0, badLines: 0, complete: false, endWall: null };
  parseRecordLine(firstLine, () => undefined, stats);
  return stats.header;
}
