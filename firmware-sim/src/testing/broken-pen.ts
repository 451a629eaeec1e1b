/**
 * TEST ONLY: a deliberately broken pen for negative tests (the HIL suite must
 * fail a pen that breaks a rule). It is the real simulator with some of its
 * statechart's guards replaced. Nothing the shipped pen is built from imports
 * this file — not the CLI, not the serialport binding, not the package index
 * (a test checks that) — and no option, CLI flag or `sim://` key reaches it.
 */
import type { guards } from '../machine/guards.js';
import { SimPen, type SimPenOptions } from '../pen/sim-pen.js';

/** Guards to replace, by name (see firmware-sim/src/machine/guards.ts). */
export type BrokenGuards = Partial<typeof guards>;

/** A SimPen whose statechart uses `broken` instead of the named guards. For tests only. */
export function createBrokenPenForTests(opts: SimPenOptions, broken: BrokenGuards): SimPen {
  class BrokenPenForTests extends SimPen {
    protected override guardOverrides(): BrokenGuards {
      return broken;
    }
  }
  return new BrokenPenForTests(opts);
}
