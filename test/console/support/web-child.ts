/**
 * Child process for the hostile-client test: the browser-mode server (a tiny
 * stand-in UI, the real bridge and session) with the built-in simulated pen
 * connected at 200 Hz telemetry, so pushes flow. Prints one JSON line
 * {url, port, token, pid} on stdout; logs go to stderr.
 * Argument: a JSON object { dir, softBytes?, stuckMs? }.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PenSession } from '../../../console/session/index.js';
import { startWebServer } from '../../../console/server/web-server.js';

const cfg = JSON.parse(process.argv[2] ?? '{}') as { dir: string; softBytes?: number; stuckMs?: number };
const ui = join(cfg.dir, 'ui');
mkdirSync(join(ui, 'assets'), { recursive: true });
writeFileSync(join(ui, 'index.html'), '<!doctype html><script type="module" src="./assets/app.js"></script>');
writeFileSync(join(ui, 'assets/app.js'), 'document.title = "ui";');
const session = new PenSession({ recordingsDir: join(cfg.dir, 'recordings'), telemetryHz: 200, listPorts: async () => [] });
const server = await startWebServer({
  session, rendererDir: ui, port: 0,
  limits: { ...(cfg.softBytes ? { softBytes: cfg.softBytes } : {}), ...(cfg.stuckMs ? { stuckMs: cfg.stuckMs } : {}) },
  log: (l) => process.stderr.write(`${l}\n`),
});
const c = await session.connect({ kind: 'sim' });
if (!c.ok) process.stderr.write(`web-child: simulator did not connect: ${c.message}\n`);
process.stdout.write(`${JSON.stringify({ url: server.url, port: server.port, token: server.token, pid: process.pid })}\n`);
const stop = () => void session.close().then(() => server.close()).finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
