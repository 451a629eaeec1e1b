/**
 * Model-based tests generated from the statechart with xstate/graph: shortest
 * paths to every abstract state, each extended by every event, replayed on a
 * live actor whose microsteps are inspected. Explicit sensor events stand in
 * for time-outs (boot, cartridge read, retraction, lease). The run prints
 * transition coverage and requires every declared transition to be taken.
 */
import { describe, expect, it } from 'vitest';
import { createActor, type AnyStateNode } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { DEFAULT_ENG_KEY_HEX, engMac } from '../../protocol/node/eng-auth.js';
import { FACTORY_KEY_HEX } from '../../firmware-sim/src/cartridge/record.js';
import { recordOf, sampleCartridge } from '../../firmware-sim/src/cartridge/samples.js';
import type { PenEvent, PenInput } from '../../firmware-sim/src/machine/context.js';
import { penMachine } from '../../firmware-sim/src/machine/pen.machine.js';
import { reportedState, type RegionsValue } from '../../firmware-sim/src/machine/reported-state.js';
import { FULL_LIMITS } from '../../firmware-sim/src/machine/limits.js';
import { DEFAULT_PROFILE, STORED_PROFILES } from '../../firmware-sim/src/profiles/profile.js';

const NONCE = '0011223344556677';
const SERIAL = 'PB-SIM-0001';
const used = (spent: boolean) => ({ firstFiredAt: '', needleOnMs: 0, spent });
const defaultInput: PenInput = {
  serial: SERIAL, engKeyHex: DEFAULT_ENG_KEY_HEX, factoryKeyHex: FACTORY_KEY_HEX, limits: FULL_LIMITS, profile: DEFAULT_PROFILE,
  registry: { used: { 'N12-REUSED': used(false), 'N12-OK-04': used(true) }, contaminated: ['N16-OK-03'], recalledLots: ['L2405-R'] },
  faults: [], faultNote: null, batteryPct: 80, charging: false,
};
/** A pen powering up with a hazard fault persisted in NVM (SR-14). */
const latchedInput: PenInput = { ...defaultInput, faults: ['DEPTH_TOLERANCE'] };
const start: PenEvent = { type: 'cmd.start', today: 20261121, at: '2026-11-21T00:00:00.000Z' };
const rec = (id: string) => recordOf(sampleCartridge(id)!);
const sim = { seq: 1, kind: 'SIM_SKIN', fields: { mode: 'ON' } } as const;

/** Every transition of the chart, keyed source|event|index. */
function declaredTransitions(root: AnyStateNode): Set<string> {
  const out = new Set<string>();
  const visit = (n: AnyStateNode) => {
    for (const [ev, list] of n.transitions) list.forEach((_, i) => out.add(`${n.id}|${ev}|${i}`));
    for (const c of Object.values(n.states)) visit(c as AnyStateNode);
  };
  visit(root);
  return out;
}

