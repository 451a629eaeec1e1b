/**
 * The pen's statechart (XState v5). Four parallel regions:
 * - mode: boot → idle ⇄ running (hovering ⇄ inContact) → stopping; fault (latched, SR-14)
 * - cart: empty → verifying → ok | rejected | spent (SR-07, SR-08, SR-09, SR-12)
 * - power: normal | low | charging (SR-13)
 * - eng: locked → challenged → open (SR-17)
 * Every `cmd.*` event is answered exactly once through the injected `reply`
 * effect; a command no state handles is answered BAD_STATE by the pen core.
 * Refusals never assign (SR-15): a NAK transition has no target and only replies.
 * Time-outs are not in the chart: the pen core turns clock and physics edges
 * into `sensor.*` events, which keeps the chart pure and testable by events.
 */
import { setCartStatus } from './actions.js';
import {
  DEFAULT_DEPTH_UM, DEFAULT_RATE_HZ, DEPTH_MAX_UM, DEPTH_MIN_UM, RATE_MAX_HZ, RATE_MIN_HZ, nakReply,
} from './context.js';
import { areaCap } from './guards.js';
import { ack, cartId, evt, evtFault, nak, penSetup, reject, statusNak, type Args } from './pen-setup.js';
import { BATTERY_START_MIN } from '../safety/monitor.js';

