/**
 * The statechart's named guards as pure predicates. The chart evaluates each
 * one only on the events of its transitions and only in states where, say, a
 * cartridge is inserted; these tests hold each guard to its rule on its own:
 * total (a boolean for every event and context, never a throw — a throwing
 * guard would stop the pen's actor), false for every event it does not judge,
 * and right at the edges of its rule.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ENG_KEY_HEX, engMac } from '../../protocol/node/eng-auth.js';
import { recordOf, sampleCartridge } from '../../firmware-sim/src/cartridge/samples.js';
import type { CartSlot, PenContext, PenEvent } from '../../firmware-sim/src/machine/context.js';
import { guards } from '../../firmware-sim/src/machine/guards.js';
import { createSimPen } from '../../firmware-sim/src/pen/sim-pen.js';
import { STORED_PROFILES } from '../../firmware-sim/src/profiles/profile.js';

/** A real power-on context: no cartridge, no area, self-test pending, nothing latched. */
const BASE: PenContext = createSimPen({ epochMs: Date.UTC(2026, 10, 21) }).snapshot().context;
const ctx = (o: Partial<PenContext> = {}): PenContext => ({ ...BASE, ...o });
const slot = (id: string, o: Partial<CartSlot> = {}): CartSlot => ({ record: recordOf(sampleCartridge(id)!), status: 'OK', seated: true, fired: false, verified: true, ...o });
const TRAINING = STORED_PROFILES.get('TRAINING')!;

/** One event of every kind the chart knows. */
const EVENTS: PenEvent[] = [
  { type: 'cmd.setDepth', um: 1000 }, { type: 'cmd.setRate', hz: 10 }, { type: 'cmd.setArea', area: 'MOON', depthNowUm: 2500 },
  { type: 'cmd.start', today: 20991231, at: '' }, { type: 'cmd.stop' }, { type: 'cmd.clearFault', present: ['OVER_TEMP'] },
  { type: 'cmd.resetSettings' }, { type: 'cmd.engOpen', nonce: '0123456789ABCDEF' }, { type: 'cmd.engAuth', mac: '0123456789ABCDEF' },
  { type: 'cmd.engClose' }, { type: 'cmd.engProfile', name: 'NOPE', profile: null }, { type: 'cmd.sim', msg: { seq: 0, kind: 'STOP', fields: {} } },
  { type: 'sensor.selfTest', ok: true }, { type: 'sensor.cartridgeIn', record: recordOf(sampleCartridge('N12-OK-01')!), seated: false },
  { type: 'sensor.cartRead', today: 20991231 }, { type: 'sensor.cartridgeOut' }, { type: 'sensor.seated', on: true }, { type: 'sensor.seated', on: false },
  { type: 'sensor.fault', code: 'FLUID_INGRESS', present: true }, { type: 'sensor.conditionGone', code: 'FLUID_INGRESS' },
  { type: 'sensor.retracted' }, { type: 'sensor.skin', on: true, t: 9000 }, { type: 'sensor.skin', on: false, t: 9000 },
  { type: 'sensor.battery', pct: 1 }, { type: 'sensor.battery', pct: 90 }, { type: 'sensor.charger', on: true }, { type: 'sensor.charger', on: false },
  { type: 'sensor.leaseExpired' }, { type: 'sensor.cartSpent', needleOnMs: 1 }, { type: 'sensor.date', today: 20991231 },
  { type: 'eng.close', reason: 'idle' },
];

/** Contexts in which a guard that forgot its own preconditions would misfire or throw. */
const CONTEXTS: PenContext[] = [
  ctx(),
  ctx({ cart: null, area: null, nonce: null, contactSince: null, selfTest: 'FAIL', batteryPct: 1, charging: true }),
  ctx({ cart: slot('N16-EXPIRED', { status: 'EXPIRED', seated: false }), area: 'NOSE', depthUm: 2500, faults: ['FLUID_INGRESS'], conditions: ['OVER_TEMP'], contactSince: 0, nonce: '0123456789ABCDEF', selfTest: 'PASS' }),
];

type GuardFn = (a: { context: PenContext; event: PenEvent }) => unknown;
/** The guards written here (isRunning and isBooting are XState's stateIn). */
const plain = (Object.entries(guards) as Array<[string, GuardFn]>).filter(([n]) => !['isRunning', 'isBooting'].includes(n));

