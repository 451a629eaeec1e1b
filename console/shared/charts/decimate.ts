/**
 * Decimation for the live charts: whatever the telemetry rate and the window,
 * a chart draws a bounded number of points. Min/max per pixel column keeps
 * every spike (a depth excursion of one sample must stay visible: it is what
 * SR-05 faults on), unlike averaging or plain striding.
 */

/** Numeric columns of equal length; `x` ascending. */
export interface Columns {
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
}

/** Decimated series: parallel arrays, at most `2 * buckets + 2` points. */
export interface Decimated {
  x: number[];
  y: number[];
}

/** Upper bound of points minMaxDecimate returns for `buckets` columns. */
export function maxPointsFor(buckets: number): number {
  return 2 * Math.max(1, Math.floor(buckets)) + 2;
}

/**
 * Min/max per bucket of equal x width over [x0, x1]: each bucket contributes its
 * minimum and maximum in x order (one point when they coincide), plus the first
 * and last sample in range, so the global extremes and the ends always survive.
 * Scans `count` samples from index `start`; with `wrap` > 0 indices are taken
 * modulo `wrap` (a ring buffer's physical order).
 */
export function minMaxDecimate(
  cols: Columns, x0: number, x1: number, buckets: number, start = 0, count = cols.x.length - start, wrap = 0,
): Decimated {
  const out: Decimated = { x: [], y: [] };
  const nb = Math.max(1, Math.floor(buckets));
  const { x, y } = cols;
  if (count <= 0 || !(x1 >= x0)) return out;
  const width = (x1 - x0) / nb || 1;
  let bucket = -1;
  let minI = -1;
  let maxI = -1;
  let lastPushed = -1;
  let lastI = -1;
  const push = (i: number): void => {
    if (i === lastPushed) return;
    const n = out.y.length;
    const yi = y[i]!;
    // A flat run (a held setpoint, a steady rate) needs only its two ends: drop the middle point of three equal ones.
    if (n >= 2 && out.y[n - 1] === yi && out.y[n - 2] === yi) {
      out.x[n - 1] = x[i]!;
    } else {
      out.x.push(x[i]!);
      out.y.push(yi);
    }
    lastPushed = i;
  };
  const flush = (): void => {
    if (minI < 0) return;
    // In time order, so the line goes through both extremes the way the signal did.
    const first = x[minI]! <= x[maxI]! ? minI : maxI;
    push(first);
    push(first === minI ? maxI : minI);
  };
  let gap = false;
  for (let k = 0; k < count; k++) {
    const i = wrap > 0 ? (start + k) % wrap : start + k;
    const xi = x[i]!;
    if (xi < x0 || xi > x1) continue;
    // NaN is no value (a depth error outside RUN): one NaN point per run of them, which a line breaks at.
    if (y[i] !== y[i]) {
      if (!gap) {
        flush();
        minI = maxI = -1;
        bucket = -1;
        out.x.push(xi);
        out.y.push(NaN);
        lastPushed = i;
        gap = true;
      }
      lastI = i;
      continue;
    }
    gap = false;
    if (lastI < 0) push(i);
    lastI = i;
    let b = Math.floor((xi - x0) / width);
    if (b >= nb) b = nb - 1;
    if (b !== bucket) {
      flush();
      bucket = b;
      minI = maxI = i;
      continue;
    }
    const yi = y[i]!;
    if (yi < y[minI]!) minI = i;
    if (yi > y[maxI]!) maxI = i;
  }
  flush();
  if (lastI >= 0) push(lastI);
  return out;
}

/**
 * Largest-Triangle-Three-Buckets (Steinarsson 2013) to `threshold` points: the
 * visually faithful choice for smooth lines (the rate trace). Keeps first and last.
 */
export function lttb(cols: Columns, threshold: number, start = 0, end = cols.x.length): Decimated {
  const n = end - start;
  const { x, y } = cols;
  const out: Decimated = { x: [], y: [] };
  if (n <= 0) return out;
  if (threshold >= n || threshold < 3) {
    const lim = threshold < 3 && threshold < n ? Math.max(0, threshold) : n;
    for (let i = 0; i < lim; i++) {
      out.x.push(x[start + i]!);
      out.y.push(y[start + i]!);
    }
    return out;
  }
  const every = (n - 2) / (threshold - 2);
  let a = start;
  out.x.push(x[a]!);
  out.y.push(y[a]!);
  for (let i = 0; i < threshold - 2; i++) {
    const nextStart = start + Math.floor((i + 1) * every) + 1;
    const nextEnd = Math.min(start + Math.floor((i + 2) * every) + 1, end);
    let avgX = 0;
    let avgY = 0;
    for (let j = nextStart; j < nextEnd; j++) {
      avgX += x[j]!;
      avgY += y[j]!;
    }
    const len = nextEnd - nextStart || 1;
    avgX /= len;
    avgY /= len;
    const from = start + Math.floor(i * every) + 1;
    const to = start + Math.floor((i + 1) * every) + 1;
    let best = from;
    let bestArea = -1;
    const ax = x[a]!;
    const ay = y[a]!;
    for (let j = from; j < to; j++) {
      const area = Math.abs((ax - avgX) * (y[j]! - ay) - (ax - x[j]!) * (avgY - ay));
      if (area > bestArea) {
        bestArea = area;
        best = j;
      }
    }
    out.x.push(x[best]!);
    out.y.push(y[best]!);
    a = best;
  }
  out.x.push(x[end - 1]!);
  out.y.push(y[end - 1]!);
  return out;
}
