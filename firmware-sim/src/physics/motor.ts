/**
 * The stroke motor: spins up to the rate setpoint with a first-order lag, slows
 * under skin load, and can be injected with a stall or an overload (SR-06).
 * Strokes accumulate fractionally so counts are exact over long runs.
 */

/** Motor state. */
export interface MotorState {
  /** Actual stroke rate, Hz. */
  hz: number;
  /** Strokes since the cartridge was inserted (fractional accumulator). */
  strokes: number;
}

/** Injected motor faults. */
export type MotorFault = 'none' | 'stall' | 'overload';

/** Spin-up/down time constant, ms. */
export const MOTOR_TAU_MS = 40;
/** Rate lost in skin contact (load). */
export const CONTACT_LOAD = 0.02;
/** Rate lost under an injected overload. */
export const OVERLOAD_LOSS = 0.3;

export function initialMotor(): MotorState {
  return { hz: 0, strokes: 0 };
}

/** Advance by dt ms with the motor on at `setHz`, or off. */
export function stepMotor(s: MotorState, on: boolean, setHz: number, contact: boolean, fault: MotorFault, dt: number): MotorState {
  let target = 0;
  if (on && fault !== 'stall') {
    target = setHz * (1 - (contact ? CONTACT_LOAD : 0)) * (fault === 'overload' ? 1 - OVERLOAD_LOSS : 1);
  }
  // Braking is faster than spin-up: the drive shorts the winding.
  const tau = on ? MOTOR_TAU_MS : MOTOR_TAU_MS / 4;
  const a = 1 - Math.exp(-dt / tau);
  let hz = s.hz + (target - s.hz) * a;
  if (!on && hz < 0.5) hz = 0;
  return { hz, strokes: s.strokes + (hz * dt) / 1000 };
}
