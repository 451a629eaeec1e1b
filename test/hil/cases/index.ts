/** Every TypeScript conformance case, in run order. */
import type { HilCase } from '../harness/runner.js';
import { commandCases } from './commands.js';
import { handshakeCases } from './handshake.js';
import { nakCases } from './naks.js';
import { robustnessCases } from './robustness.js';
import { accessSafetyCases } from './safety-access.js';
import { faultSafetyCases } from './safety-faults.js';
import { settingsSafetyCases } from './safety-settings.js';
import { telemetryCases } from './telemetry.js';

export const TS_CASES: readonly HilCase[] = [
  ...handshakeCases,
  ...commandCases,
  ...nakCases,
  ...settingsSafetyCases,
  ...faultSafetyCases,
  ...accessSafetyCases,
  ...robustnessCases,
  ...telemetryCases,
];
