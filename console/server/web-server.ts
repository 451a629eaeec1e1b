/**
 * Browser mode: serves the built UI on loopback and bridges a WebSocket to a
 * PenSession, speaking the same PenApi as the Electron preload. Every request
 * and the upgrade pass security.ts (token, Host, Origin); refusals are logged,
 * rate-limited and without the token. Nothing a local process sends can end
 * the server: every socket and WebSocket has an error listener, a malformed
 * frame closes only its own connection (ws picks the close code: 1009 too
 * big, 1007 invalid UTF-8, 1002 protocol error), and each client's send
 * buffer is bounded (bridge-client.ts, which also documents the messages).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { validateArgs, type PenPush, type WsReply } from '../shared/index.js';
import { dispatch, type PenSession } from '../session/index.js';
import { BridgeClient, DEFAULT_BRIDGE_LIMITS, type BridgeLimits } from './bridge-client.js';
import { RefusalLog, type LogLine } from './refusal-log.js';
import { allowedHosts, checkRequest, newToken, urlHost } from './security.js';
import { indexWithToken, readAsset, resolveAsset, resolveExport, scriptWithToken } from './static-files.js';
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';

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
  /** Where refusals and dropped connections are logged (default stderr), rate-limited. */
  log?: LogLine;
  /** Per-client send buffer limits (tests shrink them). */
  limits?: Partial<BridgeLimits>;
}

/** A running web server. */
export interface WebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Largest bridge message accepted (a PenApi call is a few hundred bytes); larger ones close the connection with 1009. */
export const MAX_MESSAGE = 64 * 1024;

function cspFor(hosts: ReadonlySet<string>): string {
  // Chromium rejects bracketed IPv6 sources in CSP; 'self' covers the page's own ws:// origin, [::1] included.
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
  const limits: BridgeLimits = { ...DEFAULT_BRIDGE_LIMITS, ...opts.limits };
  const refusals = new RefusalLog(opts.log ? { log: opts.log } : {});
  const clients = new Map<WebSocket, BridgeClient>();
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

  // An export the session wrote (Recordings tab): streamed from disk, as an attachment; only regular files by name.
  const sendExport = (res: ServerResponse, path: string) => {
    const file = resolveExport(opts.session.exportsDir, path);
    if (!file) return send(res, 404, 'text/plain; charset=utf-8', 'No such export\n');
    const name = basename(file);
    res.writeHead(200, {
      'Content-Type': name.endsWith('.csv') ? 'text/csv' : name.endsWith('.json') ? 'application/json' : 'application/octet-stream',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Content-Length': String(statSync(file).size),
      'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store',
    });
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const why = checkRequest(req, { token, hosts });
    if (why) {
      refusals.refused(req, why);
      return send(res, 403, 'text/plain; charset=utf-8', `Forbidden (${why}). Open the exact URL that \`npm run web\` printed.\n`);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed\n');
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path.startsWith('/exports/')) return sendExport(res, path);
    const asset = resolveAsset(opts.rendererDir, path);
    if (!asset) return send(res, 404, 'text/plain; charset=utf-8', 'Not found\n');
    const body = readAsset(asset.file);
    if (asset.file.endsWith('index.html')) return send(res, 200, asset.type, indexWithToken(body.toString('utf8'), token));
    if (asset.file.endsWith('.js')) return send(res, 200, asset.type, scriptWithToken(body.toString('utf8'), token));
    return send(res, 200, asset.type, body);
  });

  // Every TCP socket gets an error listener: a peer that resets its connection must never end the process.
  const socketError = (socket: Socket) => (e: Error) => refusals.note('socket', `web: connection from ${socket.remoteAddress ?? '?'} failed: ${e.message}`);
  server.on('connection', (socket: Socket) => socket.on('error', socketError(socket)));
  server.on('clientError', (e: Error, socket: Socket) => {
    refusals.note('http', `web: malformed HTTP from ${socket.remoteAddress ?? '?'}: ${e.message}`);
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE });
  wss.on('error', (e) => refusals.note('bridge', `web: bridge error: ${e.message}`));
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', socketError(socket));
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const why = path !== '/ws' ? 'not the bridge path' : checkRequest(req, { token, hosts, upgrade: true });
    if (why) {
      refusals.refused(req, why);
      if (socket.writable) socket.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\nForbidden (${why})\n`);
      else socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    const from = req.socket.remoteAddress ?? '?';
    const client = new BridgeClient(ws, limits, (why) => {
      refusals.note('slow', `web: disconnected a bridge client from ${from}: ${why}`);
      ws.close(1013, 'too slow: the client does not read its messages');
      setTimeout(() => ws.terminate(), 1000).unref?.();
    });
    clients.set(ws, client);
    // ws has already closed the connection with the fitting code when it reports a malformed frame.
    ws.on('error', (e: Error & { code?: string }) => refusals.note('frame', `web: closed a bridge connection from ${from}: ${e.message}${e.code ? ` [${e.code}]` : ''}`));
    ws.on('close', () => {
      client.watchWire(null);
      client.dispose();
      clients.delete(ws);
    });
    ws.on('message', (data, isBinary) => {
      void answer(client, isBinary ? null : data.toString());
    });
  });

  async function answer(client: BridgeClient, text: string | null): Promise<void> {
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
    else if (m.method === 'watchWire') {
      // Per client: only the pages that show raw lines get them (the session's watchWire would send them to all).
      const checked = validateArgs('watchWire', m.args);
      if (!checked.ok) reply = { id, error: checked.error };
      else {
        client.watchWire(checked.value[0] ? (fn) => opts.session.subscribeWire(fn) : null);
        reply = { id, result: { ok: true } };
      }
    } else {
      const r = await dispatch(opts.session, m.method, m.args);
      reply = r.ok ? { id, result: r.value } : { id, error: r.error };
    }
    client.reply(JSON.stringify(reply));
  }

  const unsubscribe = opts.session.subscribe((push: PenPush) => {
    if (clients.size === 0) return;
    // Telemetry is batched per client (bridge-client.ts): no text is made for a single sample.
    const text = push.type === 'tlm' ? '' : JSON.stringify({ push });
    for (const c of clients.values()) c.push(push, text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, bindHost, () => resolve());
  });
  server.on('error', (e) => refusals.note('server', `web: server error: ${e.message}`));
  const port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(bindHost, port);
  csp = cspFor(hosts);
  return {
    url: `http://${urlHost(bindHost)}:${port}/?token=${token}`,
    port,
    token,
    async close() {
      unsubscribe();
      for (const [ws, c] of clients) {
        c.dispose();
        ws.terminate();
      }
      wss.close();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

