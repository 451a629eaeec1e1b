/**
 * The physical pen in one pure step: servo, motor, operator's hand, heat and
 * battery, advanced together by dt ms of the pen's clock. The firmware reads
 * sensors from it and drives it through `Actuation`; the simulator's fault
 * injection changes `Hardware`.
 */
import { stepBattery } from './battery.js';
import { initialMotor, stepMotor, type MotorFault, type MotorState } from './motor.js';
import { initialOperator, stepOperator, type OperatorState, type SkinMode } from './operator.js';
import { initialServo, stepServo, type ServoFault, type ServoState } from './servo.js';
import { AMBIENT_C, stepThermal } from './thermal.js';

/** What the firmware commands. */
export interface Actuation {
  /** Needle extended towards `depthUm` (running); false retracts. */
  extend: boolean;
  motorOn: boolean;
  depthUm: number;
  rateHz: number;
}

/** Physical facts and injected faults the firmware cannot command. */
export interface Hardware {
  servoFault: ServoFault;
  motorFault: MotorFault;
  /** Extra heat source, °C of equilibrium rise (SIM_FAULT OVERTEMP). */
  heaterC: number;
  skinMode: SkinMode;
  charger: boolean;
}

/** The whole physical state. */
export interface World {
  servo: ServoState;
  motor: MotorState;
  operator: OperatorState;
  tempC: number;
  batteryPct: number;
}

/** A healthy pen at ambient temperature with the given charge. */
export function initialWorld(seed: number, batteryPct = 100): World {
  return {
    servo: initialServo(seed ^ 0x5e7f0),
    motor: initialMotor(),
    operator: initialOperator(seed ^ 0x0be7a),
    tempC: AMBIENT_C,
    batteryPct,
  };
}

/** Default hardware: nothing injected, hand in AUTO, charger unplugged. */
export function healthyHardware(): Hardware {
  return { servoFault: { kind: 'none' }, motorFault: 'none', heaterC: 0, skinMode: 'AUTO', charger: false };
}

/** Advance the world by dt ms. */
export function stepWorld(w: World, act: Actuation, hw: Hardware, dt: number): World {
  const operator = stepOperator(w.operator, hw.skinMode, act.motorOn, dt);
  const motor = stepMotor(w.motor, act.motorOn, act.rateHz, operator.contact, hw.motorFault, dt);
  const servo = stepServo(w.servo, act.depthUm, act.extend, dt, hw.servoFault);
  const load = (operator.contact ? 0.3 : 0) + (hw.motorFault === 'overload' ? 1 : 0);
  const tempC = stepThermal(w.tempC, motor.hz, act.motorOn ? load : 0, hw.heaterC, dt);
  const batteryPct = stepBattery(w.batteryPct, motor.hz, hw.charger, dt);
  return { servo, motor, operator, tempC, batteryPct };
}
