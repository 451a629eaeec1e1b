/**
 * Property-based random command walks (fast-check) through the protocol, with
 * the safety invariants checked after every step. ≥ 10,000 steps per
 * `npm test`; PENBENCH_LONG=1 runs ten times more.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SAMPLE_CARTRIDGES } from '../../firmware-sim/src/cartridge/samples.js';
import { depthLimit } from '../../firmware-sim/src/machine/guards.js';
import { Harness } from './support/harness.js';

const LONG = process.env['PENBENCH_LONG'] === '1';
const RUNS = LONG ? 1000 : 100;
const STEPS = 110;

type Step =
  | { k: 'cmd'; kind: string; fields: Record<string, unknown> }
  | { k: 'time'; ms: number; ping: boolean };

const areas = ['FOREHEAD', 'NOSE', 'CHEEK', 'ACNE_SCAR', 'SCALP', 'BODY', 'MOON'];
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 60 }).map((i): Step => ({ k: 'cmd', kind: 'SET_DEPTH', fields: { um: i * 50 } })) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 9999 }).map((um): Step => ({ k: 'cmd', kind: 'SET_DEPTH', fields: { um } })) },
  { weight: 2, arbitrary: fc.integer({ min: 30, max: 170 }).map((hz): Step => ({ k: 'cmd', kind: 'SET_RATE', fields: { hz } })) },
  { weight: 3, arbitrary: fc.constantFrom(...areas).map((area): Step => ({ k: 'cmd', kind: 'SET_AREA', fields: { area } })) },
  { weight: 6, arbitrary: fc.constant<Step>({ k: 'cmd', kind: 'START', fields: {} }) },
  { weight: 3, arbitrary: fc.constant<Step>({ k: 'cmd', kind: 'STOP', fields: {} }) },
  { weight: 3, arbitrary: fc.constant<Step>({ k: 'cmd', kind: 'CLEAR_FAULT', fields: {} }) },
  { weight: 1, arbitrary: fc.constantFrom('DEPTH_DRIFT', 'SERVO_STUCK', 'STALL', 'OVERLOAD', 'FLUID', 'BATTERY', 'CLEAR', 'CLEAR').map((f): Step => ({ k: 'cmd', kind: 'SIM_FAULT', fields: f === 'BATTERY' ? { f, v: 20 } : { f } })) },
  { weight: 2, arbitrary: fc.constantFrom(...SAMPLE_CARTRIDGES.map((s) => s.id)).map((id): Step => ({ k: 'cmd', kind: 'SIM_CART', fields: { op: 'INSERT', id } })) },
  { weight: 2, arbitrary: fc.constantFrom('REMOVE', 'SEAT', 'UNSEAT').map((op): Step => ({ k: 'cmd', kind: 'SIM_CART', fields: { op } })) },
  { weight: 1, arbitrary: fc.constantFrom('AUTO', 'ON', 'OFF').map((mode): Step => ({ k: 'cmd', kind: 'SIM_SKIN', fields: { mode } })) },
  { weight: 1, arbitrary: fc.constantFrom('CHARGER_ON', 'CHARGER_OFF').map((op): Step => ({ k: 'cmd', kind: 'SIM_POWER', fields: { op } })) },
  { weight: 1, arbitrary: fc.constantFrom('TRAINING', 'DEFAULT', 'NOPE').map((name): Step => ({ k: 'cmd', kind: 'ENG_PROFILE', fields: { name } })) },
  { weight: 8, arbitrary: fc.record({ ms: fc.integer({ min: 1, max: 400 }), ping: fc.boolean() }).map((t): Step => ({ k: 'time', ...t })) },
);

let totalSteps = 0;
let runningSteps = 0;
let faults = 0;

function checkInvariants(h: Harness, label: string): void {
  const s = h.pen.snapshot();
  const c = s.context;
  if (s.motorOn) runningSteps++;
  if (s.state === 'FAULT') faults++;
  // SR-07: the motor is never on without a verified, seated cartridge.
  if (s.motorOn) {
    expect(c.cart?.status, label).toBe('OK');
    expect(c.cart?.seated, label).toBe(true);
  }
  // SR-02/SR-03/hardware ceiling: measured depth within min(area cap, cartridge max, 2.5 mm) + tolerance.
  expect(s.measuredUm, label).toBeLessThanOrEqual(depthLimit(c) + 150);
}

function walk(seed: number, steps: Step[]): void {
  const h = new Harness({ seed, cartridge: 'N12-OK-01' }).ready();
  h.eng();
  h.cmd('TLM_RATE', { hz: 50 });
  for (const [i, st] of steps.entries()) {
    totalSteps++;
    const label = `step ${i} ${JSON.stringify(st)}`;
    if (st.k === 'time') {
      h.run(st.ms, st.ping ? 100 : 0);
    } else {
      const before = h.pen.machineSnapshot();
      const beforeJson = JSON.stringify([before.value, before.context]);
      const r = h.cmd(st.kind, st.fields);
      if (r.kind === 'NAK') {
        // SR-15: a NAKed command never changed state.
        expect(h.pen.machineSnapshot(), label).toBe(before);
        expect(JSON.stringify([before.value, before.context]), label).toBe(beforeJson);
      }
      if (st.kind === 'STOP') {
        // SR-16: retracted within one stroke period.
        expect(r.kind, label).toBe('ACK');
        h.pen.advance(Math.floor(1000 / h.pen.snapshot().context.rateHz));
        expect(h.pen.snapshot().trueDepthUm, label).toBe(0);
      }
    }
    checkInvariants(h, label);
  }
}

describe('random command walks (fast-check)', () => {
  it(`SR-02 SR-03 SR-07 SR-15 SR-16 invariants hold after every step of ${RUNS} walks of ${STEPS} steps`, () => {
    fc.assert(
      fc.property(fc.integer(), fc.array(step, { minLength: STEPS, maxLength: STEPS }), (seed, steps) => walk(seed, steps)),
      { numRuns: RUNS, seed: 20261121 },
    );
    console.log(`property walks: ${totalSteps} steps, ${runningSteps} with the motor on, ${faults} in FAULT`);
    expect(runningSteps).toBeGreaterThan(totalSteps / 20);
    expect(totalSteps).toBeGreaterThanOrEqual(10_000);
  }, 120_000);
});
