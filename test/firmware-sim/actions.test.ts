/**
 * The statechart's context updates as pure functions: each changes only what
 * its event says and ignores every other event, latches faults with the right
 * condition (SR-14), and writes the registry entries of first fire (SR-08),
 * spending (SR-09) and contamination (SR-12) exactly as the rules need them.
 */
import { describe, expect, it } from 'vitest';
import { recordOf, sampleCartridge } from '../../firmware-sim/src/cartridge/samples.js';
import { cartStatusUpdate, updates } from '../../firmware-sim/src/machine/actions.js';
import type { CartSlot, PenContext, PenEvent } from '../../firmware-sim/src/machine/context.js';
import { createSimPen } from '../../firmware-sim/src/pen/sim-pen.js';
import { STORED_PROFILES } from '../../firmware-sim/src/profiles/profile.js';

const BASE: PenContext = createSimPen({ epochMs: Date.UTC(2026, 10, 21) }).snapshot().context;
const ctx = (o: Partial<PenContext> = {}): PenContext => ({ ...BASE, ...o });
const slot = (id: string, o: Partial<CartSlot> = {}): CartSlot => ({ record: recordOf(sampleCartridge(id)!), status: 'OK', seated: true, fired: false, verified: true, ...o });
const ID = 'N12-OK-01';
const TRAINING = STORED_PROFILES.get('TRAINING')!;

/** One event of every kind the chart knows. */
const EVENTS: PenEvent[] = [
  { type: 'cmd.setDepth', um: 1000 }, { type: 'cmd.setRate', hz: 80 }, { type: 'cmd.setArea', area: 'NOSE', depthNowUm: 0 },
  { type: 'cmd.start', today: 20261121, at: '2026-11-21T00:00:01.000Z' }, { type: 'cmd.stop' }, { type: 'cmd.clearFault', present: [] },
  { type: 'cmd.resetSettings' }, { type: 'cmd.engOpen', nonce: '0123456789ABCDEF' }, { type: 'cmd.engAuth', mac: '0123456789ABCDEF' },
  { type: 'cmd.engClose' }, { type: 'cmd.engProfile', name: 'TRAINING', profile: TRAINING }, { type: 'cmd.sim', msg: { seq: 0, kind: 'STOP', fields: {} } },
  { type: 'sensor.selfTest', ok: false }, { type: 'sensor.cartridgeIn', record: recordOf(sampleCartridge('N16-OK-01')!), seated: true },
  { type: 'sensor.cartRead', today: 20261121 }, { type: 'sensor.cartridgeOut' }, { type: 'sensor.seated', on: false },
  { type: 'sensor.fault', code: 'FLUID_INGRESS', present: true }, { type: 'sensor.conditionGone', code: 'OVER_TEMP' },
  { type: 'sensor.conditionGone', code: 'FLUID_INGRESS' }, { type: 'sensor.retracted' }, { type: 'sensor.skin', on: true, t: 5 }, { type: 'sensor.battery', pct: 42 }, { type: 'sensor.charger', on: true },
  { type: 'sensor.leaseExpired' }, { type: 'sensor.cartSpent', needleOnMs: 3_600_000 }, { type: 'sensor.date', today: 20261122 },
  { type: 'eng.close', reason: 'idle' },
];

/** The updates that follow one event kind; on every other they change nothing. */
const FOR_EVENT: Partial<Record<keyof typeof updates, PenEvent['type']>> = {
  setDepth: 'cmd.setDepth', setRate: 'cmd.setRate', selectArea: 'cmd.setArea', loadProfile: 'cmd.engProfile',
  latchSensorFault: 'sensor.fault', setSelfTest: 'sensor.selfTest', dropCondition: 'sensor.conditionGone', insertCart: 'sensor.cartridgeIn',
  setSeated: 'sensor.seated', markFired: 'cmd.start', markSpent: 'sensor.cartSpent', markContaminated: 'sensor.fault',
  startContact: 'sensor.skin', setBattery: 'sensor.battery', setCharging: 'sensor.charger', setNonce: 'cmd.engOpen',
};

