/**
 * The HIL conformance suite case by case on factory-fresh C pens (host board,
 * under ASan+UBSan, a process and a registry per case, a treatment area
 * selected first): the suite as issue 12 is making it, without order
 * dependence. What it still gets wrong is listed in support/hil-c.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCases } from '../../hil/cli-main.js';
import { runSuite, type SuiteResult } from '../../hil/harness/runner.js';
import { HAS_GCC, needs } from '../../support/requirements.js';
import { FRESH_SUITE_FAULTS, FreshPenTarget } from './support/hil-c.js';
import { expectOnlySuiteFaults } from './support/hil-expect.js';

describe.skipIf(!HAS_GCC)('HIL suite case by case on factory-fresh C pens (host board, ASan+UBSan)' + needs.gcc, () => {
  const target = new FreshPenTarget();
  let result: SuiteResult;
  beforeAll(async () => {
    result = await runSuite(target, allCases());
  }, 300_000);
  afterAll(() => target.dispose());

  it('passes every case but one the suite gets wrong (no area after a power cycle); the only skips need compressed time', () => {
    expectOnlySuiteFaults(result.results.map((r) => ({ id: r.id, status: r.status, message: r.message ?? '' })), FRESH_SUITE_FAULTS);
    expect(result.results.filter((r) => r.status === 'pass').length).toBeGreaterThanOrEqual(80);
    expect(target.logs.join('\n')).not.toMatch(/Sanitizer|runtime error/);
  });
});
