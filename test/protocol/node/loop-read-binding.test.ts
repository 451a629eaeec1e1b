/**
 * The serial binding that reads on the event loop's thread, over a REAL socat
 * pty through serialport's own unix binding: bytes arrive whole and in order
 * (also a burst larger than the pty's buffer, read in many turns), a read
 * waiting when the port closes rejects as canceled (not a disconnect), and a
 * vanished device rejects flagged as one.
 */
import { openSync, closeSync, writeSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { BindingInterface, BindingPortInterface } from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };
import { SerialPort } from 'serialport';
import { loopReadBinding, openPtyPair } from '../../../protocol/node/index.js';
import { HAS_SOCAT, needs } from '../../support/requirements.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function rig() {
  const pty = await openPtyPair();
  cleanups.push(() => pty.close());
  const binding = loopReadBinding(SerialPort.binding as unknown as BindingInterface);
  const port: BindingPortInterface = await binding.open({ path: pty.a, baudRate: 115200 });
  cleanups.push(async () => {
    if (port.isOpen) await port.close();
  });
  const far = openSync(pty.b, 'r+');
  cleanups.push(() => closeSync(far));
  return { pty, port, far };
}

/** Reads until `n` bytes came (or a read fails). */
async function readBytes(port: BindingPortInterface, n: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let got = 0;
  while (got < n) {
    const buf = Buffer.alloc(65536);
    const { bytesRead } = await port.read(buf, 0, buf.length);
    chunks.push(buf.subarray(0, bytesRead));
    got += bytesRead;
  }
  return Buffer.concat(chunks);
}

describe('loopReadBinding over a socat pty', () => {
  it.skipIf(!HAS_SOCAT)('reads lines written one by one whole and in order' + needs.socat, async () => {
    const { port, far } = await rig();
    const lines = Array.from({ length: 200 }, (_, i) => `$${i} TLM t=${i}*ABCD\n`);
    const reading = readBytes(port, lines.join('').length);
    for (const l of lines) {
      writeSync(far, l);
      await new Promise((r) => setImmediate(r));
    }
    expect((await reading).toString('latin1')).toBe(lines.join(''));
  });

  it.skipIf(!HAS_SOCAT)('reads a 256 KiB burst, more than the pty holds at once, in order' + needs.socat, async () => {
    const { port, pty } = await rig();
    const data = Buffer.from(Array.from({ length: 256 * 1024 }, (_, i) => 32 + (i % 90)));
    const reading = readBytes(port, data.length);
    // The far end as a serialport too, so its writes wait for room instead of failing with EAGAIN.
    const writer = await loopReadBinding(SerialPort.binding as unknown as BindingInterface).open({ path: pty.b, baudRate: 115200 });
    cleanups.push(async () => {
      if (writer.isOpen) await writer.close();
    });
    await writer.write(data);
    expect((await reading).equals(data)).toBe(true);
  });

  it.skipIf(!HAS_SOCAT)('a read waiting when the port is closed rejects as canceled, not as a disconnect' + needs.socat, async () => {
    const { port } = await rig();
    const reading = port.read(Buffer.alloc(1024), 0, 1024).then(() => null, (e: unknown) => e);
    await port.close();
    expect(await reading).toMatchObject({ canceled: true });
    await expect(port.read(Buffer.alloc(16), 0, 16)).rejects.toMatchObject({ canceled: true });
  });

  it.skipIf(!HAS_SOCAT)('a vanished device fails the waiting read with an error SerialPortStream takes for a disconnect' + needs.socat, async () => {
    const { port, pty } = await rig();
    const reading = port.read(Buffer.alloc(1024), 0, 1024).then(() => null, (e: unknown) => e);
    await pty.close();
    const err = (await reading) as { canceled?: boolean; message?: string } | null;
    expect(err).not.toBeNull();
    expect(err!.canceled).not.toBe(true);
    expect(typeof err!.message).toBe('string');
  });
});