/** A context in which each update would have something to change. */
const BUSY = ctx({
  cart: slot(ID), area: 'NOSE', conditions: ['OVER_TEMP', 'SELF_TEST'], faults: ['OVER_TEMP', 'SELF_TEST'], nonce: 'FEDCBA9876543210',
  contactSince: 1, registry: { ...BASE.registry, used: { [ID]: { firstFiredAt: '2026-01-01T00:00:00.000Z', needleOnMs: 0, spent: false } } },
});

describe('SR-15 context updates', () => {
  it('SR-15 an update for one event changes nothing on any other', () => {
    for (const [name, type] of Object.entries(FOR_EVENT)) {
      for (const event of EVENTS.filter((e) => e.type !== type)) {
        expect(updates[name as keyof typeof updates]({ context: BUSY, event }), `${name} on ${event.type}`).toStrictEqual({});
      }
    }
  });

  it('SR-01 SR-06 SR-02 settings follow their commands; RESET_SETTINGS brings back the power-on ones', () => {
    expect(updates.setDepth({ context: BUSY, event: { type: 'cmd.setDepth', um: 750 } })).toEqual({ depthUm: 750 });
    expect(updates.setRate({ context: BUSY, event: { type: 'cmd.setRate', hz: 80 } })).toEqual({ rateHz: 80 });
    expect(updates.selectArea({ context: ctx({ passes: 5 }), event: { type: 'cmd.setArea', area: 'NOSE', depthNowUm: 0 } })).toEqual({ area: 'NOSE', passes: 0 });
    expect(updates.resetSettings({ context: ctx({ area: 'NOSE', passes: 3, depthUm: 900, rateHz: 60 }), event: { type: 'cmd.resetSettings' } }))
      .toEqual({ depthUm: 250, rateHz: 120, area: null, passes: 0 });
  });

  it('SR-02 SR-17 a new profile keeps the selected area only if it has it; passes start again', () => {
    const load = (area: string | null) => updates.loadProfile({ context: ctx({ area, passes: 4 }), event: { type: 'cmd.engProfile', name: 'TRAINING', profile: TRAINING } });
    expect(load('NOSE')).toEqual({ profile: TRAINING, area: 'NOSE', passes: 0 });
    expect(load('MOON')).toEqual({ profile: TRAINING, area: null, passes: 0 });
    expect(load(null)).toEqual({ profile: TRAINING, area: null, passes: 0 });
    expect(updates.loadProfile({ context: BUSY, event: { type: 'cmd.engProfile', name: 'NOPE', profile: null } })).toEqual({});
  });
});

