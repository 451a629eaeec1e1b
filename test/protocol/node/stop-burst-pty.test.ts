/**
 * SR-16 on the real serial path: the simulator CLI as its own process on a
 * socat pty, PenClient through the real serialport binding. STOP issued behind
 * a burst of 2,000 commands reaches the pen next and is answered at once; the
 * burst's results say which commands the pen got and which it never did.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PenClient, type RequestResult } from '../../../protocol/src/index.js';
import { SerialTransport } from '../../../protocol/node/index.js';
import { HAS_SOCAT, needs } from '../../support/requirements.js';
import { startPtySim, type PtySim } from '../../support/pty-sim.js';

let sim: PtySim | null = null;
beforeAll(async () => {
  if (HAS_SOCAT) sim = await startPtySim(['--cartridge', 'N16-OK-01']);
}, 30_000);
afterAll(async () => {
  await sim?.stop();
});

describe('STOP under a burst on a pty (SR-16)', () => {
  it.skipIf(!HAS_SOCAT)('SR-16: STOP behind 2,000 SET_DEPTH leaves RUN within 250 ms; every result says answered or never sent' + needs.socat, async () => {
    const client = new PenClient({ transport: new SerialTransport({ path: sim!.path }), reconnect: false });
    try {
      expect((await client.connect()).ok).toBe(true);
      await new Promise((r) => setTimeout(r, 400));
      const states: { st: string; at: number }[] = [];
      client.on('event', (m) => {
        if (m.fields.ev === 'STATE' && m.fields.st) states.push({ st: m.fields.st, at: performance.now() });
      });
      expect(await client.request('SET_AREA', { area: 'CHEEK' })).toMatchObject({ ok: true });
      expect(await client.request('SET_DEPTH', { um: 700 })).toMatchObject({ ok: true });
      expect(await client.request('START', {})).toMatchObject({ ok: true });
      await new Promise((r) => setTimeout(r, 200));
      expect(states.at(-1)?.st).toBe('RUN');
      const burst: Promise<RequestResult>[] = [];
      for (let i = 0; i < 2000; i++) burst.push(client.request('SET_DEPTH', { um: i % 2 ? 400 : 700 }));
      const t0 = performance.now();
      const stop = await client.request('STOP', {});
      expect(stop).toMatchObject({ ok: true, delivery: 'answered', attempts: 1 });
      const results = await Promise.all(burst);
      await new Promise((r) => setTimeout(r, 100));
      const left = states.find((s) => s.at > t0 && s.st !== 'RUN');
      expect(left, 'an EVT STATE leaving RUN').toBeDefined();
      expect(left!.at - t0).toBeLessThan(250);
      expect(results.every((r) => (r.ok ? r.delivery === 'answered' : r.delivery === 'not_sent'))).toBe(true);
      expect(results.filter((r) => r.ok).length).toBeLessThanOrEqual(1);
      // The pen's setpoint is what the answers say: 700 (set before, and by the one SET_DEPTH that went ahead of
      // the STOP, if any); none of the 400s the burst held back reached it.
      expect(await client.request('GET_STATUS', {})).toMatchObject({ ok: true, reply: { fields: { um: 700 } } });
    } finally {
      await client.close();
    }
  });
});
