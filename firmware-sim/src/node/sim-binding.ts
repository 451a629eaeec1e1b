/**
 * A serialport binding whose port is an in-process simulated pen, so
 * `new SerialPort({ path: 'sim://pen', baudRate: 115200, binding: SimBinding })`
 * uses the same SerialPort code path as hardware. Options come from the
 * factory or the path's query: `sim://pen?cartridge=N12-OK-01&clock=sim&seed=3&nvm=/tmp/nvm.json&baud=0`,
 * and narrower limits `dmin`, `dmax`, `rmin`, `rmax`, `tmax` (e.g. `&dmax=2000&tmax=100`).
 * NVM defaults to memory (fresh per open) so tests never touch the user's registry;
 * pass `nvm=default` for the user's data file. Output is throttled to the port's
 * baud rate unless `baud=0`.
 */
import type { BindingInterface, BindingPortInterface, OpenOptions, PortInfo, PortStatus } from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };
import { LineSplitter } from '../../../protocol/src/index.js';
import { MemoryNvm, type NvmStore } from '../nvm/store.js';
import { SimPen, type SimPenOptions } from '../pen/sim-pen.js';
import { defaultNvmPath, FileNvm } from './file-nvm.js';
import { lockNvm, type NvmLock } from './nvm-lock.js';
import { runRealtime, UartThrottle, type ClockMode } from './realtime.js';

/** Options of a simulated port. */
export interface SimBindingOptions extends Omit<SimPenOptions, 'send' | 'nvm' | 'nonce'> {
  clock?: ClockMode;
  /** 'memory' (default), 'default' (the user's data dir) or a file path. */
  nvm?: string | NvmStore;
  /** Output throttle in baud; default: the port's baudRate; 0: unthrottled. */
  baud?: number;
  /** Called with each pen created by open(), e.g. to inspect it in tests. */
  onPen?: (pen: SimPen) => void;
}

class CanceledError extends Error {
  readonly canceled = true;
}

/** The pen's memory, and the lock of its file when it has one (one simulator per file). */
function nvmFrom(v: string | NvmStore | undefined): { nvm: NvmStore; lock: NvmLock | null } {
  if (v === undefined || v === 'memory') return { nvm: new MemoryNvm(), lock: null };
  if (typeof v !== 'string') return { nvm: v, lock: null };
  const file = v === 'default' ? defaultNvmPath() : v;
  const locked = lockNvm(file);
  // serialport reports an open that throws as the port's open error, so the host sees why.
  if (!locked.ok) throw new Error(locked.error);
  return { nvm: new FileNvm(file), lock: locked.lock };
}

/** Options encoded in a `sim://` path's query. */
export function optionsFromPath(path: string): SimBindingOptions {
  const q = path.indexOf('?');
  const o: SimBindingOptions = {};
  if (q < 0) return o;
  const p = new URLSearchParams(path.slice(q + 1));
  const clock = p.get('clock');
  if (clock === 'real' || clock === 'sim') o.clock = clock;
  for (const k of ['seed', 'baud', 'batteryPct'] as const) {
    const v = p.get(k);
    if (v !== null && Number.isFinite(Number(v))) o[k] = Number(v);
  }
  const cart = p.get('cartridge');
  if (cart) o.cartridge = cart;
  const nvm = p.get('nvm');
  if (nvm) o.nvm = nvm;
  const serial = p.get('serial');
  if (serial) o.serial = serial;
  for (const k of ['dmin', 'dmax', 'rmin', 'rmax', 'tmax'] as const) {
    const v = p.get(k);
    if (v !== null && /^\d+$/.test(v)) o.limits = { ...o.limits, [k]: Number(v) };
  }
  return o;
}

