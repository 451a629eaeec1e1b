/** The assertion the C pen's HIL tests share: no failure at all, and every skip names the need or operator action that is missing. */
import { expect } from 'vitest';
import type { CaseOutcome } from './hil-c.js';

/** 0 failures; every skip says what it needs (`needs …`) and matches `allowedSkip`; at least `minCases` cases. */
export function expectConformant(outcomes: readonly CaseOutcome[], allowedSkip: RegExp, minCases = 100): void {
  expect(outcomes.length).toBeGreaterThanOrEqual(minCases);
  expect(outcomes.filter((o) => o.status === 'fail').map((o) => `${o.id}: ${o.message.trim()}`), 'failures').toEqual([]);
  const skips = outcomes.filter((o) => o.status === 'skip');
  expect(skips.filter((o) => !/^needs /.test(o.message) || !allowedSkip.test(o.message)).map((o) => `${o.id}: ${o.message}`), 'skips that do not name a need, or not an allowed one').toEqual([]);
}

/** The ids that passed. */
export function passed(outcomes: readonly CaseOutcome[]): string[] {
  return outcomes.filter((o) => o.status === 'pass').map((o) => o.id);
}
