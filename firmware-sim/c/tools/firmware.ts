/**
 * `npm run firmware -- --board host|qemu [options]`: builds the C reference
 * pen for a board, runs it and prints `PTY <path>` — connect the console
 * ("Other path"), the HIL suite (--target <path>) or a terminal to it.
 * Ctrl-C stops it. A bad argument names itself and the allowed values (exit 2).
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { BOARDS, ROOT, defaultNvm, startCPen, type Board, type CPenOptions } from './c-pen.js';

const USAGE = `penbench C reference pen

Usage: npm run firmware -- --board host|qemu [options]

  --board host|qemu     host: a POSIX process on a pseudo-terminal; qemu: an emulated Cortex-M3 (MPS2 AN385) with its UART on a pty
  --cartridge ID|none   sample cartridge fitted at power-up (firmware-sim/src/cartridge/samples.json), default N12-OK-01
  --nvm FILE            the pen's registry (FILE.counter beside it), default $XDG_DATA_HOME/penbench/c-pen-<board>.nvm
  --serial S            serial number, 1..12 characters [A-Z0-9_.-] (default PB-C-HOST-01 / PB-C-QEMU-01)
  --baud N              host board: emulated UART speed 0..4000000, 0 = unthrottled (default 115200)
  --factory-reset       erase the registry first (a deliberate factory reset: fired cartridges are forgotten)
  --help                this text
`;

function sampleIds(): string[] {
  const json = JSON.parse(readFileSync(`${ROOT}/firmware-sim/src/cartridge/samples.json`, 'utf8')) as { samples: { id: string }[] };
  return json.samples.map((s) => s.id);
}

/** Parse argv (after `--`). */
export function parseFirmwareArgs(argv: readonly string[]): { ok: true; opts: CPenOptions | null } | { ok: false; error: string } {
  const takes = ['--board', '--cartridge', '--nvm', '--serial', '--baud'];
  let board: Board | null = null;
  const o: Omit<CPenOptions, 'board'> = { cartridge: 'N12-OK-01' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') return { ok: true, opts: null };
    if (a === '--factory-reset') {
      o.factoryReset = true;
      continue;
    }
    if (!takes.includes(a)) return { ok: false, error: `unknown option "${a}"; allowed: ${takes.join(', ')}, --factory-reset, --help` };
    const v = argv[++i];
    if (v === undefined || v.startsWith('--')) return { ok: false, error: `${a} needs a value` };
    if (a === '--board') {
      if (!(BOARDS as readonly string[]).includes(v)) return { ok: false, error: `--board: "${v}" is not one of ${BOARDS.join(', ')}` };
      board = v as Board;
    } else if (a === '--cartridge') {
      const ids = sampleIds();
      if (v !== 'none' && !ids.includes(v)) return { ok: false, error: `--cartridge: "${v}" is not none or a sample id (${ids.join(', ')})` };
      o.cartridge = v;
    } else if (a === '--nvm') {
      o.nvm = v;
    } else if (a === '--serial') {
      if (!/^[A-Z0-9_.-]{1,12}$/.test(v)) return { ok: false, error: `--serial: "${v}" is not a token of 1..12 characters [A-Z0-9_.-]` };
      o.serial = v;
    } else {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 4_000_000) return { ok: false, error: `--baud: "${v}" is not an integer 0..4000000` };
      o.baud = n;
    }
  }
  if (!board) return { ok: false, error: `--board is required: ${BOARDS.join(' or ')}` };
  if (board === 'qemu' && o.baud !== undefined) return { ok: false, error: '--baud: only for --board host (the QEMU board paces its UART at 115200)' };
  return { ok: true, opts: { board, ...o } };
}

async function main(): Promise<number> {
  const parsed = parseFirmwareArgs(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(`firmware: ${parsed.error}\n${USAGE}`);
    return 2;
  }
  if (!parsed.opts) {
    process.stdout.write(USAGE);
    return 0;
  }
  const o = parsed.opts;
  process.stderr.write(`firmware: building and starting the ${o.board} board (registry ${o.nvm ?? defaultNvm(o.board)})\n`);
  const pen = await startCPen({ ...o, onLog: (l) => process.stderr.write(`${l}\n`) });
  process.stdout.write(`PTY ${pen.ptyPath}\n`);
  const stop = () => void pen.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const code = await pen.exited;
  return code ?? 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`firmware: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
