/**
 * Electron main: owns serial I/O through PenSession and opens one sandboxed
 * window on app://console. Security (Electron checklist): contextIsolation,
 * sandbox, no nodeIntegration, a strict CSP on every response, navigation,
 * new windows, webviews and permission requests denied, and every IPC
 * message's sender and arguments checked (ipc-guard.ts). One instance only:
 * two consoles must not fight over one serial port, so a second start brings
 * the first window forward and quits. The main process logs to main.log in the
 * platform's log folder (main-log.ts).
 */
import { app, BrowserWindow, ipcMain, protocol, session as electronSession } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PEN_METHODS, PUSH_CHANNEL, PushBatcher, channelOf, type PenPush } from '../shared/index.js';
import { PenSession, defaultRecordingsDir } from '../session/index.js';
import { readAsset, resolveAsset, resolveExport } from '../server/static-files.js';
import { guardedDispatch } from './ipc-guard.js';
import { MainLog } from './main-log.js';

const here = dirname(fileURLToPath(import.meta.url));
const RENDERER_DIR = join(here, '..', 'renderer');
const PRELOAD = join(here, 'preload.cjs');
const CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'", "connect-src 'self'",
  "object-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

function serveRenderer(pen: PenSession): void {
  protocol.handle('app', (request) => {
    const url = new URL(request.url);
    // Exports the session wrote (Recordings tab), downloaded by the page from app://console/exports/<name>.
    const exported = url.host === 'console' ? resolveExport(pen.exportsDir, url.pathname) : null;
    if (exported) return new Response(new Uint8Array(readAsset(exported)), { headers: { 'Content-Type': 'application/octet-stream', 'Content-Security-Policy': CSP } });
    const asset = url.host === 'console' ? resolveAsset(RENDERER_DIR, url.pathname) : null;
    if (!asset) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
    return new Response(new Uint8Array(readAsset(asset.file)), {
      headers: { 'Content-Type': asset.type, 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' },
    });
  });
}

function lockDown(): void {
  electronSession.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  app.on('web-contents-created', (_e, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (e) => e.preventDefault());
    contents.on('will-redirect', (e) => e.preventDefault());
    contents.on('will-attach-webview', (e) => e.preventDefault());
  });
}

function registerIpc(pen: PenSession): void {
  for (const method of PEN_METHODS) {
    ipcMain.handle(channelOf(method), async (event, ...args: unknown[]) => {
      const r = await guardedDispatch(pen, method, event, args);
      if (!r.ok) throw new Error(r.error);
      return r.value;
    });
  }
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1600,
    height: 1000,
    minWidth: 900,
    minHeight: 600,
    title: 'penbench console',
    backgroundColor: '#eef0f3',
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  void win.loadURL('app://console/index.html');
  return win;
}

async function main(log: MainLog): Promise<void> {
  await app.whenReady();
  lockDown();
  // Same place as the browser mode and the CLIs (PENBENCH_RECORDINGS overrides), so every session is found in one folder.
  const pen = new PenSession({ recordingsDir: defaultRecordingsDir() });
  serveRenderer(pen);
  registerIpc(pen);
  let win: BrowserWindow | null = createWindow();
  win.on('closed', () => {
    win = null;
  });
  win.webContents.on('render-process-gone', (_e, d) => log.write('error', `the window's page ended: ${d.reason} (exit code ${d.exitCode})`));
  app.on('second-instance', () => {
    log.write('info', 'a second start was refused; this window was brought forward');
    if (win && !win.isDestroyed()) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  pen.subscribe((p: PenPush) => {
    if (p.type === 'log' && (p.entry.kind === 'link' || p.entry.kind === 'error')) log.write(p.entry.kind === 'error' ? 'warn' : 'info', `${p.entry.tag}: ${p.entry.text}`);
  });
  // Telemetry goes in batches, one IPC message per ≤ 16 ms instead of one per frame (console/shared/push-wire.ts).
  const batcher = new PushBatcher((p) => {
    if (win && !win.isDestroyed()) win.webContents.send(PUSH_CHANNEL, p);
  });
  pen.subscribe((p: PenPush) => batcher.push(p));
  if (!process.argv.includes('--no-autoconnect')) void pen.connect({ kind: 'sim' });
  app.on('window-all-closed', () => {
    // Closing the window ends the session: the pen stops its heartbeat lease and the recording is closed.
    void pen.close().finally(() => app.quit());
  });
}

const log = new MainLog(app.getPath('logs'));
// A monitor only: the crash still happens as it would, now with its cause in the log.
process.on('uncaughtExceptionMonitor', (e) => log.write('error', `uncaught: ${e.stack ?? e.message}`));
process.on('unhandledRejection', (e) => log.write('error', `unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
if (app.requestSingleInstanceLock()) {
  log.write('info', `penbench console ${app.getVersion()} started (Electron ${process.versions.electron ?? '?'}, pid ${process.pid})`);
  main(log).catch((e: unknown) => {
    log.write('error', `start-up failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    app.quit();
  });
} else {
  // Another console owns the pen's port: it has been asked to come forward (second-instance), and this one leaves.
  app.quit();
}
