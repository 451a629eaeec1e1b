/**
 * The cases the CLI run cannot judge today (the suite's order dependence,
 * SUITE_FAULTS), case by case on factory-fresh C pens (host board, ASan+UBSan,
 * a process and a registry per case, a treatment area selected first): the
 * suite as issue 12 is making it. With hil-host.test.ts every case of the
 * suite is then proven on the host board. What the suite still gets wrong even
 * so is in support/hil-c.ts (FRESH_SUITE_FAULTS).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCases } from '../../hil/cli-main.js';
import { runSuite, type SuiteResult } from '../../hil/harness/runner.js';
import { HAS_GCC, needs } from '../../support/requirements.js';
import { FRESH_SUITE_FAULTS, FreshPenTarget, SUITE_FAULTS } from './support/hil-c.js';
import { expectOnlySuiteFaults } from './support/hil-expect.js';

describe.skipIf(!HAS_GCC)('HIL suite case by case on factory-fresh C pens (host board, ASan+UBSan)' + needs.gcc, () => {
  const target = new FreshPenTarget();
  let result: SuiteResult;
  beforeAll(async () => {
    result = await runSuite(target, allCases().filter((c) => c.id in SUITE_FAULTS));
  }, 300_000);
  afterAll(() => target.dispose());

  it('passes every one of them but one the suite gets wrong (no area after a power cycle)', () => {
    expectOnlySuiteFaults(result.results.map((r) => ({ id: r.id, status: r.status, message: r.message ?? '' })), FRESH_SUITE_FAULTS, Object.keys(SUITE_FAULTS).length);
    expect(result.results).toHaveLength(Object.keys(SUITE_FAULTS).length);
    expect(target.logs.join('\n')).not.toMatch(/Sanitizer|runtime error/);
  });
});
