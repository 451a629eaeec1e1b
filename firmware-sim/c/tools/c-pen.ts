/**
 * Build and start the C reference pen on a board, and hand back its
 * pseudo-terminal: the host board (a POSIX process that opens a pty itself)
 * or the QEMU board (qemu-system-arm -M mps2-an385 with its UART on
 * `-serial pty`). Used by `npm run firmware` and by the tests.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeLine, encode } from '../../../protocol/src/index.js';
import { SerialTransport } from '../../../protocol/node/serial-transport.js';

/** Repository root. */
export const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
/** Where `make -C firmware-sim/c` puts the boards. */
export const PEN_BUILD = join(ROOT, '.build/c/pen');

/** The boards. */
export const BOARDS = ['host', 'qemu'] as const;
export type Board = (typeof BOARDS)[number];

/** How to start a pen. */
export interface CPenOptions {
  board: Board;
  /** Sample cartridge fitted at power-up, or 'none' (default). */
  cartridge?: string;
  /** Registry image file (its counter goes beside it as FILE.counter). */
  nvm?: string;
  serial?: string;
  /** Host board only: emulated UART speed, 0 = unthrottled (the QEMU board's UART is paced at 115200). */
  baud?: number;
  factoryReset?: boolean;
  /** Host board only: a pen as shipped (INFO sim=0, SIM_* and ENG_* refused UNSUPPORTED). */
  production?: boolean;
  /** Host board only: the build under AddressSanitizer and UBSan. */
  sanitized?: boolean;
  /** Resolve only once the pen has booted (its self-test is over), as a pen on a bench would be; default true. */
  waitBooted?: boolean;
  /** Lines the pen's process writes on stderr (QEMU: its semihosting console). */
  onLog?: (line: string) => void;
}

/** A running pen. */
export interface CPen {
  board: Board;
  ptyPath: string;
  pid: number;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
  /** Stop the pen (SIGTERM, then SIGKILL after 2 s) and release the pty. */
  close(): Promise<void>;
}

/** `make -C firmware-sim/c <target>`; throws with the compiler's output on failure. */
export function buildBoard(board: Board, sanitized = false): string {
  const target = board === 'qemu' ? 'qemu' : sanitized ? `${PEN_BUILD}/pen-host-asan` : 'host';
  try {
    execFileSync('make', ['-s', '-C', join(ROOT, 'firmware-sim/c'), target], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`building the ${board} board failed:\n${err.stdout ?? ''}${err.stderr ?? err.message}`);
  }
  return board === 'qemu' ? join(PEN_BUILD, 'pen-qemu.elf') : join(PEN_BUILD, sanitized ? 'pen-host-asan' : 'pen-host');
}

/** The default registry file of a board: beside the simulator's, under $XDG_DATA_HOME/penbench. */
export function defaultNvm(board: Board): string {
  const base = process.env['XDG_DATA_HOME'] || join(homedir(), '.local/share');
  return join(base, 'penbench', `c-pen-${board}.nvm`);
}

function hostArgs(o: CPenOptions, nvm: string): string[] {
  const a = ['--nvm', nvm, '--cartridge', o.cartridge ?? 'none'];
  if (o.serial) a.push('--serial', o.serial);
  if (o.baud !== undefined) a.push('--baud', String(o.baud));
  if (o.factoryReset) a.push('--factory-reset');
  if (o.production) a.push('--production');
  return a;
}

function qemuArgs(elf: string, o: CPenOptions, nvm: string): string[] {
  // The firmware reads its options from the semihosting command line; paths are the host's (target=native).
  const semi = ['pen-qemu', '--nvm', nvm, '--cartridge', o.cartridge ?? 'none', ...(o.serial ? ['--serial', o.serial] : []), ...(o.factoryReset ? ['--factory-reset'] : [])];
  return [
    '-M', 'mps2-an385', '-cpu', 'cortex-m3', '-display', 'none', '-monitor', 'none', '-serial', 'pty',
    '-semihosting-config', `enable=on,target=native,${semi.map((s) => `arg=${s}`).join(',')}`,
    '-kernel', elf,
  ];
}

