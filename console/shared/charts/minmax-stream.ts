/**
 * Min/max decimation in one pass with memory bounded by the column count, for
 * a series whose x range is not known in advance (a recording streamed from
 * disk). Samples fall into fine bins; when x passes the last bin, the bin width
 * doubles and neighbours merge, so there are never more than 4 × columns bins.
 * At the end the bins fold into `columns` buckets of equal width over
 * [first x, last x]: each keeps its minimum and maximum in x order, and the
 * first and last samples survive — what minMaxDecimate gives over the whole
 * series, without holding it.
 */
import type { Decimated } from './decimate.js';

/**
 * One-pass min/max decimator; x must not decrease. Several series sampled at the same x (a recording's measured
 * depth, setpoint and rate) share one binning: each bin of each series keeps its own extremes, and the bin of an
 * x is found once for all of them. Bins in typed arrays (NaN: empty), so adding allocates nothing.
 */
export class MinMaxStream {
  private readonly cap: number;
  private width: number;
  private origin = NaN;
  /** Per bin and series, at [bin × series + s]. */
  private readonly minX: Float64Array;
  private readonly minY: Float64Array;
  private readonly maxX: Float64Array;
  private readonly maxY: Float64Array;
  /** Bins in use: [0, used). */
  private used = 0;
  private started = false;
  private firstX = NaN;
  private readonly firstY: Float64Array;
  private lastX = NaN;
  private readonly lastY: Float64Array;
  /** The row add() passes to addRow(). */
  private readonly one = new Float64Array(1);

  /** `columns` of the final overview; `initialWidth` the finest bin width in x units; `series` sampled together. */
  constructor(readonly columns: number, initialWidth = 1, readonly series = 1) {
    this.cap = 4 * Math.max(1, Math.floor(columns));
    this.width = initialWidth;
    this.minX = new Float64Array(this.cap * series).fill(NaN);
    this.minY = new Float64Array(this.cap * series);
    this.maxX = new Float64Array(this.cap * series);
    this.maxY = new Float64Array(this.cap * series);
    this.firstY = new Float64Array(series);
    this.lastY = new Float64Array(series);
  }

  /** A sample of a one-series stream. */
  add(x: number, y: number): void {
    this.one[0] = y;
    this.addRow(x, this.one);
  }

  /** One sample of every series at `x`: ys[s] for series s. */
  addRow(x: number, ys: ArrayLike<number>): void {
    const n = this.series;
    if (!this.started) {
      this.started = true;
      this.firstX = x;
      for (let s = 0; s < n; s++) this.firstY[s] = ys[s]!;
      this.origin = x;
    }
    this.lastX = x;
    for (let s = 0; s < n; s++) this.lastY[s] = ys[s]!;
    let k = Math.max(0, Math.floor((x - this.origin) / this.width));
    while (k >= this.cap) {
      this.coarsen();
      k = Math.floor((x - this.origin) / this.width);
    }
    if (k >= this.used) this.used = k + 1;
    const at = k * n;
    const mx = this.minX[at]!;
    if (mx !== mx) {
      for (let s = 0; s < n; s++) {
        this.minX[at + s] = this.maxX[at + s] = x;
        this.minY[at + s] = this.maxY[at + s] = ys[s]!;
      }
      return;
    }
    for (let s = 0; s < n; s++) {
      const y = ys[s]!;
      if (y < this.minY[at + s]!) {
        this.minY[at + s] = y;
        this.minX[at + s] = x;
      }
      if (y > this.maxY[at + s]!) {
        this.maxY[at + s] = y;
        this.maxX[at + s] = x;
      }
    }
  }

  /** The overview of series `s`: at most 2 × columns + 2 points. */
  result(s = 0): Decimated {
    const out: Decimated = { x: [], y: [] };
    if (!this.started) return out;
    const n = this.series;
    const x0 = this.firstX;
    const x1 = this.lastX;
    const nb = Math.max(1, Math.floor(this.columns));
    const w = (x1 - x0) / nb || 1;
    const bMinX: number[] = [];
    const bMinY: number[] = [];
    const bMaxX: number[] = [];
    const bMaxY: number[] = [];
    const fold = (x: number, y: number) => {
      const b = Math.min(nb - 1, Math.max(0, Math.floor((x - x0) / w)));
      if (bMinX[b] === undefined || y < bMinY[b]!) {
        bMinX[b] = x;
        bMinY[b] = y;
      }
      if (bMaxX[b] === undefined || y > bMaxY[b]!) {
        bMaxX[b] = x;
        bMaxY[b] = y;
      }
    };
    for (let k = 0; k < this.used; k++) {
      const at = k * n + s;
      const mx = this.minX[at]!;
      if (mx !== mx) continue;
      fold(mx, this.minY[at]!);
      fold(this.maxX[at]!, this.maxY[at]!);
    }
    const push = (x: number, y: number) => {
      const n = out.y.length;
      if (n > 0 && out.x[n - 1] === x && out.y[n - 1] === y) return;
      // A flat run needs only its two ends.
      if (n >= 2 && out.y[n - 1] === y && out.y[n - 2] === y) out.x[n - 1] = x;
      else {
        out.x.push(x);
        out.y.push(y);
      }
    };
    push(x0, this.firstY[s]!);
    for (let b = 0; b < nb; b++) {
      if (bMinX[b] === undefined) continue;
      const minFirst = bMinX[b]! <= bMaxX[b]!;
      push(minFirst ? bMinX[b]! : bMaxX[b]!, minFirst ? bMinY[b]! : bMaxY[b]!);
      push(minFirst ? bMaxX[b]! : bMinX[b]!, minFirst ? bMaxY[b]! : bMinY[b]!);
    }
    push(x1, this.lastY[s]!);
    return out;
  }

  private coarsen(): void {
    this.width *= 2;
    const n = this.series;
    const half = this.cap / 2;
    for (let j = 0; j < half; j++) {
      for (let s = 0; s < n; s++) {
        const a = 2 * j * n + s;
        const b = a + n;
        let mnX = this.minX[a]!;
        let mnY = this.minY[a]!;
        let mxX = this.maxX[a]!;
        let mxY = this.maxY[a]!;
        const bx = this.minX[b]!;
        // An empty bin has NaN in minX only; its other cells are stale.
        const aEmpty = mnX !== mnX;
        if (bx === bx) {
          if (aEmpty || this.minY[b]! < mnY) {
            mnX = bx;
            mnY = this.minY[b]!;
          }
          if (aEmpty || this.maxY[b]! > mxY) {
            mxX = this.maxX[b]!;
            mxY = this.maxY[b]!;
          }
        }
        const to = j * n + s;
        this.minX[to] = mnX;
        this.minY[to] = mnY;
        this.maxX[to] = mxX;
        this.maxY[to] = mxY;
      }
    }
    this.minX.fill(NaN, half * n);
    this.used = Math.min(this.used, half);
  }
}
