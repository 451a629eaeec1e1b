/**
 * Context updates of the pen statechart (pure `assign`s) and the injected side
 * effects' default no-op implementations. The pen core provides the real
 * effects with `.provide()`; tests provide recorders.
 */
import { assign } from 'xstate';
import type { FaultCode } from '../../../protocol/src/index.js';
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
  dropCondition: upd(({ context, event }) =>
    event.type === 'sensor.conditionGone' ? { conditions: context.conditions.filter((c) => c !== event.code) } : {},
  ),
  clearFaults: upd(() => ({ faults: [], conditions: [] })),
  insertCart: upd(({ event }) =>
    event.type === 'sensor.cartridgeIn' ? { cart: { record: event.record, status: 'VERIFYING', seated: event.seated, fired: false } } : {},
  ),
  removeCart: upd(() => ({ cart: null })),
  setSeated: upd(({ context, event }) =>
    event.type === 'sensor.seated' && context.cart ? { cart: { ...context.cart, seated: event.on } } : {},
  ),
  // SR-08: the first fire records the id in the registry copy (the persistUse effect writes NVM).
  markFired: upd(({ context }) => {
    if (!context.cart || context.cart.fired) return {};
    const id = context.cart.record.id;
    return {
      cart: { ...context.cart, fired: true },
      registry: { ...context.registry, used: { ...context.registry.used, [id]: { spent: false } } },
    };
  }),
  markSpent: upd(({ context }) => {
    if (!context.cart) return {};
    const id = context.cart.record.id;
    return {
      cart: { ...context.cart, status: 'SPENT' },
      registry: { ...context.registry, used: { ...context.registry.used, [id]: { spent: true } } },
    };
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
export function setCartStatus(status: 'OK' | 'AUTH' | 'EXPIRED' | 'RECALLED' | 'REUSED' | 'UNSEALED' | 'SPENT' | 'FLUID') {
  return upd(({ context }) => (context.cart ? { cart: { ...context.cart, status } } : {}));
}

/** Side effects, replaced by the pen core through `.provide()`. */
export const effects = {
  /** Answer the command being handled (exactly one per command). */
  reply: (_: A, _params: PenReply) => {},
  /** Emit an EVT frame. */
  emitEvt: (_: A, _params: EvtFields) => {},
  /** SR-08: write "fired" for the inserted cartridge to non-volatile memory. */
  persistUse: (_: A) => {},
  /** SR-09: write "spent" for the inserted cartridge to non-volatile memory. */
  persistSpent: (_: A) => {},
  /** Carry out an authorised SIM_* command on the simulated hardware (and reply). */
  applySim: (_: A) => {},
};