describe('SR-14 latching and clearing', () => {
  it('SR-14 a sensor fault latches once, present as the sensor says; removal, unseating and link loss latch without a condition; a failed self-test with one', () => {
    const c = ctx({ faults: ['OVER_TEMP'], conditions: [] });
    expect(updates.latchSensorFault({ context: c, event: { type: 'sensor.fault', code: 'NVM_WRITE', present: true } }))
      .toEqual({ faults: ['OVER_TEMP', 'NVM_WRITE'], conditions: ['NVM_WRITE'] });
    expect(updates.latchSensorFault({ context: c, event: { type: 'sensor.fault', code: 'NVM_WRITE', present: false } }))
      .toEqual({ faults: ['OVER_TEMP', 'NVM_WRITE'], conditions: [] });
    expect(updates.latchSensorFault({ context: c, event: { type: 'sensor.fault', code: 'OVER_TEMP', present: true } }))
      .toEqual({ faults: ['OVER_TEMP'], conditions: ['OVER_TEMP'] });
    const e = { type: 'sensor.cartridgeOut' } as const;
    expect(updates.latchCartRemoved({ context: c, event: e })).toEqual({ faults: ['OVER_TEMP', 'CART_REMOVED'], conditions: [] });
    expect(updates.latchCartUnseated({ context: c, event: e })).toEqual({ faults: ['OVER_TEMP', 'CART_UNSEATED'], conditions: [] });
    expect(updates.latchLinkLost({ context: c, event: e })).toEqual({ faults: ['OVER_TEMP', 'LINK_LOST'], conditions: [] });
    expect(updates.latchSelfTest({ context: c, event: e })).toEqual({ faults: ['OVER_TEMP', 'SELF_TEST'], conditions: ['SELF_TEST'] });
  });

  it('SR-14 a condition gone drops only its own code; the self-test result is kept as it came', () => {
    expect(updates.dropCondition({ context: BUSY, event: { type: 'sensor.conditionGone', code: 'OVER_TEMP' } })).toEqual({ conditions: ['SELF_TEST'] });
    expect([true, false].map((ok) => updates.setSelfTest({ context: BUSY, event: { type: 'sensor.selfTest', ok } }))).toEqual([{ selfTest: 'PASS' }, { selfTest: 'FAIL' }]);
  });

  it('SR-14 CLEAR_FAULT empties faults, conditions and the note; a failed self-test is to run again, a passed one stays passed', () => {
    const clear = (selfTest: PenContext['selfTest']) => updates.clearFaults({ context: ctx({ ...BUSY, selfTest, faultNote: 'registry missing' }), event: { type: 'cmd.clearFault', present: [] } });
    expect(clear('FAIL')).toEqual({ faults: [], conditions: [], faultNote: null, selfTest: 'PENDING' });
    expect(clear('PASS')).toEqual({ faults: [], conditions: [], faultNote: null, selfTest: 'PASS' });
  });
});

