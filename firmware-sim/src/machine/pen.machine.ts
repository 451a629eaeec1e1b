/**
 * The pen's statechart (XState v5). Four parallel regions:
 * - mode: boot → idle ⇄ running (hovering ⇄ inContact) → stopping; fault (latched, SR-14)
 * - cart: empty → verifying → ok | rejected | spent (SR-07, SR-08, SR-09, SR-12)
 * - power: normal | low | charging (SR-13)
 * - eng: locked → challenged → open (SR-17)
 * Every `cmd.*` event is answered exactly once through the injected `reply`
 * effect; a command no state handles is answered BAD_STATE by the pen core,
 * which also writes the BAD_STATE text (the state needed and the state now).
 * Refusals never assign (SR-15): a NAK transition has no target and only replies.
 * Time-outs are not in the chart: the pen core turns clock and physics edges
 * into `sensor.*` events, which keeps the chart pure and testable by events.
 */
import { and } from 'xstate';
import { faultMask } from '../../../protocol/src/index.js';
import { cartRegion } from './cart-region.js';
import { engRegion } from './eng-region.js';
import { nakReply, powerOnSettings } from './context.js';
import { areaCap, capOf } from './guards.js';
import { ack, evt, evtFault, nak, penSetup, statusNak, type Args } from './pen-setup.js';
import { BATTERY_START_MIN } from '../safety/monitor.js';

const mask = (a: Args) => faultMask(a.context.faults);

/** SR-14: a fault from any mode but boot latches and the needle retracts (only `running` extends it). */
const latchFault = { target: '.fault', actions: ['latchSensorFault', 'markContaminated', 'persist', evtFault()] } as const;

/** Faults still latched when the boot self-test passes (persisted hazards, an NVM problem): one EVT FAULT each. */
const announceLatched = penSetup.enqueueActions(({ context, enqueue }) => {
  for (const code of context.faults) {
    enqueue({ type: 'emitEvt', params: { ev: 'FAULT', code, faults: faultMask(context.faults), msg: context.faultNote ?? 'latched before power-off' } });
  }
});

/** CLEAR_FAULT accepted: the faults go (also from NVM); answers come before the events (PenLink holds them). */
const clearActions = [evt((a) => ({ ev: 'FAULT_CLEAR', faults: mask(a) })), 'clearFaults', 'persist', ack] as const;

