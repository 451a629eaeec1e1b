/**
 * Counts frames lost from the pen's seq numbers. The pen numbers every frame it
 * sends (TLM, EVT and answers) 0..65535 and wraps, so a forward gap of k means
 * k-1 frames never arrived. A small step backwards is a replayed answer (the
 * pen dedupes a retransmission by resending its first answer, same seq) and is
 * not a loss; TLM and EVT are never replayed, so any step backwards on them,
 * or a large one on an answer, means the pen restarted its counter.
 */
import { MAX_SEQ } from '../wire/codec.js';

const MODULO = MAX_SEQ + 1;
/** A backwards step up to this size is taken as a replay, beyond it as a restart. */
const REPLAY_WINDOW = 1024;

/** Outcome of one observed seq. */
export type SeqVerdict = { kind: 'first' | 'next' | 'replay' | 'restart'; lost: number };

/** Tracks the pen's seq numbers for loss counting. */
export class SeqGapCounter {
  private last: number | null = null;
  lost = 0;
  replays = 0;
  restarts = 0;

  /** Observe a received seq; `replayable` is true for answers (ACK, NAK, INFO…), false for TLM/EVT. */
  observe(seq: number, replayable = true): SeqVerdict {
    if (this.last === null) {
      this.last = seq;
      return { kind: 'first', lost: 0 };
    }
    const delta = (seq - this.last + MODULO) % MODULO;
    if (replayable && (delta === 0 || delta > MODULO - REPLAY_WINDOW)) {
      this.replays++;
      return { kind: 'replay', lost: 0 };
    }
    if (delta === 0 || delta > MODULO / 2) {
      this.restarts++;
      this.last = seq;
      return { kind: 'restart', lost: 0 };
    }
    this.last = seq;
    this.lost += delta - 1;
    return { kind: 'next', lost: delta - 1 };
  }

  /** Forget the last seq (new connection, pen rebooted); counters stay. */
  resync(): void {
    this.last = null;
  }
}
