/** Command-line options of the simulator; a bad option names itself and the allowed values. */
import { SAMPLE_CARTRIDGES } from '../cartridge/samples.js';
import type { ClockMode } from '../node/realtime.js';

/** Parsed options. */
export interface SimArgs {
  mode: 'pty' | 'port' | 'help';
  port?: string;
  baud: number;
  clock: ClockMode;
  /** File path, or ':memory:'; undefined = the user's default data file. */
  nvm?: string;
  cartridge?: string;
  seed: number;
}

export const USAGE = `penbench pen simulator

Usage: npm run sim -- (--pty | --port <path>) [options]

  --pty             create a socat pseudo-terminal pair and print "PTY <path>" for the host side
  --port <path>     serve an existing serial device (e.g. one end of a null-modem cable)
  --baud <N>        UART speed the output is throttled to, 10 bits per byte (default 115200; 0 = unthrottled)
  --clock sim|real  real: pen time follows wall time (default); sim: fixed 5 ms steps per tick, reproducible
  --nvm <FILE>      non-volatile memory file (default $XDG_DATA_HOME or ~/.local/share/penbench/nvm.json; :memory: = none)
  --cartridge <ID>  start with this sample cartridge inserted and seated
  --seed <N>        seed of all simulated randomness (default 1)
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
    const need = ['--port', '--baud', '--clock', '--nvm', '--cartridge', '--seed'];
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
        if (mode === 'port') return { ok: false, error: '--pty and --port exclude each other' };
        mode = 'pty';
        break;
      case '--port':
        if (mode === 'pty') return { ok: false, error: '--pty and --port exclude each other' };
        mode = 'port';
        a.port = v as string;
        break;
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
        return { ok: false, error: `unknown option "${arg}"; allowed: --pty, --port <path>, --baud <N>, --clock sim|real, --nvm <FILE>, --cartridge <ID>, --seed <N>, --help` };
    }
  }
  if (mode === undefined) return { ok: false, error: 'need --pty or --port <path> (see --help)' };
  return { ok: true, args: { ...a, mode } };
}
