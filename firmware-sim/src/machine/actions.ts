/**
 * Context updates of the pen statechart (pure functions, applied as `assign`s)
 * and the injected side effects' default no-op implementations. The pen core provides the real
 * effects with `.provide()`; tests provide recorders.
 */
import { assign } from 'xstate';
import type { FaultCode } from '../../../protocol/src/index.js';
import { powerOnSettings } from './limits.js';
import type { EvtFields, PenContext, PenEvent, PenReply } from './context.js';

type A = { context: PenContext; event: PenEvent };
type Update = (a: A) => Partial<PenContext>;
const upd = (f: Update) => assign<PenContext, PenEvent, undefined, PenEvent, never>(f);

function addOnce(list: FaultCode[], code: FaultCode): FaultCode[] {
  return list.includes(code) ? list : [...list, code];
}

/** Latch `code`; its condition counts as present if `present` (SR-14). */
function latchCode(context: PenContext, code: FaultCode, present: boolean): Partial<PenContext> {
  return { faults: addOnce(context.faults, code), conditions: present ? addOnce(context.conditions, code) : context.conditions };
}

/**
 * The context updates as pure functions of the chart's arguments (the chart applies them
 * through `assigns`). Each one changes only what its event says and ignores other events.
 */
export const updates = {
  setDepth: ({ event }: A) => (event.type === 'cmd.setDepth' ? { depthUm: event.um } : {}),
  setRate: ({ event }: A) => (event.type === 'cmd.setRate' ? { rateHz: event.hz } : {}),
  selectArea: ({ event }: A) => (event.type === 'cmd.setArea' ? { area: event.area, passes: 0 } : {}),
  // RESET_SETTINGS: the power-on settings again (the telemetry rate is the pen core's).
  resetSettings: ({ context }: A) => ({ ...powerOnSettings(context.limits), area: null, passes: 0 }),
  loadProfile: ({ context, event }: A) => {
    if (event.type !== 'cmd.engProfile' || event.profile === null) return {};
    const keep = context.area !== null && event.profile.rows.some((r) => r.area === context.area);
    return { profile: event.profile, area: keep ? context.area : null, passes: 0 };
  },
  // SR-14: a fault a sensor found latches, with its condition as the sensor reads it.
  latchSensorFault: ({ context, event }: A) => (event.type === 'sensor.fault' ? latchCode(context, event.code, event.present) : {}),
  // Events, not conditions: nothing to wait for before CLEAR_FAULT.
  latchCartRemoved: ({ context }: A) => latchCode(context, 'CART_REMOVED', false),
  latchCartUnseated: ({ context }: A) => latchCode(context, 'CART_UNSEATED', false),
  latchLinkLost: ({ context }: A) => latchCode(context, 'LINK_LOST', false),
  // A failed self-test persists until the pen core reports the hardware healthy again.
  latchSelfTest: ({ context }: A) => latchCode(context, 'SELF_TEST', true),
  // SR-14: the self-test result is kept whatever mode the pen is in when it arrives.
  setSelfTest: ({ event }: A) => (event.type === 'sensor.selfTest' ? { selfTest: event.ok ? 'PASS' as const : 'FAIL' as const } : {}),
  dropCondition: ({ context, event }: A) =>
    event.type === 'sensor.conditionGone' ? { conditions: context.conditions.filter((c) => c !== event.code) } : {},
  // A failed self-test cleared by the host is run again before the pen may start (SR-14).
  clearFaults: ({ context }: A) => ({ faults: [], conditions: [], faultNote: null, selfTest: context.selfTest === 'FAIL' ? 'PENDING' as const : context.selfTest }),
  insertCart: ({ event }: A) =>
    event.type === 'sensor.cartridgeIn' ? { cart: { record: event.record, status: 'VERIFYING' as const, seated: event.seated, fired: false, verified: false } } : {},
  verifyOk: ({ context }: A) => (context.cart ? { cart: { ...context.cart, status: 'OK' as const, verified: true } } : {}),
  removeCart: () => ({ cart: null }),
  setSeated: ({ context, event }: A) => (event.type === 'sensor.seated' && context.cart ? { cart: { ...context.cart, seated: event.on } } : {}),
  // SR-08: the first fire records the id and the time in the registry (the persist effect writes NVM before the needle moves).
  markFired: ({ context, event }: A) => {
    if (!context.cart || context.cart.fired || event.type !== 'cmd.start') return {};
    const id = context.cart.record.id;
    return {
      cart: { ...context.cart, fired: true },
      registry: { ...context.registry, used: { ...context.registry.used, [id]: { firstFiredAt: event.at, needleOnMs: 0, spent: false } } },
    };
  },
  // SR-09: 60 min of needle-on time.
  markSpent: ({ context, event }: A) => {
    if (!context.cart || event.type !== 'sensor.cartSpent') return {};
    const id = context.cart.record.id;
    const firstFiredAt = context.registry.used[id]?.firstFiredAt ?? '';
    return {
      cart: { ...context.cart, status: 'SPENT' as const },
      registry: { ...context.registry, used: { ...context.registry.used, [id]: { firstFiredAt, needleOnMs: event.needleOnMs, spent: true } } },
    };
  },
  // SR-09: a cartridge removed after it passed verification is spent, fired or not (the
  // detach/re-attach lockout). One that fired is already refused for good as REUSED (SR-08).
  spendOnRemoval: ({ context }: A) => {
    const c = context.cart;
    if (!c || !c.verified || Object.prototype.hasOwnProperty.call(context.registry.used, c.record.id)) return {};
    return { registry: { ...context.registry, used: { ...context.registry.used, [c.record.id]: { firstFiredAt: '', needleOnMs: 0, spent: true } } } };
  },
  // SR-12: fluid got past this cartridge's membrane: contaminated for good.
  markContaminated: ({ context, event }: A) => {
    const c = context.cart;
    if (!c || event.type !== 'sensor.fault' || event.code !== 'FLUID_INGRESS' || context.registry.contaminated.includes(c.record.id)) return {};
    return { registry: { ...context.registry, contaminated: [...context.registry.contaminated, c.record.id] } };
  },
  startContact: ({ event }: A) => (event.type === 'sensor.skin' ? { contactSince: event.t } : {}),
  endContact: () => ({ contactSince: null }),
  countPass: ({ context }: A) => ({ passes: Math.min(99, context.passes + 1) }),
  setBattery: ({ event }: A) => (event.type === 'sensor.battery' ? { batteryPct: event.pct } : {}),
  setCharging: ({ event }: A) => (event.type === 'sensor.charger' ? { charging: event.on } : {}),
  setNonce: ({ event }: A) => (event.type === 'cmd.engOpen' ? { nonce: event.nonce } : {}),
} satisfies Record<string, Update>;

/** The updates as the chart's named `assign` actions. */
export const assigns = Object.fromEntries(Object.entries(updates).map(([k, f]) => [k, upd(f)])) as { [K in keyof typeof updates]: ReturnType<typeof upd> };

/** The update that sets the cartridge's status (one per verification outcome). */
export function cartStatusUpdate(status: 'AUTH' | 'EXPIRED' | 'RECALLED' | 'REUSED' | 'UNSEALED' | 'SPENT' | 'FLUID'): Update {
  return ({ context }) => (context.cart ? { cart: { ...context.cart, status } } : {});
}

/** Cartridge status assigns, one per verification outcome. */
export function setCartStatus(status: Parameters<typeof cartStatusUpdate>[0]) {
  return upd(cartStatusUpdate(status));
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
