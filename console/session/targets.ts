/**
 * A connect target becomes a PenClient transport factory. Every target goes
 * through SerialTransport (serialport + parser-readline): a USB device or pty
 * with the platform binding, the built-in simulated pen with the simulator's
 * in-process binding, so the console exercises one code path for all three.
 */
import type { TransportFactory } from '../../protocol/src/index.js';
import { SerialTransport } from '../../protocol/node/serial-transport.js';
import type { ConnectTarget } from '../shared/index.js';
import { simBinding } from './sim-target.js';

/** The path the simulator's binding answers to. */
export const SIM_PATH = 'sim://pen';

/** "Simulated pen" or the device path. */
export function labelOf(target: ConnectTarget): string {
  return target.kind === 'sim' ? 'Simulated pen' : target.path;
}

/** A fresh SerialTransport per open and reconnect. */
export function transportFactoryFor(target: ConnectTarget): TransportFactory {
  if (target.kind === 'sim') {
    return () => new SerialTransport({ path: SIM_PATH, binding: simBinding() });
  }
  const { path, baudRate } = target;
  return () => new SerialTransport({ path, ...(baudRate ? { baudRate } : {}) });
}
