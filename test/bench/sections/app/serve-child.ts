/**
 * The browser-mode console server as its own process for the UI bench, from a
 * given source tree (this worktree, or the baseline's checkout in .build), so
 * that its CPU time and memory are its own. Prints one JSON line
 * {url, token, pid}; stops on SIGTERM. Arguments: srcRoot rendererDir recordingsDir.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [srcRoot, rendererDir, recordingsDir] = process.argv.slice(2);
if (!srcRoot || !rendererDir || !recordingsDir) {
  process.stderr.write('usage: serve-child.ts <srcRoot> <rendererDir> <recordingsDir>\n');
  process.exit(2);
}
const load = (rel: string) => import(pathToFileURL(join(srcRoot, rel)).href);
const { PenSession } = await load('console/session/index.ts');
const { startWebServer } = await load('console/server/web-server.ts');
const session = new PenSession({ recordingsDir, listPorts: async () => [] });
const server = await startWebServer({ session, rendererDir, port: 0, log: (l: string) => process.stderr.write(`${l}\n`) });
process.stdout.write(`${JSON.stringify({ url: server.url, token: server.token, pid: process.pid })}\n`);
const stop = () => void session.close().then(() => server.close()).finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
