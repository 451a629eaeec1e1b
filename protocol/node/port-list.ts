/**
 * Serial port discovery: the list a bench engineer picks a pen from (path,
 * VID:PID, manufacturer, serial number), and a transport factory that finds
 * the same device again by its USB serial number when the OS gave it another
 * path after a replug (ttyACM0 → ttyACM1).
 */
import type { BindingInterface, PortInfo } from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };
import { SerialPort } from 'serialport';
import {
  Emitter, transportError,
  type LineTransport, type TransportError, type TransportEvents, type TransportFactory, type TransportResult,
} from '../src/index.js';
import { SerialTransport, type SerialTransportOptions } from './serial-transport.js';

/** One serial port as shown to the user. */
export interface PortEntry {
  path: string;
  /** `VVVV:PPPP` upper-case hex, or null when the OS does not say (not USB). */
  vidPid: string | null;
  manufacturer: string | null;
  serialNumber: string | null;
}

/** Lists raw PortInfo (injectable for tests). */
export type PortLister = () => Promise<PortInfo[]>;

function hex4(v: string | undefined): string | null {
  if (!v) return null;
  const clean = v.replace(/^0x/i, '');
  return /^[0-9a-f]{1,4}$/i.test(clean) ? clean.toUpperCase().padStart(4, '0') : null;
}

/** Normalise a PortInfo to what the user sees. */
export function toPortEntry(p: PortInfo): PortEntry {
  const vid = hex4(p.vendorId);
  const pid = hex4(p.productId);
  return {
    path: p.path,
    vidPid: vid && pid ? `${vid}:${pid}` : null,
    manufacturer: p.manufacturer ?? null,
    serialNumber: p.serialNumber ?? null,
  };
}

/** List serial ports; a failure is a value. */
export async function listPorts(
  opts: { binding?: BindingInterface; lister?: PortLister } = {},
): Promise<{ ok: true; ports: PortEntry[] } | { ok: false; error: TransportError }> {
  const lister: PortLister = opts.lister ?? (() => (opts.binding ?? (SerialPort.binding as unknown as BindingInterface)).list());
  try {
    const ports = (await lister()).map(toPortEntry);
    ports.sort((x, y) => x.path.localeCompare(y.path));
    return { ok: true, ports };
  } catch (cause) {
    return { ok: false, error: transportError(`cannot list serial ports: ${String(cause)}`, { cause }) };
  }
}

/** A plain-text table of ports (CLI output). */
export function formatPortList(ports: readonly PortEntry[]): string {
  if (ports.length === 0) return '(no serial ports found)';
  const rows = [['PATH', 'VID:PID', 'MANUFACTURER', 'SERIAL'], ...ports.map((p) => [
    p.path, p.vidPid ?? '-', p.manufacturer ?? '-', p.serialNumber ?? '-',
  ])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

/** Which device to reconnect to. */
export interface DeviceSelector {
  serialNumber: string;
  /** Narrow the match when two vendors reuse serial numbers, e.g. `0483:5740`. */
  vidPid?: string;
}

/** The port of the device with this serial number (and VID:PID, if given), or undefined. */
export function findDevice(ports: readonly PortEntry[], sel: DeviceSelector): PortEntry | undefined {
  return ports.find((p) => p.serialNumber === sel.serialNumber && (!sel.vidPid || p.vidPid === sel.vidPid.toUpperCase()));
}

/** A transport whose open always fails with a reason: the device is not there right now. */
class AbsentDevice implements LineTransport {
  private readonly events = new Emitter<TransportEvents>();
  readonly isOpen = false;
  constructor(readonly label: string, private readonly error: TransportError) {}
  async open(): Promise<TransportResult> {
    return { ok: false, error: this.error };
  }
  async close(): Promise<void> {}
  async write(): Promise<TransportResult> {
    return { ok: false, error: this.error };
  }
  on<K extends keyof TransportEvents>(event: K, fn: (payload: TransportEvents[K]) => void): () => void {
    return this.events.on(event, fn);
  }
}

/** Options of deviceTransportFactory. */
export interface DeviceFactoryOptions extends Omit<SerialTransportOptions, 'path'> {
  device: DeviceSelector;
  lister?: PortLister;
  /** Called with the path chosen on each (re)open, e.g. to tell the user the pen moved. */
  onResolved?: (path: string) => void;
}

/**
 * A PenClient transport factory that looks the device up by serial number on
 * every open, so a reconnect follows the pen to its new path.
 */
export function deviceTransportFactory(opts: DeviceFactoryOptions): TransportFactory {
  const { device, lister, onResolved, ...serialOpts } = opts;
  return async () => {
    const label = `serial ${device.serialNumber}`;
    const listed = await listPorts({ ...(serialOpts.binding ? { binding: serialOpts.binding } : {}), ...(lister ? { lister } : {}) });
    if (!listed.ok) return new AbsentDevice(label, listed.error);
    const found = findDevice(listed.ports, device);
    if (!found) {
      return new AbsentDevice(label, transportError(`no port with serial number ${device.serialNumber}${device.vidPid ? ` (${device.vidPid})` : ''}`, { disconnected: true }));
    }
    onResolved?.(found.path);
    return new SerialTransport({ ...serialOpts, path: found.path });
  };
}
