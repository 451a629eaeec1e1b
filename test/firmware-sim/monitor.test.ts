/**
 * The safety monitor as a pure function, at the exact edges of its rules:
 * "more than 0.15 mm for more than 50 ms" (SR-05), "off by more than 10 % for
 * more than 200 ms" of a reference that starts at 0 at START (SR-06), "above
 * 43 °C" and "below 3 %" (SR-13), fluid with a cartridge in (SR-12), and when
 * each latched fault's condition counts as gone (SR-14). The pen's physics
 * never holds a value exactly on an edge, so these are checked here, step by
 * step, with the world set by hand.
 */
import { describe, expect, it } from 'vitest';
import type { FaultCode } from '../../protocol/src/index.js';
import { MOTOR_TAU_MS } from '../../firmware-sim/src/physics/motor.js';
import { healthyHardware, initialWorld, type Hardware, type World } from '../../firmware-sim/src/physics/world.js';
import {
  conditionPresent, initialMonitor, stepMonitor, type MonitorInput, type MonitorState,
} from '../../firmware-sim/src/safety/monitor.js';

/** A world with the measured depth `offUm` off the reference, the motor at `hz`, and the given heat and charge. */
function world(o: { offUm?: number; hz?: number; tempC?: number; batteryPct?: number } = {}): World {
  const w = initialWorld(1);
  return {
    ...w,
    servo: { ...w.servo, ref: 1000, pos: 1000, meas: 1000 + (o.offUm ?? 0) },
    motor: { ...w.motor, hz: o.hz ?? 0 },
    tempC: o.tempC ?? 30,
    batteryPct: o.batteryPct ?? 50,
  };
}

const RUN: MonitorInput = { running: true, rateHz: 120, cartPresent: true, fluid: false };

/** Step the monitor `n` times by 1 ms; the 1-based steps at which each fault was raised. */
function steps(m: MonitorState, n: number, w: (i: number, m: MonitorState) => World, inp: MonitorInput = RUN) {
  const raised: Partial<Record<FaultCode, number[]>> = {};
  for (let i = 1; i <= n; i++) {
    const r = stepMonitor(m, w(i, m), inp, 1);
    m = r.m;
    for (const c of r.raise) (raised[c] ??= []).push(i);
  }
  return { m, raised };
}

/** A motor that follows the monitor's own reference exactly (so only the depth is under test). */
const onRef = (o: { offUm?: number } = {}) => (_i: number, m: MonitorState) => world({ ...o, hz: m.rateRef + (120 - m.rateRef) * (1 - Math.exp(-1 / MOTOR_TAU_MS)) });

describe('SR-05 depth tolerance', () => {
  it('SR-05 exactly 150 µm off the reference is within tolerance, however long', () => {
    expect(steps(initialMonitor(), 500, onRef({ offUm: 150 })).raised).toEqual({});
    expect(steps(initialMonitor(), 500, onRef({ offUm: -150 })).raised).toEqual({});
  });

  it('SR-05 more than 150 µm off for more than 50 ms: DEPTH_TOLERANCE on the 51st ms, not before', () => {
    const r = steps(initialMonitor(), 60, onRef({ offUm: 151 }));
    expect(r.raised.DEPTH_TOLERANCE?.[0]).toBe(51);
    expect(steps(initialMonitor(), 60, onRef({ offUm: -151 })).raised.DEPTH_TOLERANCE?.[0]).toBe(51);
  });

  it('SR-05 a step back inside the tolerance restarts the window', () => {
    const r = steps(initialMonitor(), 100, (i, m) => onRef({ offUm: i === 40 ? 0 : 200 })(i, m));
    expect(r.raised.DEPTH_TOLERANCE?.[0]).toBe(40 + 51);
  });
});

