/**
 * The engineering-session region of the pen's statechart (SR-17): locked →
 * challenged → open. Engineering and simulator commands are refused LOCKED
 * unless a session is open; it closes on ENG_CLOSE, HELLO, link loss and idle
 * (`eng.close`, sent by the pen core).
 */
import { ack, evt, nak, penSetup, type Args } from './pen-setup.js';

/** The `eng` region. */
export const engRegion = penSetup.createStateConfig({
  initial: 'locked',
  on: {
    'cmd.engClose': { target: '.locked', actions: ['clearNonce', ack] },
    // SR-17: a pending challenge dies with its host (HELLO, link loss).
    'eng.close': { target: '.locked', actions: 'clearNonce' },
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
        'cmd.engOpen': { actions: nak('BAD_STATE') },
        'cmd.engAuth': { actions: nak('BAD_STATE') },
        'cmd.engClose': { target: 'locked', actions: [ack, evt(() => ({ ev: 'ENG', msg: 'closed' }))] },
        // SR-17: the session closes on HELLO, on link loss and after the idle timeout.
        'eng.close': { target: 'locked', actions: evt(({ event }) => ({ ev: 'ENG', msg: `closed: ${event.type === 'eng.close' ? event.reason : ''}` })) },
        'cmd.sim': { actions: 'applySim' },
        'cmd.engProfile': [
          { guard: 'isRunning', actions: nak('BAD_STATE') },
          { guard: 'isBooting', actions: nak('BAD_STATE') },
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
});
