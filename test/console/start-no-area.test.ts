/**
 * The console explains the pen's NO_AREA refusal (SR-02: the pen will not
 * start until a treatment area is selected); the simulated pen refuses, the
 * console only puts the refusal into words.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PenSession } from '../../console/session/index.js';
import { explainNak, type PenPush } from '../../console/shared/index.js';
import { until } from '../support/until.js';

describe('START without a treatment area', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'penbench-no-area-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('SR-02 the simulated pen refuses START with NO_AREA and the console says to select an area first', async () => {
    const session = new PenSession({ recordingsDir: dir, telemetryHz: 10 });
    let state = '';
    session.subscribe((p: PenPush) => {
      if (p.type === 'tlm') state = p.sample.s;
    });
    try {
      expect(await session.connect({ kind: 'sim' })).toEqual({ ok: true });
      await until(() => state === 'READY', 'the simulated pen to finish booting');
      const refused = await session.start();
      expect(refused).toMatchObject({ ok: false, code: 'NO_AREA' });
      if (!refused.ok) expect(refused.message).toBe(explainNak('NO_AREA'));
      expect((await session.setArea('CHEEK')).ok).toBe(true);
      expect((await session.start()).ok).toBe(true);
      expect((await session.stop()).ok).toBe(true);
    } finally {
      await session.close();
    }
  });
});
