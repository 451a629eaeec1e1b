/**
 * `penbench dev`: the page from its sources with Vite's hot-reload client, under the page's CSP (with this
 * run's nonce for Vite's injected styles), reaching the built-in simulated pen through the real bridge; the
 * dev server forwards the page's WebSocket only from the dev page itself, and the bridge still wants the token.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { cspWithNonce, fromDevPage } from '../../console/server/dev-cli.js';
import { launchChromium, watchedPage } from '../support/browser.js';
import { HAS_CHROMIUM, needs } from '../support/requirements.js';
import { PENBENCH_BIN, REPO_ROOT } from '../support/run-cli.js';
import { until } from '../support/until.js';

let child: ChildProcess;
let base = '';
let token = '';

beforeAll(async () => {
  child = spawn(process.execPath, [PENBENCH_BIN, 'dev', '--port', '0', '--no-record'], { cwd: REPO_ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const m = await until(() => /Console \(dev\) at (http:\/\/127\.0\.0\.1:\d+)\/\?token=(\S+)/.exec(out), `the dev URL (output: ${out})`, 60_000);
  base = m[1]!;
  token = m[2]!;
}, 90_000);

afterAll(async () => {
  if (child.exitCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid!, 'SIGTERM');
  await gone;
});

/** Opens the bridge through the dev server; resolves with the socket, or rejects when it is refused. */
function bridge(origin: string, tok = token): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/ws?token=${encodeURIComponent(tok)}`, { origin });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('close', (code) => reject(new Error(`closed ${code}`)));
  });
}

function call(ws: WebSocket, id: number, method: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const onMessage = (data: Buffer) => {
      const msg = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: string };
      if (msg.id !== id) return;
      ws.off('message', onMessage);
      if (msg.error) reject(new Error(msg.error));
      else resolve(msg.result);
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, method, args: [] }));
  });
}

describe('penbench dev', () => {
  it('serves the page from source with the hot-reload client, its CSP carrying this run\'s nonce', async () => {
    const html = await (await fetch(`${base}/?token=${token}`)).text();
    expect(html).toContain('/@vite/client');
    expect(html).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'; style-src 'self' 'nonce-/);
    // A component comes through Vite's transform with React Fast Refresh wired to the hot-reload client.
    const app = await (await fetch(`${base}/src/components/App.tsx`)).text();
    expect(app).toContain('import.meta.hot');
    expect(app).toContain('@react-refresh');
  });

  it('reaches the simulated pen through the bridge from the dev page; refuses other origins and a wrong token', async () => {
    const ws = await bridge(base);
    try {
      let serial: unknown;
      for (let i = 1; i < 200 && serial !== 'PB-SIM-0001'; i++) {
        const s = (await call(ws, i, 'getSnapshot')) as { state: { info?: { serial?: string } | null } };
        serial = s.state.info?.serial;
        if (serial !== 'PB-SIM-0001') await new Promise((r) => setTimeout(r, 100));
      }
      expect(serial).toBe('PB-SIM-0001');
    } finally {
      ws.close();
    }
    await expect(bridge('http://evil.example')).rejects.toThrow();
    await expect(bridge(base, 'wrong-token')).rejects.toThrow();
  });

  // An edit is saved again byte for byte: the file's content stays, its change event is real.
  const resave = (file: string) => writeFileSync(file, readFileSync(file));

  it.skipIf(!HAS_CHROMIUM)('an edit to a component or to the protocol catalogue reaches the open page without a build (Vite HMR)' + needs.chromium, async () => {
    const browser = await launchChromium();
    try {
      const { page, problems } = await watchedPage(browser);
      const vite: string[] = [];
      page.on('console', (m) => {
        if (m.text().startsWith('[vite]')) vite.push(m.text());
      });
      let loads = 0;
      page.on('load', () => loads++);
      await page.goto(`${base}/?token=${token}`);
      await until(() => vite.some((t) => t.includes('connected')), `Vite's client to connect (console: ${vite.join(' | ')})`, 30_000);
      await page.getByTestId('stop-button').first().waitFor({ timeout: 30_000 });
      // The page's modules come from source, the protocol catalogue among them (not a prebuilt bundle).
      const modules = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
      const catalogue = modules.find((m) => /\/protocol\/src\/catalogue\/[a-z-]+\.ts$/.test(m));
      expect(catalogue, modules.join('\n')).toBeDefined();

      resave(join(REPO_ROOT, 'console/renderer/src/components/StopButton.tsx'));
      await until(() => vite.some((t) => /hot updated: .*StopButton\.tsx/.test(t)), `a hot update of StopButton.tsx (console: ${vite.join(' | ')})`, 20_000);
      expect(loads).toBe(1); // a component is swapped in place, the page is not reloaded

      resave(join(REPO_ROOT, catalogue!.replace(/^.*?\/protocol\//, 'protocol/')));
      // The catalogue is no React component: Vite reloads the page, which comes back connected.
      await until(() => loads === 2 && vite.filter((t) => t.includes('connected')).length === 2, `the catalogue edit to reload the page (console: ${vite.join(' | ')})`, 20_000);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 90_000);

  it('checks origins and adds the nonce as pure functions too', () => {
    expect(fromDevPage({ headers: { host: '127.0.0.1:5173', origin: 'http://127.0.0.1:5173' } }, 5173)).toBe(true);
    expect(fromDevPage({ headers: { host: '127.0.0.1:5173', origin: 'http://evil.example' } }, 5173)).toBe(false);
    expect(fromDevPage({ headers: { host: 'evil.example', origin: 'http://127.0.0.1:5173' } }, 5173)).toBe(false);
    expect(fromDevPage({ headers: { host: '127.0.0.1:5173' } }, 5173)).toBe(false);
    expect(cspWithNonce('<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src \'self\'; style-src \'self\'" />', 'N'))
      .toBe('<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src \'self\' \'nonce-N\'; style-src \'self\' \'nonce-N\'" />');
  });
});
