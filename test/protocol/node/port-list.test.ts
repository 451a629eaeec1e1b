/** Port list and reconnect-by-serial-number, on serialport's mock binding and a scripted lister. */
import { createRequire } from 'node:module';
import type { MockBindingInterface } from '@serialport/binding-mock' with { 'resolution-mode': 'require' };
import type { BindingInterface, PortInfo } from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };
import { afterEach, describe, expect, it } from 'vitest';
import { deviceTransportFactory, findDevice, formatPortList, listPorts, SerialTransport, toPortEntry } from '../../../protocol/node/index.js';

// The package's ESM entry has no types under NodeNext; load its CommonJS build, typed.
const { MockBinding } = createRequire(import.meta.url)('@serialport/binding-mock') as { MockBinding: MockBindingInterface };

const info = (p: Partial<PortInfo> & { path: string }): PortInfo => ({
  manufacturer: undefined, serialNumber: undefined, pnpId: undefined, locationId: undefined, productId: undefined, vendorId: undefined, ...p,
});

afterEach(() => MockBinding.reset());

describe('port list', () => {
  it('shows path, VID:PID, manufacturer and serial number', async () => {
    const r = await listPorts({
      lister: async () => [
        info({ path: '/dev/ttyS0' }),
        info({ path: '/dev/ttyACM0', vendorId: '0483', productId: '5740', manufacturer: 'Penbench', serialNumber: 'PB000123' }),
      ],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.ports[0]).toEqual({ path: '/dev/ttyACM0', vidPid: '0483:5740', manufacturer: 'Penbench', serialNumber: 'PB000123' });
    expect(r.ports[1]).toEqual({ path: '/dev/ttyS0', vidPid: null, manufacturer: null, serialNumber: null });
    const text = formatPortList(r.ports);
    expect(text.split('\n')[0]).toMatch(/^PATH\s+VID:PID\s+MANUFACTURER\s+SERIAL$/);
    expect(text).toContain('0483:5740');
  });

  it('normalises vendor ids given as 0x-prefixed or short hex', () => {
    expect(toPortEntry(info({ path: 'x', vendorId: '0x2e8a', productId: 'a' })).vidPid).toBe('2E8A:000A');
  });

  it('a failing lister is a typed error value', async () => {
    const r = await listPorts({ lister: async () => { throw new Error('udev gone'); } });
    expect(r).toMatchObject({ ok: false, error: { message: expect.stringContaining('udev gone'), disconnected: false } });
  });

  it('finds a device by serial number, optionally narrowed by VID:PID', () => {
    const ports = [
      { path: '/dev/ttyACM0', vidPid: '1111:2222', manufacturer: null, serialNumber: 'PB1' },
      { path: '/dev/ttyACM1', vidPid: '0483:5740', manufacturer: null, serialNumber: 'PB1' },
    ];
    expect(findDevice(ports, { serialNumber: 'PB1' })?.path).toBe('/dev/ttyACM0');
    expect(findDevice(ports, { serialNumber: 'PB1', vidPid: '0483:5740' })?.path).toBe('/dev/ttyACM1');
    expect(findDevice(ports, { serialNumber: 'PB2' })).toBeUndefined();
  });

  it('lists through a binding (serialport mock binding)', async () => {
    MockBinding.createPort('/dev/ttyMOCK0', { manufacturer: 'Mock', vendorId: '1234', productId: '5678' });
    const r = await listPorts({ binding: MockBinding as unknown as BindingInterface });
    expect(r.ok && r.ports).toEqual([{ path: '/dev/ttyMOCK0', vidPid: '1234:5678', manufacturer: 'Mock', serialNumber: '1' }]);
  });
});

describe('reconnect by serial number', () => {
  it('follows the device to its new path after a replug, and says when it is absent', async () => {
    const binding = MockBinding as unknown as BindingInterface;
    MockBinding.createPort('/dev/ttyACM0', { echo: true });
    const resolved: string[] = [];
    const factory = deviceTransportFactory({ device: { serialNumber: '1' }, binding, onResolved: (p) => resolved.push(p) });

    const first = await factory();
    expect(first.label).toBe('/dev/ttyACM0');
    expect(await first.open()).toEqual({ ok: true });
    const echoed: string[] = [];
    first.on('line', (l) => echoed.push(l));
    await first.write('$1 PING*072F');
    await new Promise((r) => setTimeout(r, 20));
    expect(echoed).toEqual(['$1 PING*072F']);
    await first.close();

    // Unplugged: nothing with that serial number.
    MockBinding.reset();
    const absent = await factory();
    expect(await absent.open()).toMatchObject({ ok: false, error: { disconnected: true, message: 'no port with serial number 1' } });

    // Replugged: the OS gave it another path.
    MockBinding.createPort('/dev/ttyACM1', { echo: true });
    const again = await factory();
    expect(again).toBeInstanceOf(SerialTransport);
    expect(again.label).toBe('/dev/ttyACM1');
    expect(await again.open()).toEqual({ ok: true });
    await again.close();
    expect(resolved).toEqual(['/dev/ttyACM0', '/dev/ttyACM1']);
  });
});
