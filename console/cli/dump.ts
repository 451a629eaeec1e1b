/**
 * `npm run pen -- dump <recording>`: decode a capture, either the console's
 * session recording (JSON Lines, format 1, see console/session/recorder.ts:
 * {"w":…,"t":…,"d":"in"|"out"|"note","l":"$…"}) or a plain file of wire lines.
 * Each line is shown with its time and direction, decoded or with the reason
 * it does not decode; a summary counts kinds, errors and pen seq gaps.
 * Everything from the file is shown with control characters escaped, and a
 * file is streamed line by line: a huge file or an enormous line costs bounded
 * memory (an over-long line is reported and skipped).
 */
import { decodeLine, specOf } from '../../protocol/src/index.js';
import { forEachLine, readHead } from '../session/replay/recording-file.js';
import { jsonLine, visible } from '../shared/visible-text.js';
import { fieldText } from './format.js';

/** One line of a capture. */
export interface CaptureLine {
  /** ms since the first record, when known. */
  t?: number;
  dir: 'in' | 'out' | 'note' | '?';
  line: string;
}

/** A capture line longer than this is not a frame nor a record: reported and skipped. */
export const MAX_CAPTURE_LINE = 64 * 1024;

/** One decoded capture line, as `--json` writes it (one object per line). */
export type DumpEntry = { t?: number; dir: CaptureLine['dir'] } & (
  | { note: string }
  | { error: string; detail: string; line: string }
  | { kind: string; seq: number; fields: Record<string, unknown> }
);

/** The closing counts, as `--json` writes them. */
export interface DumpSummary {
  summary: true;
  lines: number;
  format: 'recording' | 'lines';
  kinds: Record<string, number>;
  undecodable: number;
  /** Pen frames lost (seq gaps). */
  lost: number;
  /** Over-long lines skipped. */
  skipped: number;
}

/** Decodes a capture line by line, whatever its size. */
export class CaptureDumper {
  private format: 'recording' | 'lines' | null = null;
  private w0: number | null = null;
  private readonly kinds = new Map<string, number>();
  private errors = 0;
  private lost = 0;
  private count = 0;
  private skipped = 0;
  private lastPenSeq: number | null = null;
  /** Recent pen lines, to tell a replayed answer from a new frame (bounded). */
  private readonly seen = new Set<string>();

  /** The output lines for one text line of the file. */
  line(raw: string): string[] {
    const e = this.entry(raw);
    return e ? [showEntry(e)] : [];
  }

  /** The decoded entry of one text line of the file (null: blank, or a record that is not a line). */
  entry(raw: string): DumpEntry | null {
    if (raw.trim() === '') return null;
    this.format ??= raw.trimStart().startsWith('{') ? 'recording' : 'lines';
    const c = this.format === 'lines' ? { dir: '?' as const, line: raw } : this.record(raw);
    return c ? this.decode(c) : null;
  }

  /** The output line for a line too long to be part of a capture. */
  tooLong(lineNo: number, bytes: number): string {
    this.skipped++;
    return `!! line ${lineNo}: ${bytes} bytes, longer than ${MAX_CAPTURE_LINE}: not a frame or a record, skipped`;
  }

  /** The closing counts. */
  counts(): DumpSummary {
    return {
      summary: true, lines: this.count, format: this.format ?? 'lines', kinds: Object.fromEntries(this.kinds),
      undecodable: this.errors, lost: this.lost, skipped: this.skipped,
    };
  }

