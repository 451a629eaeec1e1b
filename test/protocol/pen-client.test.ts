/** PenClient against a scripted PenLink peer over an in-process pair (fake timers, injected clock). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  MemoryPair, PenClient, PROTO_VERSION, SCHEMA_HASH, type LinkState, type PenClientOptions, type RawLine,
} from '../../protocol/src/index.js';
import { ScriptedPen } from './support/scripted-pen.js';
import { globalTimersClock as clock, kindOf } from './support/wire-helpers.js';

async function rig(opts: Partial<PenClientOptions> = {}, pen: ConstructorParameters<typeof ScriptedPen>[1] = {}) {
  const pair = new MemoryPair();
  await pair.b.open();
  const scripted = new ScriptedPen(pair.b, pen);
  const client = new PenClient({ transport: pair.a, clock, timeoutMs: 100, retries: 2, heartbeatMs: 50, silenceMs: 300, reconnect: { initialMs: 100, maxMs: 400 }, ...opts });
  const states: LinkState[] = [];
  client.on('state', (s) => states.push(s.state));
  return { pair, pen: scripted, client, states };
}

/** Run an async operation while fake time passes. */
async function during<T>(p: Promise<T>, ms = 50): Promise<T> {
  await vi.advanceTimersByTimeAsync(ms);
  return p;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('PenClient handshake', () => {
  it('HELLO with matching proto and schema reaches ready, with the identity and limits the pen reported in INFO', async () => {
    const { client, states } = await rig();
    const r = await during(client.connect());
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.info).toMatchObject({ serial: 'PB000123', proto: PROTO_VERSION, schema: SCHEMA_HASH });
      expect(r.info).toMatchObject({ dmin: 250, dmax: 2500, dstep: 50, rmin: 50, rmax: 150, tmax: 200 });
    }
    expect(states).toEqual(['opening', 'handshaking', 'ready']);
    expect(client.info?.serial).toBe('PB000123');
    expect(client.status).toBeNull();
    await client.close();
  });

  it('GET_STATUS answers STATUS with the state and settings, kept as client.status', async () => {
    const { client } = await rig({ heartbeatMs: 0 });
    await during(client.connect());
    const r = await during(client.request('GET_STATUS', {}));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.reply).toMatchObject({ kind: 'STATUS', fields: { st: 'READY', area: 'CHEEK', um: 500, hz: 120, eng: 0 } });
    expect(client.status).toMatchObject({ st: 'READY', um: 500 });
    await client.close();
  });

  it('a pen with another protocol version: connect fails VERSION_MISMATCH spelling out pen and console values', async () => {
    const { client, states } = await rig({}, { proto: PROTO_VERSION + 1 });
    const r = await during(client.connect());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBe('VERSION_MISMATCH');
    expect(r.pen).toEqual({ proto: PROTO_VERSION + 1, schema: SCHEMA_HASH });
    expect(r.ours).toEqual({ proto: PROTO_VERSION, schema: SCHEMA_HASH });
    expect(r.message).toBe(
      `pen speaks proto ${PROTO_VERSION + 1} schema ${SCHEMA_HASH}; console speaks proto ${PROTO_VERSION} schema ${SCHEMA_HASH}: ` +
      `protocol version differs (pen ${PROTO_VERSION + 1}, console ${PROTO_VERSION})`,
    );
    expect(states.at(-1)).toBe('closed');
  });

  it('a pen built from another catalogue: the message names the schema hashes', async () => {
    const { client } = await rig({}, { schema: 'DEADBEEF' });
    const r = await during(client.connect());
    expect(!r.ok && r.message).toContain(`schema hash differs (pen DEADBEEF, console ${SCHEMA_HASH})`);
  });

  it('a silent peer: connect fails HANDSHAKE_FAILED after bounded retries', async () => {
    const { client, pair } = await rig();
    pair.setFilter((_l, dir) => (dir === 'bToA' ? null : _l));
    const r = await during(client.connect(), 1000);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/HELLO failed: TIMEOUT no answer to HELLO seq 0 after 3 attempt/);
    expect(client.state).toBe('closed');
  });
});

