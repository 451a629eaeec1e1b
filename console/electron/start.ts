/**
 * `npm start`: build, then launch Electron on the simulated pen. Where the
 * Electron runtime is not installed (offline install), say so in one line and
 * serve the browser mode instead, connected to the simulated pen.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { defaultRecordingsDir } from '../session/index.js';
import { closeOnSignals, runWeb } from '../server/web-cli.js';
import { MAIN_BUNDLE, buildAll } from './build.js';
import { findElectronBinary } from './electron-runtime.js';

async function main(): Promise<void> {
  await buildAll(false);
  const electron = findElectronBinary(fileURLToPath(new URL('../../node_modules/electron', import.meta.url)));
  if (electron.ok) {
    const child = spawn(electron.path, [MAIN_BUNDLE, ...process.argv.slice(2)], { stdio: 'inherit' });
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => child.kill(sig));
    return;
  }
  console.log(`Electron runtime not installed (${electron.why}): serving the browser console instead.`);
  const { server, session } = await runWeb({ port: 0, host: '127.0.0.1', recordingsDir: defaultRecordingsDir(), rebuild: false });
  void session.connect({ kind: 'sim' });
  console.log(`Console at ${server.url}`);
  closeOnSignals(server, session);
}

main().catch((e: unknown) => {
  console.error(`start: ${(e as Error).message}`);
  process.exit(1);
});
