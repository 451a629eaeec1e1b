/**
 * A short adversarial search run against each mutant when
 * `PENBENCH_MUTATE_SEARCH=1 npm run mutate` (test/stryker.vitest.config.ts):
 * it kills mutants the example-based tests let through. Not part of `npm test`
 * (verify-budget.test.ts runs the full budget there).
 */
import { budgetSuite } from './search-budget.js';

budgetSuite(5_000, 1, 0);
