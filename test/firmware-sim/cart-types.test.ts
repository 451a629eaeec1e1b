/** The cartridge types the pen knows, with their needle counts and rated maximum depths (SR-03). */
import { describe, expect, it, vi } from 'vitest';
import { running } from './support/running.js';

describe('cartridge types', () => {
  it('SR-03 each type carries its needle count and rated maximum depth', async () => {
    // A table built when the module loads: loaded afresh here, so a changed table is what this test sees.
    vi.resetModules();
    const { CART_TYPE_SPEC } = await import('../../firmware-sim/src/cartridge/record.js');
    expect(CART_TYPE_SPEC).toEqual({
      N12: { needles: 12, max: 2500 }, N16: { needles: 16, max: 2500 }, N24: { needles: 24, max: 1500 },
      N36: { needles: 36, max: 1000 }, N42: { needles: 42, max: 500 }, NANO: { needles: 0, max: 250 },
    });
  });

  it('SR-09 GET_CART reports the needle-on seconds of the fitted cartridge', () => {
    const h = running();
    const before = Number(h.cmd('GET_CART').fields['used']);
    expect(before).toBeLessThan(5);
    h.run(3000, 100);
    const cart = h.cmd('GET_CART');
    expect(cart.fields).toMatchObject({ status: 'OK', type: 'N12', needles: 12, max: 2500, seated: 1, used: before + 3 });
  });
});
