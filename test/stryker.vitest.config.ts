/**
 * The tests Stryker runs against each mutant of the safety code: the
 * firmware's unit, property, model and fuzz tests, the protocol's link and
 * codec tests, and the HIL suite on the in-process simulator. Left out: tests
 * that spawn processes or pace real time (they would not see the mutant, or
 * would turn a slower mutant into a flake), and the console's.
 */
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { BaseSequencer, type Reporter, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/** Test file → how many mutants it killed in this Stryker process, and the run it last killed one in. */
const kills = new Map<string, { n: number; last: number }>();
let runs = 0;

/** Counts the test file that failed in each run (a run stops at its first failing test). */
const killTracker: Reporter = {
  onTestModuleEnd(m) {
    if (m.state() !== 'failed') return;
    kills.set(m.moduleId, { n: (kills.get(m.moduleId)?.n ?? 0) + 1, last: runs });
  },
};

/**
 * Each mutant's covering test files in the order most likely to kill it soon
 * (Stryker stops a mutant's run at its first failing test): the file that
 * killed the last mutant (neighbours in the code die in the same test), then
 * the files that killed the most so far, then the quickest — most mutants die
 * in a test that takes milliseconds, so they should not wait behind the
 * property, model and fuzz tests that take seconds.
 */
class KillerFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    runs++;
    const cache = this.ctx.cache;
    const rank = (f: TestSpecification) => {
      const key = `${f.project.name}:${relative(this.ctx.config.root, f.moduleId)}`;
      const k = kills.get(f.moduleId);
      return { recent: k?.last === runs - 1 ? 0 : 1, kills: k?.n ?? 0, cost: cache.getFileTestResults(key)?.duration ?? Infinity };
    };
    const ranked = files.map((f) => ({ f, ...rank(f) }));
    ranked.sort((a, b) => a.recent - b.recent || b.kills - a.kills || a.cost - b.cost);
    return ranked.map((r) => r.f);
  }
}

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    // PENBENCH_MUTATE_TESTS=a.test.ts,b.test.ts: only these (a quick look at what one test file kills).
    include: process.env['PENBENCH_MUTATE_TESTS']?.split(',') ?? [
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
    sequence: { sequencer: KillerFirstSequencer },
    reporters: [killTracker],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
