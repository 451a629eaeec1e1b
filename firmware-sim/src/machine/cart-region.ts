/**
 * The cartridge region of the pen's statechart: empty → verifying → ok |
 * rejected | spent. Verification checks in SR-07 order (authentic, in date, lot
 * not recalled, never contaminated, not spent, never used, sealed); removal of
 * a verified cartridge spends it (SR-09); fluid rejects it (SR-12); the calendar
 * passing its expiry day rejects it (SR-07).
 */
import { setCartStatus } from './actions.js';
import { cartId, evt, penSetup, reject } from './pen-setup.js';

/** The `cart` region. */
export const cartRegion = penSetup.createStateConfig({
  initial: 'empty',
  on: {
    'sensor.cartridgeOut': {
      target: '.empty',
      actions: [evt((a) => ({ ev: 'CART_OUT', id: cartId(a) })), 'spendOnRemoval', 'persist', 'removeCart'],
    },
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
          reject('cartContaminated', 'FLUID'), // SR-12 never contaminated
          { guard: 'cartSpentInNvm', target: 'spent', actions: [setCartStatus('SPENT'), evt((a) => ({ ev: 'CART_REJECT', id: cartId(a), code: 'SPENT' }))] }, // SR-09
          reject('cartReused', 'REUSED'), // SR-08 never used before
          reject('cartUnsealed', 'UNSEALED'), // SR-07 sealed
          { target: 'ok', actions: ['verifyOk', evt((a) => ({ ev: 'CART_OK', id: cartId(a) }))] },
        ],
      },
    },
    ok: {
      on: {
        // SR-09: 60 min of needle-on time.
        'sensor.cartSpent': { target: 'spent', actions: ['markSpent', 'persist', evt((a) => ({ ev: 'CART_SPENT', id: cartId(a) }))] },
        // SR-12: fluid past the membrane: this cartridge must be replaced (the mode region records it contaminated).
        'sensor.fault': { guard: 'isFluidFault', target: 'rejected', actions: setCartStatus('FLUID') },
        // SR-07: the pen's calendar passed the expiry date while the cartridge is inserted
        // (a running pen finishes its session: "in date at the moment of START").
        'sensor.date': reject('cartExpiredNow', 'EXPIRED'),
      },
    },
    rejected: {},
    spent: {},
  },
});
