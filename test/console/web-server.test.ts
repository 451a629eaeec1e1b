import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { parseWebArgs } from '../../console/server/web-cli.js';
import { checkRequest, allowedHosts } from '../../console/server/security.js';
import { indexWithToken, resolveAsset } from '../../console/server/static-files.js';
import { startWebServer, type WebServer } from '../../console/server/web-server.js';
import { PenSession } from '../../console/session/index.js';
import { launchChromium } from '../support/browser.js';
import { HAS_CHROMIUM, needs } from '../support/requirements.js';

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a WebSocket; resolves with the socket, or with the HTTP status of a refused upgrade. */
function openWs(url: string, origin: string): Promise<{ ws?: WebSocket; status?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { origin });
    ws.on('open', () => resolve({ ws }));
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.on('error', () => resolve({ status: -1 }));
  });
}

describe('browser-mode server: token, Host and Origin checks', () => {
  let dir: string;
  let server: WebServer;
  let session: PenSession;
  let origin: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'penbench-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<script type="module" src="./assets/app.js"></script><link rel="stylesheet" href="./assets/app.css">');
    writeFileSync(join(dir, 'assets/app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'assets/app.css'), 'body{}');
    writeFileSync(join(dir, 'secret.txt'), 'not served');
    session = new PenSession({ recordingsDir: null, listPorts: async () => [] });
    server = await startWebServer({ session, rendererDir: dir, port: 0, log: () => undefined });
    origin = `http://127.0.0.1:${server.port}`;
  });

  afterAll(async () => {
    await server.close();
    await session.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints a loopback URL with a random token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{22}$/);
  });

  it('serves the page with the token added to its asset URLs, and the assets with the token', async () => {
    const page = await get(server.port, `/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`src="./assets/app.js?token=${server.token}"`);
    expect(page.body).toContain(`href="./assets/app.css?token=${server.token}"`);
    expect((await get(server.port, `/assets/app.js?token=${server.token}`)).status).toBe(200);
  });

  it.each([
    ['no token', '/'],
    ['a wrong token', '/?token=AAAAAAAAAAAAAAAAAAAAAA'],
    ['an asset without the token', '/assets/app.js'],
  ])('refuses a request with %s', async (_n, path) => {
    expect((await get(server.port, path)).status).toBe(403);
  });

  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    expect((await get(server.port, `/?token=${server.token}`, { Host: `evil.example:${server.port}` })).status).toBe(403);
  });

  it('does not serve files outside the assets through ../ or unknown types', async () => {
    expect((await get(server.port, `/../../etc/passwd?token=${server.token}`)).status).toBe(404);
    expect((await get(server.port, `/secret.txt?token=${server.token}`)).status).toBe(404);
    expect(resolveAsset(dir, '/%2e%2e/%2e%2e/etc/passwd')).toBeNull();
  });

  it('refuses the WebSocket upgrade without the token or from another origin', async () => {
    const base = `ws://127.0.0.1:${server.port}/ws`;
    expect((await openWs(base, origin)).status).toBe(403);
    expect((await openWs(`${base}?token=${server.token}`, 'http://evil.example')).status).toBe(403);
    expect((await openWs(`${base}?token=${server.token}`, `http://127.0.0.1:${server.port + 1}`)).status).toBe(403);
  });

  it('answers PenApi calls on the bridge and refuses malformed ones', async () => {
    const { ws } = await openWs(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, origin);
    expect(ws).toBeDefined();
    const replies = new Map<number, { result?: unknown; error?: string }>();
    ws!.on('message', (d) => {
      const m = JSON.parse(String(d)) as { id?: number; result?: unknown; error?: string };
      if (typeof m.id === 'number') replies.set(m.id, m);
    });
    const send = (o: unknown) => ws!.send(typeof o === 'string' ? o : JSON.stringify(o));
    send({ id: 1, method: 'listPorts', args: [] });
    send({ id: 2, method: 'setDepth', args: ['deep'] });
    send({ id: 3, method: 'eval', args: ['process.exit()'] });
    send({ id: 4, method: 'connect', args: [{ kind: 'serial', path: '/dev/x', extra: 1 }] });
    send('not json');
    send({ id: 5, method: 'stop', args: [] });
    await expect.poll(() => replies.size, { timeout: 3000 }).toBe(6);
    expect(replies.get(1)).toEqual({ id: 1, result: [] });
    expect(replies.get(2)?.error).toBe('setDepth: um must be an integer 0..9999');
    expect(replies.get(3)?.error).toMatch(/unknown method/);
    expect(replies.get(4)?.error).toMatch(/unknown keys: extra/);
    expect(replies.get(-1)?.error).toMatch(/malformed request/);
    expect(replies.get(5)?.result).toMatchObject({ ok: false, code: 'NOT_CONNECTED' });
    ws!.close();
  });

  it('logs each refusal with its reason and path, never the token, and at most 10 a window per kind', async () => {
    const logged: string[] = [];
    const s2 = await startWebServer({ session, rendererDir: dir, port: 0, log: (l) => logged.push(l) });
    try {
      await get(s2.port, `/assets/app.js?token=${s2.token.slice(0, -1)}X`);
      expect(logged).toEqual(['web: refused GET "/assets/app.js" from 127.0.0.1: missing or wrong token']);
      for (let i = 0; i < 30; i++) await get(s2.port, `/?token=${s2.token}`, { Host: `evil.example:${s2.port}` });
      expect(logged).toHaveLength(10);
      expect(logged.at(-1)).toBe('web: refused GET "/" from 127.0.0.1: unexpected Host header');
      expect(logged.join('\n')).not.toContain(s2.token);
    } finally {
      await s2.close();
    }
  });

  it('checks Origin and Host as pure functions too', () => {
    const hosts = allowedHosts('127.0.0.1', 8080);
    const ok = { url: '/ws?token=T', headers: { host: '127.0.0.1:8080', origin: 'http://127.0.0.1:8080' } };
    expect(checkRequest(ok, { token: 'T', hosts, upgrade: true })).toBeNull();
    expect(checkRequest({ ...ok, headers: { host: 'localhost:8080', origin: 'http://localhost:8080' } }, { token: 'T', hosts, upgrade: true })).toBeNull();
    expect(checkRequest({ ...ok, headers: { host: '127.0.0.1:8080' } }, { token: 'T', hosts, upgrade: true })).toBe('unexpected Origin');
    expect(checkRequest({ ...ok, headers: { host: '127.0.0.1:8080', origin: 'https://127.0.0.1:8080' } }, { token: 'T', hosts, upgrade: true })).toBe('unexpected Origin');
    expect(checkRequest({ ...ok, headers: { host: '127.0.0.1:8080', origin: 'null' } }, { token: 'T', hosts, upgrade: true })).toBe('unexpected Origin');
    expect(indexWithToken('<a href="https://x/y">', 'T')).toBe('<a href="https://x/y">');
  });
});

