/**
 * `penbench pen <target> [--baud N] [--eng-key-file FILE]` opens an interactive
 * protocol console on a pen (`sim` = the in-process simulator through its
 * serialport binding, or a device path such as /dev/ttyACM0 or a pty);
 * `penbench pen dump <file> [--json]` decodes a capture. Bad arguments name
 * themselves and the allowed values.
 */
import { createInterface, type Interface } from 'node:readline';
import { clearLine, cursorTo } from 'node:readline';
import { connectProblemCode, PenClient } from '../../protocol/src/index.js';
import { flag, int, type CommandSpec, type OptionSpecs } from '../../protocol/node/cli-args.js';
import { cliLinkAdvice, ENG_KEY_FILE_OPTION, parseOrAnswer, type CliIo } from '../../protocol/node/cli-io.js';
import { ENG_KEY_ENV, loadEngKey } from '../../protocol/node/eng-auth.js';
import { SerialTransport } from '../../protocol/node/serial-transport.js';
import { createSimBinding } from '../../firmware-sim/src/node/sim-binding.js';
import { visible, visibleLines } from '../shared/visible-text.js';
import { dumpFile } from './dump.js';
import { PenRepl } from './repl.js';

/** `penbench pen`. */
export const PEN_SPEC = {
  name: 'penbench pen',
  summary: 'an interactive protocol console on a pen (Klipper console.py style)',
  usage: ['<target> [--baud N] [--eng-key-file FILE]', 'dump <file> [--json]   (see penbench pen dump --help)'],
  options: {
    baud: int('N', 'baud rate of a serial target (default 115200)', 1, 4_000_000),
    'eng-key-file': ENG_KEY_FILE_OPTION,
  },
  positionals: { min: 1, max: 1, names: 'one target: sim | sim://pen?… | a serial device path (/dev/…, COMn)' },
  notes: [
    'Targets: sim (the built-in simulated pen), sim://pen?cartridge=ID&… (with options), a serial device path.',
    `The engineering key for \`eng\` comes from --eng-key-file FILE (mode 0600) or $${ENG_KEY_ENV} (hex),`,
    'never from the command line, where every user sees it in ps; without either, `eng` uses the',
    "simulator's development key. At the prompt, `help` lists the console's commands.",
  ].join('\n'),
} satisfies CommandSpec<OptionSpecs>;

/** `penbench pen dump`. */
export const DUMP_SPEC = {
  name: 'penbench pen dump',
  summary: 'decode a capture: a console recording (.jsonl) or a file of plain wire lines',
  usage: ['<file> [--json]'],
  options: {
    json: flag('one JSON object per line (time, direction, kind, seq, fields or the decode error), then a summary object'),
  },
  positionals: { min: 1, max: 1, names: 'one capture file' },
} satisfies CommandSpec<OptionSpecs>;

/** Streams of the console. */
export type PenCliIo = CliIo;

/** Run the pen CLI; resolves to the exit code. */
export async function penCliMain(argv: readonly string[], io: PenCliIo): Promise<number> {
  // Nothing from the wire or a file reaches the terminal raw: control characters are shown as escapes.
  const err = (t: string) => io.stderr.write(`pen: ${visible(t)}\n`);
  if (argv[0] === 'dump') return dump(argv.slice(1), io, err);
  const parsed = parseOrAnswer(PEN_SPEC, argv, io, 'pen');
  if (typeof parsed === 'number') return parsed;
  const target = parsed.positionals[0]!;
  if (target !== 'sim' && !target.startsWith('sim://') && !target.startsWith('/') && !/^COM\d+$/i.test(target)) {
    err(`target "${target}" is not one of: sim, sim://pen?…, a serial device path (/dev/…, COMn), dump <file>`);
    return 2;
  }
  const key = loadEngKey({ ...(parsed.values['eng-key-file'] !== undefined ? { file: parsed.values['eng-key-file'] } : {}), env: io.env ?? process.env });
  if (!key.ok) {
    err(key.error);
    return 2;
  }
  const baud = parsed.values.baud ?? 115200;
  const path = target === 'sim' ? 'sim://pen' : target;
  const transport = path.startsWith('sim://')
    ? new SerialTransport({ path, baudRate: baud, binding: createSimBinding() })
    : new SerialTransport({ path, baudRate: baud });
  const client = new PenClient({ transport });
  const term = new TerminalOut(io);
  const repl = new PenRepl(client, { print: (t) => term.print(visibleLines(t)), ...(key.keyHex ? { engKeyHex: key.keyHex } : {}) });
  const c = await client.connect();
  if (!c.ok) {
    repl.detach();
    // The same advice as the console window's: dialout group, port busy, no such port, no answer.
    err(`cannot connect to ${path}: ${c.message}`);
    io.stderr.write(`  ${cliLinkAdvice(connectProblemCode(c))}\n`);
    return 1;
  }
  const st = await client.request('GET_STATUS', {});
  const state = st.ok ? st.reply.fields.st : `unknown (GET_STATUS: ${st.error === 'NAK' ? `NAK ${st.code ?? ''}` : st.error})`;
  term.print(visibleLines(`-- connected to ${path}: ${c.info.fw} serial ${c.info.serial}, proto ${c.info.proto} schema ${c.info.schema}, state ${state}. Type help; Tab completes.\n`));
  if (key.keyHex) term.print(`-- eng uses the key from ${key.from}\n`);
  const rl = createInterface({
    input: io.stdin,
    output: io.stdout,
    terminal: io.terminal,
    completer: (line: string) => repl.complete(line),
  });
  term.attach(rl, repl.prompt);
  // Lines are handled one after another, so piped input keeps its order.
  let chain: Promise<unknown> = Promise.resolve();
  const done = new Promise<void>((resolve) => {
    rl.on('line', (line) => {
      term.busy();
      chain = chain.then(async () => {
        if ((await repl.input(line)) === 'quit') rl.close();
        else term.attach(rl, repl.prompt);
      });
    });
    rl.on('close', () => resolve());
  });
  await done;
  await chain;
  term.busy();
  repl.detach();
  await client.close();
  return 0;
}

async function dump(argv: readonly string[], io: CliIo, err: (t: string) => void): Promise<number> {
  const parsed = parseOrAnswer(DUMP_SPEC, argv, io, 'pen dump');
  if (typeof parsed === 'number') return parsed;
  const file = parsed.positionals[0]!;
  try {
    await dumpFile(file, (l) => io.stdout.write(visibleLines(l) + '\n'), { json: parsed.values.json });
  } catch (e) {
    err(`dump: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  return 0;
}

/**
 * Output beside a prompt: on a terminal, a line that arrives while the prompt waits (an event, a telemetry
 * summary) is written above it — the prompt line is cleared, the text written, the prompt and what was typed
 * so far drawn again — instead of landing after `pen> `. Piped output is written as it comes.
 */
class TerminalOut {
  private rl: Interface | null = null;

  constructor(private readonly io: CliIo) {}

  /** Show the prompt; from now on output goes above it. */
  attach(rl: Interface, prompt: string): void {
    this.rl = rl;
    rl.setPrompt(prompt);
    if (this.io.terminal) rl.prompt();
  }

  /** A command is being handled: no prompt on screen until the next attach. */
  busy(): void {
    this.rl = null;
  }

  print(text: string): void {
    if (!this.io.terminal || !this.rl) {
      this.io.stdout.write(text);
      return;
    }
    cursorTo(this.io.stdout, 0);
    clearLine(this.io.stdout, 0);
    this.io.stdout.write(text);
    this.rl.prompt(true);
  }
}
