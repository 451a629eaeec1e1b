/**
 * SR-01…SR-17 against the adversarial search at the CI budget: 200,000 actions
 * (about 3.3 h of pen time, checked after every 1 ms step) must break no
 * invariant. A failure prints the shrunk transcript of each one broken.
 */
import { budgetSuite } from './search-budget.js';

budgetSuite(200_000, 1, 5_000);
