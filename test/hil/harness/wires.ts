/**
 * The two kinds of wire: a compressed-time one around an in-process simulated
 * pen (time passes only when the harness sleeps, so an hour of pen time takes
 * seconds), and a real-time one over any LineTransport (pty, serial device).
 */
import { LineSplitter, withLf, type LineTransport } from '../../../protocol/src/index.js';
import type { HilWire } from './types.js';

/** What the compressed wire needs of an in-process pen (the simulator's SimPen satisfies it). */
export interface SteppablePen {
  receiveLine(line: string): void;
  onOutput(fn: (text: string) => void): () => void;
  now(): number;
  advance(ms: number): void;
}

/** A wire to an in-process pen whose clock advances only in `sleep`. */
export class CompressedWire implements HilWire {
  nextSeq = 1;
  private readonly listeners = new Set<(line: string) => void>();
  private readonly fromPen = new LineSplitter();
  private readonly toPen = new LineSplitter();
  private readonly off: () => void;

  constructor(
    private readonly pen: SteppablePen,
    readonly label = 'sim (in-process, compressed time)',
  ) {
    this.off = pen.onOutput((text) => {
      for (const l of this.fromPen.feed(text).lines) for (const fn of [...this.listeners]) fn(l);
    });
  }

  write(line: string): void {
    for (const l of this.toPen.feed(withLf(line)).lines) this.pen.receiveLine(l);
  }

  onLine(fn: (line: string) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  now(): number {
    return this.pen.now();
  }

  async sleep(ms: number): Promise<void> {
    this.pen.advance(ms);
  }

  /** Stop listening to the pen. */
  dispose(): void {
    this.off();
    this.listeners.clear();
  }
}

/** A wire over a line transport, timed by the host's monotonic clock. */
export class RealtimeWire implements HilWire {
  nextSeq = 1;
  private readonly listeners = new Set<(line: string) => void>();
  private chain: Promise<unknown> = Promise.resolve();
  /** Write failures seen (a case then times out waiting for the answer; this says why). */
  readonly writeErrors: string[] = [];
  /**
   * Open the transport again before a write when it has closed: a pen switched
   * off and on over USB comes back as a new device at the same path. Off once
   * the owner closes the port for good.
   */
  reopen: boolean;

  constructor(readonly transport: LineTransport, opts: { reopen?: boolean } = {}) {
    this.reopen = opts.reopen ?? false;
    transport.on('line', (l) => {
      for (const fn of [...this.listeners]) fn(l);
    });
  }

  get label(): string {
    return this.transport.label;
  }

  write(line: string): void {
    // Writes are chained so lines leave in the order they were written.
    this.chain = this.chain.then(async () => {
      if (this.reopen && !this.transport.isOpen) await this.transport.open();
      const r = await this.transport.write(line);
      if (!r.ok) this.writeErrors.push(r.error.message);
    });
  }

  onLine(fn: (line: string) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  now(): number {
    return performance.now();
  }

  /** The longest a sleep overran its time since the last resetLag(), ms: how late a busy host was. */
  maxLagMs = 0;

  sleep(ms: number): Promise<void> {
    const due = performance.now() + ms;
    return new Promise((r) => setTimeout(() => {
      this.maxLagMs = Math.max(this.maxLagMs, performance.now() - due);
      r();
    }, ms));
  }
}
