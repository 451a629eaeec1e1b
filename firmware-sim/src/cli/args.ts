/** Command-line options of the simulator (`penbench sim`); a bad option names itself and the allowed values. */
import { SAMPLE_CARTRIDGES } from '../cartridge/samples.js';
import { FULL_LIMITS, limitsProblem, type PenLimits } from '../machine/limits.js';
import type { ClockMode } from '../node/realtime.js';
import {
  flag, int, oneOf, parseCommandLine, text, value, type CommandSpec, type OptionSpecs,
} from '../../../protocol/node/cli-args.js';

/** Parsed options. */
export interface SimArgs {
  mode: 'pty' | 'port' | 'help' | 'factory-reset';
  port?: string;
  baud: number;
  clock: ClockMode;
  /** File path, or ':memory:'; undefined = the user's default data file. */
  nvm?: string;
  cartridge?: string;
  seed: number;
  /** Narrower limits than the hardware's (only those given). */
  limits?: Partial<PenLimits>;
}

const limit = (arg: string, help: string) => value(arg, help, (raw) => (/^\d+$/.test(raw) ? { ok: true, value: Number(raw) } : { ok: false, why: 'is not an integer' }));

/** The simulator's options and help. */
export const SIM_SPEC = {
  name: 'penbench sim',
  summary: 'the simulated pen as its own process on a pseudo-terminal or a serial device',
  usage: ['--pty [options]', '--port PATH [options]', '--factory-reset [--nvm FILE]'],
  options: {
    pty: flag('create a socat pseudo-terminal pair and print "PTY <path>" for the host side'),
    port: text('PATH', 'serve an existing serial device (e.g. one end of a null-modem cable)'),
    baud: int('N', 'UART speed the output is throttled to, 10 bits per byte (default 115200; 0 = unthrottled)', 0, 4_000_000, '0 = unthrottled'),
    clock: oneOf(['sim', 'real'] as const, 'real: pen time follows wall time (default); sim: fixed 5 ms steps per tick, reproducible'),
    nvm: text('FILE', 'non-volatile memory file (default: see below; :memory: = none). One simulator per file: a second\none on the same file is refused while the first runs'),
    cartridge: value('ID', 'start with this sample cartridge inserted and seated', (raw) =>
      SAMPLE_CARTRIDGES.some((s) => s.id === raw)
        ? { ok: true, value: raw }
        : { ok: false, why: `is not a sample cartridge; one of: ${SAMPLE_CARTRIDGES.map((s) => s.id).join(', ')}` }),
    seed: value('N', 'seed of all simulated randomness (default 1; engineering nonces always come from the OS CSPRNG)', (raw) =>
      (/^-?\d+$/.test(raw) && Number.isSafeInteger(Number(raw)) ? { ok: true, value: Number(raw) } : { ok: false, why: 'is not an integer' })),
    dmin: limit('um', 'narrower lowest depth (a multiple of 50 in 250..2500), enforced and reported in INFO'),
    dmax: limit('um', 'narrower highest depth (a multiple of 50 in 250..2500)'),
    rmin: limit('Hz', 'narrower lowest stroke rate (50..150)'),
    rmax: limit('Hz', 'narrower highest stroke rate (50..150)'),
    tmax: limit('Hz', 'lower highest telemetry rate (0..200)'),
    'factory-reset': flag('deliberately replace the NVM file\'s registry (used cartridges, contaminated ids, latched\n'
      + 'hazard faults) with a fresh factory image, then exit; the only way to clear NVM_INTEGRITY'),
  },
  notes: [
    'The NVM file defaults to the platform\'s data folder: $XDG_DATA_HOME/penbench/nvm.json or',
    '~/.local/share/penbench/nvm.json on Linux, ~/Library/Application Support/penbench/nvm.json on macOS,',
    '%APPDATA%\\penbench\\nvm.json on Windows.',
    'Engineering key (SIM_*, ENG_PROFILE): the documented development key DEFAULT_ENG_KEY_HEX in protocol/node/eng-auth.ts.',
  ].join('\n'),
} satisfies CommandSpec<OptionSpecs>;

/** Parse argv; returns options or an error message (exit code 2). */
export function parseSimArgs(argv: readonly string[]): { ok: true; args: SimArgs } | { ok: false; error: string } {
  const p = parseCommandLine(SIM_SPEC, argv);
  if (p.kind === 'help') return { ok: true, args: { mode: 'help', baud: 115200, clock: 'real', seed: 1 } };
  if (p.kind === 'error') return { ok: false, error: p.error };
  const v = p.values;
  const modes = (['pty', 'port', 'factory-reset'] as const).filter((m) => v[m] !== undefined && v[m] !== false);
  if (modes.length > 1) return { ok: false, error: '--pty, --port and --factory-reset exclude each other' };
  const mode = modes[0];
  if (mode === undefined) return { ok: false, error: 'need --pty, --port <path> or --factory-reset (see --help)' };
  if (mode === 'factory-reset' && v.nvm === ':memory:') return { ok: false, error: '--factory-reset: needs an NVM file, not :memory:' };
  const limits: Partial<PenLimits> = {};
  for (const k of ['dmin', 'dmax', 'rmin', 'rmax', 'tmax'] as const) if (v[k] !== undefined) limits[k] = v[k];
  if (Object.keys(limits).length > 0) {
    const l = { ...FULL_LIMITS, ...limits };
    const bad = limitsProblem(l);
    if (bad) return { ok: false, error: `--${bad.key}: "${l[bad.key]}" ${bad.why}` };
  }
  return {
    ok: true,
    args: {
      mode, baud: v.baud ?? 115200, clock: v.clock ?? 'real', seed: v.seed ?? 1,
      ...(v.port !== undefined ? { port: v.port } : {}),
      ...(v.nvm !== undefined ? { nvm: v.nvm } : {}),
      ...(v.cartridge !== undefined ? { cartridge: v.cartridge } : {}),
      ...(Object.keys(limits).length > 0 ? { limits } : {}),
    },
  };
}