describe('PenClient requests', () => {
  it('retransmits a dropped command with the same seq and body; the pen executes it once', async () => {
    const { client, pair, pen } = await rig({ heartbeatMs: 0 });
    await during(client.connect());
    let dropped = 0;
    const out: string[] = [];
    pair.setFilter((l, dir) => {
      if (dir === 'aToB' && kindOf(l) === 'SET_DEPTH') {
        out.push(l);
        if (dropped++ === 0) return null;
      }
      return l;
    });
    const r = await during(client.request('SET_DEPTH', { um: 1500 }), 300);
    expect(r).toMatchObject({ ok: true, attempts: 2 });
    expect(out).toHaveLength(2);
    expect(out[1]).toBe(out[0]);
    expect(pen.count('SET_DEPTH')).toBe(1);
    expect(client.stats.retransmits).toBe(1);
    await client.close();
  });

  it('retransmits after a dropped answer; the pen dedupes and replays its first answer', async () => {
    const { client, pair, pen } = await rig({ heartbeatMs: 0 });
    await during(client.connect());
    let dropped = 0;
    pair.setFilter((l, dir) => (dir === 'bToA' && kindOf(l) === 'ACK' && dropped++ === 0 ? null : l));
    const r = await during(client.request('SET_DEPTH', { um: 1500 }), 300);
    expect(r).toMatchObject({ ok: true, attempts: 2, reply: { kind: 'ACK' } });
    expect(pen.count('SET_DEPTH')).toBe(1);
    expect(pen.link.stats.rxDuplicates).toBe(1);
    // The replay carries the seq of the dropped ACK, so in the end no pen frame is missing.
    expect(client.stats.lostFrames).toBe(0);
    await client.close();
  });

  it('gives up after the bounded retries with a clear TIMEOUT result (never throws)', async () => {
    const { client, pair } = await rig({ heartbeatMs: 0 });
    await during(client.connect());
    pair.setFilter((l, dir) => (dir === 'aToB' && kindOf(l) === 'START' ? null : l));
    const r = await during(client.request('START', {}), 1000);
    expect(r).toMatchObject({ ok: false, error: 'TIMEOUT', attempts: 3 });
    if (!r.ok) expect(r.message).toMatch(/no answer to START seq \d+ after 3 attempt\(s\) of 100 ms/);
    expect(client.stats).toMatchObject({ retransmits: 2, timeouts: 1 });
    expect(client.state).toBe('ready');
    await client.close();
  });

  it('a NAK is a result value with its reason code', async () => {
    const { client } = await rig({ heartbeatMs: 0 });
    await during(client.connect());
    const r = await during(client.request('SET_DEPTH', { um: 3000 }));
    expect(r).toMatchObject({ ok: false, error: 'NAK', code: 'DEPTH_RANGE', nak: { fields: { max: 2500 } } });
    await client.close();
  });

  it('refuses to send when not connected, and names the bad key of fields that do not encode', async () => {
    const { client } = await rig({ heartbeatMs: 0 });
    expect(await client.request('PING', {})).toMatchObject({ ok: false, error: 'NOT_CONNECTED' });
    await during(client.connect());
    expect(await client.request('SET_AREA', { area: 'lower case' })).toMatchObject({ ok: false, error: 'INVALID', key: 'area' });
    await client.close();
  });

  it('close() resolves pending requests with CLOSED and does not reconnect', async () => {
    const { client, pair, states } = await rig({ heartbeatMs: 0 });
    await during(client.connect());
    pair.setFilter((l, dir) => (dir === 'bToA' ? null : l));
    const p = client.request('START', {});
    await client.close();
    expect(await p).toMatchObject({ ok: false, error: 'CLOSED' });
    await vi.advanceTimersByTimeAsync(2000);
    expect(states.at(-1)).toBe('closed');
  });
});

