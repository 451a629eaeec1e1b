/**
 * An in-process line link with two ends, for tests and for running a pen in
 * the same process. Delivery is asynchronous (a microtask, or `latencyMs`) so
 * a reply is never delivered inside the writer's call stack, as on a real wire.
 * Hooks let tests drop or corrupt lines, and `unplug()`/`plug()` simulate a
 * cable pulled and put back.
 */
import { Emitter } from '../util/emitter.js';
import { LineSplitter } from '../wire/line-splitter.js';
import {
  transportError, unterminatedBytes, withLf, type DroppedBytes, type LineTransport, type TransportError, type TransportEvents, type TransportResult,
} from './transport.js';

/** Which way a line travels: from end `a` to end `b` or back. */
export type PairDirection = 'aToB' | 'bToA';

/** Options of a memory pair. */
export interface MemoryPairOptions {
  /** Called for every line in flight (with LF); return the text to deliver (maybe corrupted), or null to drop it. */
  filter?: (line: string, dir: PairDirection) => string | null;
  /** Delivery delay in ms; 0 (default) delivers in a microtask. */
  latencyMs?: number;
}

/** One end of a memory pair. */
export class MemoryEnd implements LineTransport {
  private readonly events = new Emitter<TransportEvents>();
  private splitter = new LineSplitter();
  private opened = false;
  constructor(
    readonly label: string,
    private readonly pair: MemoryPair,
    private readonly dir: PairDirection,
  ) {}

  get isOpen(): boolean {
    return this.opened;
  }

  async open(): Promise<TransportResult> {
    if (this.pair.unplugged) return { ok: false, error: transportError(`${this.label}: unplugged`, { disconnected: true }) };
    if (this.opened) return { ok: false, error: transportError(`${this.label}: already open`) };
    this.opened = true;
    this.splitter = new LineSplitter();
    return { ok: true };
  }

  async close(): Promise<void> {
    this.shut(undefined);
  }

  async write(line: string): Promise<TransportResult> {
    if (!this.opened) return { ok: false, error: transportError(`${this.label}: not open`, { disconnected: this.pair.unplugged, unsent: true }) };
    this.pair.deliver(withLf(line), this.dir);
    return { ok: true };
  }

  on<K extends keyof TransportEvents>(event: K, fn: (payload: TransportEvents[K]) => void): () => void {
    return this.events.on(event, fn);
  }

  unterminated(): DroppedBytes | null {
    return this.opened ? unterminatedBytes(this.splitter.pending) : null;
  }

  /** @internal bytes arriving from the peer. */
  receive(text: string): void {
    if (!this.opened) return;
    const { lines, dropped } = this.splitter.feed(text);
    if (dropped > 0) this.events.emit('dropped', { reason: 'line too long', bytes: 0 });
    for (const l of lines) {
      if (!this.opened) return;
      this.events.emit('line', l);
    }
  }

  /** @internal close with or without an error. */
  shut(error: TransportError | undefined): void {
    if (!this.opened) return;
    this.opened = false;
    if (error) this.events.emit('error', error);
    this.events.emit('close', error ? { error } : {});
  }
}

/** Two connected ends `a` and `b`. */
export class MemoryPair {
  readonly a: MemoryEnd;
  readonly b: MemoryEnd;
  /** True between unplug() and plug(). */
  unplugged = false;
  /** Lines dropped by the filter, per direction. */
  readonly filtered = { aToB: 0, bToA: 0 };

  constructor(private readonly opts: MemoryPairOptions = {}) {
    this.a = new MemoryEnd('memory:a', this, 'aToB');
    this.b = new MemoryEnd('memory:b', this, 'bToA');
  }

  /** Replace the filter (tests switch loss on and off). */
  setFilter(filter: MemoryPairOptions['filter']): void {
    this.opts.filter = filter;
  }

  /** Simulate the cable pulled: both open ends close with a `disconnected` error; opens fail until plug(). */
  unplug(): void {
    this.unplugged = true;
    const err = (end: MemoryEnd) => transportError(`${end.label}: disconnected`, { disconnected: true });
    this.a.shut(err(this.a));
    this.b.shut(err(this.b));
  }

  /** Put the cable back: ends may be opened again. */
  plug(): void {
    this.unplugged = false;
  }

  /** @internal */
  deliver(line: string, dir: PairDirection): void {
    const filtered = this.opts.filter ? this.opts.filter(line, dir) : line;
    if (filtered === null) {
      this.filtered[dir]++;
      return;
    }
    const to = dir === 'aToB' ? this.b : this.a;
    const go = () => {
      if (!this.unplugged) to.receive(filtered);
    };
    const ms = this.opts.latencyMs ?? 0;
    if (ms > 0) globalThis.setTimeout(go, ms);
    else queueMicrotask(go);
  }
}

/** Create a connected in-process pair. */
export function createMemoryPair(opts: MemoryPairOptions = {}): MemoryPair {
  return new MemoryPair(opts);
}
