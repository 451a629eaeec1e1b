/**
 * The host's outstanding requests: a bounded queue in front of a small window
 * of commands on the wire, answers correlated by seq and checked by kind,
 * timeout and retransmission of the identical line, RTT samples (first-attempt
 * answers only, Karn's rule), and result values that say what is known.
 *
 * Lanes: an ordinary command waits for the window (default one command on the
 * wire at a time) in a bounded FIFO; a heartbeat PING never waits; a STOP
 * (SR-16) never waits either, and it supersedes everything before it — queued
 * commands are cancelled unsent and commands on the wire are not sent again,
 * so nothing issued before a STOP can reach the pen after it. A STOP is never
 * retransmitted as the same line: each attempt takes a fresh seq, because a pen
 * executes every STOP and never answers one from its dedupe memory (PROTOCOL.md §9).
 */
import { specOf } from '../catalogue/catalogue.js';
import type { NakCode } from '../catalogue/enums.js';
import type { Message, PenMessage } from '../catalogue/messages.js';
import { MAX_SEQ } from '../wire/codec.js';
import type { Clock, TimerHandle } from '../util/clock.js';
import type { TransportError, TransportResult } from '../transport/transport.js';
import type { RttWindow } from './rtt-window.js';
import type { Delivery, RequestErrorCode, RequestResult } from './types.js';

/** How a command waits for the wire. */
export type Lane = 'command' | 'heartbeat' | 'stop';

/** A command to send: its kind, its line for a given seq (null: does not encode), and its timing. */
export interface Outgoing {
  kind: string;
  lineFor(seq: number): string | null;
  timeoutMs: number;
  retries: number;
  lane: Lane;
}

interface Pending extends Outgoing {
  seq: number;
  /** Every seq this request went out with (a STOP takes a fresh one per attempt). */
  seqs: number[];
  firstSent: number;
  lastSent: number;
  attempts: number;
  timer: TimerHandle | null;
  timerDue: number;
  /** Answer timers that fired late because the host itself stalled (not counted as attempts). */
  graces: number;
  queueTimer: TimerHandle | null;
  /** A write handed to the transport has not completed yet. */
  writing: boolean;
  /** At least one write completed: the line left the host. */
  written: boolean;
  /** A STOP went out after this was sent: it must not reach the pen again. */
  superseded: boolean;
  /** Counted in the window. */
  windowed: boolean;
  done: boolean;
  resolve(r: RequestResult): void;
}

/** Counters the table updates (owned by the client's stats). */
export interface RequestCounters {
  retransmits: number;
  timeouts: number;
  naks: number;
  lateReplies: number;
  busyRefusals: number;
  cancelled: number;
  unexpectedAnswers: number;
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
  maxInFlight: number;
  maxQueued: number;
  queueTimeoutMs: number;
}

/** A failure result. */
export function failure(
  seq: number, error: RequestErrorCode, delivery: Delivery, message: string, extra: { attempts?: number; key?: string; transport?: TransportError } = {},
): RequestResult {
  const { attempts = 0, key, transport } = extra;
  return { ok: false, seq, error, delivery, message, attempts, ...(key ? { key } : {}), ...(transport ? { transport } : {}) };
}

/** The result of a request that was never sent: the link is not up, or its fields do not encode (naming the key). */
export function notSent(seq: number, error: 'NOT_CONNECTED' | 'INVALID', message: string, key?: string): RequestResult {
  return failure(seq, error, 'not_sent', message, key ? { key } : {});
}

/** The kinds that answer `kind` (NAK included), from the catalogue. */
function answersOf(kind: string): readonly string[] {
  return specOf(kind)?.answers ?? [];
}

/** Outstanding and queued requests. */
export class RequestTable {
  private readonly pending = new Map<number, Pending>();
  private readonly queue: Pending[] = [];
  private inFlight = 0;
  private seq = 0;

  constructor(private readonly deps: RequestTableDeps) {}

  /** Commands waiting for the window. */
  get queued(): number {
    return this.queue.length;
  }

  /** True when an ordinary command submitted now would be refused BUSY (the queue is full). */
  get full(): boolean {
    return this.inFlight >= this.deps.maxInFlight && this.queue.length >= this.deps.maxQueued;
  }

