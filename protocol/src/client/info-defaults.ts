/**
 * INFO's limit keys are optional on the wire (a full INFO does not fit 200
 * bytes); absent, they equal the ranges of the catalogue, which both sides
 * share by the schema hash. This fills them in so consumers see complete limits.
 */
import { CATALOGUE } from '../catalogue/catalogue.js';
import type { Fields } from '../catalogue/messages.js';

/** The limits a pen reports in INFO, as the catalogue defines them. */
export const CATALOGUE_LIMITS = {
  dmin: CATALOGUE.SET_DEPTH.accepts.um.min,
  dmax: CATALOGUE.SET_DEPTH.accepts.um.max,
  dstep: CATALOGUE.SET_DEPTH.accepts.um.step,
  rmin: CATALOGUE.SET_RATE.accepts.hz.min,
  rmax: CATALOGUE.SET_RATE.accepts.hz.max,
  tmax: CATALOGUE.TLM_RATE.keys.hz.max,
} as const;

/** INFO fields with every limit present. */
export type FullInfo = Fields<'INFO'> & Required<Pick<Fields<'INFO'>, keyof typeof CATALOGUE_LIMITS>>;

/** INFO fields with absent limits filled from the catalogue (present ones are kept: the pen may be stricter). */
export function withCatalogueLimits(info: Fields<'INFO'>): FullInfo {
  return { ...CATALOGUE_LIMITS, ...stripUndefined(info) } as FullInfo;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
