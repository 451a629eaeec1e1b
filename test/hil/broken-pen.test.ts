/**
 * The suite catches a broken pen: the simulator built through its test-only
 * factory with the SR-08 reuse check disabled fails the SR-08 power-cycle case
 * by name, while a correct pen passes it.
 */
import { describe, expect, it } from 'vitest';
import { allCases } from './cli-main.js';
import { brokenReuseLockoutPen } from './broken-pen.js';
import { runSuite } from './harness/runner.js';
import { InProcessSimTarget } from './harness/targets.js';

describe('HIL suite against a pen with the SR-08 reuse lockout broken', () => {
  it('SR-08 the suite fails SR-08.power-cycle (and only reuse/spent cases) on the broken pen', async () => {
    const broken = new InProcessSimTarget({ label: 'sim (broken: forgetful NVM)', makePen: brokenReuseLockoutPen });
    const r = await runSuite(broken, allCases());
    const failed = r.results.filter((x) => x.status === 'fail');
    const names = failed.map((x) => x.id);
    expect(names).toContain('SR-08.power-cycle');
    const sr08 = failed.find((x) => x.id === 'SR-08.power-cycle')!;
    expect(sr08.title).toMatch(/^SR-08 /);
    expect(sr08.message).toMatch(/after power cycle 1 the fired cartridge verified EVT ev=CART_OK/);
    // Nothing unrelated breaks: only cases and scenarios about reuse (SR-08) or spent-for-good (SR-09) fail.
    for (const n of names) expect(n).toMatch(/^(SC\.)?SR-0[89]\b/);
    // The HTML report charts what the failed case saw.
    expect(sr08.trace?.length ?? 0).toBeGreaterThan(0);
  });

  it('SR-08 the same case passes on the correct simulator', async () => {
    const good = new InProcessSimTarget();
    const r = await runSuite(good, allCases(), { filter: 'SR-08.power-cycle' });
    expect(r.results.map((x) => [x.id, x.status])).toEqual([['SR-08.power-cycle', 'pass']]);
  });
});
