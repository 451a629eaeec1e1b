/**
 * The tests Stryker runs against each mutant of the safety code: the
 * firmware's unit, property, model and fuzz tests, the protocol's link and
 * codec tests, and the HIL suite on the in-process simulator. Left out: tests
 * that spawn processes or pace real time (they would not see the mutant, or
 * would turn a slower mutant into a flake), and the console's.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * Quickest files first, and a file that just failed before all (Stryker stops
 * a mutant's run at its first failing test): most mutants die in a unit test
 * that takes milliseconds, so they should not wait behind the property, model
 * and fuzz tests that take seconds and come last.
 */
class QuickFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cache = this.ctx.cache;
    const rank = (f: TestSpecification) => {
      const key = `${f.project.name}:${relative(this.ctx.config.root, f.moduleId)}`;
      const r = cache.getFileTestResults(key);
      return { failed: r?.failed ? 0 : 1, cost: r?.duration ?? cache.getFileStats(key)?.size ?? 0 };
    };
    const ranked = files.map((f) => ({ f, ...rank(f) }));
    ranked.sort((a, b) => a.failed - b.failed || a.cost - b.cost);
    return ranked.map((r) => r.f);
  }
}

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: [
      'test/firmware-sim/*.test.ts',
      'test/protocol/*.test.ts',
      'test/protocol/node/eng-auth.test.ts',
      'test/hil/suite-sim.test.ts',
      'test/hil/broken-pen.test.ts',
      ...(process.env['PENBENCH_MUTATE_SEARCH'] === '1' ? ['test/verify/search-budget.mutation.ts'] : []),
    ],
    exclude: [
      'test/firmware-sim/sim-cli.test.ts',
      'test/firmware-sim/realtime.test.ts',
      'test/firmware-sim/sim-binding.test.ts',
      // A host-side test on a socat pty: the native serialport poller aborts inside Stryker's worker thread.
      'test/protocol/pen-client-link.test.ts',
    ],
    sequence: { sequencer: QuickFirstSequencer },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
