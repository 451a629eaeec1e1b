/**
 * `penbench sim --pty | --port <path> [options]`: the simulated pen as its own
 * process on a pseudo-terminal or a serial device (options in args.ts).
 * `penbench sim --factory-reset [--nvm FILE]`: the deliberate factory reset of
 * an NVM file (SR-08), then exit. Either holds the NVM file's lock while it
 * works, so no second simulator shares the file unknowingly.
 */
import { SerialPort } from 'serialport';
import { classifyLinkError, LineSplitter } from '../../../protocol/src/index.js';
import { cliLinkAdvice, type CliIo } from '../../../protocol/node/cli-io.js';
import { helpText } from '../../../protocol/node/cli-args.js';
import { openPtyPair, type PtyPair } from '../../../protocol/node/pty-pair.js';
import { DEVICE_KEY_HEX } from '../nvm/image.js';
import { factoryReset } from '../nvm/pen-nvm.js';
import { MemoryNvm, type NvmStore } from '../nvm/store.js';
import { defaultNvmPath, FileNvm } from '../node/file-nvm.js';
import { lockNvm } from '../node/nvm-lock.js';
import { runRealtime, UartThrottle } from '../node/realtime.js';
import { SimPen } from '../pen/sim-pen.js';
import { parseSimArgs, SIM_SPEC, type SimArgs } from './args.js';

/** Run the simulator CLI; resolves to the exit code when it is stopped (SIGINT, SIGTERM, port closed). */
export async function simMain(argv: readonly string[], io: CliIo): Promise<number> {
  const say = (t: string) => io.stderr.write(`sim: ${t}\n`);
  const parsed = parseSimArgs(argv);
  if (!parsed.ok) {
    say(`${parsed.error}\n(${SIM_SPEC.name} --help shows every option)`);
    return 2;
  }
  const args = parsed.args;
  if (args.mode === 'help') {
    io.stdout.write(helpText(SIM_SPEC));
    return 0;
  }
  const file = args.nvm === ':memory:' ? null : (args.nvm ?? defaultNvmPath(io.env));
  const locked = file === null ? null : lockNvm(file);
  if (locked && !locked.ok) {
    say(locked.error);
    return 1;
  }
  const lock = locked?.lock ?? null;
  try {
    if (args.mode === 'factory-reset') return reset(new FileNvm(file!), io);
    return await serve(args, file === null ? new MemoryNvm() : new FileNvm(file), io);
  } finally {
    lock?.release();
  }
}

function reset(store: FileNvm, io: CliIo): number {
  const r = factoryReset(store, DEVICE_KEY_HEX);
  if (!r.ok) {
    io.stderr.write(`sim: factory reset of ${store.label} failed: ${r.error}\n`);
    return 1;
  }
  io.stdout.write(`FACTORY-RESET ${store.label} gen=${r.gen}\n`);
  return 0;
}

async function serve(args: SimArgs, nvm: NvmStore, io: CliIo): Promise<number> {
  const pen = new SimPen({
    seed: args.seed, nvm, ...(args.cartridge ? { cartridge: args.cartridge } : {}), ...(args.limits ? { limits: args.limits } : {}),
  });
  if (pen.snapshot().nvm.broken) {
    // The pen reports it too (latched NVM_INTEGRITY, EVT FAULT); say it where the person starting it looks.
    io.stderr.write(`sim: the NVM registry ${nvm.label} cannot be trusted; the pen latches NVM_INTEGRITY and will not run. `
      + 'If you mean to start from a fresh registry, run: penbench sim --factory-reset --nvm <FILE>\n');
  }
  let pty: PtyPair | null = null;
  let devicePath: string;
  if (args.mode === 'pty') {
    pty = await openPtyPair();
    devicePath = pty.a;
  } else {
    devicePath = args.port!;
  }
  const port = new SerialPort({ path: devicePath, baudRate: args.baud > 0 ? args.baud : 115200, autoOpen: false });
  const opened = await new Promise<Error | null>((resolve) => port.open((err) => resolve(err ?? null)));
  if (opened) {
    // The same advice as the console's: dialout group, port busy, no such device.
    io.stderr.write(`sim: cannot open ${devicePath}: ${opened.message}\n  ${cliLinkAdvice(classifyLinkError(opened.message))}\n`);
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
  io.stdout.write(pty ? `PTY ${pty.b}\n` : `PORT ${devicePath}\n`);
  io.stdout.write(`NVM ${nvm.label}\n`);
  return await new Promise<number>((resolve) => {
    let stopping = false;
    const shutdown = (code: number) => {
      if (stopping) return;
      stopping = true;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      stopClock();
      throttle.close();
      const closed = () => void (pty ? pty.close() : Promise.resolve()).then(() => resolve(code));
      if (port.isOpen) port.close(closed);
      else closed();
    };
    const onSignal = () => shutdown(0);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    port.once('close', () => shutdown(0));
  });
}
