/**
 * The HIL conformance suite against the C reference pen on the host board,
 * through the HIL CLI's main function in a random order, as QA runs it: with
 * the engineering key (every case but the compressed-time ones runs), and as
 * a shipped pen (sim=0, no engineering session, a cartridge fitted at
 * power-up): 0 failures, every skip naming what it needs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { HAS_GCC, needs } from '../../support/requirements.js';
import { hilCliOnBoard, type BoardResult } from './support/hil-c.js';
import { expectConformant, passed } from './support/hil-expect.js';

describe.skipIf(!HAS_GCC)('HIL suite against the C pen, host board' + needs.gcc, () => {
  let sim: BoardResult;
  let shipped: BoardResult;
  beforeAll(async () => {
    sim = await hilCliOnBoard('host');
    process.stdout.write(`HIL CLI on the C pen (host board, engineering key): ${sim.summary} — ${(sim.wallMs / 1000).toFixed(1)} s\n`);
    shipped = await hilCliOnBoard('host', { production: true, cartridge: 'N12-OK-01' });
    process.stdout.write(`HIL CLI on the C pen (host board as shipped: sim=0, no key, N12-OK-01 fitted): ${shipped.summary} — ${(shipped.wallMs / 1000).toFixed(1)} s\n`);
  }, 400_000);

  it('through `npm run hil -- --target <pty> --shuffle`: 0 failures; the only skips need compressed time', () => {
    expectConformant(sim.outcomes, /^needs compressed-time/);
    expect(sim.out).toMatch(/hil: target \/dev\/pts\/\d+, features .*sim/);
    expect(sim.code).toBe(0);
  });

  it('SR-04 SR-11 SR-16 as a shipped pen (sim=0, no engineering key, a cartridge fitted): 0 failures, the running-state rules run on the fitted cartridge, every skip names its need', () => {
    expectConformant(shipped.outcomes, /^needs (sim|eng-key|power-cycle|cartridge-swap|compressed-time|charger|engineering sessions|an operator action|an? )/, 100);
    const ok = passed(shipped.outcomes);
    for (const id of ['SR-04.slew', 'SR-11.lease', 'SR-11.echo-no-renew', 'SR-14.masks-after-reconnect', 'SR-16.retract-time', 'SR-16.stop-repeated', 'CMD.start-stop', 'TLM.fields', 'SR-17.locked', 'SC.SR-11']) {
      expect(ok, id).toContain(id);
    }
    expect(shipped.out).toMatch(/note: the pen refuses ENG_OPEN|features none/);
    expect(shipped.code).toBe(0);
  });
});
