/**
 * Drives a pen's clock from a Node timer. `real`: each tick advances the pen
 * by the wall time that passed (pen time tracks wall time). `sim`: each tick
 * advances exactly `tickMs`, so a run with the same seed and inputs is
 * reproducible even when the host is busy (pen time may then lag wall time).
 */
import type { SimPen } from '../pen/sim-pen.js';

export type ClockMode = 'real' | 'sim';

/** Start the driver; returns a stop function. */
export function runRealtime(pen: SimPen, mode: ClockMode, tickMs = 5): () => void {
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    // A host that slept (suspend, debugger) must not replay minutes of physics at once.
    const dt = mode === 'real' ? Math.min(now - last, 1000) : tickMs;
    last = now;
    pen.advance(dt);
  }, tickMs);
  return () => clearInterval(timer);
}

/**
 * Limits output to what a UART at `baud` carries (10 bits per byte), like a
 * pen's TX FIFO: text waits in a bounded queue; what does not fit is dropped
 * whole and counted (the host sees the seq gap).
 */
export class UartThrottle {
  private queue: string[] = [];
  private queued = 0;
  private budget = 0;
  private last = performance.now();
  private timer: ReturnType<typeof setInterval> | null = null;
  /** Lines dropped because the queue was full. */
  overflows = 0;

  constructor(
    private readonly baud: number,
    private readonly write: (text: string) => void,
    private readonly maxQueue = 4096,
  ) {}

  /** Queue text for output. */
  push(text: string): void {
    if (this.baud <= 0) {
      this.write(text);
      return;
    }
    if (this.queued + text.length > this.maxQueue) {
      this.overflows++;
      return;
    }
    this.queue.push(text);
    this.queued += text.length;
    this.timer ??= setInterval(() => this.pump(), 2);
  }

  private pump(): void {
    const now = performance.now();
    this.budget = Math.min(this.budget + ((now - this.last) * this.baud) / 10_000, 512);
    this.last = now;
    let out = '';
    while (this.queue.length > 0 && this.budget >= 1) {
      const head = this.queue[0]!;
      const n = Math.min(head.length, Math.floor(this.budget));
      out += head.slice(0, n);
      this.budget -= n;
      this.queued -= n;
      if (n === head.length) this.queue.shift();
      else this.queue[0] = head.slice(n);
    }
    if (out.length > 0) this.write(out);
    if (this.queue.length === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
      this.budget = 0;
    }
  }

  /** Stop the pump (pending text is discarded). */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.queue = [];
  }
}
