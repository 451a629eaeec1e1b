/**
 * Continuous safety supervision over the physics, run every physics step:
 * detects the conditions that raise latched faults (SR-05, SR-06, SR-12,
 * SR-13) and tells when a latched fault's condition is gone (SR-14). Only edges
 * become statechart events, so a stroke is never an event.
 *
 * Depth and rate are compared with references the firmware computes itself —
 * the slew-limited depth reference, and a rate reference that follows the
 * setpoint with the motor's nominal time constant from 0 at START — at every
 * step while running. No command restarts a settling window, so no sequence of
 * SET_DEPTH / SET_RATE can hide a stuck needle or a stalled motor.
 */
import type { FaultCode } from '../../../protocol/src/index.js';
import { MOTOR_TAU_MS } from '../physics/motor.js';
import type { Hardware, World } from '../physics/world.js';

/** SR-05 tolerance, µm. */
export const DEPTH_TOL_UM = 150;
/** SR-05 window, ms. */
export const DEPTH_TOL_MS = 50;
/** SR-06 tolerance, fraction of the setpoint. */
export const RATE_TOL = 0.1;
/** SR-06 window, ms. */
export const RATE_TOL_MS = 200;
/** SR-13 handpiece limit, °C, and the temperature the condition is gone below. */
export const TEMP_MAX_C = 43;
export const TEMP_CLEAR_C = 41;
/** SR-13 battery levels, %. */
export const BATTERY_START_MIN = 10;
export const BATTERY_CRITICAL = 3;

/** Timers and the rate reference of the supervisor. */
export interface MonitorState {
  /** How long the measured depth has been off the reference by more than the tolerance, ms. */
  depthOffMs: number;
  /** How long the measured rate has been off the rate reference by more than the tolerance, ms. */
  rateOffMs: number;
  /** SR-06 rate reference, Hz: 0 at START, then the setpoint through a first-order lag of MOTOR_TAU_MS. */
  rateRef: number;
}

export function initialMonitor(): MonitorState {
  return { depthOffMs: 0, rateOffMs: 0, rateRef: 0 };
}

/** What the supervisor sees of the firmware. */
export interface MonitorInput {
  running: boolean;
  rateHz: number;
  cartPresent: boolean;
  fluid: boolean;
}

/** Advance the supervisor by dt ms; returns its new state and the faults whose condition just arose. */
export function stepMonitor(m: MonitorState, w: World, inp: MonitorInput, dt: number): { m: MonitorState; raise: FaultCode[] } {
  const raise: FaultCode[] = [];
  let { depthOffMs, rateOffMs, rateRef } = m;
  if (!inp.running) {
    depthOffMs = 0;
    rateOffMs = 0;
    rateRef = 0;
  } else {
    // SR-05: measured depth off the slew-limited reference by more than 0.15 mm for more
    // than 50 ms, checked at every step (the actuator lags a moving reference by ~40 µm).
    if (Math.abs(w.servo.meas - w.servo.ref) > DEPTH_TOL_UM) {
      depthOffMs += dt;
      if (depthOffMs > DEPTH_TOL_MS) raise.push('DEPTH_TOLERANCE');
    } else {
      depthOffMs = 0;
    }
    // SR-06: measured rate off the ramped reference by more than 10 % of the setpoint for
    // more than 200 ms (stall, overload); a rate change moves the reference, it opens no allowance.
    rateRef += (inp.rateHz - rateRef) * (1 - Math.exp(-dt / MOTOR_TAU_MS));
    if (Math.abs(w.motor.hz - rateRef) > RATE_TOL * inp.rateHz) {
      rateOffMs += dt;
      if (rateOffMs > RATE_TOL_MS) raise.push('RATE_DEVIATION');
    } else {
      rateOffMs = 0;
    }
  }
  // SR-13: over-temperature and a critically low battery stop the pen whatever it does.
  if (w.tempC > TEMP_MAX_C) raise.push('OVER_TEMP');
  if (w.batteryPct < BATTERY_CRITICAL) raise.push('BATTERY_CRITICAL');
  // SR-12: fluid past the membrane.
  if (inp.cartPresent && inp.fluid) raise.push('FLUID_INGRESS');
  return { m: { depthOffMs, rateOffMs, rateRef }, raise };
}

/** The health of the non-volatile memory, for the NVM faults' conditions. */
export interface NvmHealth {
  /** The registry cannot be trusted (NVM_INTEGRITY: gone only after a deliberate factory reset). */
  broken: boolean;
  /** The last write failed (NVM_WRITE: gone once a write succeeds). */
  writeFailing: boolean;
}

/** SR-14: whether the condition behind a latched fault is still present (CLEAR_FAULT is refused while it is). */
export function conditionPresent(code: FaultCode, w: World, hw: Hardware, fluid: boolean, nvm: NvmHealth): boolean {
  switch (code) {
    case 'DEPTH_TOLERANCE':
      return hw.servoFault.kind !== 'none';
    case 'RATE_DEVIATION':
      return hw.motorFault !== 'none';
    case 'SELF_TEST':
      // The boot self-test fails on any injected servo or motor fault.
      return hw.servoFault.kind !== 'none' || hw.motorFault !== 'none';
    case 'OVER_TEMP':
      return w.tempC > TEMP_CLEAR_C;
    case 'BATTERY_CRITICAL':
      return w.batteryPct < BATTERY_CRITICAL;
    case 'FLUID_INGRESS':
      return fluid;
    case 'NVM_INTEGRITY':
      return nvm.broken;
    case 'NVM_WRITE':
      return nvm.writeFailing;
    default:
      // Events rather than conditions: removal, unseat, link loss.
      return false;
  }
}
