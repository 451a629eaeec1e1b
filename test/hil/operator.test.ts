/**
 * A pen as QA gets it — a cartridge fitted at power-up, no engineering key
 * (so no SIM_*) — with and without a person at the bench (--operator, here a
 * robot acting on an in-process simulator). Without one, every case that
 * needs a physical action is skipped naming it; with one, those cases ask,
 * wait for the pen to report the change, and pass. No case fails either way.
 */
import { describe, expect, it } from 'vitest';
import { allCases } from './cli-main.js';
import { ConsoleOperator } from './harness/operator.js';
import { runSuite } from './harness/runner.js';
import { InProcessSimTarget } from './harness/targets.js';
import { benchRobot } from './support/bench-robot.js';

const cases = allCases();
const PHYSICAL = ['SR-08.reinsert', 'SR-08.power-cycle', 'SR-09.removal', 'SR-10.removed', 'SR-10.unseated', 'SR-07.no-cartridge', 'SR-07.expired', 'SR-03.start-above-cart', 'SR-03.depth-above-cart', 'SC.SR-08', 'SC.SR-10', 'SC.SR-03'];

describe('a pen with a fitted cartridge and no engineering key', () => {
  it('without --operator: 0 failures; the cases needing a physical action are skipped naming it, the running-state rules run on the fitted cartridge', async () => {
    const t = new InProcessSimTarget({ cartridge: 'N12-OK-01', engKeyHex: null });
    const r = await runSuite(t, cases, { seed: 5 });
    await t.dispose();
    expect(r.results.filter((x) => x.status === 'fail').map((x) => `${x.id}: ${x.message}`)).toEqual([]);
    for (const x of r.results.filter((y) => y.status === 'skip')) expect(x.message, x.id).toMatch(/^needs /);
    const byId = new Map(r.results.map((x) => [x.id, x]));
    expect(byId.get('SR-10.removed')?.message).toMatch(/^needs cartridge-swap: .*--operator/);
    expect(byId.get('SR-03.depth-above-cart')?.message).toMatch(/^needs a cartridge rated ≥ 0\.25 mm and below 2\.45 mm, and the pen has N12 cartridge N12-OK-01 \(OK, rated 2\.50 mm\): fit one \(or run with --operator/);
    for (const id of ['SR-04.slew', 'SR-11.lease', 'SR-16.retract-time', 'SR-14.masks-after-reconnect', 'CMD.start-stop', 'SC.SR-11']) expect(byId.get(id)?.status, id).toBe('pass');
  });

  it('with --operator: the operator is asked for each physical action, the pen reports it, and those cases pass', async () => {
    let robot!: ReturnType<typeof benchRobot>;
    const t = new InProcessSimTarget({ cartridge: 'N12-OK-01', engKeyHex: null, operator: (pen) => (robot = benchRobot(pen, 'N12-OK-01')) });
    const r = await runSuite(t, cases, { seed: 6 });
    await t.dispose();
    expect(r.features).toContain('operator');
    expect(r.results.filter((x) => x.status === 'fail').map((x) => `${x.id}: ${x.message}`)).toEqual([]);
    const byId = new Map(r.results.map((x) => [x.id, x]));
    for (const id of PHYSICAL) expect(byId.get(id)?.status, `${id}: ${byId.get(id)?.message ?? ''}`).toBe('pass');
    for (const x of r.results.filter((y) => y.status === 'skip')) expect(x.message, x.id).toMatch(/^needs (sim|eng-key|compressed-time|engineering sessions)/);
    const actions = new Set(robot.asked.map((a) => a.action));
    for (const a of ['insert-fresh', 'insert-sample', 'reinsert', 'remove', 'remove-running', 'unseat-running', 'power-cycle'] as const) expect(actions, a).toContain(a);
  });

  it('the CLI\'s operator prints the action and how long the suite waits for the pen to report it', () => {
    let out = '';
    new ConsoleOperator((t) => (out += t), 90_000).ask({ action: 'remove-running', text: 'Pull the cartridge out now, while the pen runs' });
    expect(out).toBe('\x07OPERATOR ▶ Pull the cartridge out now, while the pen runs. Waiting up to 90 s for the pen to report it.\n');
  });
});