describe('PenClient heartbeat, telemetry and stats', () => {
  it('sends a PING every heartbeat period while ready (keeps the SR-11 lease)', async () => {
    const { client, pen } = await rig({ heartbeatMs: 50 });
    await during(client.connect(), 0);
    await vi.advanceTimersByTimeAsync(500);
    expect(pen.count('PING')).toBeGreaterThanOrEqual(9);
    expect(pen.count('PING')).toBeLessThanOrEqual(11);
    expect(client.stats.rttSamples).toBeGreaterThanOrEqual(9);
    expect(client.stats.rttP99Ms).not.toBeNull();
    await client.close();
  });

  it('counts lost telemetry from pen seq gaps and emits every TLM it got', async () => {
    const { client, pair, pen } = await rig({ heartbeatMs: 0 });
    await during(client.connect());
    const got: number[] = [];
    client.on('telemetry', (m) => got.push(m.fields.t));
    let n = 0;
    pair.setFilter((l, dir) => (dir === 'bToA' && kindOf(l) === 'TLM' && [3, 4, 8].includes(n++) ? null : l));
    for (let t = 0; t < 10; t++) pen.link.emit('TLM', { t, s: 'RUN', d: 1500, m: 1500, r: 120, n: t, p: 0, c: 300, b: 90 });
    await vi.advanceTimersByTimeAsync(1);
    expect(got).toEqual([0, 1, 2, 5, 6, 7, 9]);
    expect(client.stats).toMatchObject({ lostFrames: 3, telemetryFrames: 7 });
    await client.close();
  });

  it('counts a CRC error and a dropped line', async () => {
    const { client, pair } = await rig({ heartbeatMs: 0 });
    await during(client.connect());
    await pair.b.write('$5 TLM t=1*0000');
    await pair.b.write('hello?');
    await vi.advanceTimersByTimeAsync(1);
    expect(client.stats).toMatchObject({ crcErrors: 1, droppedLines: 2 });
    await client.close();
  });

  it('reports every raw line in and out with a timestamp', async () => {
    const { client } = await rig({ heartbeatMs: 0 });
    const raw: RawLine[] = [];
    client.on('raw', (r) => raw.push(r));
    vi.setSystemTime(1_000_000);
    await during(client.connect());
    expect(raw.map((r) => [r.dir, kindOf(r.line)])).toEqual([['out', 'HELLO'], ['in', 'INFO']]);
    expect(raw[0]!.line.startsWith('$0 HELLO')).toBe(true);
    expect(raw[0]!.wall).toBe(1_000_000);
    expect(typeof raw[1]!.t).toBe('number');
    await client.close();
  });
});

describe('PenClient link loss and reconnection', () => {
  it('a pen that goes silent: ready → lost → reconnecting → ready again when it comes back', async () => {
    const { client, pair, states } = await rig();
    await during(client.connect());
    pair.setFilter((l, dir) => (dir === 'bToA' ? null : l));
    const pendingDuringLoss = client.request('START', {}, { timeoutMs: 10_000 });
    await vi.advanceTimersByTimeAsync(400);
    expect(states).toContain('lost');
    expect(await pendingDuringLoss).toMatchObject({ ok: false, error: 'LINK_LOST' });
    await vi.advanceTimersByTimeAsync(1500);
    expect(client.state === 'reconnecting' || client.state === 'opening' || client.state === 'handshaking').toBe(true);
    pair.setFilter(undefined);
    await vi.advanceTimersByTimeAsync(1500);
    expect(client.state).toBe('ready');
    const i = states.indexOf('lost');
    expect(states.slice(i, i + 2)).toEqual(['lost', 'reconnecting']);
    expect(states.at(-1)).toBe('ready');
    expect(client.stats.reconnects).toBeGreaterThanOrEqual(2);
    expect((await during(client.request('PING', {}))).ok).toBe(true);
    await client.close();
  });

  it('a pulled cable surfaces as a disconnected transport error, then reconnects with backoff once plugged', async () => {
    const { client, pair, pen, states } = await rig();
    const errors: { disconnected: boolean }[] = [];
    client.on('error', (e) => errors.push(e));
    await during(client.connect());
    pair.unplug();
    await vi.advanceTimersByTimeAsync(1);
    expect(states.slice(-2)).toEqual(['lost', 'reconnecting']);
    expect(errors.some((e) => e.disconnected)).toBe(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(client.state).toBe('reconnecting');
    pair.plug();
    await pen.transport.open();
    await vi.advanceTimersByTimeAsync(1000);
    expect(client.state).toBe('ready');
    expect(states.filter((s) => s === 'ready')).toHaveLength(2);
    await client.close();
  });

  it('with reconnect disabled, a loss ends in closed', async () => {
    const { client, pair, states } = await rig({ reconnect: false });
    await during(client.connect());
    pair.unplug();
    await vi.advanceTimersByTimeAsync(10);
    expect(states.slice(-2)).toEqual(['lost', 'closed']);
  });
});