describe('SR-06 rate deviation', () => {
  it('SR-06 a stalled motor after START: the reference ramps from 0 with the motor\'s 40 ms constant, RATE_DEVIATION after 200 ms more than 10 % off', () => {
    // The reference passes 10 % of 120 Hz on the 5th ms (1 - e^(-5/40) > 0.1); 200 ms later is the 205th.
    const r = steps(initialMonitor(), 300, () => world({ hz: 0 }));
    expect(r.raised.RATE_DEVIATION?.[0]).toBe(205);
    expect(r.m.rateRef).toBeCloseTo(120 * (1 - Math.exp(-300 / MOTOR_TAU_MS)), 6);
  });

  it('SR-06 the rate reference rises from 0 towards the setpoint without overshoot, 63 % of the way after 40 ms', () => {
    let m = initialMonitor();
    for (let i = 1; i <= 400; i++) {
      const next = stepMonitor(m, world({ hz: 0 }), RUN, 1).m;
      expect(next.rateRef).toBeGreaterThan(m.rateRef);
      expect(next.rateRef).toBeLessThanOrEqual(120);
      m = next;
      if (i === 1) expect(m.rateRef).toBeCloseTo(120 * (1 - Math.exp(-1 / MOTOR_TAU_MS)), 9);
      if (i === MOTOR_TAU_MS) expect(m.rateRef / 120).toBeCloseTo(1 - Math.exp(-1), 9);
    }
  });

  it('SR-06 exactly 10 % off the setpoint is within tolerance; more is a deviation', () => {
    const settled = { ...initialMonitor(), rateRef: 120 };
    expect(steps(settled, 500, () => world({ hz: 120 - 12 })).raised).toEqual({});
    expect(steps(settled, 500, () => world({ hz: 120 + 12 })).raised).toEqual({});
    expect(steps(settled, 300, () => world({ hz: 120 - 12.01 })).raised.RATE_DEVIATION?.[0]).toBe(201);
  });

  it('SR-06 a moment back inside the tolerance restarts the window', () => {
    const settled = { ...initialMonitor(), rateRef: 120 };
    const r = steps(settled, 400, (i) => world({ hz: i === 150 ? 120 : 60 }));
    expect(r.raised.RATE_DEVIATION?.[0]).toBe(150 + 201);
  });
});

describe('SR-05 SR-06 stopped', () => {
  it('SR-05 SR-06 stopping clears both windows and the rate reference: a restart is judged afresh from 0', () => {
    let m = steps(initialMonitor(), 40, () => world({ offUm: 400, hz: 0 })).m;
    m = steps(m, 1, () => world({ offUm: 400, hz: 0 }), { ...RUN, running: false }).m;
    expect(m).toEqual(initialMonitor());
    expect(steps(m, 300, () => world({ offUm: 400, hz: 0 })).raised).toMatchObject({ DEPTH_TOLERANCE: expect.arrayContaining([51]) });
    expect(steps(m, 300, () => world({ hz: 0 })).raised.RATE_DEVIATION?.[0]).toBe(205);
  });

  it('SR-05 SR-06 nothing about depth or rate is raised while the motor is off', () => {
    expect(steps(initialMonitor(), 500, () => world({ offUm: 2000, hz: 0 }), { ...RUN, running: false }).raised).toEqual({});
  });
});

describe('SR-12 SR-13 conditions raised in any state', () => {
  it('SR-13 above 43 °C is OVER_TEMP, 43 °C itself is not; running or not', () => {
    for (const running of [true, false]) {
      const inp = { ...RUN, running };
      expect(stepMonitor(initialMonitor(), world({ tempC: 43, hz: 0 }), inp, 1).raise).not.toContain('OVER_TEMP');
      expect(stepMonitor(initialMonitor(), world({ tempC: 43.01, hz: 0 }), inp, 1).raise).toContain('OVER_TEMP');
    }
  });

  it('SR-13 below 3 % is BATTERY_CRITICAL, 3 % itself is not', () => {
    expect(stepMonitor(initialMonitor(), world({ batteryPct: 3 }), { ...RUN, running: false }, 1).raise).toEqual([]);
    expect(stepMonitor(initialMonitor(), world({ batteryPct: 2.99 }), { ...RUN, running: false }, 1).raise).toEqual(['BATTERY_CRITICAL']);
  });

  it('SR-12 fluid past the membrane of an inserted cartridge is FLUID_INGRESS; no cartridge, no fluid fault', () => {
    const idle = { ...RUN, running: false };
    expect(stepMonitor(initialMonitor(), world(), { ...idle, fluid: true }, 1).raise).toEqual(['FLUID_INGRESS']);
    expect(stepMonitor(initialMonitor(), world(), { ...idle, fluid: true, cartPresent: false }, 1).raise).toEqual([]);
    expect(stepMonitor(initialMonitor(), world(), { ...idle, fluid: false }, 1).raise).toEqual([]);
  });
});

