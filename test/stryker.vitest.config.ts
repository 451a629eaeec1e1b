/**
 * The tests Stryker runs against each mutant of the safety code: the
 * firmware's unit, property, model and fuzz tests, the protocol's link and
 * codec tests, and the HIL suite on the in-process simulator. Left out: tests
 * that spawn processes or pace real time (they would not see the mutant, or
 * would turn a slower mutant into a flake), and the console's.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: [
      'test/firmware-sim/*.test.ts',
      'test/protocol/*.test.ts',
      'test/hil/suite-sim.test.ts',
      'test/hil/broken-pen.test.ts',
      ...(process.env['PENBENCH_MUTATE_SEARCH'] === '1' ? ['test/verify/search-budget.mutation.ts'] : []),
    ],
    exclude: ['test/firmware-sim/sim-cli.test.ts', 'test/firmware-sim/realtime.test.ts', 'test/firmware-sim/sim-binding.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
