/**
 * The browser page's bridge client (console/renderer/src/ws-pen-api.ts): a
 * call the console never answers fails after its timeout with an error that
 * says so and that the outcome on the pen is unknown, instead of hanging; a
 * late answer is ignored; answered calls are unaffected. Run against a real
 * WebSocket server (ws) that answers only some calls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket, WebSocketServer } from 'ws';
import { callTimeoutMs, createWsPenApi } from '../../console/renderer/src/ws-pen-api.js';

let server: WebSocketServer;
let port = 0;
const g = globalThis as { WebSocket?: unknown };
const hadWebSocket = 'WebSocket' in g;
const browserWebSocket = g.WebSocket;

beforeAll(async () => {
  // The page runs in a browser; here ws's client stands in for the browser's WebSocket.
  g.WebSocket = NodeWebSocket;
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => server.once('listening', () => r()));
  port = (server.address() as { port: number }).port;
  server.on('connection', (sock) => {
    sock.on('message', (data: Buffer) => {
      const req = JSON.parse(data.toString()) as { id: number; method: string };
      // getSnapshot is answered, stop only long after its timeout, clearFault never.
      if (req.method === 'getSnapshot') sock.send(JSON.stringify({ id: req.id, result: 'snapshot' }));
      if (req.method === 'stop') setTimeout(() => sock.send(JSON.stringify({ id: req.id, result: { ok: true } })), 300);
    });
  });
});

afterAll(async () => {
  if (hadWebSocket) g.WebSocket = browserWebSocket;
  else delete g.WebSocket;
  for (const c of server.clients) c.terminate();
  await new Promise((r) => server.close(r));
});

describe('browser bridge client', () => {
  it('a call the console does not answer fails after its timeout, saying so; a late answer is ignored', async () => {
    const api = createWsPenApi({ protocol: 'http:', host: `127.0.0.1:${port}`, search: '?token=t' } as Location, { timeoutMs: () => 100 });
    expect(await api.getSnapshot()).toBe('snapshot');
    const t0 = Date.now();
    await expect(api.clearFault()).rejects.toThrow(/did not answer clearFault within 100 ms: the console server is busy or stuck\. Whether the pen carried it out is unknown/);
    expect(Date.now() - t0).toBeLessThan(2000);
    await expect(api.stop()).rejects.toThrow(/did not answer stop within 100 ms/);
    // The late answer to stop arrives now and changes nothing; the link still works.
    await new Promise((r) => setTimeout(r, 350));
    expect(await api.getSnapshot()).toBe('snapshot');
  });

  it('gives slow methods (recordings in the worker, connect) longer than commands', () => {
    expect(callTimeoutMs('setDepth')).toBe(15_000);
    expect(callTimeoutMs('connect')).toBe(30_000);
    expect(callTimeoutMs('exportRecording')).toBeGreaterThan(120_000);
  });
});