/** Traversal groups: each explores a few regions with the events that matter to them, so the product stays small. */
const GROUPS: Record<string, PenEvent[]> = {
  lifecycle: [
    { type: 'sensor.selfTest', ok: true },
    { type: 'sensor.cartridgeIn', record: rec('N12-OK-01'), seated: true }, { type: 'sensor.cartRead', today: 20261121 },
    { type: 'sensor.cartridgeOut' }, { type: 'sensor.seated', on: false }, { type: 'sensor.seated', on: true },
    { type: 'cmd.setArea', area: 'BODY', depthNowUm: 0 },
    start, { type: 'cmd.stop' }, { type: 'sensor.retracted' }, { type: 'cmd.clearFault', present: [] },
    { type: 'cmd.clearFault', present: ['OVER_TEMP'] },
    { type: 'sensor.skin', on: true, t: 0 }, { type: 'sensor.skin', on: false, t: 500 }, { type: 'sensor.skin', on: false, t: 5000 },
    { type: 'sensor.fault', code: 'OVER_TEMP', present: true }, { type: 'sensor.conditionGone', code: 'OVER_TEMP' },
    { type: 'sensor.leaseExpired' }, { type: 'sensor.cartSpent', needleOnMs: 3_600_000 },
    { type: 'sensor.charger', on: true }, { type: 'sensor.charger', on: false },
    { type: 'sensor.battery', pct: 5 }, { type: 'sensor.battery', pct: 60 },
  ],
  cartridge: [
    { type: 'sensor.selfTest', ok: true }, { type: 'cmd.setArea', area: 'BODY', depthNowUm: 0 },
    ...['N12-OK-01', 'N42-OK-01', 'N12-FORGED', 'N16-EXPIRED', 'N24-RECALLED', 'N12-REUSED', 'N16-UNSEALED', 'N12-OK-04', 'N16-OK-03'].map(
      (id): PenEvent => ({ type: 'sensor.cartridgeIn', record: rec(id), seated: true }),
    ),
    { type: 'sensor.cartRead', today: 20261121 }, { type: 'sensor.cartridgeOut' },
    { type: 'sensor.fault', code: 'FLUID_INGRESS', present: true }, { type: 'sensor.conditionGone', code: 'FLUID_INGRESS' },
    start, { ...start, today: 20400101 } as PenEvent, { type: 'sensor.date', today: 20400101 },
    { type: 'cmd.setDepth', um: 1000 }, { type: 'cmd.clearFault', present: [] },
  ],
  selfTest: [
    { type: 'sensor.selfTest', ok: true }, { type: 'sensor.selfTest', ok: false },
    { type: 'sensor.fault', code: 'OVER_TEMP', present: true }, { type: 'sensor.fault', code: 'NVM_WRITE', present: true },
    { type: 'sensor.conditionGone', code: 'OVER_TEMP' }, { type: 'sensor.conditionGone', code: 'SELF_TEST' },
    { type: 'cmd.clearFault', present: [] }, start, { type: 'cmd.resetSettings' },
  ],
  latched: [
    { type: 'sensor.selfTest', ok: true }, { type: 'sensor.conditionGone', code: 'DEPTH_TOLERANCE' }, { type: 'cmd.clearFault', present: [] },
  ],
  settings: [
    { type: 'sensor.selfTest', ok: true },
    { type: 'sensor.cartridgeIn', record: rec('N42-OK-01'), seated: true }, { type: 'sensor.cartridgeOut' },
    { type: 'cmd.setDepth', um: 500 }, { type: 'cmd.setDepth', um: 2000 }, { type: 'cmd.setDepth', um: 3000 },
    { type: 'cmd.setRate', hz: 100 }, { type: 'cmd.setRate', hz: 200 },
    { type: 'cmd.setArea', area: 'NOSE', depthNowUm: 0 }, { type: 'cmd.setArea', area: 'BODY', depthNowUm: 0 }, { type: 'cmd.setArea', area: 'MOON', depthNowUm: 0 },
  ],
  engineering: [
    { type: 'sensor.selfTest', ok: true },
    { type: 'cmd.engOpen', nonce: NONCE }, { type: 'cmd.engAuth', mac: engMac(DEFAULT_ENG_KEY_HEX, NONCE, SERIAL) },
    { type: 'cmd.engAuth', mac: '0000000000000000' }, { type: 'cmd.engClose' }, { type: 'eng.close', reason: 'HELLO' },
    { type: 'cmd.engProfile', name: 'TRAINING', profile: STORED_PROFILES.get('TRAINING')! },
    { type: 'cmd.engProfile', name: 'NOPE', profile: null }, { type: 'cmd.sim', msg: sim as never },
    { type: 'cmd.setArea', area: 'BODY', depthNowUm: 0 }, { type: 'cmd.setDepth', um: 2500 }, { type: 'cmd.setDepth', um: 500 },
    { type: 'sensor.cartridgeIn', record: rec('N12-OK-01'), seated: true }, { type: 'sensor.cartRead', today: 20261121 },
    start, { type: 'cmd.stop' }, { type: 'sensor.retracted' }, { type: 'cmd.resetSettings' },
  ],
};

/** The power-up input of each group (default: nothing latched). */
const GROUP_INPUT: Record<string, PenInput> = { latched: latchedInput };

type Snap = ReturnType<ReturnType<typeof createActor<typeof penMachine>>['getSnapshot']>;

function serialize(s: Snap): string {
  const c = s.context;
  return JSON.stringify([
    s.value, c.cart?.record.id, c.cart?.status, c.cart?.seated, c.cart?.fired, c.faults, c.conditions, c.depthUm,
    c.rateHz, c.area, c.profile.name, c.batteryPct < 10, c.charging, c.nonce !== null, c.passes > 0, c.selfTest,
  ]);
}

