import { describe, expect, it } from 'vitest';
import type { PortInfo } from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };
import { resolveTransportFactory } from '../../console/session/targets.js';

function port(path: string, serialNumber?: string): PortInfo {
  return { path, manufacturer: 'penbench', serialNumber, pnpId: undefined, locationId: undefined, productId: '5740', vendorId: '0483' };
}

describe('console serial targets', () => {
  it('follows a USB pen by serial number when its path changes after a replug', async () => {
    const lists = [[port('/dev/ttyACM0', 'PEN-0042')], [port('/dev/ttyACM0', 'PEN-0042')], [port('/dev/ttyACM1', 'PEN-0042'), port('/dev/ttyS0')]];
    let call = 0;
    const resolved: string[] = [];
    const factory = await resolveTransportFactory(
      { kind: 'serial', path: '/dev/ttyACM0' },
      { lister: async () => lists[Math.min(call++, lists.length - 1)]!, onResolved: (p) => resolved.push(p) },
    );
    const first = await factory();
    const second = await factory();
    expect(first.label).toBe('/dev/ttyACM0');
    expect(second.label).toBe('/dev/ttyACM1');
    expect(resolved).toEqual(['/dev/ttyACM0', '/dev/ttyACM1']);
  });

  it('keeps a port without a serial number (a pty) on its path', async () => {
    const factory = await resolveTransportFactory({ kind: 'serial', path: '/dev/pts/7' }, { lister: async () => [port('/dev/pts/7')] });
    expect((await factory()).label).toBe('/dev/pts/7');
    expect((await factory()).label).toBe('/dev/pts/7');
  });

  it('reports the pen absent, as a disconnected error, when no port has its serial number', async () => {
    let call = 0;
    const factory = await resolveTransportFactory(
      { kind: 'serial', path: '/dev/ttyACM0' },
      { lister: async () => (call++ === 0 ? [port('/dev/ttyACM0', 'PEN-0042')] : []) },
    );
    const t = await factory();
    const r = await t.open();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.disconnected).toBe(true);
  });
});
