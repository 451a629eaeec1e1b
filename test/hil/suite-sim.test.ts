/**
 * The whole HIL suite (TypeScript cases and YAML scenarios) against the
 * in-process simulator in compressed time, on one pen reset between cases by
 * the same procedure as every other target, in a random order (the seed is
 * printed; PENBENCH_HIL_SEED replays one): every case must pass, one vitest
 * test per case so each SR-xx case shows by name. Then again, shuffled, on a
 * simulator with narrowed limits (INFO dmax 2000, rmax 140, tmax 100).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCases } from './cli-main.js';
import { runSuite, type SuiteResult } from './harness/runner.js';
import { randomSeed } from './harness/select.js';
import { InProcessSimTarget } from './harness/targets.js';

const cases = allCases();
const seed = Number(process.env['PENBENCH_HIL_SEED'] ?? randomSeed());
const target = new InProcessSimTarget();
const narrowed = new InProcessSimTarget({ label: 'sim (narrowed: dmax 2000, rmax 140, tmax 100)', limits: { dmax: 2000, rmax: 140, tmax: 100 } });
let suite: SuiteResult;
let narrow: SuiteResult;

beforeAll(async () => {
  suite = await runSuite(target, cases, { seed });
  narrow = await runSuite(narrowed, cases, { seed: seed + 1 });
  process.stdout.write(`HIL suite in-process, shuffled with --seed ${seed}; narrowed limits with --seed ${seed + 1}\n`);
}, 120_000);

afterAll(async () => {
  await target.dispose();
  await narrowed.dispose();
});

describe(`HIL suite against the in-process simulator (compressed time, one pen, --seed ${seed})`, () => {
  it('has at least 100 cases and two per safety rule SR-01…SR-17, one of them a YAML scenario', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    for (let n = 1; n <= 17; n++) {
      const sr = `SR-${String(n).padStart(2, '0')}`;
      expect(cases.filter((c) => c.title.includes(sr)).length, sr).toBeGreaterThanOrEqual(2);
      expect(cases.some((c) => c.id === `SC.${sr}`), `scenario for ${sr}`).toBe(true);
    }
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    expect(suite.results.map((r) => r.id)).not.toEqual(cases.map((c) => c.id));
  });

  it.each(cases.map((c) => [`${c.id}: ${c.title}`, c.id] as const))('%s', (_title, id) => {
    const r = suite.results.find((x) => x.id === id)!;
    expect(r, id).toBeDefined();
    expect(r.status, `${r.message ?? ''} (--seed ${seed})`).toBe('pass');
  });
});

describe('HIL suite against a simulator with narrowed limits (INFO dmax 2000, rmax 140, tmax 100), shuffled', () => {
  it('SR-01 SR-06 reads every limit from INFO: every case passes', () => {
    expect(narrow.pen?.limits).toBe('depth 250..2000/50 µm, rate 50..140 Hz, tlm ≤ 100 Hz');
    const bad = narrow.results.filter((r) => r.status !== 'pass').map((r) => `${r.id}: ${r.status} ${r.message ?? ''}`);
    expect(bad, `--seed ${seed + 1}`).toEqual([]);
  });
});
