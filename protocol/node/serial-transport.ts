/**
 * LineTransport over a serial port: serialport's stream with
 * @serialport/parser-readline (delimiter LF). The binding is injectable, so the
 * simulator's in-process `SimBinding` goes through the very same code path as a
 * real USB device or a pty. Errors are typed values (`disconnected`, `timedOut`).
 */
import { SerialPortStream } from '@serialport/stream';
import { ReadlineParser } from '@serialport/parser-readline';
import type { BindingInterface } from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };
import { SerialPort } from 'serialport';
import { loopReadBinding } from './loop-read-binding.js';
import {
  DROPPED_HEAD_BYTES, Emitter, MAX_LINE, transportError, unterminatedBytes, withLf,
  type DroppedBytes, type LineTransport, type TransportError, type TransportEvents, type TransportResult,
} from '../src/index.js';

/** Options of a serial transport. */
export interface SerialTransportOptions {
  /** Device path, e.g. /dev/ttyACM0, a pty link, or `sim://pen` for the simulator's binding. */
  path: string;
  /** Default 115200. */
  baudRate?: number;
  /** A serialport binding (default: the platform's, from `serialport`, reading on the event loop's thread: loop-read-binding.ts). */
  binding?: BindingInterface;
  /** Give up opening after this long (default 2000 ms). */
  openTimeoutMs?: number;
  /** A write not completed after this long is reported with `timedOut` (default 1000 ms). */
  writeTimeoutMs?: number;
  /** A received line longer than this is dropped whole (default 4 × MAX_LINE, room for garbage before `$`). */
  maxLineBytes?: number;
}

const PLATFORM_BINDING = loopReadBinding(SerialPort.binding as unknown as BindingInterface);

function asError(e: unknown): Error & { disconnected?: boolean; code?: string } {
  return e instanceof Error ? e : new Error(String(e));
}

/** Serial port as a LineTransport (one instance per device; reopenable after close). */
export class SerialTransport implements LineTransport {
  readonly label: string;
  private readonly events = new Emitter<TransportEvents>();
  private readonly opts: Required<Omit<SerialTransportOptions, 'binding'>> & { binding: BindingInterface };
  private port: SerialPortStream | null = null;
  private parser: ReadlineParser | null = null;
  private closing = false;