  /** The BUSY refusal of a command that finds the queue full (counted; never sent). */
  busy(kind: string): RequestResult {
    this.deps.counters.busyRefusals++;
    return failure(-1, 'BUSY', 'not_sent',
      `${kind} not sent: ${this.queue.length} commands are already waiting for the pen (limit ${this.deps.maxQueued}); try again once it has answered them`);
  }

  /** Queue or send a command; resolves with its answer or with what is known of its fate. */
  submit(o: Outgoing): Promise<RequestResult> {
    return new Promise<RequestResult>((resolve) => {
      const p: Pending = {
        ...o, seq: -1, seqs: [], firstSent: 0, lastSent: 0, attempts: 0, timer: null, timerDue: 0, graces: 0, queueTimer: null,
        writing: false, written: false, superseded: false, windowed: false, done: false, resolve,
      };
      if (o.lane === 'stop') {
        // SR-16: STOP jumps every host queue and goes out next; what was issued before it never follows it.
        this.supersede();
        this.transmit(p);
      } else if (o.lane === 'heartbeat') {
        this.transmit(p);
      } else if (this.inFlight < this.deps.maxInFlight && this.queue.length === 0) {
        this.startWindowed(p);
      } else if (this.queue.length >= this.deps.maxQueued) {
        this.finish(p, this.busy(p.kind));
      } else {
        p.queueTimer = this.deps.clock.setTimeout(() => this.expire(p), this.deps.queueTimeoutMs);
        this.queue.push(p);
      }
    });
  }

