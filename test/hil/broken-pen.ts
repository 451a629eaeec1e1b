/**
 * A deliberately broken pen for proving that the suite catches one: the real
 * simulator built through its test-only factory with the SR-08 reuse check
 * disabled, so a fired cartridge verifies OK again after a power cycle.
 */
import { createBrokenPenForTests } from '../../firmware-sim/src/testing/broken-pen.js';
import type { SimPen, SimPenOptions } from '../../firmware-sim/src/pen/sim-pen.js';

/** Build a SimPen whose SR-08 reuse lockout does not survive a power cycle. */
export function brokenReuseLockoutPen(opts: SimPenOptions): SimPen {
  return createBrokenPenForTests(opts, { cartReused: () => false });
}
