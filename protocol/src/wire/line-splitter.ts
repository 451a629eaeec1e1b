/**
 * Splits a byte/char stream into lines for paths that do not use a Node stream
 * (in-process links, the browser). Unlike an unbounded readline buffer it drops
 * an over-long line whole and reports it, so a babbling peer cannot grow memory.
 */
import { MAX_LINE } from './codec.js';

/** Result of feeding a chunk: complete lines and how many over-long lines were dropped. */
export interface SplitResult {
  lines: string[];
  dropped: number;
}

/** Incremental LF line splitter with a length cap. */
export class LineSplitter {
  private buf = '';
  private discarding = false;

  /** `cap` bounds a line including garbage before its `$` and the CR. */
  constructor(private readonly cap = MAX_LINE * 4) {}

  /** Text received since the last LF (a line not terminated yet). */
  get pending(): string {
    return this.discarding ? '' : this.buf;
  }

  /** Feed text; returns the complete lines (without LF) and the count of dropped over-long lines. */
  feed(chunk: string): SplitResult {
    const lines: string[] = [];
    let dropped = 0;
    let from = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', from);
      if (nl < 0) break;
      const piece = chunk.slice(from, nl);
      if (this.discarding) {
        this.discarding = false;
      } else if (this.buf.length + piece.length > this.cap) {
        dropped++;
      } else {
        lines.push(this.buf + piece);
      }
      this.buf = '';
      from = nl + 1;
    }
    if (from < chunk.length && !this.discarding) {
      this.buf += chunk.slice(from);
      if (this.buf.length > this.cap) {
        this.buf = '';
        this.discarding = true;
        dropped++;
      }
    }
    return { lines, dropped };
  }
}
