/** Command-line options of the simulator; a bad option names itself and the allowed values. */
import { SAMPLE_CARTRIDGES } from '../cartridge/samples.js';
import { FULL_LIMITS, limitsProblem, type PenLimits } from '../machine/limits.js';
import type { ClockMode } from '../node/realtime.js';

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

const LIMIT_OPTIONS = ['--dmin', '--dmax', '--rmin', '--rmax', '--tmax'] as const;

export const USAGE = `penbench pen simulator

Usage: npm run sim -- (--pty | --port <path>) [options]
       npm run sim -- --factory-reset [--nvm <FILE>]

  --pty             create a socat pseudo-terminal pair and print "PTY <path>" for the host side
  --port <path>     serve an existing serial device (e.g. one end of a null-modem cable)
  --baud <N>        UART speed the output is throttled to, 10 bits per byte (default 115200; 0 = unthrottled)
  --clock sim|real  real: pen time follows wall time (default); sim: fixed 5 ms steps per tick, reproducible
  --nvm <FILE>      non-volatile memory file (default $XDG_DATA_HOME or ~/.local/share/penbench/nvm.json; :memory: = none)
  --cartridge <ID>  start with this sample cartridge inserted and seated
  --seed <N>        seed of all simulated randomness (default 1; engineering nonces always come from the OS CSPRNG)
  --dmin <um> --dmax <um>   narrower depth limits (multiples of 50 in 250..2500), enforced and reported in INFO
  --rmin <Hz> --rmax <Hz>   narrower stroke rate limits (50..150)
  --tmax <Hz>               lower highest telemetry rate (0..200)
  --factory-reset   deliberately replace the NVM file's registry (used cartridges, contaminated ids,
                    latched hazard faults) with a fresh factory image, then exit; the only way to clear
                    NVM_INTEGRITY. Needs an NVM file (--nvm, or the default path).
  --help            this text

Engineering key (SIM_*, ENG_PROFILE): the documented development key DEFAULT_ENG_KEY_HEX in protocol/node/eng-auth.ts.
`;

/** Parse argv; returns options or an error message (exit code 2). */
export function parseSimArgs(argv: readonly string[]): { ok: true; args: SimArgs } | { ok: false; error: string } {
  const a: SimArgs = { mode: 'help', baud: 115200, clock: 'real', seed: 1 };
  let mode: SimArgs['mode'] | undefined;
  const value = (i: number, name: string): string | { error: string } => {
    const v = argv[i + 1];
    return v === undefined || v.startsWith('--') ? { error: `${name} needs a value` } : v;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const need = ['--port', '--baud', '--clock', '--nvm', '--cartridge', '--seed', ...LIMIT_OPTIONS];
    let v: string | { error: string } = '';
    if (need.includes(arg)) {
      v = value(i, arg);
      if (typeof v !== 'string') return { ok: false, error: v.error };
      i++;
    }
    switch (arg) {
      case '--help':
      case '-h':
        return { ok: true, args: { ...a, mode: 'help' } };
      case '--pty':
      case '--port':
      case '--factory-reset': {
        const m = arg === '--pty' ? 'pty' : arg === '--port' ? 'port' : 'factory-reset';
        if (mode !== undefined && mode !== m) return { ok: false, error: '--pty, --port and --factory-reset exclude each other' };
        mode = m;
        if (arg === '--port') a.port = v as string;
        break;
      }
      case '--dmin':
      case '--dmax':
      case '--rmin':
      case '--rmax':
      case '--tmax': {
        if (!/^\d+$/.test(v as string)) return { ok: false, error: `${arg}: "${v}" is not an integer` };
        a.limits = { ...a.limits, [arg.slice(2)]: Number(v) };
        break;
      }
      case '--baud': {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 4_000_000) return { ok: false, error: `--baud: "${v}" is not an integer 0..4000000 (0 = unthrottled)` };
        a.baud = n;
        break;
      }
      case '--clock':
        if (v !== 'sim' && v !== 'real') return { ok: false, error: `--clock: "${v}" is not one of: sim, real` };
        a.clock = v;
        break;
      case '--nvm':
        a.nvm = v as string;
        break;
      case '--cartridge':
        if (!SAMPLE_CARTRIDGES.some((s) => s.id === v)) {
          return { ok: false, error: `--cartridge: "${v}" is not a sample cartridge; one of: ${SAMPLE_CARTRIDGES.map((s) => s.id).join(', ')}` };
        }
        a.cartridge = v as string;
        break;
      case '--seed': {
        const n = Number(v);
        if (!Number.isInteger(n)) return { ok: false, error: `--seed: "${v}" is not an integer` };
        a.seed = n;
        break;
      }
      default:
        return {
          ok: false,
          error: `unknown option "${arg}"; allowed: --pty, --port <path>, --factory-reset, --baud <N>, --clock sim|real, --nvm <FILE>, --cartridge <ID>, --seed <N>, --dmin <um>, --dmax <um>, --rmin <Hz>, --rmax <Hz>, --tmax <Hz>, --help`,
        };
    }
  }
  if (mode === undefined) return { ok: false, error: 'need --pty, --port <path> or --factory-reset (see --help)' };
  if (mode === 'factory-reset' && a.nvm === ':memory:') return { ok: false, error: '--factory-reset: needs an NVM file, not :memory:' };
  if (a.limits) {
    const l = { ...FULL_LIMITS, ...a.limits };
    const bad = limitsProblem(l);
    if (bad) return { ok: false, error: `--${bad.key}: "${l[bad.key]}" ${bad.why}` };
  }
  return { ok: true, args: { ...a, mode } };
}
