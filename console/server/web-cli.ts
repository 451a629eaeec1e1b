/**
 * `npm run web [-- --port N] [--host ADDR --allow-remote] [--recordings DIR | --no-record] [--rebuild]`:
 * the console in a browser. Prints one line `Console at http://127.0.0.1:PORT/?token=…`.
 */
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

const USAGE = 'usage: npm run web -- [--port N (0-65535, 0 = free port)] [--host ADDR --allow-remote] [--recordings DIR | --no-record] [--rebuild]';

/** Parses argv; a bad argument names itself and the allowed values. */
export function parseWebArgs(argv: readonly string[]): { ok: true; args: WebArgs } | { ok: false; error: string } {
  const args: WebArgs = { port: 0, host: '127.0.0.1', recordingsDir: defaultRecordingsDir(), rebuild: false };
  let allowRemote = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => argv[++i];
    if (a === '--port') {
      const v = val();
      const n = Number(v);
      if (v === undefined || !/^\d+$/.test(v) || n > 65535) return { ok: false, error: `--port: expected an integer 0-65535 (0 = any free port), got ${v ?? 'nothing'}` };
      args.port = n;
    } else if (a === '--host') {
      const v = val();
      if (!v) return { ok: false, error: '--host: expected an address, e.g. 127.0.0.1' };
      args.host = v;
    } else if (a === '--allow-remote') allowRemote = true;
    else if (a === '--recordings') {
      const v = val();
      if (!v) return { ok: false, error: '--recordings: expected a directory' };
      args.recordingsDir = v;
    } else if (a === '--no-record') args.recordingsDir = null;
    else if (a === '--rebuild') args.rebuild = true;
    else if (a === '--help' || a === '-h') return { ok: false, error: USAGE };
    else return { ok: false, error: `unknown argument ${a}; allowed: --port, --host, --allow-remote, --recordings, --no-record, --rebuild\n${USAGE}` };
  }
  if (!isLoopback(args.host) && !allowRemote) {
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

/** Closes the session (flushing the recording) on Ctrl-C or SIGTERM. */
export function closeOnSignals(server: WebServer, session: PenSession): void {
  let closing = false;
  const shut = () => {
    if (closing) return;
    closing = true;
    void session.close().then(() => server.close()).finally(() => process.exit(0));
  };
  process.on('SIGINT', shut);
  process.on('SIGTERM', shut);
}

async function main(): Promise<void> {
  const parsed = parseWebArgs(process.argv.slice(2));
  if (!parsed.ok) {
    console.error(parsed.error);
    process.exit(2);
  }
  const { server, session } = await runWeb(parsed.args);
  console.log(`Console at ${server.url}`);
  closeOnSignals(server, session);
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('web-cli.ts')) {
  void main().catch((e: unknown) => {
    console.error(`web: ${(e as Error).message}`);
    process.exit(1);
  });
}
