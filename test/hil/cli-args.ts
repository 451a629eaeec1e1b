/**
 * Arguments of `npm run hil` (and `penbench hil`), on node:util parseArgs:
 * `--key value` and `--key=value` both work; a bad one names itself and the
 * allowed values (exit 2). The engineering key never travels on the command
 * line (it would show in `ps`): it comes from PENBENCH_ENG_KEY or a file
 * only its owner can read.
 */
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FULL_LIMITS, limitsProblem, type PenLimits } from '../../firmware-sim/src/machine/limits.js';

/** Parsed options. */
export interface HilArgs {
  target: string;
  help: boolean;
  list: boolean;
  json: boolean;
  junit?: string;
  report?: string;
  filter?: string;
  tags: string[];
  excludeTags: string[];
  rerunFailed?: string;
  scenarios: string[];
  /** Shuffle with this seed (a random one when --shuffle has no --seed). */
  shuffle: boolean;
  seed?: number;
  operator: boolean;
  /** How long to wait for the pen to report an operator's action, ms. */
  operatorTimeoutMs: number;
  baud: number;
  /** Soak duration of pen time, ms. */
  soakMs?: number;
  engKeyFile?: string;
  /** Narrower limits for a simulator target. */
  limits: Partial<PenLimits>;
  /** The pty simulator's clock. */
  simClock: 'real' | 'sim';
}

/** Where the engineering key may come from. */
export const ENG_KEY_ENV = 'PENBENCH_ENG_KEY';

export const HIL_USAGE = `penbench HIL conformance suite

Usage: npm run hil -- --target sim|pty|<serial path> [options]
       npm run hil -- --list [selection options]

Target
  --target sim|pty|PATH    sim: in-process simulator, compressed time; pty: the simulator CLI on a socat pty;
                           PATH: a pen on a serial device (e.g. /dev/ttyACM0) or pty
  --baud N                 UART speed: the pty simulator's emulated speed and the port's baud rate (default 115200; 0 = unthrottled pty)
  --dmin UM --dmax UM --rmin HZ --rmax HZ --tmax HZ
                           with sim or pty: start the simulator with narrower limits (as npm run sim)
  --sim-clock real|sim     with pty: the simulator's clock (default real; sim: 5 ms per tick, so a busy machine
                           slows the pen down instead of making it catch up in bursts)
  --eng-key-file FILE      the pen's engineering key (hex) from FILE, which only its owner may read (chmod 600);
                           or set ${ENG_KEY_ENV}=HEX. Never on the command line (it would show in ps).
  --operator               a person at the bench: the suite asks for physical actions (fit a fresh cartridge,
                           pull it out while running, switch the pen off and on) and waits for the pen to report them
  --operator-timeout S     how long to wait for each action, seconds (default 120)

Selection and order
  --list                   list the cases (id, SR ids, tags, needs) and exit
  --filter TEXT            only cases whose id or title contains TEXT
  --tags A,B               only cases with one of these tags (e.g. SR-11, safety, scenario, running)
  --exclude-tags A,B       without cases having one of these tags (e.g. slow)
  --rerun-failed FILE      only the cases that failed in FILE, a JUnit report of an earlier run
  --scenarios DIR          also load a lab's own scenario files (*.yaml) from DIR (repeatable)
  --shuffle                run in a random order (the seed is printed); --seed N replays an order

Output
  --junit FILE             JUnit XML: the pen (serial, firmware, schema, profile hash) and the suite version as properties
  --report FILE.html       a self-contained HTML report with a summary per safety rule
  --json                   print the summary as one JSON line at the end
  --soak DURATION          instead of the suite, run the pen for DURATION of pen time (90s, 10m, 1h) and report
                           lost frames and memory; compressed time with --target sim
  --help                   this text

Exit code: 0 all selected cases passed (skips name what they need), 1 a case failed,
2 bad arguments or scenario files, 3 the target could not be reached.
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

const OPTIONS = {
  target: { type: 'string' }, help: { type: 'boolean', short: 'h' }, list: { type: 'boolean' }, json: { type: 'boolean' },
  junit: { type: 'string' }, report: { type: 'string' }, filter: { type: 'string' }, tags: { type: 'string' },
  'exclude-tags': { type: 'string' }, 'rerun-failed': { type: 'string' }, scenarios: { type: 'string', multiple: true },
  shuffle: { type: 'boolean' }, seed: { type: 'string' }, operator: { type: 'boolean' }, 'operator-timeout': { type: 'string' },
  baud: { type: 'string' }, soak: { type: 'string' }, 'eng-key-file': { type: 'string' },
  dmin: { type: 'string' }, dmax: { type: 'string' }, rmin: { type: 'string' }, rmax: { type: 'string' }, tmax: { type: 'string' },
  'sim-clock': { type: 'string' },
} as const;

type Result = { ok: true; args: HilArgs } | { ok: false; error: string };

/** parseArgs' error as one line naming the option and what is allowed. */
function parseArgsError(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  const code = (e as { code?: string }).code;
  const opt = /'(-[^' ]+)/.exec(msg)?.[1] ?? '';
  const all = Object.keys(OPTIONS).map((k) => `--${k}`).join(', ');
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option "${opt}"; options: ${all}`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `${msg.split('\n')[0]}; options: ${all}`;
  if (/ambiguous|argument missing/.test(msg)) return `${opt.replace(/ .*/, '')} needs a value (one starting with "-" is written ${opt}=-…)`;
  if (/does not take an argument/.test(msg)) return `${opt} takes no value`;
  return msg.split('\n')[0]!;
}

