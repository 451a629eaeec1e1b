/**
 * The statechart's setup (XState v5 `setup()`): its types, the named guards
 * and actions it may use, and the small builders the chart's transitions are
 * written with — `ack`, `nak(code, extra)` (a refusal: replies, never assigns,
 * SR-15), `evt(fields)` and the cartridge `reject` transitions. The effects
 * (`reply`, `emitEvt`, `persist`, `applySim`) are stubs
 * the pen core replaces with `.provide()`.
 */
import { setup } from 'xstate';
import { faultMask, type FaultCode, type NakCode } from '../../../protocol/src/index.js';
import { assigns, effects, setCartStatus } from './actions.js';
import { ACK_REPLY, nakReply, type EvtFields, type PenContext, type PenEvent, type PenInput } from './context.js';
import { guards } from './guards.js';

/** What a guard, an action or a params function of the chart receives. */
export type Args = { context: PenContext; event: PenEvent };

/** Answer the command ACK. */
export const ack = { type: 'reply', params: ACK_REPLY } as const;

/** Refuse the command with `code` (and limits or a message computed from the context). */
export function nak(code: NakCode, extra?: (a: Args) => Record<string, string | number>) {
  return { type: 'reply', params: (a: Args) => nakReply(code, extra ? extra(a) : {}) } as const;
}

/** Emit an EVT with these fields. */
export function evt(f: (a: Args) => EvtFields) {
  return { type: 'emitEvt', params: f } as const;
}

/** The inserted cartridge's id, for events. */
export const cartId = (a: Args) => a.context.cart?.record.id ?? 'NONE';

/**
 * EVT FAULT for a fault just latched: its code (that of the sensor event, or `code`) and
 * every latched fault as a mask (PROTOCOL.md §11).
 */
export function evtFault(code?: FaultCode) {
  return evt(({ context, event }) => {
    const f: EvtFields = {
      ev: 'FAULT', code: code ?? (event.type === 'sensor.fault' ? event.code : (context.faults.at(-1) ?? 'SELF_TEST')), faults: faultMask(context.faults),
    };
    if (event.type === 'sensor.fault' && event.msg !== undefined) f['msg'] = event.msg;
    return f;
  });
}

/** Rejections of a freshly read cartridge, in the order SR-07 lists them. */
export function reject(guard: keyof typeof guards, status: 'AUTH' | 'EXPIRED' | 'RECALLED' | 'REUSED' | 'UNSEALED' | 'FLUID') {
  return {
    guard, target: 'rejected',
    actions: [setCartStatus(status), evt((a) => ({ ev: 'CART_REJECT', id: cartId(a), code: status }))],
  } as const;
}

/** SR-07: the NAK code for a cartridge whose verification failed. */
export function statusNak(c: PenContext): NakCode {
  switch (c.cart?.status) {
    case 'AUTH':
      return 'CART_AUTH';
    case 'EXPIRED':
      return 'CART_EXPIRED';
    case 'RECALLED':
      return 'CART_RECALLED';
    case 'REUSED':
      return 'CART_REUSED';
    case 'UNSEALED':
      return 'CART_UNSEALED';
    case 'FLUID':
      return 'CART_FLUID';
    case 'SPENT':
      return 'CART_SPENT';
    case undefined:
      return 'NO_CARTRIDGE';
    default:
      return 'BUSY';
  }
}

/** The chart's types, guards and actions. */
export const penSetup = setup({
  types: {} as { context: PenContext; events: PenEvent; input: PenInput },
  guards,
  actions: { ...assigns, ...effects },
});
