/** Narrowed pen limits are checked against what the hardware allows before a pen starts with them (SR-01, SR-06). */
import { describe, expect, it } from 'vitest';
import { FULL_LIMITS, limitsProblem, powerOnSettings, type PenLimits } from '../../firmware-sim/src/machine/limits.js';

const check = (over: Partial<PenLimits>) => limitsProblem({ ...FULL_LIMITS, ...over });

describe('SR-01 SR-06 narrowed limits', () => {
  it('SR-01 SR-06 the full limits and any narrowing inside them are accepted, equal ends included', () => {
    expect(check({})).toBeNull();
    expect(check({ dmin: 300, dmax: 2000, rmin: 60, rmax: 140, tmax: 100 })).toBeNull();
    expect(check({ dmin: 1000, dmax: 1000, rmin: 120, rmax: 120, tmax: 0 })).toBeNull();
  });

  it('SR-01 a depth limit off the 50 µm grid, outside 250..2500 µm or not an integer is refused, naming the key', () => {
    for (const [over, key] of [
      [{ dstep: 10 }, 'dstep'], [{ dmin: 200 }, 'dmin'], [{ dmin: 249.5 }, 'dmin'], [{ dmin: 275 }, 'dmin'],
      [{ dmax: 2550 }, 'dmax'], [{ dmax: 2525 }, 'dmax'], [{ dmin: 1050, dmax: 1000 }, 'dmin'],
    ] as const) {
      expect(check(over), JSON.stringify(over)).toMatchObject({ key });
    }
    expect(check({ dstep: 10 })?.why).toBe('must be 50');
    expect(check({ dmin: 1050, dmax: 1000 })?.why).toBe('must not exceed dmax (1000)');
  });

  it('SR-06 a rate limit outside 50..150 Hz, not an integer, or rmin above rmax is refused, naming the key', () => {
    for (const [over, key] of [
      [{ rmin: 49 }, 'rmin'], [{ rmin: 60.5 }, 'rmin'], [{ rmax: 151 }, 'rmax'], [{ rmin: 130, rmax: 120 }, 'rmin'],
    ] as const) {
      expect(check(over), JSON.stringify(over)).toMatchObject({ key });
    }
    expect(check({ rmin: 130, rmax: 120 })?.why).toBe('must not exceed rmax (120)');
  });

  it('a telemetry limit outside 0..200 Hz or not an integer is refused', () => {
    for (const tmax of [-1, 201, 12.5]) expect(check({ tmax }), String(tmax)).toEqual({ key: 'tmax', why: 'must be an integer in 0..200 (Hz)' });
  });

  it('SR-01 SR-06 the power-on depth and rate are brought inside narrowed limits', () => {
    expect(powerOnSettings(FULL_LIMITS)).toEqual({ depthUm: 250, rateHz: 120 });
    expect(powerOnSettings({ ...FULL_LIMITS, dmin: 500, rmax: 100 })).toEqual({ depthUm: 500, rateHz: 100 });
    expect(powerOnSettings({ ...FULL_LIMITS, rmin: 130 })).toEqual({ depthUm: 250, rateHz: 130 });
  });
});
