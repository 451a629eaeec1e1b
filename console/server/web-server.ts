/**
 * Browser mode: serves the built UI on loopback and bridges a WebSocket to a
 * PenSession, speaking the same PenApi as the Electron preload. Every request
 * and the upgrade pass security.ts (token, Host, Origin).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { PenPush, WsReply } from '../shared/index.js';
import { dispatch, type PenSession } from '../session/index.js';
import { allowedHosts, checkRequest, newToken } from './security.js';
import { indexWithToken, readAsset, resolveAsset } from './static-files.js';

/** Options of the web server. */
export interface WebServerOptions {
  session: PenSession;
  /** Directory of the built renderer (index.html + assets/). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Fixed token (tests); default a fresh random one. */
  token?: string;
}

/** A running web server. */
export interface WebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_MESSAGE = 64 * 1024;

function cspFor(hosts: ReadonlySet<string>): string {
  // Chromium rejects bracketed IPv6 sources in CSP; the bridge is reached by name or IPv4.
  const ws = [...hosts].filter((h) => !h.startsWith('[')).map((h) => `ws://${h}`).join(' ');
  return [
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
    `connect-src 'self' ${ws}`, "object-src 'none'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
  ].join('; ');
}

/** Starts the server; resolves once it listens. */
export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const token = opts.token ?? newToken();
  const bindHost = opts.host ?? '127.0.0.1';
  let hosts = new Set<string>();
  let csp = '';

  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer) => {
    res.writeHead(status, {
      'Content-Type': type,
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      // The token is in the URL: never leak it in a Referer.
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
    res.end(body);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const why = checkRequest(req, { token, hosts });
    if (why) return send(res, 403, 'text/plain; charset=utf-8', `Forbidden (${why}). Open the exact URL that \`npm run web\` printed.\n`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed\n');
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const asset = resolveAsset(opts.rendererDir, path);
    if (!asset) return send(res, 404, 'text/plain; charset=utf-8', 'Not found\n');
    const body = readAsset(asset.file);
    if (asset.file.endsWith('index.html')) return send(res, 200, asset.type, indexWithToken(body.toString('utf8'), token));
    return send(res, 200, asset.type, body);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE });
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const why = path !== '/ws' ? 'not the bridge path' : checkRequest(req, { token, hosts, upgrade: true });
    if (why) {
      socket.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\nForbidden (${why})\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    ws.on('message', (data, isBinary) => {
      void answer(ws, isBinary ? null : data.toString());
    });
  });

  async function answer(ws: WebSocket, text: string | null): Promise<void> {
    let msg: unknown;
    try {
      msg = text === null ? null : JSON.parse(text);
    } catch {
      msg = null;
    }
    const m = msg as { id?: unknown; method?: unknown; args?: unknown } | null;
    const id = m && typeof m.id === 'number' && Number.isSafeInteger(m.id) ? m.id : -1;
    let reply: WsReply;
    if (!m || typeof m !== 'object' || id < 0) reply = { id, error: 'malformed request: expected {"id":n,"method":"…","args":[…]}' };
    else {
      const r = await dispatch(opts.session, m.method, m.args);
      reply = r.ok ? { id, result: r.value } : { id, error: r.error };
    }
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
  }

  const unsubscribe = opts.session.subscribe((push: PenPush) => {
    const text = JSON.stringify({ push });
    for (const c of wss.clients) if (c.readyState === c.OPEN) c.send(text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, bindHost, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(bindHost, port);
  csp = cspFor(hosts);
  const shownHost = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    async close() {
      unsubscribe();
      for (const c of wss.clients) c.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