function int(name: string, v: string, min: number, max: number): number | string {
  const n = Number(v);
  return /^-?\d+$/.test(v) && n >= min && n <= max ? n : `--${name}: "${v}" is not an integer ${min}..${max}`;
}

/** Parse argv (after `--`). */
export function parseHilArgs(argv: readonly string[]): Result {
  if (argv.some((a) => a === '--eng-key' || a.startsWith('--eng-key='))) {
    return { ok: false, error: `--eng-key is not accepted: a key on the command line shows in ps; set ${ENG_KEY_ENV}=HEX or use --eng-key-file FILE (chmod 600)` };
  }
  let v: Record<string, string | boolean | string[] | undefined>;
  try {
    const p = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false });
    v = p.values as typeof v;
  } catch (e) {
    return { ok: false, error: parseArgsError(e) };
  }
  const s = (k: keyof typeof OPTIONS) => v[k] as string | undefined;
  const list = (k: 'tags' | 'exclude-tags') => (s(k) ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  const a: HilArgs = {
    target: s('target') ?? '', help: v['help'] === true, list: v['list'] === true, json: v['json'] === true,
    tags: list('tags'), excludeTags: list('exclude-tags'), scenarios: (v['scenarios'] as string[] | undefined) ?? [],
    shuffle: v['shuffle'] === true || s('seed') !== undefined, operator: v['operator'] === true, operatorTimeoutMs: 120_000,
    baud: 115200, limits: {}, simClock: 'real',
  };
  if (a.help) return { ok: true, args: a };
  for (const k of ['junit', 'filter', 'rerun-failed', 'eng-key-file'] as const) {
    const x = s(k);
    if (x !== undefined && x.trim() === '') return { ok: false, error: `--${k} needs a value` };
  }
  if (s('junit')) a.junit = s('junit')!;
  if (s('filter')) a.filter = s('filter')!;
  if (s('rerun-failed')) a.rerunFailed = s('rerun-failed')!;
  if (s('eng-key-file')) a.engKeyFile = s('eng-key-file')!;
  const report = s('report');
  if (report !== undefined) {
    if (!/\.html?$/i.test(report)) return { ok: false, error: `--report: "${report}" must be a .html file name` };
    a.report = report;
  }
  const checks: [keyof typeof OPTIONS, number, number, (n: number) => void][] = [
    ['seed', 0, 2 ** 31 - 1, (n) => (a.seed = n)],
    ['operator-timeout', 1, 3600, (n) => (a.operatorTimeoutMs = n * 1000)],
    ['baud', 0, 4_000_000, (n) => (a.baud = n)],
  ];
  for (const [k, min, max, set] of checks) {
    const x = s(k);
    if (x === undefined) continue;
    const n = int(k, x, min, max);
    if (typeof n === 'string') return { ok: false, error: n };
    set(n);
  }
  if (s('soak') !== undefined) {
    const ms = parseDuration(s('soak')!);
    if (ms === null) return { ok: false, error: `--soak: "${s('soak')}" is not a duration; use e.g. 500ms, 90s, 10m, 1h, 1h30m` };
    a.soakMs = ms;
  }
  for (const k of ['dmin', 'dmax', 'rmin', 'rmax', 'tmax'] as const) {
    const x = s(k);
    if (x === undefined) continue;
    const n = int(k, x, 0, 9999);
    if (typeof n === 'string') return { ok: false, error: n };
    a.limits[k] = n;
  }
  const clock = s('sim-clock');
  if (clock !== undefined) {
    if (clock !== 'real' && clock !== 'sim') return { ok: false, error: `--sim-clock: "${clock}" is not real or sim` };
    a.simClock = clock;
  }
  if (a.list) return { ok: true, args: a };
  return checkTarget(a);
}

