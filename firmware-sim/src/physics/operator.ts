/**
 * The operator's hand: in AUTO it glides over the treatment area in passes
 * (contact for 4-8 s, lift for 0.5-1.5 s); ON holds the pen on skin, OFF
 * lifts it. Contact exists only while the pen runs.
 */
import { nextRandom } from './rng.js';

export type SkinMode = 'AUTO' | 'ON' | 'OFF';

/** Operator state. */
export interface OperatorState {
  contact: boolean;
  /** Time left in the current AUTO phase, ms. */
  phaseLeft: number;
  rng: number;
}

export const CONTACT_MIN_MS = 4000;
export const CONTACT_SPAN_MS = 4000;
export const LIFT_MIN_MS = 500;
export const LIFT_SPAN_MS = 1000;

export function initialOperator(seed: number): OperatorState {
  return { contact: false, phaseLeft: LIFT_MIN_MS, rng: seed | 0 };
}

/** Advance by dt ms. */
export function stepOperator(s: OperatorState, mode: SkinMode, running: boolean, dt: number): OperatorState {
  // Object literals rather than spreads: this runs every physics step.
  if (!running) return s.contact || s.phaseLeft !== LIFT_MIN_MS ? { contact: false, phaseLeft: LIFT_MIN_MS, rng: s.rng } : s;
  if (mode === 'ON') return s.contact ? s : { contact: true, phaseLeft: s.phaseLeft, rng: s.rng };
  if (mode === 'OFF') return s.contact ? { contact: false, phaseLeft: s.phaseLeft, rng: s.rng } : s;
  const left = s.phaseLeft - dt;
  if (left > 0) return { contact: s.contact, phaseLeft: left, rng: s.rng };
  const [rng, u] = nextRandom(s.rng);
  const contact = !s.contact;
  const phase = contact ? CONTACT_MIN_MS + u * CONTACT_SPAN_MS : LIFT_MIN_MS + u * LIFT_SPAN_MS;
  return { contact, phaseLeft: phase + left, rng };
}