/** Send PINGs until one is answered (5 s at most). PING is served before a handshake and changes nothing. */
async function pingThrough(path: string): Promise<void> {
  const t = new SerialTransport({ path });
  const opened = await t.open();
  if (!opened.ok) throw new Error(`cannot open ${path}: ${opened.error.message}`);
  try {
    const seq = 65000;
    let answered = false;
    const off = t.on('line', (l) => {
      const r = decodeLine(l);
      if (r.ok && r.msg.kind === 'ACK' && r.msg.fields.re === seq) answered = true;
    });
    for (let i = 0; i < 25 && !answered; i++) {
      await t.write(encode({ seq, kind: 'PING', fields: {} }));
      for (let w = 0; w < 20 && !answered; w++) await new Promise((r) => setTimeout(r, 10));
    }
    off();
    if (!answered) throw new Error(`the pen on ${path} does not answer PING`);
  } finally {
    await t.close();
  }
}

/** Build the board, start it and wait for its pty path. */
export async function startCPen(o: CPenOptions): Promise<CPen> {
  if (o.production && o.board !== 'host') throw new Error(`production: only the host board has a production mode, not ${o.board}`);
  const file = buildBoard(o.board, o.sanitized);
  const nvm = resolve(o.nvm ?? defaultNvm(o.board));
  mkdirSync(dirname(nvm), { recursive: true });
  const child: ChildProcess = o.board === 'host'
    ? spawn(file, hostArgs(o, nvm), { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn('qemu-system-arm', qemuArgs(file, o, nvm), { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  let held: number | null = null;
  let log = '';
  const onText = (d: string) => {
    log = (log + d).slice(-4000);
    for (const l of d.split('\n')) if (l.trim()) o.onLog?.(l);
  };
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  const ptyPath = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`the ${o.board} board printed no pty within 20 s: ${log.trim()}`)), 20_000);
    const look = (d: string) => {
      onText(d);
      // Host board: "PTY /dev/pts/N"; QEMU: "char device redirected to /dev/pts/N (label serial0)".
      const m = /^PTY (\S+)$/m.exec(log) ?? /char device redirected to (\/dev\/\S+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        res(m[1]!);
      }
    };
    child.stdout?.on('data', look);
    child.stderr?.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`the ${o.board} board exited (${code}) before giving a pty: ${log.trim()}`));
    });
  }).catch((e: unknown) => {
    child.kill('SIGKILL');
    throw e;
  });
  if (o.waitBooted ?? true) {
    await new Promise<void>((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`the ${o.board} board did not finish booting within 20 s: ${log.trim()}`)), 20_000);
      const check = () => {
        if (/booted, self-test/.test(log)) {
          clearTimeout(timer);
          res();
        }
      };
      check();
      child.stdout?.on('data', check);
      child.stderr?.on('data', check);
    }).catch((e: unknown) => {
      child.kill('SIGKILL');
      throw e;
    });
  }
  if (o.board === 'qemu') {
    // QEMU discards what the guest sends to a pty nobody holds open, and notices a new reader only on its
    // once-a-second poll: hold the slave side open for the pen's lifetime (as the host board does itself),
    // then wait until a PING gets through, so a host that opens the path later is served at once.
    held = openSync(ptyPath, 'r+');
    await pingThrough(ptyPath).catch((e: unknown) => {
      child.kill('SIGKILL');
      if (held !== null) closeSync(held);
      throw e;
    });
  }
  return {
    board: o.board, ptyPath, pid: child.pid ?? -1, exited,
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 2000);
        await exited;
        clearTimeout(t);
      }
      if (held !== null) closeSync(held);
      held = null;
    },
  };
}
