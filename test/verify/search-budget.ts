/**
 * The CI-sized adversarial search shared by `npm test` (verify-budget.test.ts)
 * and mutation testing (search-budget.mutation.ts): a fixed seed and budget,
 * and one assertion per rule — no invariant of the rule broken, and the rule
 * put to the test at least once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { INVARIANTS, type InvariantId } from './oracle/invariants.js';
import { search, type SearchReport } from './search.js';

const RULES = Array.from({ length: 17 }, (_, i) => `SR-${String(i + 1).padStart(2, '0')}`);

/** Declare the suite: `actions` of seed `seed`, then a test per rule titled with its id. */
export function budgetSuite(actions: number, seed: number, shrinkMs: number): void {
  describe(`the adversarial search, ${actions.toLocaleString('en')} actions of seed ${seed}`, () => {
    let report: SearchReport;
    beforeAll(() => {
      report = search({ seed, maxActions: actions, maxWallMs: 10 * 60_000, shrinkMs });
      console.log(
        `verify: ${report.actions} actions, ${report.lines} lines, ${(report.penMs / 3_600_000).toFixed(2)} h of pen time in ${(report.wallMs / 1000).toFixed(1)} s; ` +
          `violations: ${report.findings.map((f) => f.violation.id).join(', ') || 'none'}`,
      );
    }, 15 * 60_000);

    it('runs the whole budget', () => {
      expect(report.actions).toBe(actions);
    });

    it.each(RULES)('%s: no invariant of the rule broken, and the rule put to the test', (rule) => {
      const ids = (Object.keys(INVARIANTS) as InvariantId[]).filter((id) => (INVARIANTS[id].rules as readonly string[]).includes(rule));
      const broken = report.findings.filter((f) => ids.includes(f.violation.id));
      expect(broken.map((f) => f.transcript).join('\n\n')).toBe('');
      expect(ids.reduce((n, id) => n + (report.exercised[id] ?? 0), 0), `${rule} never put to the test`).toBeGreaterThan(0);
    });
  });
}
