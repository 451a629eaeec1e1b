/**
 * Electron main and preload, loaded against a fake `electron` module (the
 * runtime binary is not installed): the window's security settings, the
 * lock-down handlers, one validated IPC handler per method, and a preload that
 * exposes exactly `window.pen`.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS, PEN_METHODS, PUSH_CHANNEL } from '../../console/shared/index.js';
import { findElectronBinary } from '../../console/electron/electron-runtime.js';

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>;

const fake = vi.hoisted(() => {
  const state = {
    handlers: new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>(),
    windows: [] as { options: Record<string, unknown>; url?: string }[],
    appEvents: new Map<string, (...a: unknown[]) => void>(),
    sandboxEnabled: false,
    schemes: [] as unknown[],
    protocolHandlers: new Map<string, (req: { url: string }) => Response | Promise<Response>>(),
    permissionHandler: null as null | ((wc: unknown, perm: string, cb: (ok: boolean) => void) => void),
    exposed: new Map<string, unknown>(),
    invoked: [] as unknown[][],
    userData: '',
    singleInstance: true,
    quits: 0,
    focused: 0,
    pageEvents: new Map<string, (...a: unknown[]) => void>(),
  };
  class BrowserWindow {
    readonly webContents = { send: () => undefined, on: (ev: string, fn: (...a: unknown[]) => void) => state.pageEvents.set(ev, fn) };
    constructor(options: Record<string, unknown>) {
      state.windows.push({ options });
    }
    loadURL(url: string) {
      state.windows[state.windows.length - 1]!.url = url;
      return Promise.resolve();
    }
    on() {
      return this;
    }
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {
      state.focused++;
    }
  }
  const electron = {
    app: {
      whenReady: () => Promise.resolve(),
      enableSandbox: () => {
        state.sandboxEnabled = true;
      },
      on: (ev: string, fn: (...a: unknown[]) => void) => state.appEvents.set(ev, fn),
      getPath: (name: string) => `${state.userData}/${name}`,
      getVersion: () => '0.1.0',
      requestSingleInstanceLock: () => state.singleInstance,
      quit: () => {
        state.quits++;
      },
    },
    BrowserWindow,
    ipcMain: { handle: (ch: string, fn: (event: unknown, ...args: unknown[]) => Promise<unknown>) => state.handlers.set(ch, fn) },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => state.schemes.push(...s),
      handle: (scheme: string, fn: (req: { url: string }) => Response) => state.protocolHandlers.set(scheme, fn),
    },
    session: { defaultSession: { setPermissionRequestHandler: (fn: typeof state.permissionHandler) => (state.permissionHandler = fn) } },
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => state.exposed.set(key, api) },
    ipcRenderer: {
      invoke: (...a: unknown[]) => {
        state.invoked.push(a);
        return Promise.resolve('ok');
      },
      on: () => undefined,
      removeListener: () => undefined,
    },
  };
  return { state, electron };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

const dir = mkdtempSync(join(tmpdir(), 'penbench-electron-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Electron main (fake electron module, no runtime)', () => {
  it('opens one window with contextIsolation, sandbox, no nodeIntegration, on app://console', async () => {
    fake.state.userData = dir;
    process.argv.push('--no-autoconnect');
    await import('../../console/electron/main.js');
    await vi.waitFor(() => expect(fake.state.windows).toHaveLength(1));
    const w = fake.state.windows[0]!;
    expect(w.url).toBe('app://console/index.html');
    expect(w.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String((w.options.webPreferences as { preload: string }).preload)).toMatch(/preload\.cjs$/);
    expect(fake.state.sandboxEnabled).toBe(true);
    expect(fake.state.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('denies new windows, navigation, webviews and permission requests', () => {
    const created = fake.state.appEvents.get('web-contents-created')!;
    const contents = {
      openHandler: null as null | (() => unknown),
      events: new Map<string, (e: { preventDefault: () => void }) => void>(),
      setWindowOpenHandler(fn: () => unknown) {
        this.openHandler = fn;
      },
      on(ev: string, fn: (e: { preventDefault: () => void }) => void) {
        this.events.set(ev, fn);
      },
    };
    created({}, contents);
    expect(contents.openHandler!()).toEqual({ action: 'deny' });
    for (const ev of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const prevent = vi.fn();
      contents.events.get(ev)!({ preventDefault: prevent });
      expect(prevent).toHaveBeenCalled();
    }
    let granted: boolean | null = null;
    fake.state.permissionHandler!({}, 'media', (ok) => (granted = ok));
    expect(granted).toBe(false);
  });

  it('registers one IPC handler per PenApi method, refusing foreign senders and malformed arguments', async () => {
    expect([...fake.state.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    const h = fake.state.handlers.get('pen:setDepth') as Handler;
    const good = { senderFrame: { url: 'app://console/index.html', parent: null } };
    const evil = { senderFrame: { url: 'https://evil.example/', parent: null } };
    await expect(h(evil, 500)).rejects.toThrow(/not the console/);
    await expect(h(good, '500')).rejects.toThrow(/um must be an integer/);
    await expect(h(good, 500)).resolves.toMatchObject({ ok: false, code: 'NOT_CONNECTED' });
  });

  it('one instance: a second start brings this window forward; the main log in the logs folder records it and page crashes', async () => {
    fake.state.appEvents.get('second-instance')!();
    expect(fake.state.focused).toBe(1);
    fake.state.pageEvents.get('render-process-gone')!({}, { reason: 'crashed', exitCode: 139 });
    const log = readFileSync(join(dir, 'logs', 'main.log'), 'utf8');
    expect(log).toMatch(/^\S+Z info penbench console 0\.1\.0 started \(Electron .*pid \d+\)$/m);
    expect(log).toMatch(/ info a second start was refused; this window was brought forward$/m);
    expect(log).toMatch(/ error the window's page ended: crashed \(exit code 139\)$/m);
  });

  it('started while another console runs: quits without opening a window or the pen', async () => {
    const windows = fake.state.windows.length;
    const quits = fake.state.quits;
    fake.state.singleInstance = false;
    vi.resetModules();
    await import('../../console/electron/main.js');
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.state.quits).toBe(quits + 1);
    expect(fake.state.windows).toHaveLength(windows);
    fake.state.singleInstance = true;
  });

  it('serves only the renderer build on app://console, with a CSP', async () => {
    const handle = fake.state.protocolHandlers.get('app')!;
    const other = await handle({ url: 'app://elsewhere/index.html' });
    expect(other.status).toBe(404);
    const traversal = await handle({ url: 'app://console/..%2F..%2Fpackage.json' });
    expect(traversal.status).toBe(404);
  });
});

describe('Electron preload (fake electron module)', () => {
  it('exposes exactly window.pen with every PenApi method plus subscribe, each an invoke on its channel', async () => {
    await import('../../console/electron/preload.js');
    expect([...fake.state.exposed.keys()]).toEqual(['pen']);
    const api = fake.state.exposed.get('pen') as Record<string, (...a: unknown[]) => unknown>;
    expect(Object.keys(api).sort()).toEqual([...PEN_METHODS, 'subscribe'].sort());
    await api.setDepth!(750);
    expect(fake.state.invoked).toEqual([['pen:setDepth', 750]]);
    const off = api.subscribe!(() => undefined) as () => void;
    expect(typeof off).toBe('function');
    expect(PUSH_CHANNEL).toBe('pen:push');
  });
});

describe('Electron runtime lookup for npm start (never downloads)', () => {
  it('reports a missing runtime in words', () => {
    const pkg = join(dir, 'electron-pkg');
    mkdirSync(pkg, { recursive: true });
    const r = findElectronBinary(pkg, {});
    expect(r).toEqual({ ok: false, why: 'node_modules/electron/dist is missing, the binary was never downloaded' });
  });

  it('finds the binary named in path.txt, or under ELECTRON_OVERRIDE_DIST_PATH', () => {
    const pkg = join(dir, 'electron-ok');
    mkdirSync(join(pkg, 'dist'), { recursive: true });
    writeFileSync(join(pkg, 'path.txt'), 'electron');
    writeFileSync(join(pkg, 'dist', 'electron'), '');
    expect(findElectronBinary(pkg, {})).toEqual({ ok: true, path: join(pkg, 'dist', 'electron') });
    expect(findElectronBinary(pkg, { ELECTRON_OVERRIDE_DIST_PATH: join(pkg, 'dist') })).toEqual({ ok: true, path: join(pkg, 'dist', 'electron') });
    expect(findElectronBinary(join(dir, 'nope'), {}).ok).toBe(false);
  });
});
