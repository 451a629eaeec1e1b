/**
 * Paces TLM frames at the TLM_RATE in pen time: a fractional accumulator, so
 * the frames are evenly spaced and e.g. 150 Hz averages exactly 150 frames/s
 * on a 1 ms physics step; and builds a TLM frame's fields.
 */
import type { PenState } from '../../../protocol/src/index.js';
import type { PenContext } from '../machine/context.js';
import { TLM_MAX_HZ } from '../machine/limits.js';
import type { World } from '../physics/world.js';

/** The fields of one TLM frame at pen time `now`. */
export function tlmFields(now: number, st: PenState, c: PenContext, w: World, strokeBase: number): Record<string, string | number> {
  return {
    t: Math.floor(now) >>> 0, s: st, d: c.depthUm, m: Math.round(w.servo.meas), r: Math.round(w.motor.hz),
    n: Math.floor(w.motor.strokes - strokeBase), p: c.passes, c: Math.round(w.tempC * 10), b: Math.round(w.batteryPct),
  };
}

/** TLM rate and the fraction of a frame accumulated so far. */
export class TelemetryPacer {
  private hzValue = 0;
  private acc = 0;

  /** The current rate, Hz (0: off). */
  get hz(): number {
    return this.hzValue;
  }

  /** TLM_RATE: a new rate (clamped to the pen's maximum), counted from now. */
  setRate(hz: number): void {
    this.hzValue = Math.min(TLM_MAX_HZ, hz);
    this.acc = 0;
  }

  /** How many frames are due after `dt` more ms. */
  due(dt: number): number {
    if (this.hzValue <= 0) return 0;
    this.acc += dt * this.hzValue;
    let n = 0;
    while (this.acc >= 1000) {
      this.acc -= 1000;
      n++;
    }
    return n;
  }
}
