/**
 * `penbench web [--port N] [--host ADDR --allow-remote] [--recordings DIR | --no-record] [--rebuild]`:
 * the console in a browser. Prints one line `Console at http://127.0.0.1:PORT/?token=…`.
 */
import { flag, helpText, int, parseCommandLine, text, type CommandSpec, type OptionSpecs } from '../../protocol/node/cli-args.js';
import type { CliIo } from '../../protocol/node/cli-io.js';
import { PenSession, defaultRecordingsDir } from '../session/index.js';
import { ensureRenderer } from './build-renderer.js';
import { isLoopback } from './security.js';
import { startWebServer, type WebServer } from './web-server.js';

/** Parsed command line. */
export interface WebArgs {
  port: number;
  host: string;
  recordingsDir: string | null;
  rebuild: boolean;
}

/** `penbench web`. */
export const WEB_SPEC = {
  name: 'penbench web',
  summary: 'the console in your browser, on the same session layer as the window',
  usage: ['[--port N] [--host ADDR [--allow-remote]] [--recordings DIR | --no-record] [--rebuild]'],
  options: {
    port: int('N', 'TCP port (default 0: any free port)', 0, 65535, '0 = any free port'),
    host: text('ADDR', 'address to listen on (default 127.0.0.1; ::1 or another loopback address)'),
    'allow-remote': flag('allow --host to be a non-loopback address: anyone who reaches it with the token drives the pen'),
    recordings: text('DIR', 'where session recordings go (default: the platform\'s data folder; $PENBENCH_RECORDINGS)'),
    'no-record': flag('record nothing'),
    rebuild: flag('build the UI even if it is up to date'),
  },
  notes: 'Prints one line, "Console at http://127.0.0.1:PORT/?token=…": open that exact URL (the token is required).',
} satisfies CommandSpec<OptionSpecs>;

/** Parses argv; a bad argument names itself and the allowed values. */
export function parseWebArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): { ok: true; args: WebArgs } | { ok: false; error: string } | { ok: 'help' } {
  const p = parseCommandLine(WEB_SPEC, argv);
  if (p.kind === 'help') return { ok: 'help' };
  if (p.kind === 'error') return { ok: false, error: p.error };
  const v = p.values;
  if (v.recordings !== undefined && v['no-record']) return { ok: false, error: '--recordings and --no-record exclude each other' };
  const args: WebArgs = {
    port: v.port ?? 0,
    host: v.host ?? '127.0.0.1',
    recordingsDir: v['no-record'] ? null : (v.recordings ?? defaultRecordingsDir(env)),
    rebuild: v.rebuild,
  };
  if (!isLoopback(args.host) && !v['allow-remote']) {
    return { ok: false, error: `--host ${args.host} is not a loopback address; anyone on that network could drive the pen. Add --allow-remote if you mean it.` };
  }
  return { ok: true, args };
}

/** Builds the UI if needed, opens a session and serves it; returns the server (the caller keeps the process alive). */
export async function runWeb(args: WebArgs): Promise<{ server: WebServer; session: PenSession }> {
  const rendererDir = await ensureRenderer(args.rebuild);
  const session = new PenSession({ recordingsDir: args.recordingsDir });
  const server = await startWebServer({ session, rendererDir, port: args.port, host: args.host });
  return { server, session };
}

/** Closes the session (flushing the recording) on Ctrl-C or SIGTERM, then calls `closed` (default: exit 0). */
export function closeOnSignals(server: WebServer, session: PenSession, closed: () => void = () => process.exit(0)): void {
  let closing = false;
  const shut = () => {
    if (closing) return;
    closing = true;
    session.close().then(() => server.close()).catch((e: unknown) => process.stderr.write(`web: closing failed: ${e instanceof Error ? e.message : String(e)}\n`)).finally(closed);
  };
  process.on('SIGINT', shut);
  process.on('SIGTERM', shut);
}

/** `penbench web`: serves until Ctrl-C or SIGTERM; resolves to the exit code. */
export async function webMain(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseWebArgs(argv, io.env);
  if (parsed.ok === 'help') {
    io.stdout.write(helpText(WEB_SPEC));
    return 0;
  }
  if (!parsed.ok) {
    io.stderr.write(`web: ${parsed.error}\n(${WEB_SPEC.name} --help shows every option)\n`);
    return 2;
  }
  const { server, session } = await runWeb(parsed.args);
  io.stdout.write(`Console at ${server.url}\n`);
  return new Promise<number>((resolve) => closeOnSignals(server, session, () => resolve(0)));
}