/** The events each event guard judges; it is false on every other (the context-only guards are not listed). */
const JUDGES: Record<string, PenEvent['type'][]> = {
  depthOutOfRange: ['cmd.setDepth'], depthAboveAreaCap: ['cmd.setDepth'], depthAboveCartMax: ['cmd.setDepth'],
  rateOutOfRange: ['cmd.setRate'], areaUnknown: ['cmd.setArea'], areaCapBelowSetpoint: ['cmd.setArea'],
  batteryBelowStart: ['sensor.battery'], batteryAtLeastStart: ['sensor.battery'],
  chargerOn: ['sensor.charger'], chargerOffBatteryLow: ['sensor.charger'], chargerOff: ['sensor.charger'],
  cartExpired: ['sensor.cartRead'], cartExpiredNow: ['cmd.start', 'sensor.date'],
  faultLatched: ['sensor.fault'], isFluidFault: ['sensor.fault'], unseated: ['sensor.seated'], selfTestOk: ['sensor.selfTest'],
  faultConditionPresent: ['cmd.clearFault'], skinOn: ['sensor.skin'], skinOff: ['sensor.skin'], passCompleted: ['sensor.skin'],
  macValid: ['cmd.engAuth'], profileUnknown: ['cmd.engProfile'], profileCapBelowSetpoint: ['cmd.engProfile'],
};
/** The guards that look only at the context. */
const CONTEXT_ONLY = [
  'charging', 'batteryLow', 'noArea', 'areaSelected', 'selfTestNotPassed', 'selfTestPending', 'selfTestFailed', 'hasFaults',
  'noCartridge', 'cartVerifying', 'cartNotOk', 'cartUnseated', 'setpointAboveCartMax', 'setpointAboveAreaCap',
  'cartForged', 'cartRecalled', 'cartContaminated', 'cartSpentInNvm', 'cartReused', 'cartUnsealed',
];

const g = (name: keyof typeof guards, context: PenContext, event: PenEvent = { type: 'cmd.stop' }) => (guards[name] as GuardFn)({ context, event });

describe('SR-15 the guards as pure predicates', () => {
  it('SR-15 every guard is listed here as judging events or the context only', () => {
    expect(plain.map(([n]) => n).sort()).toEqual([...Object.keys(JUDGES), ...CONTEXT_ONLY].sort());
  });

  it('SR-15 every guard is total: a boolean for every event and context, never a throw', () => {
    for (const [name, fn] of plain) {
      for (const context of CONTEXTS) for (const event of EVENTS) expect(typeof fn({ context, event }), `${name} on ${event.type}`).toBe('boolean');
    }
  });

  it('SR-15 a guard about an event is false for every other event (SR-01: the depth range check refuses what carries no depth)', () => {
    for (const event of EVENTS.filter((e) => e.type !== 'cmd.setDepth')) expect(g('depthOutOfRange', ctx(), event)).toBe(true);
    for (const [name, types] of Object.entries(JUDGES).filter(([n]) => n !== 'depthOutOfRange')) {
      // (A condition already in the context is present whatever the event: only the live reading is the event's.)
      for (const context of CONTEXTS.map((c) => (name === 'faultConditionPresent' ? { ...c, conditions: [] } : c))) {
        for (const event of EVENTS.filter((e) => !types.includes(e.type))) expect(g(name as keyof typeof guards, context, event), `${name} on ${event.type}`).toBe(false);
      }
    }
  });

  it('SR-07 SR-08 SR-09 SR-12 every cartridge guard is false without a cartridge', () => {
    const none = ctx({ cart: null });
    for (const name of ['cartVerifying', 'cartNotOk', 'cartUnseated', 'setpointAboveCartMax', 'cartForged', 'cartRecalled', 'cartContaminated', 'cartSpentInNvm', 'cartReused', 'cartUnsealed'] as const) {
      expect(g(name, none), name).toBe(false);
    }
    expect(g('cartExpired', none, { type: 'sensor.cartRead', today: 20991231 })).toBe(false);
    expect(g('cartExpiredNow', none, { type: 'cmd.start', today: 20991231, at: '' })).toBe(false);
    expect(g('depthAboveCartMax', none, { type: 'cmd.setDepth', um: 2500 })).toBe(false);
  });
});

