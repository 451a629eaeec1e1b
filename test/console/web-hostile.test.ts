/**
 * A scripted hostile local client against ONE spawned browser-mode server
 * process (the real bridge and session, the built-in simulated pen streaming
 * 200 Hz telemetry): every attack of issue 13 in turn, then the same process
 * — same pid, never restarted — still serves the page and the bridge, and its
 * log names each refusal with its reason and never the token.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { until } from '../support/until.js';

const CHILD = fileURLToPath(new URL('./support/web-child.ts', import.meta.url));
let dir: string;
let child: ChildProcess;
let info: { url: string; port: number; token: string; pid: number };
let log = '';
let exited = false;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'penbench-hostile-'));
  child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify({ dir, softBytes: 256 * 1024, stuckMs: 2000 })], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  child.on('exit', () => (exited = true));
  info = await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`server did not start: ${log}`)), 20_000);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) {
        clearTimeout(t);
        resolve(JSON.parse(out.split('\n')[0]!));
      }
    });
  });
}, 30_000);

afterAll(async () => {
  if (!exited) {
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 3000);
    await gone;
    clearTimeout(t);
  }
  rmSync(dir, { recursive: true, force: true });
});

const origin = () => `http://127.0.0.1:${info.port}`;

function raw(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(info.port, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });
}

function get(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: info.port, path }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

/** An authenticated bridge connection. */
function bridge(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${info.port}/ws?token=${info.token}`, { origin: origin() });
    ws.on('open', () => resolve(ws));
    ws.on('error', reject);
  });
}

/** A masked client frame with these header bits and payload. */
function clientFrame(first: number, payload: Buffer): Buffer {
  const mask = Buffer.from([1, 2, 3, 4]);
  const body = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
  return Buffer.concat([Buffer.from([first, 0x80 | payload.length]), mask, body]);
}

/** Sends a hand-made frame on an authenticated connection; resolves with the close code the server gives. */
async function closeCodeFor(frame: Buffer): Promise<number> {
  const ws = await bridge();
  const code = new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
  ws.on('error', () => undefined);
  (ws as unknown as { _socket: Socket })._socket.write(frame);
  return code;
}

describe('one server process against a hostile local client (issue 13)', () => {
  it('survives 50 unauthenticated upgrade requests whose TCP connection is reset', async () => {
    for (let i = 0; i < 50; i++) {
      const s = await raw();
      s.on('error', () => undefined);
      s.write(`GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${info.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
      if (i % 2) await new Promise((r) => setTimeout(r, 1));
      s.resetAndDestroy();
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(exited).toBe(false);
    expect(await get(`/?token=${info.token}`)).toBe(200);
  });

  it('answers malformed HTTP with 400 and lives on', async () => {
    const s = await raw();
    const reply = new Promise<string>((resolve) => {
      let t = '';
      s.on('data', (d: Buffer) => (t += d.toString()));
      s.on('close', () => resolve(t));
    });
    s.write('\u0000\u0001 NOT HTTP\r\n\r\n');
    expect(await reply).toMatch(/^HTTP\/1\.1 400 Bad Request/);
  });

  it('closes a connection that sends a message over the payload limit with 1009', async () => {
    const ws = await bridge();
    const code = new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
    ws.on('error', () => undefined);
    ws.send('x'.repeat(70 * 1024));
    expect(await code).toBe(1009);
  });

  it('closes a connection that sends invalid UTF-8 in a text frame with 1007', async () => {
    expect(await closeCodeFor(clientFrame(0x81, Buffer.from([0x7b, 0xc3, 0x28, 0x7d])))).toBe(1007);
  });

  it('closes a connection that sets RSV1 without an extension with 1002', async () => {
    expect(await closeCodeFor(clientFrame(0xc1, Buffer.from('{}')))).toBe(1002);
  });

  it('answers 3,800 wrong-typed bridge calls with errors, one reply each', async () => {
    const ws = await bridge();
    let errors = 0;
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as { id?: number; error?: string };
      if (typeof m.id === 'number' && m.error) errors++;
    });
    const bad = [null, 1, 'x', [], {}, { kind: 'serial' }, -1, 2 ** 60, true];
    for (let i = 0; i < 3800; i++) {
      const method = ['setDepth', 'connect', 'setArea', 'simFault', 'exportRecording', 'nope'][i % 6];
      ws.send(JSON.stringify({ id: i, method, args: [bad[i % bad.length], bad[(i + 3) % bad.length]] }));
    }
    await until(() => errors >= 3800, '3,800 error replies', 20_000);
    ws.close();
  });

  it('refuses a FIFO named like a recording at once instead of hanging', async () => {
    const name = 'session-20261121T090000Z-fifo.jsonl';
    execFileSync('mkfifo', [join(dir, 'recordings', name)]);
    const ws = await bridge();
    const reply = new Promise<{ error?: string }>((resolve) => ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as { id?: number; error?: string };
      if (m.id === 1) resolve(m);
    }));
    ws.send(JSON.stringify({ id: 1, method: 'loadRecording', args: [name] }));
    expect((await reply).error).toMatch(/is a FIFO, not a regular file/);
    ws.close();
  });

  it('refuses a recording without line breaks and a symbolic link named like a recording, with the reason', async () => {
    const flat = 'session-20261121T100000Z-flat.jsonl';
    const link = 'session-20261121T110000Z-link.jsonl';
    writeFileSync(join(dir, 'recordings', flat), Buffer.alloc(8 * 1024 * 1024, 0x7a));
    symlinkSync('/etc/passwd', join(dir, 'recordings', link));
    const ws = await bridge();
    const replies = new Map<number, { error?: string }>();
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as { id?: number; error?: string };
      if (typeof m.id === 'number') replies.set(m.id, m);
    });
    ws.send(JSON.stringify({ id: 1, method: 'loadRecording', args: [flat] }));
    ws.send(JSON.stringify({ id: 2, method: 'exportRecording', args: [link, 'csv'] }));
    await until(() => replies.size === 2, 'both replies');
    expect(replies.get(1)?.error).toMatch(/line 1 is longer than 65536 bytes/);
    expect(replies.get(2)?.error).toMatch(/is a symbolic link; only regular files are read as recordings/);
    ws.close();
  });

  it('sheds pushes to a client that falls behind and tells it so; disconnects one that stops reading', async () => {
    // Snapshots carry the telemetry history (1,200 samples once full): replies a client does not read fill its buffer fast.
    const probe = await bridge();
    let samples = 0;
    probe.on('message', (d) => {
      const m = JSON.parse(String(d)) as { id?: number; result?: { telemetry: unknown[] } };
      if (m.id === 1 && m.result) samples = m.result.telemetry.length;
    });
    for (let i = 0; i < 100 && samples < 1200; i++) {
      probe.send(JSON.stringify({ id: 1, method: 'getSnapshot', args: [] }));
      await new Promise((r) => setTimeout(r, 200));
    }
    probe.close();
    expect(samples).toBe(1200);

    // Behind for a while, then reading again: it gets the latest state and a note of what it missed.
    const slow = await bridge();
    const slowSocket = (slow as unknown as { _socket: Socket })._socket;
    const notes: string[] = [];
    slow.on('message', (d) => {
      const m = JSON.parse(String(d)) as { push?: { type: string; entry?: { tag: string; text: string } } };
      if (m.push?.type === 'log' && m.push.entry?.tag === 'BRIDGE_SLOW') notes.push(m.push.entry.text);
    });
    slowSocket.pause();
    // Large replies it does not read fill its buffer at once (a snapshot carries the telemetry history).
    for (let i = 0; i < 150; i++) slow.send(JSON.stringify({ id: 1000 + i, method: 'getSnapshot', args: [] }));
    await new Promise((r) => setTimeout(r, 1000));
    slowSocket.resume();
    await until(() => notes.length > 0, 'the BRIDGE_SLOW note', 15_000);
    expect(notes[0]).toMatch(/^This page fell behind the console: \d+ telemetry samples, \d+ state updates and \d+ log entries were not sent to it/);
    slow.close();

    // Never reading again: disconnected, its buffer released.
    const stuck = await bridge();
    const stuckSocket = (stuck as unknown as { _socket: Socket })._socket;
    stuck.on('error', () => undefined);
    stuckSocket.pause();
    for (let i = 0; i < 150; i++) stuck.send(JSON.stringify({ id: 2000 + i, method: 'getSnapshot', args: [] }));
    await until(() => /disconnected a bridge client from 127\.0\.0\.1: it read nothing for 2 s/.test(log), 'the stuck client disconnected', 20_000);
    stuckSocket.destroy();
  }, 45_000);

  it('is still the same process serving the page and the bridge, and logged every refusal without the token', async () => {
    expect(exited).toBe(false);
    expect(() => process.kill(info.pid, 0)).not.toThrow();
    expect(await get(`/?token=${info.token}`)).toBe(200);
    expect(await get('/?token=wrong')).toBe(403);
    const ws = await bridge();
    const snap = new Promise<{ result?: { state: { link: string } } }>((resolve) => ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as { id?: number; result?: { state: { link: string } } };
      if (m.id === 7) resolve(m);
    }));
    ws.send(JSON.stringify({ id: 7, method: 'getSnapshot', args: [] }));
    expect((await snap).result?.state.link).toBe('ready');
    ws.close();
    // The reset sockets are gone before the line is written, so their address may read "?".
    expect(log).toMatch(/refused GET "\/ws" from (127\.0\.0\.1|\?): unexpected Origin/);
    expect(log).toMatch(/closed a bridge connection from 127\.0\.0\.1: .*\[WS_ERR_UNSUPPORTED_MESSAGE_LENGTH\]/);
    expect(log).toMatch(/\[WS_ERR_INVALID_UTF8\]/);
    expect(log).toMatch(/\[WS_ERR_UNEXPECTED_RSV_1\]/);
    expect(log).toMatch(/malformed HTTP from 127\.0\.0\.1/);
    expect(log).not.toContain(info.token);
  });
});