  /** Match an answer (a frame with `re=`); true when it is the successful answer of a waiting command of a kind it answers. */
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
        ok: false, seq: p.seq, error: 'NAK', delivery: 'answered', code, nak: msg as Message<'NAK'>, attempts: p.attempts,
        message: `${p.kind} refused: ${code}${detail}`,
      });
    } else if (!answersOf(p.kind).includes(msg.kind)) {
      // Matched by re= alone, an ACK to GET_STATUS would pass for a STATUS: the kind must be one that answers this command.
      this.deps.counters.unexpectedAnswers++;
      const expected = answersOf(p.kind).join(' or ');
      this.finish(p, failure(p.seq, 'UNEXPECTED_ANSWER', 'unknown',
        `${p.kind} seq ${re} was answered with ${msg.kind}, but ${p.kind} is answered by ${expected} (PROTOCOL.md §7): the pen does not follow the protocol, so what it did is unknown`,
        { attempts: p.attempts }));
    } else {
      this.finish(p, { ok: true, seq: p.seq, reply: msg as never, rttMs: now - p.firstSent, attempts: p.attempts, delivery: 'answered' });
      return true;
    }
    return false;
  }

  /** Resolve every request with a failure (link lost, client closed): queued ones were never sent, the others' fate is unknown. */
  failAll(error: 'LINK_LOST' | 'CLOSED', message: string, transport?: TransportError): void {
    const extra = transport ? { transport } : {};
    for (const p of this.queue.splice(0)) this.finish(p, failure(-1, error, 'not_sent', `${message} (${p.kind} was still waiting, not sent)`, extra));
    for (const p of new Set(this.pending.values())) {
      this.finish(p, failure(p.seq, error, p.attempts > 0 ? 'unknown' : 'not_sent', message, { ...extra, attempts: p.attempts }));
    }
  }

  /** The next host seq, skipping seqs still waiting so a wrap never aliases two requests. */
  private takeSeq(): number {
    for (let i = 0; i <= MAX_SEQ; i++) {
      const s = this.seq;
      this.seq = s >= MAX_SEQ ? 0 : s + 1;
      if (!this.pending.has(s)) return s;
    }
    return this.seq;
  }

  private supersede(): void {
    for (const p of this.queue.splice(0)) {
      this.deps.counters.cancelled++;
      this.finish(p, failure(-1, 'CANCELLED', 'not_sent', `${p.kind} not sent: a STOP was sent while it was waiting (SR-16)`));
    }
    for (const p of this.pending.values()) p.superseded = true;
  }

  private startWindowed(p: Pending): void {
    this.inFlight++;
    p.windowed = true;
    this.transmit(p);
  }

  private transmit(p: Pending): void {
    if (p.attempts === 0 || p.lane === 'stop') {
      p.seq = this.takeSeq();
      p.seqs.push(p.seq);
    }
    const line = p.lineFor(p.seq);
    if (line === null) {
      this.finish(p, p.attempts === 0
        ? failure(-1, 'INVALID', 'not_sent', `${p.kind} does not encode with seq ${p.seq}`)
        : failure(p.seq, 'INVALID', 'unknown', `${p.kind} does not encode with seq ${p.seq}`, { attempts: p.attempts }));
      return;
    }
    this.pending.set(p.seq, p);
    const now = this.deps.clock.now();
    p.attempts++;
    p.lastSent = now;
    if (p.attempts === 1) p.firstSent = now;
    else this.deps.counters.retransmits++;
    this.arm(p);
    p.writing = true;
    void this.deps.write(line).then((w) => this.onWritten(p, w));
  }

  private arm(p: Pending): void {
    p.timerDue = this.deps.clock.now() + p.timeoutMs;
    p.timer = this.deps.clock.setTimeout(() => this.onTimeout(p), p.timeoutMs);
  }

  private onWritten(p: Pending, w: TransportResult): void {
    p.writing = false;
    if (w.ok) {
      p.written = true;
      return;
    }
    // A timed-out write may still go out: only the answer (or its absence) tells.
    if (p.done || w.error.timedOut) return;
    const delivery: Delivery = w.error.unsent && !p.written ? 'not_sent' : 'unknown';
    this.finish(p, failure(delivery === 'not_sent' && p.attempts === 1 ? -1 : p.seq, 'WRITE_FAILED', delivery, w.error.message, { attempts: p.attempts, transport: w.error }));
  }

  private onTimeout(p: Pending): void {
    p.timer = null;
    if (p.done) return;
    // A timer this late means the host itself was stalled (a blocked event loop, a paused process), not the
    // pen: its answer may be waiting unread in the OS buffer, so give it time instead of resending or giving up.
    if (this.deps.clock.now() - p.timerDue > p.timeoutMs && p.graces < 2) {
      p.graces++;
      this.arm(p);
      return;
    }
    if (p.attempts < 1 + Math.max(0, p.retries) && this.deps.linkUp() && !p.superseded) {
      if (!p.writing) return this.transmit(p);
      // The last copy is still queued in the transport: another would only wait behind it.
      p.attempts++;
      this.arm(p);
      return;
    }
    this.deps.counters.timeouts++;
    this.finish(p, failure(p.seq, 'TIMEOUT', 'unknown',
      `no answer to ${p.kind} seq ${p.seq} after ${p.attempts} attempt(s) of ${p.timeoutMs} ms: it may or may not have been executed`,
      { attempts: p.attempts }));
  }

  private expire(p: Pending): void {
    p.queueTimer = null;
    const i = this.queue.indexOf(p);
    if (i < 0) return;
    this.queue.splice(i, 1);
    this.deps.counters.busyRefusals++;
    this.finish(p, failure(-1, 'BUSY', 'not_sent', `${p.kind} not sent: it waited ${this.deps.queueTimeoutMs} ms behind other commands to the pen`));
  }

  private finish(p: Pending, r: RequestResult): void {
    if (p.done) return;
    p.done = true;
    if (p.timer !== null) this.deps.clock.clearTimeout(p.timer);
    if (p.queueTimer !== null) this.deps.clock.clearTimeout(p.queueTimer);
    p.timer = p.queueTimer = null;
    for (const s of p.seqs) if (this.pending.get(s) === p) this.pending.delete(s);
    if (p.windowed) {
      p.windowed = false;
      this.inFlight--;
    }
    p.resolve(r);
    this.pump();
  }

  /** Sends queued commands while the window has room. */
  private pump(): void {
    while (this.inFlight < this.deps.maxInFlight && this.queue.length > 0) {
      const next = this.queue.shift()!;
      if (next.queueTimer !== null) this.deps.clock.clearTimeout(next.queueTimer);
      next.queueTimer = null;
      this.startWindowed(next);
    }
  }
}
