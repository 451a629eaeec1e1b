import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lttb, maxPointsFor, minMaxDecimate } from '../../../console/shared/charts/index.js';

function series(n: number, f: (i: number) => number): { x: Float64Array; y: Float64Array } {
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = i * 5;
    y[i] = f(i);
  }
  return { x, y };
}

describe('decimation (min/max per pixel column)', () => {
  it('never returns more than 2 × columns + 2 points, for any data', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -3000, max: 3000 }), { minLength: 0, maxLength: 3000 }), fc.integer({ min: 1, max: 400 }), (ys, cols) => {
        const s = series(ys.length, (i) => ys[i]!);
        const d = minMaxDecimate(s, 0, Math.max(0, (ys.length - 1) * 5), cols);
        expect(d.x.length).toBe(d.y.length);
        expect(d.x.length).toBeLessThanOrEqual(maxPointsFor(cols));
        if (ys.length <= cols) expect(d.x.length).toBe(ys.length);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the global minimum and maximum, the first and the last sample', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2500 }), { minLength: 1, maxLength: 5000 }), fc.integer({ min: 1, max: 300 }), (ys, cols) => {
        const s = series(ys.length, (i) => ys[i]!);
        const d = minMaxDecimate(s, 0, (ys.length - 1) * 5, cols);
        expect(Math.max(...d.y)).toBe(Math.max(...ys));
        expect(Math.min(...d.y)).toBe(Math.min(...ys));
        expect(d.x[0]).toBe(0);
        expect(d.x[d.x.length - 1]).toBe((ys.length - 1) * 5);
        for (let i = 1; i < d.x.length; i++) expect(d.x[i]!).toBeGreaterThan(d.x[i - 1]!);
      }),
      { numRuns: 200 },
    );
  });

  it('a one-sample depth spike in 120 000 frames survives decimation to 600 columns', () => {
    const s = series(120_000, (i) => (i === 77_777 ? 2400 : 1000 + (i % 7)));
    const d = minMaxDecimate(s, 0, 119_999 * 5, 600);
    expect(d.x.length).toBeLessThanOrEqual(1202);
    expect(d.y).toContain(2400);
    expect(d.x[d.y.indexOf(2400)]).toBe(77_777 * 5);
  });

  it('a held setpoint needs only the ends of each flat run, whatever the frame count', () => {
    const s = series(60_000, (i) => (i < 20_000 ? 1000 : i < 40_000 ? 1500 : 1000));
    const d = minMaxDecimate(s, 0, 59_999 * 5, 400);
    expect(d.y).toEqual([1000, 1000, 1500, 1500, 1000, 1000]);
    // Each change is at its exact sample; the end of a run is within one column (750 ms) of it.
    expect([d.x[0], d.x[2], d.x[4], d.x[5]]).toEqual([0, 20_000 * 5, 40_000 * 5, 59_999 * 5]);
    expect(20_000 * 5 - d.x[1]!).toBeLessThanOrEqual(750);
    expect(40_000 * 5 - d.x[3]!).toBeLessThanOrEqual(750);
  });

  it('reads a ring buffer in logical order across the wrap', () => {
    // physical [5 6 7 | 1 2 3 4] with the oldest at index 3
    const x = Float64Array.from([50, 60, 70, 10, 20, 30, 40]);
    const y = Float64Array.from([5, 6, 7, 1, 2, 3, 4]);
    const d = minMaxDecimate({ x, y }, 10, 70, 100, 3, 7, 7);
    expect(d.x).toEqual([10, 20, 30, 40, 50, 60, 70]);
  });

  it('only the samples inside [x0, x1] are drawn', () => {
    const s = series(1000, (i) => i);
    const d = minMaxDecimate(s, 1000, 2000, 50);
    expect(Math.min(...d.x)).toBeGreaterThanOrEqual(1000);
    expect(Math.max(...d.x)).toBeLessThanOrEqual(2000);
  });
});

describe('LTTB', () => {
  it('returns exactly the threshold, keeps the ends, and passes small series through', () => {
    const s = series(10_000, (i) => Math.sin(i / 100) * 100);
    const d = lttb(s, 500);
    expect(d.x.length).toBe(500);
    expect(d.x[0]).toBe(0);
    expect(d.x[499]).toBe(9999 * 5);
    expect(lttb(series(10, (i) => i), 500).x.length).toBe(10);
  });
});
