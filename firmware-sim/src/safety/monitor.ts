/**
 * Continuous safety supervision over the physics, run every physics step:
 * detects the conditions that raise latched faults (SR-05, SR-06, SR-12,
 * SR-13) and tells when a latched fault's condition is gone (SR-14). Only edges
 * become statechart events, so a stroke is never an event.
 */
import type { FaultCode } from '../../../protocol/src/index.js';
import type { Hardware, World } from '../physics/world.js';

/** SR-05 tolerance, µm. */
export const DEPTH_TOL_UM = 150;
/** SR-05 window, ms. */
export const DEPTH_TOL_MS = 50;
/** SR-05 "after settling": time after the slewed reference reached the setpoint, ms. */
export const DEPTH_SETTLE_MS = 150;
/** SR-06 tolerance, fraction of the setpoint. */
export const RATE_TOL = 0.1;
/** SR-06 window, ms. */
export const RATE_TOL_MS = 200;
/** SR-06 spin-up allowance after START or a rate change, ms. */
export const RATE_SETTLE_MS = 300;
/** SR-13 handpiece limit, °C, and the temperature the condition is gone below. */
export const TEMP_MAX_C = 43;
export const TEMP_CLEAR_C = 41;
/** SR-13 battery levels, %. */
export const BATTERY_START_MIN = 10;
export const BATTERY_CRITICAL = 3;

/** Timers of the supervisor. */
export interface MonitorState {
  /** Time the reference has been at the setpoint while running, ms. */
  depthSettledMs: number;
  depthOffMs: number;
  /** Time since START or the last rate setpoint change, ms. */
  rateSettledMs: number;
  rateOffMs: number;
  lastRateSet: number;
  lastDepthSet: number;
}

export function initialMonitor(): MonitorState {
  return { depthSettledMs: 0, depthOffMs: 0, rateSettledMs: 0, rateOffMs: 0, lastRateSet: 0, lastDepthSet: 0 };
}

/** What the supervisor sees of the firmware. */
export interface MonitorInput {
  running: boolean;
  depthUm: number;
  rateHz: number;
  refAtTarget: boolean;
  cartPresent: boolean;
  fluid: boolean;
}

/** Advance the supervisor by dt ms; returns its new timers and the faults whose condition just arose. */
export function stepMonitor(m: MonitorState, w: World, inp: MonitorInput, dt: number): { m: MonitorState; raise: FaultCode[] } {
  const raise: FaultCode[] = [];
  let { depthSettledMs, depthOffMs, rateSettledMs, rateOffMs } = m;
  if (!inp.running || inp.depthUm !== m.lastDepthSet || !inp.refAtTarget) {
    depthSettledMs = 0;
    depthOffMs = 0;
  } else {
    depthSettledMs += dt;
    // SR-05: off by more than 0.15 mm for more than 50 ms after settling.
    if (depthSettledMs > DEPTH_SETTLE_MS && Math.abs(w.servo.meas - inp.depthUm) > DEPTH_TOL_UM) {
      depthOffMs += dt;
      if (depthOffMs > DEPTH_TOL_MS) raise.push('DEPTH_TOLERANCE');
    } else {
      depthOffMs = 0;
    }
  }
  if (!inp.running || inp.rateHz !== m.lastRateSet) {
    rateSettledMs = 0;
    rateOffMs = 0;
  } else {
    rateSettledMs += dt;
    // SR-06: measured rate off by more than 10 % for more than 200 ms (stall, overload).
    if (rateSettledMs > RATE_SETTLE_MS && Math.abs(w.motor.hz - inp.rateHz) > RATE_TOL * inp.rateHz) {
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
  return {
    m: { depthSettledMs, depthOffMs, rateSettledMs, rateOffMs, lastRateSet: inp.rateHz, lastDepthSet: inp.depthUm },
    raise,
  };
}

/** SR-14: whether the condition behind a latched fault is still present (CLEAR_FAULT is refused while it is). */
export function conditionPresent(code: FaultCode, w: World, hw: Hardware, fluid: boolean): boolean {
  switch (code) {
    case 'DEPTH_TOLERANCE':
      return hw.servoFault.kind !== 'none';
    case 'RATE_DEVIATION':
      return hw.motorFault !== 'none';
    case 'OVER_TEMP':
      return w.tempC > TEMP_CLEAR_C;
    case 'BATTERY_CRITICAL':
      return w.batteryPct < BATTERY_CRITICAL;
    case 'FLUID_INGRESS':
      return fluid;
    default:
      // Events rather than conditions: removal, unseat, link loss, self-test.
      return false;
  }
}