describe('SR-14 when a latched fault\'s condition is gone', () => {
  const healthy = healthyHardware();
  const nvmOk = { broken: false, writeFailing: false };
  const present = (code: FaultCode, o: { w?: World; hw?: Partial<Hardware>; fluid?: boolean; nvm?: Partial<typeof nvmOk> } = {}) =>
    conditionPresent(code, o.w ?? world(), { ...healthy, ...o.hw }, o.fluid ?? false, { ...nvmOk, ...o.nvm });

  it('SR-14 servo and motor faults: present while the injected fault is; a failed self-test while either is', () => {
    expect(present('DEPTH_TOLERANCE')).toBe(false);
    expect(present('DEPTH_TOLERANCE', { hw: { servoFault: { kind: 'stuck' } } })).toBe(true);
    expect(present('DEPTH_TOLERANCE', { hw: { motorFault: 'stall' } })).toBe(false);
    expect(present('RATE_DEVIATION')).toBe(false);
    expect(present('RATE_DEVIATION', { hw: { motorFault: 'overload' } })).toBe(true);
    expect(present('RATE_DEVIATION', { hw: { servoFault: { kind: 'drift', rate: 100 } } })).toBe(false);
    expect(present('SELF_TEST')).toBe(false);
    expect(present('SELF_TEST', { hw: { servoFault: { kind: 'drift', rate: 100 } } })).toBe(true);
    expect(present('SELF_TEST', { hw: { motorFault: 'stall' } })).toBe(true);
  });

  it('SR-14 OVER_TEMP is gone at 41 °C (not above), BATTERY_CRITICAL at 3 %', () => {
    expect(present('OVER_TEMP', { w: world({ tempC: 41.01 }) })).toBe(true);
    expect(present('OVER_TEMP', { w: world({ tempC: 41 }) })).toBe(false);
    expect(present('BATTERY_CRITICAL', { w: world({ batteryPct: 2.99 }) })).toBe(true);
    expect(present('BATTERY_CRITICAL', { w: world({ batteryPct: 3 }) })).toBe(false);
  });

  it('SR-14 FLUID_INGRESS while the fluid is there; the NVM faults while the registry is broken or writes fail', () => {
    expect(present('FLUID_INGRESS', { fluid: true })).toBe(true);
    expect(present('FLUID_INGRESS')).toBe(false);
    expect(present('NVM_INTEGRITY', { nvm: { broken: true } })).toBe(true);
    expect(present('NVM_INTEGRITY', { nvm: { writeFailing: true } })).toBe(false);
    expect(present('NVM_WRITE', { nvm: { writeFailing: true } })).toBe(true);
    expect(present('NVM_WRITE', { nvm: { broken: true } })).toBe(false);
  });

  it('SR-14 removal, unseating and link loss are events: their condition is gone at once', () => {
    const bad = { w: world({ tempC: 60, batteryPct: 1 }), hw: { servoFault: { kind: 'stuck' } as const, motorFault: 'stall' as const }, fluid: true, nvm: { broken: true, writeFailing: true } };
    for (const c of ['CART_REMOVED', 'CART_UNSEATED', 'LINK_LOST'] as const) expect(present(c, bad)).toBe(false);
  });
});
