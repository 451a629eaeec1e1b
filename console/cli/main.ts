/**
 * `npm run pen -- <target> [--baud N]` opens an interactive protocol console
 * on a pen (`sim` = the in-process simulator through its serialport binding,
 * or a device path such as /dev/ttyACM0 or a pty); `npm run pen -- dump <file>`
 * decodes a capture. Bad arguments name themselves and the allowed values.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { PenClient } from '../../protocol/src/index.js';
import { SerialTransport } from '../../protocol/node/serial-transport.js';
import { createSimBinding } from '../../firmware-sim/src/node/sim-binding.js';
import { visible, visibleLines } from '../shared/visible-text.js';
import { dumpFile } from './dump.js';
import { PenRepl } from './repl.js';

export const PEN_USAGE = `penbench pen console

Usage:
  npm run pen -- <target> [--baud N]   interactive console; target: sim | sim://pen?cartridge=ID | a serial path (/dev/…, COMn)
  npm run pen -- dump <file>           decode a capture (console recording .jsonl, or plain wire lines)
  npm run pen -- --help
`;

/** Streams of the console. */
export interface PenCliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** Whether stdin is a terminal (prompt and completion on). */
  terminal: boolean;
}

/** Run the pen CLI; resolves to the exit code. */
export async function penCliMain(argv: readonly string[], io: PenCliIo): Promise<number> {
  // Nothing from the wire or a file reaches the terminal raw: control characters are shown as escapes.
  const err = (t: string) => io.stderr.write(`pen: ${visible(t)}\n`);
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') {
    io.stdout.write(PEN_USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === 'dump') {
    if (argv.length !== 2) {
      err('dump takes exactly one argument: the capture file');
      return 2;
    }
    try {
      await dumpFile(argv[1]!, (l) => io.stdout.write(visibleLines(l) + '\n'));
    } catch (e) {
      err(`dump: cannot read ${argv[1]}: ${e instanceof Error ? e.message : String(e)}`);
      return 1;
    }
    return 0;
  }
  const target = argv[0]!;
  let baud = 115200;
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] === '--baud') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n <= 0) {
        err(`--baud: "${argv[i] ?? ''}" is not a positive integer (e.g. 115200)`);
        return 2;
      }
      baud = n;
    } else {
      err(`unknown option "${argv[i]}"; allowed: --baud N`);
      return 2;
    }
  }
  if (target !== 'sim' && !target.startsWith('sim://') && !target.startsWith('/') && !/^COM\d+$/i.test(target)) {
    err(`target "${target}" is not one of: sim, sim://pen?…, a serial device path (/dev/…, COMn), dump <file>`);
    return 2;
  }
  const path = target === 'sim' ? 'sim://pen' : target;
  const transport = path.startsWith('sim://')
    ? new SerialTransport({ path, baudRate: baud, binding: createSimBinding() })
    : new SerialTransport({ path, baudRate: baud });
  const client = new PenClient({ transport });
  const print = (t: string) => io.stdout.write(visibleLines(t));
  const repl = new PenRepl(client, { print });
  const c = await client.connect();
  if (!c.ok) {
    err(`cannot connect to ${path}: ${c.error}: ${c.message}`);
    return 1;
  }
  const st = await client.request('GET_STATUS', {});
  const state = st.ok ? st.reply.fields.st : `unknown (GET_STATUS: ${st.error === 'NAK' ? `NAK ${st.code ?? ''}` : st.error})`;
  print(`-- connected to ${path}: ${c.info.fw} serial ${c.info.serial}, proto ${c.info.proto} schema ${c.info.schema}, state ${state}. Type help; Tab completes.\n`);
  const rl = createInterface({
    input: io.stdin,
    output: io.stdout,
    terminal: io.terminal,
    completer: (line: string) => repl.complete(line),
  });
  rl.setPrompt(repl.prompt);
  if (io.terminal) rl.prompt();
  // Lines are handled one after another, so piped input keeps its order.
  let chain: Promise<unknown> = Promise.resolve();
  const done = new Promise<void>((resolve) => {
    rl.on('line', (line) => {
      chain = chain.then(async () => {
        if ((await repl.input(line)) === 'quit') rl.close();
        else if (io.terminal) {
          rl.setPrompt(repl.prompt);
          rl.prompt();
        }
      });
    });
    rl.on('close', () => resolve());
  });
  await done;
  await chain;
  repl.detach();
  await client.close();
  return 0;
}
