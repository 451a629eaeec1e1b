/** The depth servo on its own: slew-limited reference and actuator (SR-04), retraction (SR-16), a stuck stop, sensor noise. */
import { describe, expect, it } from 'vitest';
import {
  initialServo, RETRACT_UM_PER_MS, SENSOR_NOISE_UM, SLEW_UM_PER_MS, stepServo, type ServoFault, type ServoState,
} from '../../firmware-sim/src/physics/servo.js';

const NONE: ServoFault = { kind: 'none' };
const run = (s: ServoState, target: number, ms: number, fault: ServoFault = NONE, dt = 1) => {
  for (let t = 0; t < ms; t += dt) s = stepServo(s, target, true, dt, fault);
  return s;
};

describe('depth servo', () => {
  it('SR-04 the reference and the needle move at most 1 µm per ms, whatever the step length', () => {
    expect(run(initialServo(1), 2000, 10).ref).toBe(10 * SLEW_UM_PER_MS);
    expect(run(initialServo(1), 2000, 10, NONE, 2).ref).toBe(10 * SLEW_UM_PER_MS);
    // The follower in 2 ms steps tracks as it does in 1 ms steps (within a µm or two of discretisation).
    const one = run(initialServo(1), 2000, 50);
    const two = run(initialServo(1), 2000, 50, NONE, 2);
    expect(two.pos).toBeLessThanOrEqual(50 * SLEW_UM_PER_MS);
    expect(Math.abs(two.pos - one.pos)).toBeLessThan(2);
  });

  it('SR-16 retraction is not slew-limited: 500 µm per ms, to 0 and no further', () => {
    const deep = run(initialServo(1), 2000, 3000);
    expect(deep.pos).toBeGreaterThan(1990);
    const after = stepServo(deep, 2000, false, 2, NONE);
    expect(after.pos).toBeCloseTo(deep.pos - 2 * RETRACT_UM_PER_MS, 6);
    expect(after.ref).toBe(0);
    expect(stepServo(after, 2000, false, 5, NONE).pos).toBe(0);
  });

  it('SR-05 a stuck stop holds the needle and drops the actuator velocity, so it starts again from rest when freed', () => {
    const moving = run(initialServo(1), 2000, 200);
    expect(moving.vel).toBeGreaterThan(0);
    const stuck = stepServo(moving, 2000, true, 1, { kind: 'stuck' });
    expect(stuck.pos).toBe(moving.pos);
    expect(stuck.vel).toBe(0);
  });

  it('SR-05 a drifting stop slips shallower than the reference', () => {
    const s = run(initialServo(1), 1000, 3000, { kind: 'drift', rate: 2000 });
    expect(s.ref).toBe(1000);
    expect(s.pos).toBeLessThan(s.ref - 150);
  });

  it('the measured depth is the true depth within ±8 µm of zero-mean noise', () => {
    let s = run(initialServo(7), 1000, 3000);
    let sum = 0;
    let widest = 0;
    const n = 5000;
    for (let i = 0; i < n; i++) {
      s = stepServo(s, 1000, true, 1, NONE);
      const e = s.meas - s.pos;
      expect(Math.abs(e)).toBeLessThanOrEqual(SENSOR_NOISE_UM);
      sum += e;
      widest = Math.max(widest, Math.abs(e));
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.5);
    expect(widest).toBeGreaterThan(SENSOR_NOISE_UM * 0.9);
  });
});
