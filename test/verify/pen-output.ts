/**
 * The host's receiver: the pen's output split into lines (garbage before a
 * frame skipped, as a receiver resyncs at the last `$`, PROTOCOL.md §1),
 * decoded, queued for the runner, and the last few kept for echoing back.
 */
import { decodeLine, type Message } from '../../protocol/src/index.js';

/** A decoded line from the pen. */
export interface Heard {
  raw: string;
  msg: Message;
}

/** Splits and decodes the pen's output. */
export class PenOutput {
  /** Decoded lines not yet taken. */
  fresh: Heard[] = [];
  /** The last decoded lines, for echoing them back to the pen. */
  readonly recent: string[] = [];
  private pending = '';

  /** Text from the pen (whole lines, or bytes of garbage). */
  hear(text: string): void {
    this.pending += text;
    let nl = this.pending.indexOf('\n');
    while (nl >= 0) {
      const line = this.pending.slice(0, nl + 1);
      this.pending = this.pending.slice(nl + 1);
      const raw = line.slice(Math.max(0, line.lastIndexOf('$')));
      const r = decodeLine(raw);
      if (r.ok) {
        this.fresh.push({ raw, msg: r.msg });
        this.recent.push(raw);
        if (this.recent.length > 32) this.recent.shift();
      }
      nl = this.pending.indexOf('\n');
    }
    if (this.pending.length > 4096) this.pending = '';
  }

  /** Take the decoded lines heard since the last call. */
  take(): Heard[] {
    const out = this.fresh;
    this.fresh = [];
    return out;
  }
}