describe('SR-07 SR-08 SR-09 SR-12 the cartridge and its registry entries', () => {
  const rec = recordOf(sampleCartridge('N16-OK-01')!);

  it('SR-07 an inserted cartridge is verifying, not fired, not verified; verification passed marks it OK; removal forgets it', () => {
    expect(updates.insertCart({ context: BUSY, event: { type: 'sensor.cartridgeIn', record: rec, seated: false } }))
      .toEqual({ cart: { record: rec, status: 'VERIFYING', seated: false, fired: false, verified: false } });
    expect(updates.verifyOk({ context: ctx({ cart: slot(ID, { status: 'VERIFYING', verified: false }) }), event: { type: 'sensor.cartRead', today: 1 } }))
      .toEqual({ cart: slot(ID, { status: 'OK', verified: true }) });
    expect(updates.verifyOk({ context: ctx({ cart: null }), event: { type: 'sensor.cartRead', today: 1 } })).toEqual({});
    expect(updates.removeCart()).toEqual({ cart: null });
    expect(updates.setSeated({ context: BUSY, event: { type: 'sensor.seated', on: false } })).toEqual({ cart: slot(ID, { seated: false }) });
    expect(updates.setSeated({ context: ctx({ cart: null }), event: { type: 'sensor.seated', on: true } })).toEqual({});
    expect(cartStatusUpdate('EXPIRED')({ context: BUSY, event: { type: 'sensor.date', today: 1 } })).toEqual({ cart: slot(ID, { status: 'EXPIRED' }) });
    expect(cartStatusUpdate('EXPIRED')({ context: ctx({ cart: null }), event: { type: 'sensor.date', today: 1 } })).toEqual({});
  });

  it('SR-08 the first fire records the id with the time of START; later STARTs of the same cartridge record nothing', () => {
    const start = { type: 'cmd.start', today: 20261121, at: '2026-11-21T10:00:00.000Z' } as const;
    const fresh = ctx({ cart: slot(ID) });
    expect(updates.markFired({ context: fresh, event: start })).toEqual({
      cart: slot(ID, { fired: true }),
      registry: { ...fresh.registry, used: { ...fresh.registry.used, [ID]: { firstFiredAt: start.at, needleOnMs: 0, spent: false } } },
    });
    expect(updates.markFired({ context: ctx({ cart: slot(ID, { fired: true }) }), event: start })).toEqual({});
    expect(updates.markFired({ context: ctx({ cart: null }), event: start })).toEqual({});
  });

  it('SR-09 60 min of needle-on time: spent, with the time it first fired and the needle-on time', () => {
    const spent = { type: 'sensor.cartSpent', needleOnMs: 3_600_000 } as const;
    expect(updates.markSpent({ context: BUSY, event: spent })).toEqual({
      cart: slot(ID, { status: 'SPENT' }),
      registry: { ...BUSY.registry, used: { [ID]: { firstFiredAt: '2026-01-01T00:00:00.000Z', needleOnMs: 3_600_000, spent: true } } },
    });
    const unrecorded = ctx({ cart: slot(ID) });
    expect(updates.markSpent({ context: unrecorded, event: spent }).registry?.used[ID]).toEqual({ firstFiredAt: '', needleOnMs: 3_600_000, spent: true });
    expect(updates.markSpent({ context: ctx({ cart: null }), event: spent })).toEqual({});
  });

  it('SR-09 removal after verification spends a cartridge that never fired; an unverified or already recorded one is left as it is', () => {
    const out = { type: 'sensor.cartridgeOut' } as const;
    const verified = ctx({ cart: slot(ID) });
    expect(updates.spendOnRemoval({ context: verified, event: out })).toEqual({
      registry: { ...verified.registry, used: { ...verified.registry.used, [ID]: { firstFiredAt: '', needleOnMs: 0, spent: true } } },
    });
    expect(updates.spendOnRemoval({ context: ctx({ cart: slot(ID, { verified: false }) }), event: out })).toEqual({});
    expect(updates.spendOnRemoval({ context: BUSY, event: out })).toEqual({});
    expect(updates.spendOnRemoval({ context: ctx({ cart: null }), event: out })).toEqual({});
  });

  it('SR-12 fluid records the inserted cartridge as contaminated, once; other faults do not', () => {
    const fluid = { type: 'sensor.fault', code: 'FLUID_INGRESS', present: true } as const;
    expect(updates.markContaminated({ context: BUSY, event: fluid })).toEqual({ registry: { ...BUSY.registry, contaminated: [...BUSY.registry.contaminated, ID] } });
    expect(updates.markContaminated({ context: ctx({ ...BUSY, registry: { ...BUSY.registry, contaminated: [ID] } }), event: fluid })).toEqual({});
    expect(updates.markContaminated({ context: BUSY, event: { ...fluid, code: 'OVER_TEMP' } })).toEqual({});
    expect(updates.markContaminated({ context: ctx({ cart: null }), event: fluid })).toEqual({});
  });
});

describe('contact, power and the engineering session', () => {
  it('skin contact is timed from its start and forgotten at its end; passes count up to 99', () => {
    expect(updates.startContact({ context: BUSY, event: { type: 'sensor.skin', on: true, t: 1234 } })).toEqual({ contactSince: 1234 });
    expect(updates.endContact()).toEqual({ contactSince: null });
    expect([0, 98, 99].map((passes) => updates.countPass({ context: ctx({ passes }), event: { type: 'cmd.stop' } }))).toEqual([{ passes: 1 }, { passes: 99 }, { passes: 99 }]);
  });

  it('SR-13 battery and charger readings are kept as they come', () => {
    expect(updates.setBattery({ context: BUSY, event: { type: 'sensor.battery', pct: 7 } })).toEqual({ batteryPct: 7 });
    expect(updates.setCharging({ context: BUSY, event: { type: 'sensor.charger', on: true } })).toEqual({ charging: true });
    expect(updates.setCharging({ context: ctx({ charging: true }), event: { type: 'sensor.charger', on: false } })).toEqual({ charging: false });
  });

  it('SR-17 ENG_OPEN keeps the nonce it was given', () => {
    expect(updates.setNonce({ context: BUSY, event: { type: 'cmd.engOpen', nonce: '00112233445566AA' } })).toEqual({ nonce: '00112233445566AA' });
  });
});
