/**
 * Integration over a REAL socat pty pair through the real serialport binding:
 * SerialTransport on both ends, PenClient on the host end, a scripted pen
 * built on PenLink on the far end.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PenClient, type CloseInfo, type LinkState, type Message } from '../../../protocol/src/index.js';
import { SerialTransport, openPtyPair, type PtyPair } from '../../../protocol/node/index.js';
import { HAS_SOCAT, needs } from '../../support/requirements.js';
import { ScriptedPen } from '../support/scripted-pen.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function rig() {
  const pty: PtyPair = await openPtyPair();
  cleanups.push(() => pty.close());
  const penSide = new SerialTransport({ path: pty.b });
  expect(await penSide.open()).toEqual({ ok: true });
  cleanups.push(() => penSide.close());
  const pen = new ScriptedPen(penSide);
  const hostSide = new SerialTransport({ path: pty.a, baudRate: 115200 });
  const client = new PenClient({ transport: hostSide, heartbeatMs: 50, timeoutMs: 200, reconnect: false });
  cleanups.push(() => client.close());
  const states: LinkState[] = [];
  client.on('state', (s) => states.push(s.state));
  return { pty, pen, penSide, hostSide, client, states };
}

const until = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('protocol over a socat pty pair', () => {
  it.skipIf(!HAS_SOCAT)('handshakes, gets an ACK for a command and a NAK for a bad one' + needs.socat, async () => {
    const { client, pen, states } = await rig();
    const c = await client.connect();
    expect(c.ok).toBe(true);
    expect(states).toEqual(['opening', 'handshaking', 'ready']);
    const ack = await client.request('SET_DEPTH', { um: 1500 });
    expect(ack).toMatchObject({ ok: true, attempts: 1, reply: { kind: 'ACK' } });
    const nak = await client.request('SET_DEPTH', { um: 2600 });
    expect(nak).toMatchObject({ ok: false, error: 'NAK', code: 'DEPTH_RANGE' });
    expect(pen.count('SET_DEPTH')).toBe(2);
    // Heartbeat PINGs flow through the real tty too.
    await until(() => pen.count('PING') >= 2);
  });

  it.skipIf(!HAS_SOCAT)('delivers telemetry in order and counts none lost' + needs.socat, async () => {
    const { client, pen } = await rig();
    expect((await client.connect()).ok).toBe(true);
    const got: Message<'TLM'>[] = [];
    client.on('telemetry', (m) => got.push(m));
    for (let t = 0; t < 200; t++) pen.link.emit('TLM', { t, s: 'RUN', d: 1500, m: 1490 + (t % 20), r: 120, n: t * 2, p: 1, c: 310, b: 88 });
    await until(() => got.length === 200);
    expect(got.map((m) => m.fields.t)).toEqual([...Array(200).keys()]);
    expect(client.stats.lostFrames).toBe(0);
    expect(client.stats.crcErrors).toBe(0);
  });

  it.skipIf(!HAS_SOCAT)('a vanished device surfaces as a typed error with disconnected: true and the link goes lost' + needs.socat, async () => {
    const { client, hostSide, pty, states } = await rig();
    expect((await client.connect()).ok).toBe(true);
    const closes: CloseInfo[] = [];
    hostSide.on('close', (c) => closes.push(c));
    await pty.close();
    await until(() => closes.length > 0);
    expect(closes[0]!.error).toMatchObject({ disconnected: true, timedOut: false });
    expect(typeof closes[0]!.error!.message).toBe('string');
    await until(() => states.includes('closed'));
    expect(states.slice(-2)).toEqual(['lost', 'closed']);
    expect(await client.request('PING', {})).toMatchObject({ ok: false, error: 'NOT_CONNECTED' });
  });

  it.skipIf(!HAS_SOCAT)('drops a babbling over-long line without buffering it, and still reads the next frame' + needs.socat, async () => {
    const { client, penSide, hostSide, pen } = await rig();
    expect((await client.connect()).ok).toBe(true);
    const dropped: number[] = [];
    hostSide.on('dropped', (d) => dropped.push(d.bytes));
    const frames: string[] = [];
    client.on('event', (m) => frames.push(m.fields.ev));
    await penSide.write('z'.repeat(20_000));
    pen.link.emit('EVT', { ev: 'PASS', t: 1, n: 1 });
    await until(() => frames.includes('PASS'));
    expect(dropped.length).toBeGreaterThanOrEqual(1);
    expect(dropped.reduce((a, b) => a + b, 0)).toBeGreaterThan(10_000);
  });

  it('opening a path that does not exist is a typed error, not an exception', async () => {
    const t = new SerialTransport({ path: '/dev/penbench-no-such-port' });
    const r = await t.open();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ timedOut: false });
    expect(await t.write('x')).toMatchObject({ ok: false });
  });
});
