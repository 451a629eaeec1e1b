/**
 * serialport's unix binding with its read done on the event loop's thread:
 * wait until the poller says the device is readable, then one non-blocking
 * read(2) there. The stock read (bindings-cpp unix-read) first tries fs.read in
 * libuv's thread pool, which at 200 Hz telemetry mostly fails with EAGAIN (an
 * Error with a stack trace, two thread hops), then polls, then goes to the
 * pool again: three times the work for each line. Errors keep the stock
 * read's meaning (EAGAIN waits, a closed port rejects as canceled, a vanished
 * device is flagged `disconnect`), so SerialPortStream reacts as before.
 * Windows' binding has no poller and is left as it is.
 */
import { readSync } from 'node:fs';
import type { BindingInterface, BindingPortInterface } from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };

/** What a unix port binding of bindings-cpp (Linux, Darwin) exposes: its fd and its poller. */
interface UnixPort extends BindingPortInterface {
  fd: number | null;
  poller: { once(event: 'readable', cb: (err: Error | null) => void): unknown };
}

function isUnixPort(p: BindingPortInterface): p is UnixPort {
  const u = p as Partial<UnixPort>;
  return typeof u.fd === 'number' && typeof u.poller?.once === 'function';
}

/** The stock read's "not open" error: SerialPortStream does not take a canceled read for a disconnect. */
function canceled(): Error {
  return Object.assign(new Error('Port is not open'), { canceled: true });
}

/** Codes after which the device is gone (as bindings-cpp's unix read flags them). */
const GONE = new Set(['EBADF', 'ENXIO', 'UNKNOWN']);
/** Codes after which the read is tried again once the poller says readable. */
const AGAIN = new Set(['EAGAIN', 'EWOULDBLOCK', 'EINTR']);

async function loopRead(port: UnixPort, buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
  for (;;) {
    if (!port.isOpen || port.fd === null) throw canceled();
    await new Promise<void>((resolve, reject) => port.poller.once('readable', (err) => (err ? reject(err) : resolve())));
    const fd = port.fd as number | null;
    if (!port.isOpen || fd === null) throw canceled();
    try {
      const bytesRead = readSync(fd, buffer, offset, length, null);
      // Zero bytes: read again, as the stock read does (SerialPortStream would take 0 for the end of the stream).
      if (bytesRead > 0) return { buffer, bytesRead };
    } catch (e) {
      const err = e as NodeJS.ErrnoException & { disconnect?: boolean };
      if (AGAIN.has(err.code ?? '')) continue;
      if (GONE.has(err.code ?? '') || err.errno === -1) err.disconnect = true;
      throw err;
    }
  }
}

/** `binding` whose opened unix ports read on the event loop's thread (other ports as they are). */
export function loopReadBinding<B extends BindingInterface>(binding: B): B {
  return {
    ...binding,
    list: () => binding.list(),
    async open(options: Parameters<B['open']>[0]) {
      const port = await binding.open(options);
      if (isUnixPort(port)) port.read = (buffer, offset, length) => loopRead(port, buffer, offset, length);
      return port;
    },
  } as B;
}