describe('statechart model-based tests (xstate/graph)', () => {
  it('every declared transition is taken by generated paths, and each reached state keeps the safety invariants', () => {
    const declared = declaredTransitions(penMachine.root);
    const covered = new Set<string>();
    let paths = 0;
    let answered = 0;
    let lastReply: unknown = null;
    const machine = penMachine.provide({
      actions: {
        reply: (_, params) => {
          answered++;
          lastReply = params;
        },
      },
    });
    const inspect = (ie: { type: string }) => {
      if (ie.type !== '@xstate.microstep') return;
      for (const t of (ie as unknown as { _transitions: Array<{ source: AnyStateNode; eventType: string }> })._transitions) {
        const idx = t.source.transitions.get(t.eventType)?.indexOf(t as never) ?? -1;
        covered.add(`${t.source.id}|${t.eventType}|${idx}`);
      }
    };
    /** Send events to an actor, checking the invariants after each. */
    const drive = (actor: ReturnType<typeof createActor<typeof machine>>, events: PenEvent[], label: string) => {
      let prev = reportedState(actor.getSnapshot().value as unknown as RegionsValue);
      for (const ev of events) {
        answered = 0;
        actor.send(ev);
        const snap = actor.getSnapshot();
        const v = snap.value as unknown as RegionsValue;
        const c = snap.context;
        // Commands are answered exactly once by the chart, or not at all (the pen core then says BAD_STATE).
        if (ev.type.startsWith('cmd.')) expect(answered, `${label}: ${ev.type}`).toBeLessThanOrEqual(1);
        const st = reportedState(v);
        if (st === 'RUN') {
          // SR-07: running implies a verified, seated cartridge (in date at START: it may expire
          // while running); SR-14: no latched fault and a passed self-test; SR-02: an area.
          expect(c.cart?.verified).toBe(true);
          expect(prev === 'RUN' ? ['OK', 'EXPIRED'] : ['OK']).toContain(c.cart?.status);
          expect(c.cart?.seated).toBe(true);
          expect(c.faults).toEqual([]);
          expect(c.selfTest).toBe('PASS');
          expect(c.area).not.toBeNull();
          // SR-13: a start needs 10 % (running on below that is allowed down to 3 %, the monitor's job).
          if (prev !== 'RUN') expect(c.batteryPct).toBeGreaterThanOrEqual(10);
          // SR-02 / SR-03
          expect(c.depthUm).toBeLessThanOrEqual(Math.min(c.cart!.record.max, 2500));
        }
        if (st === 'FAULT') expect(c.faults.length).toBeGreaterThan(0);
        prev = st;
      }
    };
    for (const [group, events] of Object.entries(GROUPS)) {
      const input = GROUP_INPUT[group] ?? defaultInput;
      const shortest = getShortestPaths(penMachine, { input, events, serializeState: (s) => serialize(s as Snap) });
      for (const p of shortest) {
        const prefix = createActor(machine, { input, inspect }).start();
        drive(prefix, p.steps.map((s) => s.event as PenEvent), group);
        const persisted = prefix.getPersistedSnapshot();
        prefix.stop();
        for (const extra of events) {
          paths++;
          const actor = createActor(machine, { input, inspect, snapshot: persisted }).start();
          drive(actor, [extra], group);
          actor.stop();
        }
      }
    }
    // Defence in depth that no command sequence can reach (SET_DEPTH/SET_AREA refuse a setpoint
    // above the cap; idle is only reached with a passed self-test): inject the state directly and
    // check START still refuses (SR-03, SR-14).
    const ready = createActor(machine, { input: defaultInput }).start();
    drive(ready, [{ type: 'sensor.selfTest', ok: true }, { type: 'sensor.cartridgeIn', record: rec('N12-OK-01'), seated: true }, { type: 'sensor.cartRead', today: 20261121 }], 'inject');
    const base = ready.getSnapshot();
    ready.stop();
    for (const [patch, code] of [[{ area: 'NOSE', depthUm: 1000 }, 'DEPTH_AREA_LIMIT'], [{ area: 'BODY', selfTest: 'FAIL' }, 'FAULT_ACTIVE']] as const) {
      const forged = machine.resolveState({ value: base.value, context: { ...base.context, ...patch } });
      const injected = createActor(machine, { input: defaultInput, inspect, snapshot: forged }).start();
      drive(injected, [start], 'inject');
      expect(lastReply).toMatchObject({ kind: 'NAK', fields: { code } });
      expect(reportedState(injected.getSnapshot().value as unknown as RegionsValue)).toBe('READY');
      paths++;
    }

    const missing = [...declared].filter((t) => !covered.has(t));
    const pct = ((declared.size - missing.length) / declared.size) * 100;
    console.log(`transition coverage: ${declared.size - missing.length}/${declared.size} (${pct.toFixed(1)} %) over ${paths} paths`);
    if (missing.length) console.log(missing.join('\n'));
    expect(missing).toEqual([]);
  });
});
