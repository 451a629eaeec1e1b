/**
 * Deliberately broken pens for proving that the search finds a broken rule,
 * whatever state the real simulator is in: each wraps the real simulator and
 * breaks one rule on the wire only (it drops, injects or answers lines), so
 * the same pen is broken before and after the firmware's own fixes.
 */
import { decodeLine, encode, type Message } from '../../../protocol/src/index.js';
import { createSimPen, type PenSnapshot, type SimPen, type SimPenOptions } from '../../../firmware-sim/src/pen/sim-pen.js';
import type { PenUnderTest } from '../pen-under-test.js';

/** Seqs the wrappers use for the lines they inject (their answers are swallowed). */
const INJECTED_SEQ = 65_000;

/** The real simulator behind a filter on its wire. */
abstract class WrappedPen implements PenUnderTest {
  protected readonly inner: SimPen;
  private readonly listeners: Array<(text: string) => void> = [];
  private injected = 0;

  constructor(opts: SimPenOptions) {
    this.inner = createSimPen(opts);
    this.inner.onOutput((text) => {
      const r = decodeLine(text);
      const re = r.ok ? (r.msg.fields as { re?: number }).re : undefined;
      if (re !== undefined && re >= INJECTED_SEQ) return;
      for (const fn of this.listeners) fn(text);
    });
  }

  /** What the broken pen does with a line from the host. */
  abstract receiveLine(line: string): void;

  /** Send the host's listeners a line as if the pen had said it. */
  protected say(line: string): void {
    for (const fn of this.listeners) fn(line);
  }

  /** Give the real pen a command of the wrapper's own; its answer never reaches the host. */
  protected inject(kind: string, fields: Record<string, string | number> = {}): void {
    this.inner.receiveLine(encode({ seq: INJECTED_SEQ + (this.injected++ % 500), kind, fields } as unknown as Message));
  }

  advance(ms: number): void {
    this.inner.advance(ms);
  }

  onOutput(fn: (text: string) => void): () => void {
    this.listeners.push(fn);
    return () => {
      const i = this.listeners.indexOf(fn);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  snapshot(): PenSnapshot {
    return this.inner.snapshot();
  }

  powerCycle(): void {
    this.inner.powerCycle();
  }

  get boots(): number {
    return this.inner.boots;
  }
}

/** SR-16 broken: a STOP whose seq and body came before is answered from memory and not executed. */
export class StopFromMemoryPen extends WrappedPen {
  private readonly stops = new Map<string, string>();

  receiveLine(line: string): void {
    const r = decodeLine(line);
    if (!r.ok || r.msg.kind !== 'STOP') {
      this.inner.receiveLine(line);
      return;
    }
    const remembered = this.stops.get(r.body);
    if (remembered !== undefined) {
      this.say(remembered);
      return;
    }
    const off = this.inner.onOutput((text) => {
      if (text.includes(` ACK re=${r.msg.seq} `) || text.includes(` ACK re=${r.msg.seq}*`)) this.stops.set(r.body, text);
    });
    this.inner.receiveLine(line);
    off();
  }
}

/** SR-11 broken: any CRC-valid line renews the lease, garbage and echoes included. */
export class LeaseOnAnythingPen extends WrappedPen {
  receiveLine(line: string): void {
    this.inner.receiveLine(line);
    const r = decodeLine(line);
    if (r.ok || r.error === 'UNKNOWN_KIND' || r.error === 'BAD_FIELD') this.inject('PING');
  }
}

/** SR-02 broken: START without a selected area runs anyway, as if an area of 2.5 mm were selected. */
export class NoAreaNeededPen extends WrappedPen {
  private areaChosen = false;

  receiveLine(line: string): void {
    const r = decodeLine(line);
    if (r.ok && r.msg.kind === 'START' && !this.areaChosen) this.inject('SET_AREA', { area: 'BODY' });
    this.inner.receiveLine(line);
    if (r.ok && (r.msg.kind === 'SET_AREA' || r.msg.kind === 'RESET_SETTINGS')) this.areaChosen = r.msg.kind === 'SET_AREA';
  }

  override powerCycle(): void {
    this.areaChosen = false;
    super.powerCycle();
  }
}
