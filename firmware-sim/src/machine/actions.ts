/**
 * Context updates of the pen statechart (pure `assign`s) and the injected side
 * effects' default no-op implementations. The pen core provides the real
 * effects with `.provide()`; tests provide recorders.
 */
import { assign } from 'xstate';
import type { FaultCode } from '../../../protocol/src/index.js';
import { powerOnSettings } from './limits.js';
import type { EvtFields, PenContext, PenEvent, PenReply } from './context.js';

type A = { context: PenContext; event: PenEvent };
const upd = <T extends Partial<PenContext>>(f: (a: A) => T) =>
  assign<PenContext, PenEvent, undefined, PenEvent, never>(f as (a: A) => Partial<PenContext>);

function addOnce(list: FaultCode[], code: FaultCode): FaultCode[] {
  return list.includes(code) ? list : [...list, code];
}

/** Latch a fault given by the event or a fixed code; keep its condition if it persists (SR-14). */
function latch(code: FaultCode | null, persists = false) {
  return upd(({ context, event }) => {
    const c = code ?? (event.type === 'sensor.fault' ? event.code : 'SELF_TEST');
    const present = code === null && event.type === 'sensor.fault' ? event.present : persists;
    return { faults: addOnce(context.faults, c), conditions: present ? addOnce(context.conditions, c) : context.conditions };
  });
}

export const assigns = {
  setDepth: upd(({ event }) => (event.type === 'cmd.setDepth' ? { depthUm: event.um } : {})),
  setRate: upd(({ event }) => (event.type === 'cmd.setRate' ? { rateHz: event.hz } : {})),
  selectArea: upd(({ event }) => (event.type === 'cmd.setArea' ? { area: event.area, passes: 0 } : {})),
  // RESET_SETTINGS: the power-on settings again (the telemetry rate is the pen core's).
  resetSettings: upd(({ context }) => ({ ...powerOnSettings(context.limits), area: null, passes: 0 })),
  loadProfile: upd(({ context, event }) => {
    if (event.type !== 'cmd.engProfile' || event.profile === null) return {};
    const keep = context.area !== null && event.profile.rows.some((r) => r.area === context.area);
    return { profile: event.profile, area: keep ? context.area : null, passes: 0 };
  }),
  latchSensorFault: latch(null),
  latchCartRemoved: latch('CART_REMOVED'),
  latchCartUnseated: latch('CART_UNSEATED'),
  latchLinkLost: latch('LINK_LOST'),
  // A failed self-test persists until the pen core reports the hardware healthy again.
  latchSelfTest: latch('SELF_TEST', true),
  // SR-14: the self-test result is kept whatever mode the pen is in when it arrives.
  setSelfTest: upd(({ event }) => (event.type === 'sensor.selfTest' ? { selfTest: event.ok ? 'PASS' : 'FAIL' } : {})),
  dropCondition: upd(({ context, event }) =>
    event.type === 'sensor.conditionGone' ? { conditions: context.conditions.filter((c) => c !== event.code) } : {},
  ),
  // A failed self-test cleared by the host is run again before the pen may start (SR-14).
  clearFaults: upd(({ context }) => ({ faults: [], conditions: [], faultNote: null, selfTest: context.selfTest === 'FAIL' ? 'PENDING' : context.selfTest })),
  insertCart: upd(({ event }) =>
    event.type === 'sensor.cartridgeIn' ? { cart: { record: event.record, status: 'VERIFYING', seated: event.seated, fired: false, verified: false } } : {},
  ),
  verifyOk: upd(({ context }) => (context.cart ? { cart: { ...context.cart, status: 'OK', verified: true } } : {})),
  removeCart: upd(() => ({ cart: null })),
  setSeated: upd(({ context, event }) =>
    event.type === 'sensor.seated' && context.cart ? { cart: { ...context.cart, seated: event.on } } : {},
  ),
  // SR-08: the first fire records the id in the registry (the persist effect writes NVM before the needle moves).
  markFired: upd(({ context, event }) => {
    if (!context.cart || context.cart.fired) return {};
    const id = context.cart.record.id;
    const at = event.type === 'cmd.start' ? event.at : '';
    return {
      cart: { ...context.cart, fired: true },
      registry: { ...context.registry, used: { ...context.registry.used, [id]: { firstFiredAt: at, needleOnMs: 0, spent: false } } },
    };
  }),
  // SR-09: 60 min of needle-on time.
  markSpent: upd(({ context, event }) => {
    if (!context.cart) return {};
    const id = context.cart.record.id;
    const prev = context.registry.used[id];
    const needleOnMs = event.type === 'sensor.cartSpent' ? event.needleOnMs : (prev?.needleOnMs ?? 0);
    return {
      cart: { ...context.cart, status: 'SPENT' },
      registry: { ...context.registry, used: { ...context.registry.used, [id]: { firstFiredAt: prev?.firstFiredAt ?? '', needleOnMs, spent: true } } },
    };
  }),
  // SR-09: a cartridge removed after it passed verification is spent, fired or not (the
  // detach/re-attach lockout). One that fired is already refused for good as REUSED (SR-08).
  spendOnRemoval: upd(({ context }) => {
    const c = context.cart;
    if (!c || !c.verified || Object.prototype.hasOwnProperty.call(context.registry.used, c.record.id)) return {};
    return { registry: { ...context.registry, used: { ...context.registry.used, [c.record.id]: { firstFiredAt: '', needleOnMs: 0, spent: true } } } };
  }),
  // SR-12: fluid got past this cartridge's membrane: contaminated for good.
  markContaminated: upd(({ context, event }) => {
    const c = context.cart;
    if (!c || event.type !== 'sensor.fault' || event.code !== 'FLUID_INGRESS' || context.registry.contaminated.includes(c.record.id)) return {};
    return { registry: { ...context.registry, contaminated: [...context.registry.contaminated, c.record.id] } };
  }),
  startContact: upd(({ event }) => (event.type === 'sensor.skin' ? { contactSince: event.t } : {})),
  endContact: upd(() => ({ contactSince: null })),
  countPass: upd(({ context }) => ({ passes: Math.min(99, context.passes + 1) })),
  setBattery: upd(({ event }) => (event.type === 'sensor.battery' ? { batteryPct: event.pct } : {})),
  setCharging: upd(({ event }) => (event.type === 'sensor.charger' ? { charging: event.on } : {})),
  setNonce: upd(({ event }) => (event.type === 'cmd.engOpen' ? { nonce: event.nonce } : {})),
  clearNonce: upd(() => ({ nonce: null })),
};

/** Cartridge status assigns, one per verification outcome. */
export function setCartStatus(status: 'AUTH' | 'EXPIRED' | 'RECALLED' | 'REUSED' | 'UNSEALED' | 'SPENT' | 'FLUID') {
  return upd(({ context }) => (context.cart ? { cart: { ...context.cart, status } } : {}));
}

/** Side effects, replaced by the pen core through `.provide()`. */
export const effects = {
  /** Answer the command being handled (exactly one per command). */
  reply: (_: A, _params: PenReply) => {},
  /** Emit an EVT frame. */
  emitEvt: (_: A, _params: EvtFields) => {},
  /**
   * SR-08, SR-14: write the registry and the latched hazard faults to non-volatile memory.
   * A write that fails latches NVM_WRITE (or NVM_INTEGRITY) through a `sensor.fault` the
   * pen core sends back; it never throws.
   */
  persist: (_: A) => {},
  /** Carry out an authorised SIM_* command on the simulated hardware (and reply). */
  applySim: (_: A) => {},
};