describe('browser-mode server on --host ::1', () => {
  it('prints a URL that answers, and its page reaches the bridge under the CSP' + needs.chromium, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'penbench-web6-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>loading</title><script type="module" src="./assets/app.js"></script>');
    // The page opens the bridge exactly as the console's ws-pen-api.ts does: same host, token from the page URL.
    writeFileSync(join(dir, 'assets/app.js'), [
      "const token = new URLSearchParams(location.search).get('token');",
      "const ws = new WebSocket(`ws://${location.host}/ws?token=${encodeURIComponent(token)}`);",
      "ws.onopen = () => ws.send(JSON.stringify({ id: 1, method: 'listPorts', args: [] }));",
      "ws.onmessage = (e) => { document.title = JSON.parse(e.data).id === 1 ? 'bridge answered' : 'bridge push'; };",
      "ws.onerror = () => { document.title = 'bridge refused'; };",
    ].join('\n'));
    const session = new PenSession({ recordingsDir: null, listPorts: async () => [] });
    const server = await startWebServer({ session, rendererDir: dir, port: 0, host: '::1', log: () => undefined });
    try {
      expect(server.url).toMatch(/^http:\/\/\[::1\]:\d+\/\?token=/);
      const status = await new Promise<number>((resolve, reject) => {
        request(server.url, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).on('error', reject).end();
      });
      expect(status).toBe(200);
      if (!HAS_CHROMIUM) return;
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        await page.goto(server.url);
        await expect.poll(() => page.title(), { timeout: 10_000 }).toBe('bridge answered');
      } finally {
        await browser.close();
      }
    } finally {
      await server.close();
      await session.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('npm run web arguments', () => {
  it('defaults to loopback and a free port', () => {
    const r = parseWebArgs([]);
    expect(r).toMatchObject({ ok: true, args: { port: 0, host: '127.0.0.1' } });
  });

  it('names a bad --port and the allowed values', () => {
    expect(parseWebArgs(['--port', 'http'])).toEqual({ ok: false, error: '--port: "http" is not an integer 0..65535 (0 = any free port)' });
    expect(parseWebArgs(['--port', '70000']).ok).toBe(false);
  });

  it('refuses a non-loopback --host unless --allow-remote is given', () => {
    const r = parseWebArgs(['--host', '0.0.0.0']);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/--allow-remote/);
    expect(parseWebArgs(['--host', '0.0.0.0', '--allow-remote']).ok).toBe(true);
    expect(parseWebArgs(['--host', '127.0.0.2']).ok).toBe(true);
  });

  it('names an unknown argument', () => {
    const r = parseWebArgs(['--prot', '1']);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/unknown option "--prot"; allowed: --port N, --host ADDR, --allow-remote/);
  });
});
