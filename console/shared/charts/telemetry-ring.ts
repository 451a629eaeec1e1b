/**
 * A fixed-capacity ring of the chart columns in typed arrays: pushing a frame
 * allocates nothing, so 200 Hz for an hour costs no garbage. Device time is
 * unwrapped into a monotonic axis: the pen's 32-bit `t` wraps, and a reboot
 * restarts it, and neither may fold the chart back on itself.
 */
import type { TlmPoint } from './types.js';

/** Column arrays of the ring, oldest first after `linearize`. */
export interface RingColumns {
  x: Float64Array;
  d: Float32Array;
  m: Float32Array;
  r: Float32Array;
  p: Float32Array;
  /** 1 while running with the needle out (RUN and m > 0). */
  on: Uint8Array;
  /** Handpiece temperature, 0.1 °C. */
  c: Float32Array;
  /** Battery, %. */
  b: Float32Array;
  /** Strokes of the cartridge. */
  n: Float64Array;
  /** Depth error m − d while running, µm; NaN otherwise (a gap in the chart). */
  e: Float32Array;
}

/** The extra series the charts offer beyond depth and rate. */
export type ExtraSeries = 'c' | 'b' | 'n' | 'e';

/** Gap inserted on the axis where device time went backwards (wrap or reboot). */
const RESTART_GAP_MS = 5;

/** Maps the pen's device time (wraps at 2^32, restarts on reboot) onto a monotonic axis. */
export class AxisUnwrapper {
  private lastRaw: number | null = null;
  private offset = 0;
  private lastX = 0;

  /** Axis time of device time `t` without taking it as a frame (an event between frames). */
  peek(t: number): number {
    return this.lastRaw !== null && t < this.lastRaw ? this.lastX + RESTART_GAP_MS : t + this.offset;
  }

  /** Axis time of a frame with device time `t`. */
  map(t: number): number {
    if (this.lastRaw !== null && t < this.lastRaw) this.offset = this.lastX + RESTART_GAP_MS - t;
    this.lastRaw = t;
    this.lastX = t + this.offset;
    return this.lastX;
  }

  reset(): void {
    this.lastRaw = null;
    this.offset = 0;
    this.lastX = 0;
  }

  /** Its state as three numbers (last raw time or NaN, offset, last axis time), to go on from later. */
  save(): [number, number, number] {
    return [this.lastRaw ?? NaN, this.offset, this.lastX];
  }

  /** Goes on from a state that save() gave. */
  restore([lastRaw, offset, lastX]: readonly [number, number, number]): this {
    this.lastRaw = Number.isNaN(lastRaw) ? null : lastRaw;
    this.offset = offset;
    this.lastX = lastX;
    return this;
  }
}

/** Ring buffer of chart columns. */
export class TelemetryRing {
  readonly capacity: number;
  private readonly cols: RingColumns;
  private head = 0; // next write index
  private size = 0;
  private readonly axis = new AxisUnwrapper();
  private lastX = 0;

  constructor(capacity: number) {
    this.capacity = Math.max(2, Math.floor(capacity));
    const n = this.capacity;
    this.cols = {
      x: new Float64Array(n), d: new Float32Array(n), m: new Float32Array(n), r: new Float32Array(n), p: new Float32Array(n), on: new Uint8Array(n),
      c: new Float32Array(n), b: new Float32Array(n), n: new Float64Array(n), e: new Float32Array(n),
    };
  }

  get length(): number {
    return this.size;
  }

  /** Axis time of the newest sample (0 when empty). */
  get newestX(): number {
    return this.size ? this.lastX : 0;
  }

  /** Axis time of the oldest sample kept (0 when empty). */
  get oldestX(): number {
    return this.size ? this.cols.x[this.index(0)]! : 0;
  }

  /** Appends one frame; the oldest is overwritten when full. */
  push(s: TlmPoint): void {
    const x = this.axis.map(s.t);
    this.lastX = x;
    const i = this.head;
    const c = this.cols;
    c.x[i] = x;
    c.d[i] = s.d;
    c.m[i] = s.m;
    c.r[i] = s.r;
    c.p[i] = s.p;
    c.on[i] = s.s === 'RUN' && s.m > 0 ? 1 : 0;
    c.c[i] = s.c;
    c.b[i] = s.b;
    c.n[i] = s.n;
    c.e[i] = s.s === 'RUN' ? s.m - s.d : NaN;
    this.head = (i + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
  }

  clear(): void {
    this.head = 0;
    this.size = 0;
    this.axis.reset();
    this.lastX = 0;
  }

  /** Axis time of an event at device time `t` (between the frames around it). */
  axisOf(t: number): number {
    return this.axis.peek(t);
  }

  /** Physical index of the k-th oldest sample. */
  index(k: number): number {
    return (this.head - this.size + k + this.capacity) % this.capacity;
  }

  /** The raw columns (physical order) and the logical range as up to two physical [start, end) spans. */
  spans(): { cols: RingColumns; parts: [number, number][] } {
    const start = this.index(0);
    const end = start + this.size;
    const parts: [number, number][] = end <= this.capacity ? [[start, end]] : [[start, this.capacity], [0, end - this.capacity]];
    return { cols: this.cols, parts: this.size ? parts : [] };
  }
}
