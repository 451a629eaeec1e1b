/** One host scenario run over any LineTransport with the real PenClient: handshake, depth, start, telemetry rate, refusal, stop. */
import { expect } from 'vitest';
import { PenClient } from '../../../protocol/src/client/pen-client.js';
import type { LineTransport } from '../../../protocol/src/transport/transport.js';

export async function driveScenario(transport: LineTransport, tlmHz = 100): Promise<{ measuredHz: number }> {
  const client = new PenClient({ transport, timeoutMs: 500 });
  try {
    const c = await client.connect();
    expect(c.ok, JSON.stringify(c)).toBe(true);
    // The pen may still be booting and verifying its cartridge right after it starts.
    for (let i = 0; i < 40; i++) {
      const status = await client.request('GET_STATUS', {});
      if (status.ok && status.reply.fields.st === 'READY') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await client.request('SET_AREA', { area: 'CHEEK' })).ok).toBe(true);
    expect((await client.request('SET_DEPTH', { um: 1000 })).ok).toBe(true);
    const unsafe = await client.request('SET_DEPTH', { um: 3000 });
    expect(unsafe.ok).toBe(false);
    if (!unsafe.ok) expect(unsafe.code).toBe('DEPTH_RANGE');
    expect((await client.request('TLM_RATE', { hz: tlmHz })).ok).toBe(true);
    const start = await client.request('START', {});
    expect(start.ok, JSON.stringify(start)).toBe(true);
    const tlm: number[] = [];
    const off = client.on('telemetry', (m) => {
      tlm.push(Number(m.fields.t));
    });
    await new Promise((r) => setTimeout(r, 1500));
    off();
    // Pen-time rate over the window (robust to host scheduling), and frames per wall second.
    const spanMs = tlm[tlm.length - 1]! - tlm[0]!;
    const measuredHz = ((tlm.length - 1) * 1000) / spanMs;
    expect(tlm.length).toBeGreaterThan(tlmHz * 1.5 * 0.7);
    expect(measuredHz).toBeGreaterThan(tlmHz * 0.9);
    expect(measuredHz).toBeLessThan(tlmHz * 1.1);
    const status = await client.request('GET_STATUS', {});
    expect(status.ok && status.reply.fields.st).toBe('RUN');
    expect((await client.request('STOP', {})).ok).toBe(true);
    return { measuredHz };
  } finally {
    await client.close();
  }
}