  constructor(opts: SerialTransportOptions) {
    this.label = opts.path;
    this.opts = {
      path: opts.path,
      baudRate: opts.baudRate ?? 115200,
      binding: opts.binding ?? PLATFORM_BINDING,
      openTimeoutMs: opts.openTimeoutMs ?? 2000,
      writeTimeoutMs: opts.writeTimeoutMs ?? 1000,
      maxLineBytes: opts.maxLineBytes ?? MAX_LINE * 4,
    };
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  on<K extends keyof TransportEvents>(event: K, fn: (payload: TransportEvents[K]) => void): () => void {
    return this.events.on(event, fn);
  }

  async open(): Promise<TransportResult> {
    if (this.port) return { ok: false, error: transportError(`${this.label}: already open`) };
    let port: SerialPortStream;
    try {
      port = new SerialPortStream({
        binding: this.opts.binding, path: this.opts.path, baudRate: this.opts.baudRate, autoOpen: false,
      });
    } catch (e) {
      // serialport throws synchronously on invalid options.
      return { ok: false, error: transportError(`${this.label}: ${asError(e).message}`, { cause: e }) };
    }
    this.port = port;
    let gaveUp = false;
    const opened = await new Promise<TransportResult>((resolve) => {
      const timer = setTimeout(() => {
        gaveUp = true;
        resolve({ ok: false, error: transportError(`${this.label}: open timed out after ${this.opts.openTimeoutMs} ms`, { timedOut: true }) });
      }, this.opts.openTimeoutMs);
      port.open((err) => {
        clearTimeout(timer);
        // An open that completes after we gave up must not leave the device held.
        if (gaveUp) {
          if (!err && port.isOpen) port.close();
          return;
        }
        if (!err) resolve({ ok: true });
        else {
          const e = asError(err);
          const gone = e.code === 'ENOENT' || /No such file|cannot open|ENOENT/i.test(e.message);
          resolve({ ok: false, error: transportError(`${this.label}: ${e.message}`, { disconnected: gone, cause: e }) });
        }
      });
    });
    if (!opened.ok) {
      this.port = null;
      if (port.isOpen) port.close();
      return opened;
    }
    this.wire(port);
    return opened;
  }

  private wire(port: SerialPortStream): void {
    const parser = new ReadlineParser({ delimiter: '\n', encoding: 'latin1' });
    this.parser = parser;
    port.pipe(parser);
    port.on('data', () => {
      // ReadlineParser buffers without bound until a LF; a babbling peer must
      // not grow memory, so an over-long partial line is thrown away here.
      if (parser.buffer.length > this.opts.maxLineBytes) {
        const bytes = parser.buffer.length;
        const head = parser.buffer.subarray(0, DROPPED_HEAD_BYTES).toString('latin1');
        parser.buffer = Buffer.alloc(0);
        this.events.emit('dropped', { reason: 'line too long', bytes, head });
      }
    });
    parser.on('data', (line: string) => {
      if (line.length > this.opts.maxLineBytes) {
        this.events.emit('dropped', { reason: 'line too long', bytes: line.length, head: line.slice(0, DROPPED_HEAD_BYTES) });
        return;
      }
      this.events.emit('line', line);
    });
    port.on('error', (err: unknown) => {
      const e = asError(err);
      this.events.emit('error', transportError(`${this.label}: ${e.message}`, { disconnected: e.disconnected === true, cause: e }));
    });
    // A disconnect shows up either as serialport's close with a DisconnectedError,
    // or (a pty whose far end vanished reads EOF) as the stream ending by itself.
    port.on('close', (err: unknown) => this.onPortGone(port, parser, err ? asError(err) : null));
    port.on('end', () => {
      this.onPortGone(port, parser, new Error('end of stream (device gone)'));
      if (port.isOpen) port.close();
    });
  }

  private onPortGone(port: SerialPortStream, parser: ReadlineParser, err: Error | null): void {
    if (this.port !== port) return;
    this.port = null;
    port.unpipe(parser);
    const onPurpose = this.closing && !err;
    if (onPurpose) {
      this.events.emit('close', {});
      return;
    }
    const e = err ?? new Error('port closed unexpectedly');
    const error: TransportError = transportError(`${this.label}: ${e.message}`, { disconnected: true, cause: e });
    this.events.emit('error', error);
    this.events.emit('close', { error });
  }

  unterminated(): DroppedBytes | null {
    return this.parser && this.port ? unterminatedBytes(this.parser.buffer.toString('latin1')) : null;
  }

  async close(): Promise<void> {
    const port = this.port;
    if (!port || !port.isOpen) {
      this.port = null;
      return;
    }
    this.closing = true;
    try {
      await new Promise<void>((resolve) => port.close(() => resolve()));
    } finally {
      this.closing = false;
    }
  }

  async write(line: string): Promise<TransportResult> {
    const port = this.port;
    if (!port || !port.isOpen) return { ok: false, error: transportError(`${this.label}: not open`, { unsent: true }) };
    return new Promise<TransportResult>((resolve) => {
      const timer = setTimeout(() => {
        resolve({ ok: false, error: transportError(`${this.label}: write timed out after ${this.opts.writeTimeoutMs} ms`, { timedOut: true }) });
      }, this.opts.writeTimeoutMs);
      port.write(withLf(line), 'latin1', (err) => {
        clearTimeout(timer);
        if (!err) resolve({ ok: true });
        else {
          const e = asError(err);
          resolve({ ok: false, error: transportError(`${this.label}: ${e.message}`, { disconnected: e.disconnected === true || !port.isOpen, cause: e }) });
        }
      });
    });
  }
}
