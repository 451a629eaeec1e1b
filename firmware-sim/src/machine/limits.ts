/** The depth, rate and telemetry limits a pen enforces (SR-01, SR-06), its power-on settings, and the check of narrowed limits. */

import type { Fields } from '../../../protocol/src/index.js';

/** The limits this pen enforces and reports in INFO (a pen may be stricter than the catalogue, never looser). */
export type PenLimits = Pick<Fields<'INFO'>, 'dmin' | 'dmax' | 'dstep' | 'rmin' | 'rmax' | 'tmax'>;

/** Hardware depth limits (SR-01), µm: the widest a pen may accept. */
export const DEPTH_MIN_UM = 250;
export const DEPTH_MAX_UM = 2500;
export const DEPTH_STEP_UM = 50;
/** Stroke rate limits (SR-06), Hz. */
export const RATE_MIN_HZ = 50;
export const RATE_MAX_HZ = 150;
/** Highest telemetry rate, Hz. */
export const TLM_MAX_HZ = 200;
/** The limits of a pen that accepts everything the catalogue's `accepts` allows. */
export const FULL_LIMITS: PenLimits = {
  dmin: DEPTH_MIN_UM, dmax: DEPTH_MAX_UM, dstep: DEPTH_STEP_UM, rmin: RATE_MIN_HZ, rmax: RATE_MAX_HZ, tmax: TLM_MAX_HZ,
};
/** Power-on settings (brought inside a narrowed pen's limits). */
export const DEFAULT_DEPTH_UM = 250;
export const DEFAULT_RATE_HZ = 120;

/** The power-on depth and rate of a pen with these limits. */
export function powerOnSettings(l: PenLimits): { depthUm: number; rateHz: number } {
  return {
    depthUm: Math.min(l.dmax, Math.max(l.dmin, DEFAULT_DEPTH_UM)),
    rateHz: Math.min(l.rmax, Math.max(l.rmin, DEFAULT_RATE_HZ)),
  };
}

/** A limit that the hardware cannot honour: which one, and what it must be. */
export interface LimitProblem {
  key: keyof PenLimits;
  why: string;
}

/**
 * Check narrowed limits against what the hardware allows: dmin..dmax inside 250..2500 on the
 * 50 µm grid, rmin..rmax inside 50..150, tmax inside 0..200. Returns the problem, or null.
 */
export function limitsProblem(l: PenLimits): LimitProblem | null {
  if (l.dstep !== DEPTH_STEP_UM) return { key: 'dstep', why: `must be ${DEPTH_STEP_UM}` };
  for (const k of ['dmin', 'dmax'] as const) {
    const v = l[k];
    if (!Number.isInteger(v) || v < DEPTH_MIN_UM || v > DEPTH_MAX_UM || v % DEPTH_STEP_UM !== 0) {
      return { key: k, why: `must be a multiple of ${DEPTH_STEP_UM} in ${DEPTH_MIN_UM}..${DEPTH_MAX_UM} (µm)` };
    }
  }
  if (l.dmin > l.dmax) return { key: 'dmin', why: `must not exceed dmax (${l.dmax})` };
  for (const k of ['rmin', 'rmax'] as const) {
    const v = l[k];
    if (!Number.isInteger(v) || v < RATE_MIN_HZ || v > RATE_MAX_HZ) return { key: k, why: `must be an integer in ${RATE_MIN_HZ}..${RATE_MAX_HZ} (Hz)` };
  }
  if (l.rmin > l.rmax) return { key: 'rmin', why: `must not exceed rmax (${l.rmax})` };
  if (!Number.isInteger(l.tmax) || l.tmax < 0 || l.tmax > TLM_MAX_HZ) return { key: 'tmax', why: `must be an integer in 0..${TLM_MAX_HZ} (Hz)` };
  return null;
}
