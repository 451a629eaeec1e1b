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

/** One-pass min/max decimator; x must not decrease. Bins in typed arrays (NaN: empty), so adding allocates nothing. */
export class MinMaxStream {
  private readonly cap: number;
  private width: number;
  private origin = NaN;
  private readonly minX: Float64Array;
  private readonly minY: Float64Array;
  private readonly maxX: Float64Array;
  private readonly maxY: Float64Array;
  /** Bins in use: [0, used). */
  private used = 0;
  private first: [number, number] | null = null;
  private lastX = NaN;
  private lastY = NaN;

  /** `columns` of the final overview; `initialWidth` the finest bin width in x units. */
  constructor(readonly columns: number, initialWidth = 1) {
    this.cap = 4 * Math.max(1, Math.floor(columns));
    this.width = initialWidth;
    this.minX = new Float64Array(this.cap).fill(NaN);
    this.minY = new Float64Array(this.cap);
    this.maxX = new Float64Array(this.cap);
    this.maxY = new Float64Array(this.cap);
  }

  add(x: number, y: number): void {
    if (this.first === null) {
      this.first = [x, y];
      this.origin = x;
    }
    this.lastX = x;
    this.lastY = y;
    let k = Math.max(0, Math.floor((x - this.origin) / this.width));
    while (k >= this.cap) {
      this.coarsen();
      k = Math.floor((x - this.origin) / this.width);
    }
    if (k >= this.used) this.used = k + 1;
    const mx = this.minX[k]!;
    if (mx !== mx) {
      this.minX[k] = this.maxX[k] = x;
      this.minY[k] = this.maxY[k] = y;
      return;
    }
    if (y < this.minY[k]!) {
      this.minY[k] = y;
      this.minX[k] = x;
    }
    if (y > this.maxY[k]!) {
      this.maxY[k] = y;
      this.maxX[k] = x;
    }
  }

  /** The overview: at most 2 × columns + 2 points. */
  result(): Decimated {
    const out: Decimated = { x: [], y: [] };
    if (!this.first) return out;
    const [x0] = this.first;
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
      const mx = this.minX[k]!;
      if (mx !== mx) continue;
      fold(mx, this.minY[k]!);
      fold(this.maxX[k]!, this.maxY[k]!);
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
    push(this.first[0], this.first[1]);
    for (let b = 0; b < nb; b++) {
      if (bMinX[b] === undefined) continue;
      const minFirst = bMinX[b]! <= bMaxX[b]!;
      push(minFirst ? bMinX[b]! : bMaxX[b]!, minFirst ? bMinY[b]! : bMaxY[b]!);
      push(minFirst ? bMaxX[b]! : bMinX[b]!, minFirst ? bMaxY[b]! : bMinY[b]!);
    }
    push(this.lastX, this.lastY);
    return out;
  }

  private coarsen(): void {
    this.width *= 2;
    const half = this.cap / 2;
    for (let j = 0; j < half; j++) {
      const a = 2 * j;
      const b = a + 1;
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
      this.minX[j] = mnX;
      this.minY[j] = mnY;
      this.maxX[j] = mxX;
      this.maxY[j] = mxY;
    }
    this.minX.fill(NaN, half);
    this.used = Math.min(this.used, half);
  }
}