/** The pen's statechart; the pen core supplies its effects with `.provide()`. */
export const penMachine = penSetup.createMachine({
  id: 'pen',
  type: 'parallel',
  context: ({ input }) => ({
    ...input,
    depthUm: DEFAULT_DEPTH_UM,
    rateHz: DEFAULT_RATE_HZ,
    area: null,
    passes: 0,
    cart: null,
    faults: [],
    conditions: [],
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
        // where the servo then slews to the new setpoint (SR-04).
        'cmd.setDepth': [
          { guard: 'depthOutOfRange', actions: nak('DEPTH_RANGE', () => ({ min: DEPTH_MIN_UM, max: DEPTH_MAX_UM })) }, // SR-01
          { guard: 'depthAboveAreaCap', actions: nak('DEPTH_AREA_LIMIT', ({ context }) => ({ max: areaCap(context) })) }, // SR-02
          { guard: 'depthAboveCartMax', actions: nak('DEPTH_CART_LIMIT', ({ context }) => ({ max: context.cart?.record.max ?? 0 })) }, // SR-03
          { actions: ['setDepth', ack] },
        ],
        'cmd.setRate': [
          { guard: 'rateOutOfRange', actions: nak('RATE_RANGE', () => ({ min: RATE_MIN_HZ, max: RATE_MAX_HZ })) }, // SR-06
          { actions: ['setRate', ack] },
        ],
        'cmd.setArea': [
          { guard: 'areaUnknown', actions: nak('AREA_UNKNOWN') },
          {
            guard: 'areaCapBelowSetpoint', // SR-02
            actions: nak('DEPTH_AREA_LIMIT', ({ context, event }) => ({
              max: event.type === 'cmd.setArea' ? (context.profile.rows.find((r) => r.area === event.area)?.cap ?? 0) : 0,
              msg: `setpoint ${context.depthUm} um above the area cap`,
            })),
          },
          { actions: ['selectArea', ack, evt(({ context }) => ({ ev: 'AREA', area: context.area ?? 'NONE', n: 0 }))] },
        ],
        // SR-16: STOP is accepted in every state and is idempotent.
        'cmd.stop': { actions: ack },
        'cmd.clearFault': { actions: nak('BAD_STATE', () => ({ msg: 'no fault latched' })) },
        // SR-14: any fault condition latches the fault state; the needle retracts because
        // only `running` extends it.
        'sensor.fault': { target: '.fault', actions: ['latchSensorFault', evtFault] },
      },
      states: {
        boot: {
          on: {
            'sensor.selfTest': [
              { guard: 'selfTestOk', target: 'idle', actions: evt(() => ({ ev: 'BOOT' })) },
              { target: 'fault', actions: ['latchSelfTest', evt(() => ({ ev: 'FAULT', code: 'SELF_TEST' }))] },
            ],
            'cmd.setDepth': { actions: nak('BAD_STATE', () => ({ msg: 'booting' })) },
            'cmd.setRate': { actions: nak('BAD_STATE', () => ({ msg: 'booting' })) },
            'cmd.setArea': { actions: nak('BAD_STATE', () => ({ msg: 'booting' })) },
            'cmd.start': { actions: nak('BAD_STATE', () => ({ msg: 'booting' })) },
          },
        },
        idle: {
          on: {
            'cmd.start': [
              { guard: 'charging', actions: nak('BAD_STATE', () => ({ msg: 'on the charger' })) },
              { guard: 'batteryLow', actions: nak('BATTERY_LOW', ({ context }) => ({ min: BATTERY_START_MIN, msg: `battery ${context.batteryPct}%` })) }, // SR-13
              { guard: 'noCartridge', actions: nak('NO_CARTRIDGE') }, // SR-07
              { guard: 'cartVerifying', actions: nak('BUSY', () => ({ msg: 'cartridge verifying' })) },
              { guard: 'cartSpentStatus', actions: nak('CART_SPENT') }, // SR-09
              { guard: 'cartNotOk', actions: { type: 'reply', params: ({ context }: Args) => nakReply(statusNak(context)) } }, // SR-07
              { guard: 'cartUnseated', actions: nak('CART_UNSEATED') }, // SR-07
              { guard: 'setpointAboveCartMax', actions: nak('DEPTH_CART_LIMIT', ({ context }) => ({ max: context.cart?.record.max ?? 0 })) }, // SR-03
              // SR-03: unreachable through SET_DEPTH/SET_AREA/ENG_PROFILE (each refuses it), kept as the last line of defence.
              { guard: 'setpointAboveAreaCap', actions: nak('DEPTH_AREA_LIMIT', ({ context }) => ({ max: areaCap(context) })) },
              { target: 'running', actions: ack },
            ],
          },
        },
        running: {
          initial: 'hovering',
          // SR-08: the first fire records the cartridge as used in non-volatile memory.
          entry: ['persistUse', 'markFired'],
          on: {
            'cmd.start': { actions: nak('BAD_STATE', () => ({ msg: 'already running' })) },
            'cmd.stop': { target: 'stopping', actions: ack }, // SR-16
            // SR-10: cartridge removed or unseated while running → immediate stop and fault.
            'sensor.cartridgeOut': { target: 'fault', actions: ['latchCartRemoved', evt(() => ({ ev: 'FAULT', code: 'CART_REMOVED' }))] },
            'sensor.seated': {
              guard: 'unseated', target: 'fault',
              actions: ['latchCartUnseated', evt(() => ({ ev: 'FAULT', code: 'CART_UNSEATED' }))],
            },
            // SR-11: no valid frame for 500 ms while running → stop, LINK_LOST.
            'sensor.leaseExpired': {
              target: 'fault',
              actions: ['latchLinkLost', evt(() => ({ ev: 'LEASE' })), evt(() => ({ ev: 'FAULT', code: 'LINK_LOST' }))],
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
            'sensor.retracted': { target: 'idle' },
          },
        },
        fault: {
          on: {
            'cmd.start': { actions: nak('FAULT_ACTIVE', ({ context }) => ({ msg: context.faults.join(',') })) }, // SR-14
            'sensor.fault': { actions: ['latchSensorFault', evtFault] },
            'cmd.clearFault': [
              { guard: 'faultConditionPresent', actions: nak('FAULT_PRESENT', ({ context }) => ({ msg: context.conditions.join(',') })) }, // SR-14
              {
                target: 'idle',
                actions: [evt(({ context }) => ({ ev: 'FAULT_CLEAR', code: context.faults.join(',').slice(0, 24) })), 'clearFaults', ack],
              },
            ],
          },
        },
      },
    },
    cart: {
      initial: 'empty',
      on: {
        'sensor.cartridgeOut': { target: '.empty', actions: [evt((a) => ({ ev: 'CART_OUT', id: cartId(a) })), 'removeCart'] },
        'sensor.seated': { actions: 'setSeated' },
      },
      states: {
        empty: {
          on: {
            'sensor.cartridgeIn': { target: 'verifying', actions: ['insertCart', evt((a) => ({ ev: 'CART_IN', id: cartId(a) }))] },
            'sensor.cartridgeOut': {},
          },
        },
        verifying: {
          on: {
            'sensor.cartRead': [
              reject('cartForged', 'AUTH'), // SR-07 authentic
              reject('cartExpired', 'EXPIRED'), // SR-07 in date
              reject('cartRecalled', 'RECALLED'), // SR-07 lot not recalled
              { guard: 'cartSpentInNvm', target: 'spent', actions: [setCartStatus('SPENT'), evt((a) => ({ ev: 'CART_REJECT', id: cartId(a), code: 'SPENT' }))] }, // SR-09
              reject('cartReused', 'REUSED'), // SR-08 never used before
              reject('cartUnsealed', 'UNSEALED'), // SR-07 sealed
              { target: 'ok', actions: [setCartStatus('OK'), evt((a) => ({ ev: 'CART_OK', id: cartId(a) }))] },
            ],
          },
        },
        ok: {
          on: {
            // SR-09: 60 min of needle-on time.
            'sensor.cartSpent': { target: 'spent', actions: ['markSpent', 'persistSpent', evt((a) => ({ ev: 'CART_SPENT', id: cartId(a) }))] },
            // SR-12: fluid past the membrane: this cartridge must be replaced.
            'sensor.fault': { guard: 'isFluidFault', target: 'rejected', actions: setCartStatus('FLUID') },
          },
        },
        rejected: {},
        spent: {},
      },
    },
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
    eng: {
      initial: 'locked',
      on: {
        'cmd.engClose': { target: '.locked', actions: ['clearNonce', ack] },
        // SR-17: engineering commands are refused unless a session is open.
        'cmd.sim': { actions: nak('LOCKED', () => ({ msg: 'open an engineering session' })) },
        'cmd.engProfile': { actions: nak('LOCKED', () => ({ msg: 'open an engineering session' })) },
        'cmd.engOpen': {
          target: '.challenged',
          actions: ['setNonce', { type: 'reply', params: ({ event }: Args) => ({ kind: 'CHAL', fields: { nonce: event.type === 'cmd.engOpen' ? event.nonce : '' } }) }],
        },
        'cmd.engAuth': { actions: nak('AUTH', () => ({ msg: 'no challenge; ENG_OPEN first' })) },
      },
      states: {
        locked: {},
        challenged: {
          on: {
            'cmd.engAuth': [
              { guard: 'macValid', target: 'open', actions: ['clearNonce', ack, evt(() => ({ ev: 'ENG', msg: 'open' }))] }, // SR-17
              { target: 'locked', actions: ['clearNonce', nak('AUTH', () => ({ msg: 'wrong MAC; ask a new challenge' }))] },
            ],
          },
        },
        open: {
          on: {
            'cmd.engOpen': { actions: nak('BAD_STATE', () => ({ msg: 'session already open' })) },
            'cmd.engAuth': { actions: nak('BAD_STATE', () => ({ msg: 'session already open' })) },
            'cmd.engClose': { target: 'locked', actions: [ack, evt(() => ({ ev: 'ENG', msg: 'closed' }))] },
            'cmd.sim': { actions: 'applySim' },
            'cmd.engProfile': [
              { guard: 'isRunning', actions: nak('BAD_STATE', () => ({ msg: 'stop first' })) },
              { guard: 'isBooting', actions: nak('BAD_STATE', () => ({ msg: 'booting' })) },
              { guard: 'profileUnknown', actions: nak('PROFILE_UNKNOWN') },
              {
                guard: 'profileCapBelowSetpoint', // SR-02
                actions: nak('DEPTH_AREA_LIMIT', ({ context, event }) => ({
                  max: event.type === 'cmd.engProfile' && event.profile ? (event.profile.rows.find((r) => r.area === context.area)?.cap ?? 0) : 0,
                })),
              },
              { actions: ['loadProfile', ack, evt(({ context }) => ({ ev: 'PROFILE', msg: `${context.profile.name} v${context.profile.version}` }))] },
            ],
          },
        },
      },
    },
  },
});

export { statusNak } from './pen-setup.js';