  /** The closing summary. */
  summary(): string {
    const byKind = [...this.kinds.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
    const skipped = this.skipped ? `; ${this.skipped} over-long line(s) skipped` : '';
    return `-- ${this.count} lines (${this.format === 'recording' ? 'console recording' : 'plain lines'}): ${byKind || 'no frames'}; ${this.errors} undecodable; ${this.lost} pen frames lost (seq gaps)${skipped}`;
  }

  private record(raw: string): CaptureLine | null {
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch {
      // A torn last record (the console was killed mid-write) is skipped.
      return null;
    }
    if (!v || typeof v !== 'object') return null;
    const o = v as Record<string, unknown>;
    if (typeof o['l'] !== 'string') return null;
    const w = typeof o['w'] === 'number' ? o['w'] : null;
    if (w !== null) this.w0 ??= w;
    const d = o['d'] === 'in' || o['d'] === 'out' || o['d'] === 'note' ? o['d'] : '?';
    return { ...(w !== null && this.w0 !== null ? { t: w - this.w0 } : {}), dir: d, line: o['l'] };
  }

  private decode(c: CaptureLine): DumpEntry {
    this.count++;
    const head = { ...(c.t !== undefined ? { t: c.t } : {}), dir: c.dir };
    if (c.dir === 'note') return { ...head, note: c.line };
    const r = decodeLine(c.line);
    if (!r.ok) {
      this.errors++;
      return { ...head, error: r.error, detail: r.detail, line: c.line };
    }
    const m = r.msg;
    this.kinds.set(m.kind, (this.kinds.get(m.kind) ?? 0) + 1);
    const fromPen = c.dir === 'in' || (c.dir === '?' && specOf(m.kind)?.dir === 'pen');
    if (fromPen && !this.seen.has(c.line)) {
      if (this.seen.size >= 4096) this.seen.clear();
      this.seen.add(c.line);
      if (this.lastPenSeq !== null) {
        const gap = (m.seq - this.lastPenSeq - 1 + 65536) % 65536;
        if (gap > 0 && gap < 1000) this.lost += gap;
      }
      this.lastPenSeq = m.seq;
    }
    return { ...head, kind: m.kind, seq: m.seq, fields: m.fields as Record<string, unknown> };
  }
}

/** One entry as a text line, control characters escaped. */
function showEntry(e: DumpEntry): string {
  const time = e.t !== undefined ? `${(e.t / 1000).toFixed(3).padStart(9)} s ` : '';
  const arrow = e.dir === 'in' ? '<' : e.dir === 'out' ? '>' : e.dir === 'note' ? '#' : ' ';
  if ('note' in e) return `${time}# ${visible(e.note)}`;
  if ('error' in e) return `${time}${arrow} !! ${e.error}: ${visible(e.detail)}  "${visible(e.line)}"`;
  return `${time}${arrow} ${e.kind.padEnd(11)} seq=${String(e.seq).padEnd(5)} ${fieldText(e.fields)}`.trimEnd();
}

/** Decode a capture's text into printable lines plus a summary. */
export function dumpCapture(text: string): string[] {
  const d = new CaptureDumper();
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) out.push(...d.line(raw));
  out.push(d.summary());
  return out;
}

/**
 * Decode a capture file, streamed: each output line goes to `write` as it is made (as JSON objects, one per
 * line, with `json`). Rejects with the reason for a file that is not a regular file (a FIFO would block
 * forever) or cannot be read.
 */
export async function dumpFile(path: string, write: (line: string) => void, opts: { json?: boolean } = {}): Promise<void> {
  const d = new CaptureDumper();
  // A console recording is UTF-8 JSON; plain wire lines are bytes, one character each.
  const json = (readHead(path, 64, { followLinks: true }) ?? '').trimStart().startsWith('{');
  await forEachLine(path, (raw) => {
    if (!opts.json) {
      for (const l of d.line(raw)) write(l);
      return;
    }
    const e = d.entry(raw);
    if (e) write(jsonLine(e));
  }, {
    followLinks: true, maxLine: MAX_CAPTURE_LINE, tooLong: 'skip', encoding: json ? 'utf8' : 'latin1',
    onTooLong: (n, bytes) => {
      const text = d.tooLong(n, bytes);
      write(opts.json ? jsonLine({ skipped: { line: n, bytes } }) : text);
    },
  });
  write(opts.json ? jsonLine(d.counts()) : d.summary());
}
