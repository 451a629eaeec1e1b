/**
 * A connect target becomes a PenClient transport factory. Every target goes
 * through SerialTransport (serialport + parser-readline): a USB device or pty
 * with the platform binding, the built-in simulated pen with the simulator's
 * in-process binding, so the console exercises one code path for all three.
 */
import type { TransportFactory } from '../../protocol/src/index.js';
import { deviceTransportFactory, listPorts, type PortLister } from '../../protocol/node/port-list.js';
import { SerialTransport } from '../../protocol/node/serial-transport.js';
import type { ConnectTarget } from '../shared/index.js';
import { simBinding } from './sim-target.js';

/** The path the simulator's binding answers to. */
export const SIM_PATH = 'sim://pen';

/** "Simulated pen" or the device path. */
export function labelOf(target: ConnectTarget): string {
  return target.kind === 'sim' ? 'Simulated pen' : target.path;
}

/** A fresh SerialTransport per open and reconnect, always on the same path. */
export function transportFactoryFor(target: ConnectTarget): TransportFactory {
  if (target.kind === 'sim') {
    return () => new SerialTransport({ path: SIM_PATH, binding: simBinding() });
  }
  const { path, baudRate } = target;
  return () => new SerialTransport({ path, ...(baudRate ? { baudRate } : {}) });
}

/**
 * Like transportFactoryFor, but a USB device that reports a serial number is
 * followed by that number on every reconnect: after a replug the OS may give
 * the pen another path (ttyACM0 → ttyACM1). Ptys and ports without a serial
 * number stay on their path.
 */
export async function resolveTransportFactory(
  target: ConnectTarget,
  opts: { lister?: PortLister; onResolved?: (path: string) => void } = {},
): Promise<TransportFactory> {
  if (target.kind === 'sim') return transportFactoryFor(target);
  const listed = await listPorts(opts.lister ? { lister: opts.lister } : {});
  const entry = listed.ok ? listed.ports.find((p) => p.path === target.path) : undefined;
  if (!entry?.serialNumber) return transportFactoryFor(target);
  return deviceTransportFactory({
    device: { serialNumber: entry.serialNumber, ...(entry.vidPid ? { vidPid: entry.vidPid } : {}) },
    ...(target.baudRate ? { baudRate: target.baudRate } : {}),
    ...(opts.lister ? { lister: opts.lister } : {}),
    ...(opts.onResolved ? { onResolved: opts.onResolved } : {}),
  });
}