/** One open simulated port. */
export class SimPortBinding implements BindingPortInterface {
  isOpen = true;
  readonly pen: SimPen;
  private rx: Buffer[] = [];
  private pendingRead: (() => void) | null = null;
  private readonly splitter = new LineSplitter();
  private readonly stopClock: () => void;
  private readonly throttle: UartThrottle;
  private readonly nvmLock: NvmLock | null;

  constructor(
    readonly openOptions: Required<OpenOptions>,
    opts: SimBindingOptions,
  ) {
    const { clock, nvm, baud, onPen, ...penOpts } = opts;
    const memory = nvmFrom(nvm);
    this.nvmLock = memory.lock;
    try {
      this.pen = new SimPen({ ...penOpts, nvm: memory.nvm });
    } catch (e) {
      memory.lock?.release();
      throw e;
    }
    this.throttle = new UartThrottle(baud ?? openOptions.baudRate, (t) => this.toHost(t));
    this.pen.onOutput((t) => this.throttle.push(t));
    this.stopClock = runRealtime(this.pen, clock ?? 'real');
    onPen?.(this.pen);
  }

  private toHost(text: string): void {
    if (!this.isOpen) return;
    this.rx.push(Buffer.from(text, 'latin1'));
    const r = this.pendingRead;
    this.pendingRead = null;
    r?.();
  }

  async read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
    if (!this.isOpen) throw new CanceledError('port is closed');
    while (this.rx.length === 0) {
      await new Promise<void>((resolve) => {
        this.pendingRead = resolve;
      });
      if (!this.isOpen) throw new CanceledError('port is closed');
    }
    const head = this.rx[0]!;
    const n = Math.min(length, head.length);
    head.copy(buffer, offset, 0, n);
    if (n === head.length) this.rx.shift();
    else this.rx[0] = head.subarray(n);
    return { buffer, bytesRead: n };
  }

  async write(buffer: Buffer): Promise<void> {
    if (!this.isOpen) throw new CanceledError('port is closed');
    const { lines } = this.splitter.feed(buffer.toString('latin1'));
    // Deliver on a later tick, as bytes on a wire would arrive.
    await new Promise<void>((r) => setImmediate(r));
    for (const l of lines) this.pen.receiveLine(l);
  }

  async update(): Promise<void> {}
  async set(): Promise<void> {}
  async get(): Promise<PortStatus> {
    return { cts: true, dsr: true, dcd: true };
  }
  async getBaudRate(): Promise<{ baudRate: number }> {
    return { baudRate: this.openOptions.baudRate };
  }
  async flush(): Promise<void> {
    this.rx = [];
  }
  async drain(): Promise<void> {}

  async close(): Promise<void> {
    if (!this.isOpen) throw new Error('Port is not open');
    this.isOpen = false;
    this.stopClock();
    this.throttle.close();
    this.nvmLock?.release();
    const r = this.pendingRead;
    this.pendingRead = null;
    r?.();
  }
}

/** A binding whose ports are simulated pens with these defaults (path query overrides them). */
export function createSimBinding(defaults: SimBindingOptions = {}): BindingInterface<SimPortBinding> {
  return {
    async list(): Promise<PortInfo[]> {
      return [{ path: 'sim://pen', manufacturer: 'penbench simulator', serialNumber: defaults.serial ?? 'PB-SIM-0001', pnpId: undefined, locationId: undefined, productId: undefined, vendorId: undefined }];
    },
    async open(options: OpenOptions): Promise<SimPortBinding> {
      if (!options.path.startsWith('sim://')) throw new Error(`SimBinding opens sim:// paths, not ${options.path}`);
      const full: Required<OpenOptions> = {
        dataBits: 8, lock: true, stopBits: 1, parity: 'none', rtscts: false, xon: false, xoff: false, xany: false, hupcl: true, ...options,
      };
      return new SimPortBinding(full, { ...defaults, ...optionsFromPath(options.path) });
    },
  };
}

/** The default simulated-pen binding (in-memory NVM, real clock, throttled to the port's baud rate). */
export const SimBinding = createSimBinding();
