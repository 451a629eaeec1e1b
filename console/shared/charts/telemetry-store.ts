/**
 * The charts' rolling-window telemetry store. Frames go into a typed-array
 * ring as they arrive (any rate, up to 200 Hz); subscribers hear about them at
 * most `maxUpdatesPerSec` times a second (30 by default), so React renders the
 * charts at a bounded rate whatever the telemetry rate. A view is the window
 * [end − window, end] on the device-time axis, decimated to a bounded number
 * of points; pausing freezes `end`, scrolling back moves it into the history.
 */
import { minMaxDecimate, type Decimated } from './decimate.js';
import { TelemetryRing, type ExtraSeries } from './telemetry-ring.js';
import { DEFAULT_WINDOW_MS, type TlmPoint } from './types.js';

/** Timers the store batches with (tests pass a fake clock). */
export interface StoreClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemClock: StoreClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Options of a ChartStore. */
export interface ChartStoreOptions {
  /** Frames kept for scroll-back (default 10 min at 200 Hz = 120 000). */
  capacity?: number;
  /** Initial window, ms (default 30 s). */
  windowMs?: number;
  /** Upper bound of notifications per second (default 30). */
  maxUpdatesPerSec?: number;
  clock?: StoreClock;
}

/** What one chart frame draws. Series are decimated; x is the device-time axis in ms. */
export interface ChartView {
  x0: number;
  x1: number;
  windowMs: number;
  paused: boolean;
  /** How far the window's end is behind the newest frame, ms (0 = live). */
  offsetMs: number;
  oldestX: number;
  newestX: number;
  measured: Decimated;
  setpoint: Decimated;
  rate: Decimated;
  /** Frames in the window before decimation. */
  framesInWindow: number;
}

/** Notifies at most N times a second. */
export class ChartStore {
  readonly ring: TelemetryRing;
  private windowMsValue: number;
  private pausedAt: number | null = null;
  private offset = 0;
  private readonly minGapMs: number;
  private readonly clock: StoreClock;
  private readonly listeners = new Set<() => void>();
  private timer: unknown = null;
  private lastNotify = Number.NEGATIVE_INFINITY;
  private versionValue = 0;
  private notifications = 0;
  private last: TlmPoint | null = null;

  constructor(opts: ChartStoreOptions = {}) {
    this.ring = new TelemetryRing(opts.capacity ?? 120_000);
    this.windowMsValue = opts.windowMs ?? DEFAULT_WINDOW_MS;
    this.minGapMs = 1000 / (opts.maxUpdatesPerSec ?? 30);
    this.clock = opts.clock ?? systemClock;
  }

  /** Changes whenever subscribers are notified (useSyncExternalStore snapshot). */
  get version(): number {
    return this.versionValue;
  }

  /** Notifications sent so far (the bench and tests count them). */
  get notifyCount(): number {
    return this.notifications;
  }

  get windowMs(): number {
    return this.windowMsValue;
  }

  get paused(): boolean {
    return this.pausedAt !== null;
  }

  /** The newest frame, or null. */
  get latest(): TlmPoint | null {
    return this.last;
  }

  readonly subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  readonly getVersion = (): number => this.versionValue;

  /** One telemetry frame. */
  push(s: TlmPoint): void {
    this.ring.push(s);
    this.last = s;
    // Also while paused: the live views (liveView) and the readout keep moving.
    this.schedule();
  }

  /** Several frames, one notification at most. */
  pushMany(frames: readonly TlmPoint[]): void {
    for (const f of frames) {
      this.ring.push(f);
      this.last = f;
    }
    if (frames.length) this.schedule();
  }

  /** Window length, ms (any positive value; the UI offers WINDOW_CHOICES_MS). */
  setWindow(ms: number): void {
    if (!(ms > 0)) return;
    this.windowMsValue = ms;
    this.schedule();
  }

  /** Freezes the view at the current newest frame; frames keep being stored. */
  pause(): void {
    if (this.pausedAt !== null) return;
    this.pausedAt = this.ring.newestX;
    this.offset = 0;
    this.schedule();
  }

  /** Back to the live end. */
  resume(): void {
    this.pausedAt = null;
    this.offset = 0;
    this.schedule();
  }

  /** Moves the window's end `ms` further into the past (negative: forward); pauses first. Clamped to the history kept. */
  scrollBy(ms: number): void {
    if (this.pausedAt === null) this.pause();
    const newest = this.ring.newestX;
    const maxBack = Math.max(0, newest - this.ring.oldestX - this.windowMsValue);
    const currentBack = newest - (this.pausedAt ?? newest) + this.offset;
    const back = Math.min(maxBack, Math.max(0, currentBack + ms));
    this.pausedAt = newest;
    this.offset = back;
    this.schedule();
  }

