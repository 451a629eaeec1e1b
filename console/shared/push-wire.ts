/**
 * How session pushes cross a process boundary (the browser bridge and
 * Electron's IPC): telemetry samples travel in batches of rows — one message
 * per few milliseconds instead of one per frame, and the keys once per batch
 * instead of once per sample —, every other push as it is, in the order the
 * session made them (a batch is flushed before any other push). The receiving
 * side unpacks a batch into one `tlm` push per sample, so subscribers see the
 * PenPush stream the session emitted. No Node imports.
 */
import type { PenPush, TlmSample } from './pen-api.js';

/** The sample keys, in row order. */
export const TLM_KEYS = ['host', 't', 's', 'd', 'm', 'r', 'n', 'p', 'c', 'b'] as const satisfies readonly (keyof TlmSample)[];

/** One sample as a row of TLM_KEYS values. */
export type TlmRow = (string | number)[];

/** A telemetry batch as it travels. */
export interface TlmBatch {
  type: 'tlm-batch';
  keys: readonly string[];
  rows: TlmRow[];
}

/** A push as it travels: any PenPush but single telemetry samples, which go in batches. */
export type WirePush = Exclude<PenPush, { type: 'tlm' }> | TlmBatch;

/** A sample as a row. */
export function toRow(s: TlmSample): TlmRow {
  return [s.host, s.t, s.s, s.d, s.m, s.r, s.n, s.p, s.c, s.b];
}

/** The samples of a batch; rows of another shape (a newer sender's extra keys) are read by key name. */
export function fromBatch(b: Pick<TlmBatch, 'keys' | 'rows'>): TlmSample[] {
  const idx = TLM_KEYS.map((k) => b.keys.indexOf(k));
  return b.rows.map((r) => {
    const s: Record<string, unknown> = {};
    for (let i = 0; i < TLM_KEYS.length; i++) s[TLM_KEYS[i]!] = r[idx[i]!];
    return s as TlmSample;
  });
}

/** Unpacks a received push into the PenPushes it stands for, in order. */
export function unpackWirePush(p: WirePush, deliver: (p: PenPush) => void): void {
  if (p.type !== 'tlm-batch') {
    deliver(p);
    return;
  }
  for (const sample of fromBatch(p)) deliver({ type: 'tlm', sample });
}

/** Timers the batcher uses (tests pass fake ones). */
export interface BatchTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: BatchTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * Turns the session's push stream into wire pushes: samples wait at most
 * `maxWaitMs` (default 16 ms, about one display frame) or `maxRows` rows
 * (default 400), then go out as one batch; any other push first flushes the
 * waiting samples, so order is kept.
 */
export class PushBatcher {
  private rows: TlmRow[] = [];
  private timer: unknown = null;

  constructor(
    private readonly send: (p: WirePush, samples: number) => void,
    private readonly opts: { maxWaitMs?: number; maxRows?: number; timers?: BatchTimers } = {},
  ) {}

  /** One push from the session. */
  push(p: PenPush): void {
    if (p.type === 'tlm') {
      this.rows.push(toRow(p.sample));
      if (this.rows.length >= (this.opts.maxRows ?? 400)) this.flush();
      else if (this.timer === null) this.timer = (this.opts.timers ?? realTimers).setTimeout(() => this.flush(), this.opts.maxWaitMs ?? 16);
      return;
    }
    this.flush();
    this.send(p, 0);
  }

  /** Sends the waiting samples now. */
  flush(): void {
    if (this.timer !== null) (this.opts.timers ?? realTimers).clearTimeout(this.timer);
    this.timer = null;
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    this.send({ type: 'tlm-batch', keys: TLM_KEYS, rows }, rows.length);
  }

  /** Drops waiting samples and the timer (the connection closed). */
  dispose(): void {
    if (this.timer !== null) (this.opts.timers ?? realTimers).clearTimeout(this.timer);
    this.timer = null;
    this.rows = [];
  }
}