/** The pen's statechart; the pen core supplies its effects with `.provide()`. */
export const penMachine = penSetup.createMachine({
  id: 'pen',
  type: 'parallel',
  context: ({ input }) => ({
    ...input,
    ...powerOnSettings(input.limits),
    area: null,
    passes: 0,
    cart: null,
    // SR-14: hazard faults persisted in NVM are latched again at power-up, condition assumed present
    // until the sensors say otherwise.
    conditions: [...input.faults],
    selfTest: 'PENDING',
    nonce: null,
    contactSince: null,
  }),
  on: {
    'sensor.conditionGone': { actions: 'dropCondition' },
  },
  states: {
    mode: {
      initial: 'boot',
      on: {
        // Settings may change in any mode except boot; the checks are the same while running,
        // where the servo then slews to the new setpoint (SR-04). A cartridge limit is refused
        // only with a cartridge in (the guards say so), hence `cart!` in its answers.
        'cmd.setDepth': [
          { guard: 'depthOutOfRange', actions: nak('DEPTH_RANGE', ({ context }) => ({ min: context.limits.dmin, max: context.limits.dmax })) }, // SR-01
          { guard: 'depthAboveAreaCap', actions: nak('DEPTH_AREA_LIMIT', ({ context }) => ({ max: areaCap(context) })) }, // SR-02
          { guard: 'depthAboveCartMax', actions: nak('DEPTH_CART_LIMIT', ({ context }) => ({ max: context.cart!.record.max })) }, // SR-03
          { actions: ['setDepth', ack] },
        ],
        'cmd.setRate': [
          { guard: 'rateOutOfRange', actions: nak('RATE_RANGE', ({ context }) => ({ min: context.limits.rmin, max: context.limits.rmax })) }, // SR-06
          { actions: ['setRate', ack] },
        ],
        'cmd.setArea': [
          { guard: 'areaUnknown', actions: nak('AREA_UNKNOWN') },
          {
            guard: 'areaCapBelowSetpoint', // SR-02
            actions: {
              type: 'reply',
              params: ({ context, event }) => nakReply('DEPTH_AREA_LIMIT', { max: capOf(context.profile, event.area), msg: `setpoint ${context.depthUm} um above the area cap` }),
            },
          },
          { actions: ['selectArea', ack, { type: 'emitEvt', params: ({ event }) => ({ ev: 'AREA', area: event.area, n: 0 }) }] },
        ],
        'cmd.resetSettings': [
          { guard: 'areaSelected', actions: ['resetSettings', ack, evt(() => ({ ev: 'AREA', area: 'NONE', n: 0 }))] },
          { actions: ['resetSettings', ack] },
        ],
        // SR-16: STOP is accepted in every state and is idempotent.
        'cmd.stop': { actions: ack },
        'cmd.clearFault': { actions: nak('BAD_STATE') },
        'sensor.fault': latchFault,
        // SR-14: the self-test result is never dropped, whatever mode it finds the pen in.
        'sensor.selfTest': [
          { guard: 'selfTestOk', actions: ['setSelfTest', evt(() => ({ ev: 'BOOT' }))] },
          { target: '.fault', actions: ['setSelfTest', 'latchSelfTest', 'persist', evtFault('SELF_TEST')] },
        ],
      },
      states: {
        boot: {
          on: {
            'sensor.selfTest': [
              { guard: and(['selfTestOk', 'hasFaults']), target: 'fault', actions: ['setSelfTest', evt(() => ({ ev: 'BOOT' })), announceLatched] },
              { guard: 'selfTestOk', target: 'idle', actions: ['setSelfTest', evt(() => ({ ev: 'BOOT' }))] },
              { target: 'fault', actions: ['setSelfTest', 'latchSelfTest', 'persist', evtFault('SELF_TEST')] },
            ],
            'cmd.setDepth': { actions: nak('BAD_STATE') },
            'cmd.setRate': { actions: nak('BAD_STATE') },
            'cmd.setArea': { actions: nak('BAD_STATE') },
            'cmd.start': { actions: nak('BAD_STATE') },
            'cmd.resetSettings': { actions: nak('BAD_STATE') },
          },
        },
        idle: {
          on: {
            'cmd.start': [
              // SR-14: not before the boot self-test has passed.
              { guard: 'selfTestNotPassed', actions: nak('FAULT_ACTIVE', (a) => ({ faults: mask(a), msg: `self-test ${a.context.selfTest}` })) },
              { guard: 'charging', actions: nak('BAD_STATE') },
              { guard: 'batteryLow', actions: nak('BATTERY_LOW', ({ context }) => ({ min: BATTERY_START_MIN, msg: `battery ${context.batteryPct}%` })) }, // SR-13
              { guard: 'noArea', actions: nak('NO_AREA', () => ({ msg: 'select a treatment area first' })) }, // SR-02
              { guard: 'noCartridge', actions: nak('NO_CARTRIDGE') }, // SR-07
              { guard: 'cartVerifying', actions: nak('BUSY', () => ({ msg: 'cartridge verifying' })) },
              { guard: 'cartNotOk', actions: { type: 'reply', params: ({ context }: Args) => nakReply(statusNak(context)) } }, // SR-07, SR-08, SR-09, SR-12
              { guard: 'cartExpiredNow', actions: nak('CART_EXPIRED', () => ({ msg: 'expired by the pen calendar' })) }, // SR-07 at START
              { guard: 'cartUnseated', actions: nak('CART_UNSEATED') }, // SR-07
              { guard: 'setpointAboveCartMax', actions: nak('DEPTH_CART_LIMIT', ({ context }) => ({ max: context.cart!.record.max })) }, // SR-03
              // SR-03: unreachable through SET_DEPTH/SET_AREA/ENG_PROFILE (each refuses it), kept as the last line of defence.
              { guard: 'setpointAboveAreaCap', actions: nak('DEPTH_AREA_LIMIT', ({ context }) => ({ max: areaCap(context) })) },
              { target: 'running', actions: ack },
            ],
          },
        },
        running: {
          initial: 'hovering',
          // SR-08: the first fire records the cartridge as used in non-volatile memory before the
          // needle moves; if that write fails the pen core latches NVM_WRITE in the same step.
          entry: ['markFired', 'persist'],
          on: {
            'cmd.start': { actions: nak('BAD_STATE') },
            'cmd.resetSettings': { actions: nak('BAD_STATE') },
            'cmd.stop': { target: 'stopping', actions: ack }, // SR-16
            // SR-10: cartridge removed or unseated while running → immediate stop and fault.
            'sensor.cartridgeOut': { target: 'fault', actions: ['latchCartRemoved', evtFault('CART_REMOVED')] },
            'sensor.seated': {
              guard: 'unseated', target: 'fault',
              actions: ['latchCartUnseated', evtFault('CART_UNSEATED')],
            },
            // SR-11: no well-formed host command for 500 ms while running → stop, LINK_LOST.
            'sensor.leaseExpired': {
              target: 'fault',
              actions: ['latchLinkLost', evt(() => ({ ev: 'LEASE' })), evtFault('LINK_LOST')],
            },
            // SR-09: 60 min of needle-on time → stop; the cartridge region marks it spent.
            'sensor.cartSpent': { target: 'stopping' },
            'sensor.charger': { guard: 'chargerOn', target: 'stopping' },
          },
          states: {
            hovering: {
              on: { 'sensor.skin': { guard: 'skinOn', target: 'inContact', actions: ['startContact', evt(() => ({ ev: 'SKIN', on: 1 }))] } },
            },
            inContact: {
              exit: ['endContact', evt(() => ({ ev: 'SKIN', on: 0 }))],
              on: {
                'sensor.skin': [
                  {
                    guard: 'passCompleted', target: 'hovering',
                    actions: ['countPass', evt(({ context }) => ({ ev: 'PASS', n: context.passes, area: context.area ?? 'NONE' }))],
                  },
                  { guard: 'skinOff', target: 'hovering' },
                ],
              },
            },
          },
        },
        stopping: {
          on: {
            'cmd.start': { actions: nak('BUSY', () => ({ msg: 'stopping' })) },
            'cmd.resetSettings': { actions: nak('BAD_STATE') },
            'sensor.retracted': { target: 'idle' },
          },
        },
        fault: {
          on: {
            'cmd.start': { actions: nak('FAULT_ACTIVE', (a) => ({ faults: mask(a) })) }, // SR-14
            'sensor.fault': [
              { guard: 'faultLatched', actions: 'latchSensorFault' },
              { actions: ['latchSensorFault', 'markContaminated', 'persist', evtFault()] },
            ],
            'cmd.clearFault': [
              // SR-14: the self-test result is awaited, never skipped.
              { guard: 'selfTestPending', actions: nak('BUSY', () => ({ msg: 'self-test running' })) },
              {
                guard: 'faultConditionPresent', // SR-14
                actions: { type: 'reply', params: ({ context, event }) => nakReply('FAULT_PRESENT', { faults: faultMask([...context.conditions, ...event.present]) }) },
              },
              // A failed self-test whose cause is gone is run again before the pen may start.
              { guard: 'selfTestFailed', target: 'boot', actions: clearActions },
              { target: 'idle', actions: clearActions },
            ],
          },
        },
      },
    },
    cart: cartRegion,
    power: {
      initial: 'normal',
      on: {
        'sensor.battery': { actions: 'setBattery' },
      },
      states: {
        normal: {
          on: {
            'sensor.battery': { guard: 'batteryBelowStart', target: 'low', actions: 'setBattery' }, // SR-13
            'sensor.charger': { guard: 'chargerOn', target: 'charging', actions: 'setCharging' },
          },
        },
        low: {
          on: {
            'sensor.battery': { guard: 'batteryAtLeastStart', target: 'normal', actions: 'setBattery' },
            'sensor.charger': { guard: 'chargerOn', target: 'charging', actions: 'setCharging' },
          },
        },
        charging: {
          on: {
            'sensor.charger': [
              { guard: 'chargerOffBatteryLow', target: 'low', actions: 'setCharging' },
              { guard: 'chargerOff', target: 'normal', actions: 'setCharging' },
            ],
          },
        },
      },
    },
    eng: engRegion,
  },
});

export { statusNak } from './pen-setup.js';
