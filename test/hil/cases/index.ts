/** Every TypeScript conformance case, in the suite's own order (a run may shuffle it: each case sets up what it needs). */
import type { HilCase } from '../harness/runner.js';
import { commandCases } from './commands.js';
import { handshakeCases } from './handshake.js';
import { leaseCases } from './lease.js';
import { nakCases } from './naks.js';
import { robustnessCases } from './robustness.js';
import { cartridgeSafetyCases } from './safety-cartridge.js';
import { depthSafetyCases } from './safety-depth.js';
import { engSafetyCases } from './safety-eng.js';
import { faultSafetyCases } from './safety-faults.js';
import { inputSafetyCases } from './safety-input.js';
import { latchSafetyCases } from './safety-latch.js';
import { stopSafetyCases } from './safety-stop.js';
import { telemetryCases } from './telemetry.js';

export const TS_CASES: readonly HilCase[] = [
  ...handshakeCases,
  ...commandCases,
  ...nakCases,
  ...depthSafetyCases,
  ...cartridgeSafetyCases,
  ...faultSafetyCases,
  ...leaseCases,
  ...latchSafetyCases,
  ...inputSafetyCases,
  ...stopSafetyCases,
  ...engSafetyCases,
  ...robustnessCases,
  ...telemetryCases,
];
