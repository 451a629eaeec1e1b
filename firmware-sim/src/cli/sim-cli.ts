/**
 * `npm run sim -- --pty | --port <path> [options]`: the simulated pen as its
 * own process on a pseudo-terminal or a serial device (see args.ts for options).
 * `npm run sim -- --factory-reset --nvm FILE`: the deliberate factory reset of
 * an NVM file (SR-08), then exit.
 */
import { SerialPort } from 'serialport';
import { LineSplitter } from '../../../protocol/src/index.js';
import { openPtyPair, type PtyPair } from '../../../protocol/node/pty-pair.js';
import { DEVICE_KEY_HEX } from '../nvm/image.js';
import { factoryReset } from '../nvm/pen-nvm.js';
import { MemoryNvm } from '../nvm/store.js';
import { defaultNvmPath, FileNvm } from '../node/file-nvm.js';
import { runRealtime, UartThrottle } from '../node/realtime.js';
import { SimPen } from '../pen/sim-pen.js';
import { parseSimArgs, USAGE } from './args.js';

async function main(): Promise<number> {
  const parsed = parseSimArgs(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(`sim: ${parsed.error}\n`);
    return 2;
  }
  const args = parsed.args;
  if (args.mode === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.mode === 'factory-reset') {
    const store = new FileNvm(args.nvm ?? defaultNvmPath());
    const r = factoryReset(store, DEVICE_KEY_HEX);
    if (!r.ok) {
      process.stderr.write(`sim: factory reset of ${store.label} failed: ${r.error}\n`);
      return 1;
    }
    process.stdout.write(`FACTORY-RESET ${store.label} gen=${r.gen}\n`);
    return 0;
  }
  let pty: PtyPair | null = null;
  let devicePath: string;
  if (args.mode === 'pty') {
    pty = await openPtyPair();
    devicePath = pty.a;
  } else {
    devicePath = args.port!;
  }
  const nvm = args.nvm === ':memory:' ? new MemoryNvm() : new FileNvm(args.nvm ?? defaultNvmPath());
  const pen = new SimPen({
    seed: args.seed, nvm, ...(args.cartridge ? { cartridge: args.cartridge } : {}), ...(args.limits ? { limits: args.limits } : {}),
  });
  if (pen.snapshot().nvm.broken) {
    // The pen reports it too (latched NVM_INTEGRITY, EVT FAULT); say it where the person starting it looks.
    process.stderr.write(`sim: the NVM registry ${nvm.label} cannot be trusted; the pen latches NVM_INTEGRITY and will not run. `
      + 'If you mean to start from a fresh registry, run: npm run sim -- --factory-reset --nvm <FILE>\n');
  }
  const port = new SerialPort({ path: devicePath, baudRate: args.baud > 0 ? args.baud : 115200, autoOpen: false });
  const opened = await new Promise<Error | null>((resolve) => port.open((err) => resolve(err ?? null)));
  if (opened) {
    process.stderr.write(`sim: cannot open ${devicePath}: ${opened.message}\n`);
    await pty?.close();
    return 1;
  }
  const throttle = new UartThrottle(args.baud, (t) => port.write(t, 'latin1'));
  pen.onOutput((t) => throttle.push(t));
  const splitter = new LineSplitter();
  port.on('data', (buf: Buffer) => {
    for (const line of splitter.feed(buf.toString('latin1')).lines) pen.receiveLine(line);
  });
  const stopClock = runRealtime(pen, args.clock);
  if (pty) process.stdout.write(`PTY ${pty.b}\n`);
  else process.stdout.write(`PORT ${devicePath}\n`);
  process.stdout.write(`NVM ${nvm.label}\n`);
  return await new Promise<number>((resolve) => {
    const shutdown = (code: number) => {
      stopClock();
      throttle.close();
      port.close(() => {
        void (pty ? pty.close() : Promise.resolve()).then(() => resolve(code));
      });
    };
    process.once('SIGINT', () => shutdown(0));
    process.once('SIGTERM', () => shutdown(0));
    port.once('close', () => shutdown(0));
  });
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`sim: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
