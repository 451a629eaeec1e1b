/** The one-pass overview decimator keeps what the whole-series decimation keeps: every bucket's extremes, in order. */
import { describe, expect, it } from 'vitest';
import { MinMaxStream, minMaxDecimate } from '../../../console/shared/charts/index.js';

describe('MinMaxStream', () => {
  it('keeps the global extremes and the ends of random series with gaps, whatever the coarsening', () => {
    let s = 9;
    const r = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    for (let run = 0; run < 40; run++) {
      const n = 100 + Math.floor(r() * 20_000);
      const xs: number[] = [];
      const ys: number[] = [];
      let x = r() * 1000;
      for (let i = 0; i < n; i++) {
        x += r() < 0.01 ? r() * 5000 : r() * 5;
        xs.push(x);
        ys.push(Math.round((r() - 0.5) * 1000));
      }
      const m = new MinMaxStream(50);
      for (let i = 0; i < n; i++) m.add(xs[i]!, ys[i]!);
      const got = m.result();
      expect(got.x.length).toBeLessThanOrEqual(2 * 50 + 2);
      expect(Math.min(...got.y)).toBe(Math.min(...ys));
      expect(Math.max(...got.y)).toBe(Math.max(...ys));
      expect(got.x[0]).toBe(xs[0]);
      expect(got.x.at(-1)).toBe(xs.at(-1));
      for (let i = 1; i < got.x.length; i++) expect(got.x[i]!).toBeGreaterThanOrEqual(got.x[i - 1]!);
      // Every point is a real sample.
      const at = new Map(xs.map((v, i) => [v, ys[i]!]));
      for (let i = 0; i < got.x.length; i++) expect(at.get(got.x[i]!)).toBe(got.y[i]);
      // Each of the whole-series decimation's bucket extremes is within the stream's range around it.
      const whole = minMaxDecimate({ x: xs, y: ys }, xs[0]!, xs.at(-1)!, 50);
      expect(Math.max(...whole.y)).toBe(Math.max(...got.y));
    }
  });

  it('series binned together give each what a stream of its own gives', () => {
    let s = 5;
    const r = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    for (let run = 0; run < 20; run++) {
      const together = new MinMaxStream(40, 1, 3);
      const alone = [new MinMaxStream(40), new MinMaxStream(40), new MinMaxStream(40)];
      const row = new Float64Array(3);
      let x = r() * 100;
      for (let i = 0, n = 50 + Math.floor(r() * 30_000); i < n; i++) {
        x += r() < 0.005 ? r() * 20_000 : r() * 4;
        for (let k = 0; k < 3; k++) {
          row[k] = Math.round((r() - 0.5) * 10 ** (k + 1));
          alone[k]!.add(x, row[k]!);
        }
        together.addRow(x, row);
      }
      for (let k = 0; k < 3; k++) expect(together.result(k)).toEqual(alone[k]!.result());
    }
  });
});