function checkTarget(a: HilArgs): Result {
  if (!a.target) return { ok: false, error: '--target is required: sim, pty or a serial device path (e.g. /dev/ttyACM0)' };
  const sim = a.target === 'sim' || a.target === 'pty';
  if (!sim && !a.target.startsWith('/') && !/^COM\d+$/i.test(a.target)) {
    return { ok: false, error: `--target: "${a.target}" is not sim, pty or a serial device path (/dev/… or COMn)` };
  }
  if (a.target === 'sim' && a.baud !== 115200) return { ok: false, error: '--baud: not used with --target sim (compressed time has no UART); allowed with pty or a serial path' };
  if (Object.keys(a.limits).length > 0) {
    if (!sim) return { ok: false, error: '--dmin/--dmax/--rmin/--rmax/--tmax: only with --target sim or pty (a real pen reports its own limits in INFO)' };
    const bad = limitsProblem({ ...FULL_LIMITS, ...a.limits });
    if (bad) return { ok: false, error: `--${bad.key}: ${bad.why}` };
  }
  if (a.simClock !== 'real' && a.target !== 'pty') return { ok: false, error: '--sim-clock: only with --target pty (the in-process simulator runs on compressed time)' };
  if (a.operator && a.target === 'sim') return { ok: false, error: '--operator: the in-process simulator has nobody at its bench; use --target pty or a serial path' };
  if (a.soakMs !== undefined && (a.operator || a.shuffle)) return { ok: false, error: '--soak runs no cases: --operator, --shuffle and --seed do not apply' };
  return { ok: true, args: a };
}

/**
 * The engineering key: from --eng-key-file (a regular file only its owner can
 * read) or PENBENCH_ENG_KEY; null when neither is given.
 */
export function readEngKey(a: Pick<HilArgs, 'engKeyFile'>, env: NodeJS.ProcessEnv = process.env): { ok: true; key: string | null } | { ok: false; error: string } {
  let text: string | undefined;
  let from: string;
  if (a.engKeyFile) {
    from = `--eng-key-file ${a.engKeyFile}`;
    let st;
    try {
      st = statSync(a.engKeyFile);
    } catch {
      return { ok: false, error: `${from}: no such file` };
    }
    if (!st.isFile()) return { ok: false, error: `${from}: not a regular file` };
    if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
      return { ok: false, error: `${from}: readable by others (mode ${(st.mode & 0o777).toString(8)}); run chmod 600 ${a.engKeyFile}` };
    }
    text = readFileSync(a.engKeyFile, 'utf8');
  } else {
    from = ENG_KEY_ENV;
    text = env[ENG_KEY_ENV];
    if (text === undefined || text === '') return { ok: true, key: null };
  }
  const key = text.trim();
  if (!/^([0-9a-fA-F]{2})+$/.test(key)) return { ok: false, error: `${from}: the key must be hex bytes (e.g. 70656e…), got ${key.length} characters that are not` };
  return { ok: true, key: key.toLowerCase() };
}
