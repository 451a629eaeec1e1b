/**
 * `penbench dev` (`npm run dev`): the console UI from its sources with hot
 * reload, against the built-in simulated pen, through the same bridge as the
 * browser mode. The bridge (session, token, Host and Origin checks) listens on
 * a loopback port of its own; Vite's dev server serves the page and forwards
 * the page's `/ws` to the bridge, after checking that the upgrade comes from
 * the dev page itself (the bridge then sees its own origin). An edit to a
 * component, the shared code or the protocol catalogue reaches the open page
 * without a production build.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { int, flag, helpText, parseCommandLine, text, type CommandSpec, type OptionSpecs } from '../../protocol/node/cli-args.js';
import type { CliIo } from '../../protocol/node/cli-io.js';
import { PenSession, defaultRecordingsDir } from '../session/index.js';
import { RENDERER_DIR } from './build-renderer.js';
import { startWebServer } from './web-server.js';

const VITE_CONFIG = fileURLToPath(new URL('../renderer/vite.config.ts', import.meta.url));

/** `penbench dev`. */
export const DEV_SPEC = {
  name: 'penbench dev',
  summary: 'the console UI with hot reload (Vite) against the built-in simulated pen, through the browser bridge',
  usage: ['[--port N] [--recordings DIR | --no-record]'],
  options: {
    port: int('N', 'port of the page (default 5173; the next free one if taken)', 0, 65535),
    recordings: text('DIR', 'where session recordings go (default: the platform\'s data folder; $PENBENCH_RECORDINGS)'),
    'no-record': flag('record nothing'),
  },
  notes: 'Prints "Console (dev) at http://127.0.0.1:PORT/?token=…": open that exact URL. Loopback only. For development:\n'
    + 'the production page is `penbench web`.',
} satisfies CommandSpec<OptionSpecs>;

/** Whether a WebSocket upgrade through the dev server comes from the dev page itself (host and origin are ours). */
export function fromDevPage(req: Pick<IncomingMessage, 'headers'>, devPort: number): boolean {
  const ours = new Set([`127.0.0.1:${devPort}`, `localhost:${devPort}`]);
  const origin = req.headers.origin;
  const host = req.headers.host;
  return typeof origin === 'string' && typeof host === 'string' && ours.has(host.toLowerCase()) && ours.has(origin.replace(/^http:\/\//, '').toLowerCase())
    && origin.startsWith('http://');
}

/** The page's CSP with `'nonce-…'` added to script-src and style-src (dev server only; the build keeps its CSP). */
export function cspWithNonce(html: string, nonce: string): string {
  return html.replace(/(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")/, (_m, a: string, csp: string, z: string) =>
    a + csp.replace(/\b(script-src|style-src) 'self'/g, `$1 'self' 'nonce-${nonce}'`) + z);
}

function devCsp(nonce: string): Plugin {
  return { name: 'penbench-dev-csp', apply: 'serve', transformIndexHtml: (html) => cspWithNonce(html, nonce) };
}

/** Run the dev server until Ctrl-C or SIGTERM; resolves to the exit code. */
export async function devMain(argv: readonly string[], io: CliIo): Promise<number> {
  const p = parseCommandLine(DEV_SPEC, argv);
  if (p.kind === 'help') {
    io.stdout.write(helpText(DEV_SPEC));
    return 0;
  }
  if (p.kind === 'error' || (p.values.recordings !== undefined && p.values['no-record'])) {
    io.stderr.write(`dev: ${p.kind === 'error' ? p.error : '--recordings and --no-record exclude each other'}\n(${DEV_SPEC.name} --help shows every option)\n`);
    return 2;
  }
  const recordingsDir = p.values['no-record'] ? null : (p.values.recordings ?? defaultRecordingsDir(io.env));
  const session = new PenSession({ recordingsDir });
  // The bridge serves no page here (Vite does); its static folder is only a place holder.
  const bridge = await startWebServer({ session, rendererDir: RENDERER_DIR, port: 0, host: '127.0.0.1' });
  const bridgeOrigin = `http://127.0.0.1:${bridge.port}`;
  const { createServer } = await import('vite');
  let devPort = 0;
  // Vite's dev client injects CSS as <style> elements: the page's CSP admits them by this run's nonce, nothing else.
  const nonce = randomBytes(16).toString('base64');
  const vite = await createServer({
    configFile: VITE_CONFIG,
    mode: 'development',
    html: { cspNonce: nonce },
    plugins: [devCsp(nonce)],
    server: {
      host: '127.0.0.1',
      port: p.values.port ?? 5173,
      proxy: {
        '/ws': {
          target: bridgeOrigin,
          ws: true,
          configure: (proxy) => {
            proxy.on('proxyReqWs', (proxyReq, req: IncomingMessage, socket: Socket) => {
              if (!fromDevPage(req, devPort)) {
                proxyReq.destroy();
                socket.destroy();
                return;
              }
              proxyReq.setHeader('origin', bridgeOrigin);
              proxyReq.setHeader('host', `127.0.0.1:${bridge.port}`);
            });
          },
        },
      },
    },
  });
  await vite.listen();
  const address = vite.httpServer?.address();
  devPort = typeof address === 'object' && address ? address.port : 0;
  // A refused connect is a value the page shows; only an unexpected failure lands here.
  session.connect({ kind: 'sim' }).catch((e: unknown) => io.stderr.write(`dev: the simulated pen did not connect: ${e instanceof Error ? e.message : String(e)}\n`));
  io.stdout.write(`Console (dev) at http://127.0.0.1:${devPort}/?token=${bridge.token}\n`);
  return new Promise<number>((resolve) => {
    let closing = false;
    const shut = () => {
      if (closing) return;
      closing = true;
      process.off('SIGINT', shut);
      process.off('SIGTERM', shut);
      vite.close().then(() => session.close()).then(() => bridge.close()).then(
        () => resolve(0),
        (e: unknown) => {
          io.stderr.write(`dev: closing failed: ${e instanceof Error ? e.message : String(e)}\n`);
          resolve(1);
        },
      );
    };
    process.on('SIGINT', shut);
    process.on('SIGTERM', shut);
  });
}
