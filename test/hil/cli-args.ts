/** Arguments of `npm run hil`; a bad one names itself and the allowed values. */

/** Parsed options. */
export interface HilArgs {
  target: string;
  junit?: string;
  report?: string;
  filter?: string;
  baud: number;
  /** Soak duration of pen time, ms. */
  soakMs?: number;
  engKeyHex?: string;
  help: boolean;
}

export const HIL_USAGE = `penbench HIL conformance suite

Usage: npm run hil -- --target sim|pty|<serial path> [options]

  --target sim|pty|PATH  sim: in-process simulator, compressed time; pty: the simulator CLI on a socat pty;
                         PATH: a pen on a serial device (e.g. /dev/ttyACM0)
  --junit FILE           write JUnit XML (case names carry the SR id)
  --report FILE.html     write a self-contained HTML report (depth traces of failed cases)
  --filter TEXT          run only cases whose id or title contains TEXT
  --baud N               UART speed: the pty simulator's emulated speed and the port's baud rate (default 115200; 0 = unthrottled pty)
  --soak DURATION        instead of the suite, run the pen for DURATION of pen time (e.g. 90s, 10m, 1h) and report
                         lost frames and memory; compressed time with --target sim
  --eng-key HEX          engineering key of a real pen (enables SIM_*/ENG cases when it supports them)
  --help                 this text
`;

/** Parse `90s`, `10m`, `1h`, `1h30m`, `500ms` into ms, or null. */
export function parseDuration(text: string): number | null {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let used = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const n = Number(m[1]);
    total += n * (m[2] === 'ms' ? 1 : m[2] === 's' ? 1000 : m[2] === 'm' ? 60_000 : 3_600_000);
    used += m[0].length;
  }
  return used === text.length && used > 0 && total > 0 ? total : null;
}

/** Parse argv (after `--`). */
export function parseHilArgs(argv: readonly string[]): { ok: true; args: HilArgs } | { ok: false; error: string } {
  const a: HilArgs = { target: '', baud: 115200, help: false };
  const takes = ['--target', '--junit', '--report', '--filter', '--baud', '--soak', '--eng-key'];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { ok: true, args: { ...a, help: true } };
    if (!takes.includes(arg)) return { ok: false, error: `unknown option "${arg}"; allowed: ${takes.join(', ')}, --help` };
    const v = argv[++i];
    if (v === undefined || v.startsWith('--')) return { ok: false, error: `${arg} needs a value` };
    switch (arg) {
      case '--target':
        a.target = v;
        break;
      case '--junit':
        a.junit = v;
        break;
      case '--report':
        if (!/\.html?$/i.test(v)) return { ok: false, error: `--report: "${v}" must be a .html file name` };
        a.report = v;
        break;
      case '--filter':
        a.filter = v;
        break;
      case '--baud': {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 4_000_000) return { ok: false, error: `--baud: "${v}" is not an integer 0..4000000` };
        a.baud = n;
        break;
      }
      case '--soak': {
        const ms = parseDuration(v);
        if (ms === null) return { ok: false, error: `--soak: "${v}" is not a duration; use e.g. 500ms, 90s, 10m, 1h, 1h30m` };
        a.soakMs = ms;
        break;
      }
      case '--eng-key':
        if (!/^([0-9a-fA-F]{2})+$/.test(v)) return { ok: false, error: `--eng-key: "${v}" is not hex bytes` };
        a.engKeyHex = v.toLowerCase();
        break;
    }
  }
  if (!a.target) return { ok: false, error: '--target is required: sim, pty or a serial device path (e.g. /dev/ttyACM0)' };
  if (a.target !== 'sim' && a.target !== 'pty' && !a.target.startsWith('/') && !/^COM\d+$/i.test(a.target)) {
    return { ok: false, error: `--target: "${a.target}" is not sim, pty or a serial device path (/dev/… or COMn)` };
  }
  if (a.target === 'sim' && a.baud !== 115200) return { ok: false, error: '--baud: not used with --target sim (compressed time has no UART); allowed with pty or a serial path' };
  return { ok: true, args: a };
}
