/**
 * `penbench <command> …`: the one entry point of the command-line tools. Each
 * command is loaded only when it runs (listing ports never loads Vite). Adding
 * a command is one line in COMMANDS; the npm scripts are aliases of these.
 */
import { readFileSync } from 'node:fs';
import type { CliIo, CliMain } from '../../protocol/node/cli-io.js';

/** One command: what it does (for the list), and how to load its entry. */
interface Command {
  summary: string;
  load: () => Promise<CliMain>;
}

/** An entry that lives outside this project reference (test/ tools): loaded by URL, its export checked at run time. */
async function entry(rel: string, name: string): Promise<CliMain> {
  const mod = (await import(new URL(rel, import.meta.url).href)) as Record<string, unknown>;
  const main = mod[name];
  if (typeof main !== 'function') throw new Error(`${rel} has no function ${name}`);
  return main as CliMain;
}

/** The commands, in the order `penbench --help` lists them. */
export const COMMANDS: Readonly<Record<string, Command>> = {
  web: { summary: 'the console in your browser (token-guarded, loopback only)', load: async () => (await import('../server/web-cli.js')).webMain },
  dev: { summary: 'the console UI with hot reload against the built-in simulated pen', load: async () => (await import('../server/dev-cli.js')).devMain },
  pen: { summary: 'interactive protocol console on a pen; `pen dump FILE` decodes a capture', load: async () => (await import('./main.js')).penCliMain },
  ports: { summary: 'list serial ports with VID:PID and serial number', load: async () => (await import('./ports.js')).portsMain },
  sim: { summary: 'the simulated pen on a pseudo-terminal or serial device', load: async () => (await import('../../firmware-sim/src/cli/sim-main.js')).simMain },
  hil: {
    summary: 'the hardware-in-the-loop conformance suite against sim, pty or a pen',
    load: async () => {
      const hil = await entry('../../test/hil/cli-main.ts', 'hilMain');
      return (argv, io) => hil(argv, { out: (t: string) => io.stdout.write(t), err: (t: string) => io.stderr.write(t) } as never);
    },
  },
  bench: { summary: 'benchmarks of the real code paths, as ratios against same-run baselines', load: () => entry('../../test/bench/bench-main.ts', 'benchMain') },
  verify: { summary: 'the adversarial search against the simulated pen (safety invariants every 1 ms)', load: () => entry('../../test/verify/cli.ts', 'verifyMain') },
  export: { summary: "a recording's telemetry and events as CSV, MCAP or JSON, without the GUI", load: async () => (await import('./export.js')).exportCliMain },
};

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '?';
}

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    `penbench ${version()}: bench software for an electric microneedling pen`,
    '',
    'Usage: penbench <command> [options]      (npx penbench …, or npm run <command> -- …)',
    '       penbench <command> --help         every option of a command',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
  ].join('\n');
}

/** Run `penbench argv…`; resolves to the exit code. */
export async function penbenchMain(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write(usage());
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    if (rest[0] && rest[0] in COMMANDS) return penbenchMain([rest[0], '--help'], io);
    io.stdout.write(usage());
    return 0;
  }
  if (name === '--version') {
    io.stdout.write(`${version()}\n`);
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.stderr.write(`penbench: unknown command "${name}"; commands: ${Object.keys(COMMANDS).join(', ')} (penbench --help)\n`);
    return 2;
  }
  const main = await command.load();
  return main(rest, io);
}