  /** Drops every frame (new session). */
  clear(): void {
    this.ring.clear();
    this.last = null;
    this.pausedAt = null;
    this.offset = 0;
    this.schedule();
  }

  /** One extra series (temperature, battery, strokes, depth error) over the current window, decimated like view(). */
  series(key: ExtraSeries, columns: number): { x0: number; x1: number; y: Decimated } {
    const { x0, x1, start, count } = this.window();
    const cols = this.ring.spans().cols;
    return { x0, x1, y: minMaxDecimate({ x: cols.x, y: cols[key] }, x0, x1, columns, start, count, this.ring.capacity) };
  }

  /** The newest frame at or before axis time `x` (hover readout), as its ring index, or -1. */
  indexAt(x: number): number {
    const k = this.lowerBound(x + 1e-9) - 1;
    return k >= 0 && k < this.ring.length ? this.ring.index(k) : -1;
  }

  /** A window [x0, x1] ending at `end` (default: the charts' own window, pause and scroll) and where its frames are in the ring. */
  private window(windowMs = this.windowMsValue, end = this.pausedAt === null ? this.ring.newestX : this.pausedAt - this.offset): {
    x0: number; x1: number; start: number; count: number;
  } {
    const ring = this.ring;
    const x1 = ring.length ? Math.max(end, ring.oldestX + windowMs) : end;
    const x0 = x1 - windowMs;
    const { parts } = ring.spans();
    const k0 = this.lowerBound(x0);
    const k1 = this.lowerBound(x1 + 1e-9);
    const start = parts.length ? (parts[0]![0] + k0) % ring.capacity : 0;
    return { x0, x1, start, count: Math.max(0, k1 - k0) };
  }

  /** The window decimated to at most about 2 × `columns` + 2 points per series. */
  view(columns: number): ChartView {
    const newest = this.ring.newestX;
    return this.viewOf(columns, this.windowMsValue, this.pausedAt === null ? newest : this.pausedAt - this.offset);
  }

  /** The newest `windowMs`, live whatever the window, pause and scroll of the charts (the Console tab's small chart). */
  liveView(columns: number, windowMs: number): ChartView {
    const v = this.viewOf(columns, windowMs, this.ring.newestX);
    return { ...v, paused: false, offsetMs: 0 };
  }

  private viewOf(columns: number, windowMs: number, end: number): ChartView {
    const ring = this.ring;
    const newest = ring.newestX;
    // A history shorter than the window fills it from the left instead of hugging the right edge;
    // a binary search finds the window in logical order, so a long history costs nothing per frame.
    const { x0, x1, start, count } = this.window(windowMs, end);
    const { cols } = ring.spans();
    const dec = (y: ArrayLike<number>): Decimated => minMaxDecimate({ x: cols.x, y }, x0, x1, columns, start, count, ring.capacity);
    return {
      x0, x1, windowMs, paused: this.pausedAt !== null, offsetMs: Math.max(0, newest - end),
      oldestX: ring.oldestX, newestX: newest,
      measured: dec(cols.m), setpoint: dec(cols.d), rate: dec(cols.r), framesInWindow: count,
    };
  }

  /** Notifies now if the last notification is old enough, else once when it is. */
  private schedule(): void {
    if (this.timer !== null) return;
    const wait = this.lastNotify + this.minGapMs - this.clock.now();
    if (wait <= 0) {
      // Still via a timer: a burst of pushes in one task makes one notification.
      this.timer = this.clock.setTimeout(() => this.fire(), 0);
      return;
    }
    // Timers round to whole ms: round up, or 33.3 ms becomes 33 and the rate 30.3/s.
    this.timer = this.clock.setTimeout(() => this.fire(), Math.ceil(wait));
  }

  private fire(): void {
    this.timer = null;
    const early = this.lastNotify + this.minGapMs - this.clock.now();
    if (early > 0) {
      this.timer = this.clock.setTimeout(() => this.fire(), Math.ceil(early));
      return;
    }
    this.lastNotify = this.clock.now();
    this.versionValue++;
    this.notifications++;
    for (const l of this.listeners) l();
  }

  private lowerBound(x: number): number {
    const ring = this.ring;
    const xs = ring.spans().cols.x;
    let lo = 0;
    let hi = ring.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (xs[ring.index(mid)]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
