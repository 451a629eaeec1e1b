/**
 * The HIL conformance suite against the C reference pen on the host board,
 * through the HIL CLI's main function on one pen (QA's bench run). See
 * support/hil-c.ts for the suite's known faults and why they are the suite's.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { HAS_GCC, needs } from '../../support/requirements.js';
import { SUITE_FAULTS, hilCliOnBoard, type CaseOutcome } from './support/hil-c.js';
import { expectOnlySuiteFaults } from './support/hil-expect.js';

describe.skipIf(!HAS_GCC)('HIL suite against the C pen, host board' + needs.gcc, () => {
  let cli: { code: number; out: string; outcomes: CaseOutcome[]; wallMs: number };
  beforeAll(async () => {
    cli = await hilCliOnBoard('host');
    process.stdout.write(`HIL CLI on the C pen (host board): ${cli.out.match(/hil: \d+ passed.*/)?.[0] ?? '?'} — ${(cli.wallMs / 1000).toFixed(1)} s\n`);
  }, 240_000);

  it('through `npm run hil -- --target <pty>`: every case passes but the suite\'s known faults; the only skips need compressed time', () => {
    expectOnlySuiteFaults(cli.outcomes, SUITE_FAULTS);
    expect(cli.out).toMatch(/hil: target \/dev\/pts\/\d+, features .*sim/);
  });
});
