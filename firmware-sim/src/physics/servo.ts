/**
 * Depth servo: the depth stop that sets how far the needles protrude at the
 * bottom of each stroke. A slew-limited reference (SR-04) followed by a
 * critically damped second-order actuator, so it settles without overshoot.
 */
import { nextRandom } from './rng.js';

/** Servo state, µm and µm/ms. */
export interface ServoState {
  /** Slew-limited reference the actuator tracks. */
  ref: number;
  /** True needle depth at the bottom of the stroke. */
  pos: number;
  vel: number;
  /** Measured depth (sensor, with noise). */
  meas: number;
  rng: number;
}

/** Injected servo faults: drift (shallower by `rate` µm/s) or stuck (frozen). */
export type ServoFault = { kind: 'none' } | { kind: 'drift'; rate: number } | { kind: 'stuck' };

/** SR-04 slew limit: 1 mm/s = 1 µm/ms. */
export const SLEW_UM_PER_MS = 1;
/** Natural frequency of the actuator (rad/ms): settles in ~4/ωn = 80 ms. */
export const SERVO_WN = 0.05;
/** Retraction speed when stopping (µm/ms): 2.5 mm in 5 ms, inside one stroke period at 150 Hz (6.7 ms) (SR-16). */
export const RETRACT_UM_PER_MS = 500;
/** Mechanical depth stop: nothing drives the needle deeper (DESIGN hardware ceiling). */
export const MECH_CEILING_UM = 2500;
/**
 * Actuator authority (µm/ms): the fastest the servo moves the depth stop, equal to
 * the SR-04 slew limit, so the needle itself never moves faster than 1 mm/s while
 * extended — also when it catches up after a stuck servo is freed. Tracking a
 * 1 µm/ms reference never needs more (the follower approaches it from below); a
 * slip faster than this outruns the loop and SR-05 trips.
 */
export const SERVO_VMAX_UM_PER_MS = SLEW_UM_PER_MS;
/** Peak sensor noise, µm. */
export const SENSOR_NOISE_UM = 8;

/** The servo at power-on: retracted. */
export function initialServo(seed: number): ServoState {
  return { ref: 0, pos: 0, vel: 0, meas: 0, rng: seed | 0 };
}

/**
 * Advance by dt ms. `extend` is true while running (needle driven to `target`);
 * false retracts at full speed, which is not slew-limited because it is the
 * safe direction (SR-16).
 */
export function stepServo(s: ServoState, target: number, extend: boolean, dt: number, fault: ServoFault): ServoState {
  let { ref, pos, vel } = s;
  if (!extend) {
    pos = Math.max(0, pos - RETRACT_UM_PER_MS * dt);
    ref = 0;
    vel = 0;
  } else {
    // SR-04: the reference moves at most SLEW_UM_PER_MS towards the setpoint.
    const maxStep = SLEW_UM_PER_MS * dt;
    const goal = Math.min(target, MECH_CEILING_UM);
    ref += Math.max(-maxStep, Math.min(maxStep, goal - ref));
    if (fault.kind === 'stuck') {
      vel = 0;
    } else {
      // Semi-implicit Euler of a critically damped follower: no overshoot of the reference.
      const acc = SERVO_WN * SERVO_WN * (ref - pos) - 2 * SERVO_WN * vel;
      vel = Math.max(-SERVO_VMAX_UM_PER_MS, Math.min(SERVO_VMAX_UM_PER_MS, vel + acc * dt));
      // A slip the loop fights: below the actuator's authority it leaves a small
      // steady error; above it the error grows until SR-05 trips. SR-04 at the
      // actuator: the needle's net motion stays within the slew limit either way
      // (the slipping stop creeps back against the actuator, it does not jump).
      const slip = fault.kind === 'drift' ? fault.rate / 1000 : 0;
      pos += Math.max(-SERVO_VMAX_UM_PER_MS, Math.min(SERVO_VMAX_UM_PER_MS, vel - slip)) * dt;
    }
    pos = Math.max(0, Math.min(MECH_CEILING_UM, pos));
  }
  const [rng, u] = nextRandom(s.rng);
  const meas = pos <= 0 ? 0 : Math.max(0, pos + (u * 2 - 1) * SENSOR_NOISE_UM);
  return { ref, pos, vel, meas, rng };
}

