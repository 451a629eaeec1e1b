/**
 * The engineering-session region of the pen's statechart (SR-17): locked →
 * challenged → open. Engineering and simulator commands are refused LOCKED
 * unless a session is open; it closes on ENG_CLOSE, HELLO, link loss and idle
 * (`eng.close`, sent by the pen core).
 */
import { nakReply } from './context.js';
import { capOf } from './guards.js';
import { ack, evt, nak, penSetup } from './pen-setup.js';

/** The `eng` region. */
export const engRegion = penSetup.createStateConfig({
  initial: 'locked',
  on: {
    'cmd.engClose': { target: '.locked', actions: ack },
    // SR-17: a pending challenge dies with its host (HELLO, link loss).
    'eng.close': { target: '.locked' },
    // SR-17: engineering commands are refused unless a session is open.
    'cmd.sim': { actions: nak('LOCKED', () => ({ msg: 'open an engineering session' })) },
    'cmd.engProfile': { actions: nak('LOCKED', () => ({ msg: 'open an engineering session' })) },
    'cmd.engOpen': {
      target: '.challenged',
      actions: ['setNonce', { type: 'reply', params: ({ event }) => ({ kind: 'CHAL', fields: { nonce: event.nonce } }) }],
    },
    'cmd.engAuth': { actions: nak('AUTH', () => ({ msg: 'no challenge; ENG_OPEN first' })) },
  },
  states: {
    locked: {},
    // SR-17: the nonce is read only here, and ENG_OPEN sets a fresh one on the way in, so
    // leaving this state — by any answer, ENG_CLOSE, HELLO or link loss — consumes the challenge.
    challenged: {
      on: {
        'cmd.engAuth': [
          { guard: 'macValid', target: 'open', actions: [ack, evt(() => ({ ev: 'ENG', msg: 'open' }))] }, // SR-17
          { target: 'locked', actions: nak('AUTH', () => ({ msg: 'wrong MAC; ask a new challenge' })) },
        ],
      },
    },
    open: {
      on: {
        'cmd.engOpen': { actions: nak('BAD_STATE') },
        'cmd.engAuth': { actions: nak('BAD_STATE') },
        'cmd.engClose': { target: 'locked', actions: [ack, evt(() => ({ ev: 'ENG', msg: 'closed' }))] },
        // SR-17: the session closes on HELLO, on link loss and after the idle timeout.
        'eng.close': { target: 'locked', actions: { type: 'emitEvt', params: ({ event }) => ({ ev: 'ENG', msg: `closed: ${event.reason}` }) } },
        'cmd.sim': { actions: 'applySim' },
        'cmd.engProfile': [
          { guard: 'isRunning', actions: nak('BAD_STATE') },
          { guard: 'isBooting', actions: nak('BAD_STATE') },
          { guard: 'profileUnknown', actions: nak('PROFILE_UNKNOWN') },
          {
            guard: 'profileCapBelowSetpoint', // SR-02
            // (profileUnknown came first: the profile is a stored one.)
            actions: { type: 'reply', params: ({ context, event }) => nakReply('DEPTH_AREA_LIMIT', { max: capOf(event.profile!, context.area) }) },
          },
          { actions: ['loadProfile', ack, evt(({ context }) => ({ ev: 'PROFILE', msg: `${context.profile.name} v${context.profile.version}` }))] },
        ],
      },
    },
  },
});
