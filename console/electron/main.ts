/**
 * Electron main: owns serial I/O through PenSession and opens one sandboxed
 * window on app://console. Security (Electron checklist): contextIsolation,
 * sandbox, no nodeIntegration, a strict CSP on every response, navigation,
 * new windows, webviews and permission requests denied, and every IPC
 * message's sender and arguments checked (ipc-guard.ts).
 */
import { app, BrowserWindow, ipcMain, protocol, session as electronSession } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PEN_METHODS, PUSH_CHANNEL, PushBatcher, channelOf, type PenPush } from '../shared/index.js';
import { PenSession, defaultRecordingsDir } from '../session/index.js';
import { readAsset, resolveAsset } from '../server/static-files.js';
import { guardedDispatch } from './ipc-guard.js';

const here = dirname(fileURLToPath(import.meta.url));
const RENDERER_DIR = join(here, '..', 'renderer');
const PRELOAD = join(here, 'preload.cjs');
const CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'", "connect-src 'self'",
  "object-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

function serveRenderer(): void {
  protocol.handle('app', (request) => {
    const url = new URL(request.url);
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

async function main(): Promise<void> {
  await app.whenReady();
  lockDown();
  serveRenderer();
  // Same place as the browser mode and the CLIs (PENBENCH_RECORDINGS overrides), so every session is found in one folder.
  const pen = new PenSession({ recordingsDir: defaultRecordingsDir() });
  registerIpc(pen);
  let win: BrowserWindow | null = createWindow();
  win.on('closed', () => {
    win = null;
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

void main();
