/**
 * Every raw line in and out, with its host time, for the protocol terminal
 * and the message inspector. Lines are batched (one push per 100 ms, however
 * many lines: 200 Hz telemetry is 20 lines a push, not 200 pushes a second)
 * and collected only while someone listens, so a console nobody watches
 * costs nothing. A batch is bounded; lines beyond it are counted, not queued.
 */
import type { WireLine } from '../shared/index.js';

/** Options of a wire feed. */
export interface WireFeedOptions {
  /** Batch period, ms (default 100). */
  periodMs?: number;
  /** Lines per batch at most (default 2000); more are dropped and counted. */
  maxBatch?: number;
}

type Listener = (lines: readonly WireLine[], dropped: number) => void;

/** Batches raw lines for its listeners. */
export class WireFeed {
  private readonly listeners = new Set<Listener>();
  private batch: WireLine[] = [];
  private dropped = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly periodMs: number;
  private readonly maxBatch: number;

  constructor(opts: WireFeedOptions = {}) {
    this.periodMs = opts.periodMs ?? 100;
    this.maxBatch = opts.maxBatch ?? 2000;
  }

  /** True while at least one listener is subscribed (lines are collected only then). */
  get active(): boolean {
    return this.listeners.size > 0;
  }

  /** One line in or out (or a console note), `w` its host wall time. */
  add(d: WireLine['d'], l: string, w: number): void {
    if (this.listeners.size === 0) return;
    if (this.batch.length >= this.maxBatch) this.dropped++;
    else this.batch.push({ d, l, w });
    this.timer ??= setTimeout(() => this.flush(), this.periodMs);
  }

  /** Listens until the returned function is called. */
  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => {
      this.listeners.delete(fn);
      if (this.listeners.size === 0) this.reset();
    };
  }

  /** Drops listeners and what waits (session closed). */
  close(): void {
    this.listeners.clear();
    this.reset();
  }

  private reset(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.batch = [];
    this.dropped = 0;
  }

  private flush(): void {
    this.timer = null;
    const lines = this.batch;
    const dropped = this.dropped;
    this.batch = [];
    this.dropped = 0;
    if (lines.length === 0 && dropped === 0) return;
    for (const l of this.listeners) {
      try {
        l(lines, dropped);
      } catch {
        // One broken front end must not stop the others.
      }
    }
  }
}