describe('guards at the edges of their rules', () => {
  it('SR-06 the rate range includes both ends', () => {
    const at = (hz: number) => g('rateOutOfRange', ctx(), { type: 'cmd.setRate', hz });
    expect([49, 50, 150, 151].map(at)).toEqual([true, false, false, true]);
  });

  it('SR-02 an unknown area has no cap to be below; a known area\'s cap is compared with the setpoint and where the needle still is', () => {
    const sel = (area: string, depthNowUm: number, depthUm = 500) => g('areaCapBelowSetpoint', ctx({ depthUm }), { type: 'cmd.setArea', area, depthNowUm });
    expect(sel('MOON', 2500)).toBe(false);
    expect(sel('NOSE', 0)).toBe(false);
    expect(sel('NOSE', 0, 550)).toBe(true);
    expect(sel('NOSE', 510)).toBe(true);
    expect(g('areaUnknown', ctx(), { type: 'cmd.setArea', area: 'MOON', depthNowUm: 0 })).toBe(true);
    expect(g('areaUnknown', ctx(), { type: 'cmd.setArea', area: 'NOSE', depthNowUm: 0 })).toBe(false);
  });

  it('SR-13 the battery is low below 10 %, and no longer at 10 %; the charger unplugged goes to LOWBAT only then', () => {
    expect([9, 10].map((pct) => g('batteryBelowStart', ctx(), { type: 'sensor.battery', pct }))).toEqual([true, false]);
    expect([9, 10].map((pct) => g('batteryAtLeastStart', ctx(), { type: 'sensor.battery', pct }))).toEqual([false, true]);
    expect([9, 10].map((pct) => g('batteryLow', ctx({ batteryPct: pct })))).toEqual([true, false]);
    const off = { type: 'sensor.charger', on: false } as const;
    const on = { type: 'sensor.charger', on: true } as const;
    expect([9, 10].map((batteryPct) => g('chargerOffBatteryLow', ctx({ batteryPct }), off))).toEqual([true, false]);
    expect(g('chargerOffBatteryLow', ctx({ batteryPct: 5 }), on)).toBe(false);
    expect([g('chargerOff', ctx(), off), g('chargerOff', ctx(), on), g('chargerOn', ctx(), on), g('chargerOn', ctx(), off)]).toEqual([true, false, true, false]);
  });

  it('SR-14 the self-test guards, and a fault counted as latched only when it is', () => {
    expect(['PENDING', 'PASS', 'FAIL'].map((s) => g('selfTestNotPassed', ctx({ selfTest: s as PenContext['selfTest'] })))).toEqual([true, false, true]);
    expect(['PENDING', 'PASS', 'FAIL'].map((s) => g('selfTestPending', ctx({ selfTest: s as PenContext['selfTest'] })))).toEqual([true, false, false]);
    expect(['PENDING', 'PASS', 'FAIL'].map((s) => g('selfTestFailed', ctx({ selfTest: s as PenContext['selfTest'] })))).toEqual([false, false, true]);
    expect([true, false].map((ok) => g('selfTestOk', ctx(), { type: 'sensor.selfTest', ok }))).toEqual([true, false]);
    const fault = { type: 'sensor.fault', code: 'NVM_WRITE', present: true } as const;
    expect(g('faultLatched', ctx({ faults: ['NVM_WRITE'] }), fault)).toBe(true);
    expect(g('faultLatched', ctx({ faults: ['OVER_TEMP'] }), fault)).toBe(false);
    expect(g('hasFaults', ctx({ faults: ['LINK_LOST'] }))).toBe(true);
    expect(g('hasFaults', ctx())).toBe(false);
  });

  it('SR-14 CLEAR_FAULT finds a condition present in the context or in the live reading', () => {
    const clear = (present: PenContext['faults']) => ({ type: 'cmd.clearFault', present }) as const;
    expect(g('faultConditionPresent', ctx({ conditions: ['OVER_TEMP'] }), clear([]))).toBe(true);
    expect(g('faultConditionPresent', ctx(), clear(['NVM_WRITE']))).toBe(true);
    expect(g('faultConditionPresent', ctx(), clear([]))).toBe(false);
  });

  it('SR-07 SR-09 START on a cartridge still verifying, refused, spent, unseated, or rated shallower than the setpoint', () => {
    expect(g('cartVerifying', ctx({ cart: slot('N12-OK-01', { status: 'VERIFYING' }) }))).toBe(true);
    expect(g('cartVerifying', ctx({ cart: slot('N12-OK-01') }))).toBe(false);
    expect(g('cartNotOk', ctx({ cart: slot('N12-OK-01', { status: 'SPENT' }) }))).toBe(true);
    expect(g('cartNotOk', ctx({ cart: slot('N12-OK-01') }))).toBe(false);
    expect(g('cartUnseated', ctx({ cart: slot('N12-OK-01', { seated: false }) }))).toBe(true);
    expect(g('cartUnseated', ctx({ cart: slot('N12-OK-01') }))).toBe(false);
    const n42 = slot('N42-OK-01');
    expect([500, 550].map((depthUm) => g('setpointAboveCartMax', ctx({ cart: n42, depthUm })))).toEqual([false, true]);
    expect([750, 800].map((depthUm) => g('setpointAboveAreaCap', ctx({ area: 'FOREHEAD', depthUm })))).toEqual([false, true]);
  });

  it('SR-07 expiry: through the whole expiry day, from the next day on; at START, on a new day, and when read', () => {
    const c = ctx({ cart: slot('N12-OK-01') });
    const exp = c.cart!.record.exp;
    for (const [name, type] of [['cartExpired', 'sensor.cartRead'], ['cartExpiredNow', 'sensor.date']] as const) {
      expect([exp, exp + 1].map((today) => g(name, c, { type, today } as PenEvent))).toEqual([false, true]);
    }
    expect(g('cartExpiredNow', c, { type: 'cmd.start', today: exp + 1, at: '' })).toBe(true);
  });

  it('SR-12 only a fluid fault makes the cartridge region reject the cartridge', () => {
    expect(g('isFluidFault', ctx(), { type: 'sensor.fault', code: 'FLUID_INGRESS', present: true })).toBe(true);
    expect(g('isFluidFault', ctx(), { type: 'sensor.fault', code: 'OVER_TEMP', present: true })).toBe(false);
  });

  it('SR-10 unseated means the seat sensor went off', () => {
    expect([false, true].map((on) => g('unseated', ctx(), { type: 'sensor.seated', on }))).toEqual([true, false]);
  });

  it('SR-17 the MAC is checked against the pending challenge only: none pending, none valid', () => {
    const nonce = '0123456789ABCDEF';
    const mac = engMac(DEFAULT_ENG_KEY_HEX, nonce, BASE.serial);
    expect(g('macValid', ctx({ nonce }), { type: 'cmd.engAuth', mac })).toBe(true);
    expect(g('macValid', ctx({ nonce: 'FEDCBA9876543210' }), { type: 'cmd.engAuth', mac })).toBe(false);
    // With no challenge, not even the MAC of the text "null" opens a session.
    expect(g('macValid', ctx({ nonce: null }), { type: 'cmd.engAuth', mac: engMac(DEFAULT_ENG_KEY_HEX, 'null', BASE.serial) })).toBe(false);
  });

  it('SR-02 SR-17 a profile change: unknown is refused; the selected area\'s new cap must not be below the setpoint', () => {
    const prof = (profile: PenContext['profile'] | null, c: PenContext) => ({ context: c, event: { type: 'cmd.engProfile', name: 'X', profile } as const });
    expect(guards.profileUnknown(prof(null, ctx()))).toBe(true);
    expect(guards.profileUnknown(prof(TRAINING, ctx()))).toBe(false);
    expect(guards.profileCapBelowSetpoint(prof(null, ctx({ area: 'BODY', depthUm: 2500 })))).toBe(false);
    const row = TRAINING.rows[0]!;
    expect(guards.profileCapBelowSetpoint(prof(TRAINING, ctx({ area: row.area, depthUm: row.cap })))).toBe(false);
    expect(guards.profileCapBelowSetpoint(prof(TRAINING, ctx({ area: row.area, depthUm: row.cap + 50 })))).toBe(true);
    expect(guards.profileCapBelowSetpoint(prof(TRAINING, ctx({ area: null, depthUm: 2500 })))).toBe(false);
  });

  it('a pass is contact of at least 2 s ending; skin guards follow the contact edge', () => {
    const off = (t: number) => ({ type: 'sensor.skin', on: false, t }) as const;
    expect([1999, 2000].map((t) => g('passCompleted', ctx({ contactSince: 1000 }), off(1000 + t)))).toEqual([false, true]);
    expect(g('passCompleted', ctx({ contactSince: null }), off(99_999))).toBe(false);
    expect(g('passCompleted', ctx({ contactSince: 1000 }), { type: 'sensor.skin', on: true, t: 9000 })).toBe(false);
    expect([true, false].map((on) => g('skinOn', ctx(), { type: 'sensor.skin', on, t: 0 }))).toEqual([true, false]);
    expect([true, false].map((on) => g('skinOff', ctx(), { type: 'sensor.skin', on, t: 0 }))).toEqual([false, true]);
  });
});
