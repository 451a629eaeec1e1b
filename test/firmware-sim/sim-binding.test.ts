/** The in-process serialport binding: the same SerialTransport + PenClient path as hardware, on `sim://pen`. */
import { describe, expect, it } from 'vitest';
import { SerialTransport } from '../../protocol/node/serial-transport.js';
import { PenClient } from '../../protocol/src/client/pen-client.js';
import { createSimBinding, optionsFromPath } from '../../firmware-sim/src/node/sim-binding.js';
import type { SimPen } from '../../firmware-sim/src/pen/sim-pen.js';
import { driveScenario } from './support/scenario.js';

describe('SimBinding (serialport binding of an in-process pen)', () => {
  it('parses options from the sim:// path', () => {
    expect(optionsFromPath('sim://pen?cartridge=N12-OK-01&clock=sim&seed=3&nvm=memory&baud=0')).toEqual({
      cartridge: 'N12-OK-01', clock: 'sim', seed: 3, nvm: 'memory', baud: 0,
    });
    expect(optionsFromPath('sim://pen?dmax=2000&rmax=140&tmax=100')).toEqual({ limits: { dmax: 2000, rmax: 140, tmax: 100 } });
  });

  it('new SerialPort({ path: "sim://pen", binding }) talks to a simulated pen through the PenClient', async () => {
    let pen: SimPen | null = null;
    const binding = createSimBinding({ onPen: (p) => (pen = p) });
    const transport = new SerialTransport({ path: 'sim://pen?cartridge=N16-OK-01', baudRate: 115200, binding });
    await driveScenario(transport, 50);
    expect(pen).not.toBeNull();
    expect(pen!.snapshot().strokes).toBeGreaterThan(50);
    expect((await binding.list())[0]?.path).toBe('sim://pen');
  });

  it('SR-01 a sim:// pen with narrower limits (dmax, rmax, tmax keys) reports and enforces them', async () => {
    const binding = createSimBinding();
    const transport = new SerialTransport({ path: 'sim://pen?dmax=2000&rmax=140&tmax=100&baud=0', baudRate: 115200, binding });
    const client = new PenClient({ transport, timeoutMs: 500 });
    try {
      const c = await client.connect();
      expect(c.ok && c.info).toMatchObject({ dmax: 2000, rmax: 140, tmax: 100 });
      const r = await client.request('TLM_RATE', { hz: 150 });
      expect(!r.ok && r.code).toBe('TLM_RANGE');
    } finally {
      await client.close();
    }
  });
});
