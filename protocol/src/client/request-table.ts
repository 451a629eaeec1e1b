/**
 * The host's outstanding requests, correlated with answers by seq: timeout,
 * retransmission of the identical line, bounded retries, RTT samples
 * (first-attempt answers only, Karn's rule), and result values.
 */
import type { NakCode } from '../catalogue/enums.js';
import type { Message, PenMessage } from '../catalogue/messages.js';
import { MAX_SEQ } from '../wire/codec.js';
import type { Clock, TimerHandle } from '../util/clock.js';
import type { TransportError, TransportResult } from '../transport/transport.js';
import type { RttWindow } from './rtt-window.js';
import type { RequestResult } from './types.js';

interface Pending {
  seq: number;
  kind: string;
  line: string;
  firstSent: number;
  lastSent: number;
  attempts: number;
  maxAttempts: number;
  timeoutMs: number;
  timer: TimerHandle | null;
  resolve(r: RequestResult): void;
}

/** Counters the table updates (owned by the client's stats). */
export interface RequestCounters {
  retransmits: number;
  timeouts: number;
  naks: number;
  lateReplies: number;
}

/** What the table needs from its client. */
export interface RequestTableDeps {
  clock: Clock;
  /** Write one line to the link. */
  write(line: string): Promise<TransportResult>;
  /** False when the link is gone: a timed-out request then fails instead of retransmitting. */
  linkUp(): boolean;
  counters: RequestCounters;
  rtt: RttWindow;
}

/** Outstanding requests by seq. */
/** The result of a request that was never sent: the link is not up, or its fields do not encode (naming the key). */
export function notSent(seq: number, error: 'NOT_CONNECTED' | 'INVALID', message: string, key?: string): RequestResult {
  return { ok: false, seq, error, message, attempts: 0, ...(key ? { key } : {}) };
}

export class RequestTable {
  private readonly pending = new Map<number, Pending>();
  private seq = 0;

  constructor(private readonly deps: RequestTableDeps) {}

  /** The next host seq, skipping seqs still waiting so a wrap never aliases two requests. */
  takeSeq(): number {
    for (let i = 0; i <= MAX_SEQ; i++) {
      const s = this.seq;
      this.seq = s >= MAX_SEQ ? 0 : s + 1;
      if (!this.pending.has(s)) return s;
    }
    return this.seq;
  }

  /** Send an encoded command and resolve with its answer or failure. */
  start(seq: number, kind: string, line: string, timeoutMs: number, retries: number): Promise<RequestResult> {
    return new Promise<RequestResult>((resolve) => {
      const now = this.deps.clock.now();
      const p: Pending = {
        seq, kind, line, firstSent: now, lastSent: now, attempts: 0, maxAttempts: 1 + Math.max(0, retries),
        timeoutMs, timer: null, resolve,
      };
      this.pending.set(seq, p);
      this.transmit(p);
    });
  }

  /** Match an answer (a frame with `re=`); false when no request waits for it (late or replayed). */
  answer(msg: PenMessage): boolean {
    const re = (msg.fields as { re?: number }).re;
    const p = re === undefined ? undefined : this.pending.get(re);
    if (!p) {
      this.deps.counters.lateReplies++;
      return false;
    }
    const now = this.deps.clock.now();
    // Karn's rule: a retransmitted request's answer cannot be matched to one send.
    if (p.attempts === 1) this.deps.rtt.add(now - p.lastSent);
    if (msg.kind === 'NAK') {
      this.deps.counters.naks++;
      const code = msg.fields.code as NakCode;
      const detail = msg.fields.msg ? `: ${msg.fields.msg}` : '';
      this.finish(p, {
        ok: false, seq: p.seq, error: 'NAK', code, nak: msg as Message<'NAK'>, attempts: p.attempts,
        message: `${p.kind} refused: ${code}${detail}`,
      });
    } else {
      this.finish(p, { ok: true, seq: p.seq, reply: msg as never, rttMs: now - p.firstSent, attempts: p.attempts });
    }
    return true;
  }

  /** Resolve every waiting request with a failure (link lost, client closed). */
  failAll(error: 'LINK_LOST' | 'CLOSED', message: string, transport?: TransportError): void {
    for (const p of [...this.pending.values()]) {
      this.finish(p, { ok: false, seq: p.seq, error, message, attempts: p.attempts, ...(transport ? { transport } : {}) });
    }
  }

  private transmit(p: Pending): void {
    p.attempts++;
    p.lastSent = this.deps.clock.now();
    if (p.attempts > 1) this.deps.counters.retransmits++;
    p.timer = this.deps.clock.setTimeout(() => this.onTimeout(p), p.timeoutMs);
    void this.deps.write(p.line).then((w) => {
      if (!w.ok && this.pending.get(p.seq) === p) {
        this.finish(p, { ok: false, seq: p.seq, error: 'WRITE_FAILED', message: w.error.message, attempts: p.attempts, transport: w.error });
      }
    });
  }

  private onTimeout(p: Pending): void {
    p.timer = null;
    if (this.pending.get(p.seq) !== p) return;
    if (p.attempts < p.maxAttempts && this.deps.linkUp()) {
      this.transmit(p);
      return;
    }
    this.deps.counters.timeouts++;
    this.finish(p, {
      ok: false, seq: p.seq, error: 'TIMEOUT', attempts: p.attempts,
      message: `no answer to ${p.kind} seq ${p.seq} after ${p.attempts} attempt(s) of ${p.timeoutMs} ms`,
    });
  }

  private finish(p: Pending, r: RequestResult): void {
    if (p.timer !== null) this.deps.clock.clearTimeout(p.timer);
    p.timer = null;
    this.pending.delete(p.seq);
    p.resolve(r);
  }
}
