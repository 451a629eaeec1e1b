/**
 * Every module of the pen's safety code loads: the statechart and its regions
 * build (XState checks targets, initial states and guard names when the
 * machine is created), and the tables built at load time are consistent.
 * The modules are imported inside the test, so a module that throws while
 * loading fails a test here; a static import would instead fail the whole
 * file before any test ran, which Stryker's vitest runner counts as a pass
 * (a mutant that breaks the chart would then "survive" every test).
 */
import { describe, expect, it } from 'vitest';

const MODULES = [
  '../../firmware-sim/src/machine/pen.machine.js',
  '../../firmware-sim/src/machine/cart-region.js',
  '../../firmware-sim/src/machine/eng-region.js',
  '../../firmware-sim/src/machine/pen-setup.js',
  '../../firmware-sim/src/machine/guards.js',
  '../../firmware-sim/src/machine/actions.js',
  '../../firmware-sim/src/pen/sim-pen.js',
  '../../protocol/src/pen/pen-link.js',
  '../../protocol/src/wire/codec.js',
];

describe('the safety code loads', () => {
  it.each(MODULES)('%s loads', async (m) => {
    await expect(import(m)).resolves.toBeDefined();
  });

  it('SR-15 the statechart builds and a pen made from it boots to READY', async () => {
    const { createSimPen } = await import('../../firmware-sim/src/pen/sim-pen.js');
    const pen = createSimPen({ cartridge: 'N12-OK-01', epochMs: Date.UTC(2026, 10, 21) });
    pen.advance(400);
    expect(pen.state).toBe('READY');
  });
});
