/**
 * The whole HIL suite (TypeScript cases and YAML scenarios) against the
 * in-process simulator in compressed time: every case must pass, one vitest
 * test per case so each SR-xx case shows by name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCases } from './cli-main.js';
import { runSuite, type SuiteResult } from './harness/runner.js';
import { InProcessSimTarget } from './harness/targets.js';

const cases = allCases();
const target = new InProcessSimTarget();
let suite: SuiteResult;

beforeAll(async () => {
  suite = await runSuite(target, cases);
}, 120_000);

afterAll(async () => {
  await target.dispose();
});

describe('HIL suite against the in-process simulator (compressed time)', () => {
  it('has at least 40 cases and one per safety rule SR-01…SR-17, plus a YAML scenario per rule', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
    for (let n = 1; n <= 17; n++) {
      const sr = `SR-${String(n).padStart(2, '0')}`;
      expect(cases.filter((c) => c.title.includes(sr)).length, sr).toBeGreaterThanOrEqual(2);
      expect(cases.some((c) => c.id === `SC.${sr}`), `scenario for ${sr}`).toBe(true);
    }
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  it.each(cases.map((c) => [`${c.id}: ${c.title}`, c.id] as const))('%s', (_title, id) => {
    const r = suite.results.find((x) => x.id === id)!;
    expect(r, id).toBeDefined();
    expect(r.status, r.message).toBe('pass');
  });
});
