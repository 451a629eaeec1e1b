/** The bridge's per-client send buffer: shedding for a client that falls behind, the catch-up note, and the stuck-client cut-off (fake socket, fake timers). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { BridgeClient, DEFAULT_BRIDGE_LIMITS } from '../../console/server/bridge-client.js';
import type { LogEntry, PenPush, TlmSample } from '../../console/shared/index.js';
import { initialState } from '../../console/session/index.js';

function fakeSocket() {
  const sent: string[] = [];
  const ws = { OPEN: 1, readyState: 1, bufferedAmount: 0, send: (t: string) => sent.push(t) };
  return { ws, sent };
}

const sample: TlmSample = { host: 0, t: 1, s: 'RUN', d: 500, m: 495, r: 120, n: 1, p: 0, c: 300, b: 90 };
const tlm: PenPush = { type: 'tlm', sample };
const state = (n: number): PenPush => ({ type: 'state', state: { ...initialState(), targetLabel: `s${n}` } });
const log = (n: number): PenPush => ({ type: 'log', entry: { id: n, host: 0, kind: 'evt', tag: 'STATE', text: `e${n}` } });
const text = (p: PenPush) => JSON.stringify({ push: p });

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('bridge client send buffer', () => {
  it('sends everything while the client keeps up', () => {
    const { ws, sent } = fakeSocket();
    const c = new BridgeClient(ws as unknown as WebSocket, DEFAULT_BRIDGE_LIMITS, () => undefined);
    for (const p of [tlm, state(1), log(1)]) c.push(p, text(p));
    expect(sent).toHaveLength(3);
    c.dispose();
  });

  it('behind: drops telemetry, keeps only the latest state and the newest logs; caught up: sends them and says what was missed', () => {
    const { ws, sent } = fakeSocket();
    const limits = { ...DEFAULT_BRIDGE_LIMITS, softBytes: 1000, keepLogs: 2 };
    const c = new BridgeClient(ws as unknown as WebSocket, limits, () => undefined);
    ws.bufferedAmount = 5000;
    for (let i = 0; i < 100; i++) c.push(tlm, text(tlm));
    for (let i = 1; i <= 3; i++) c.push(state(i), text(state(i)));
    for (let i = 1; i <= 5; i++) c.push(log(i), text(log(i)));
    expect(sent).toEqual([]);
    ws.bufferedAmount = 0;
    vi.advanceTimersByTime(limits.checkMs);
    const got = sent.map((t) => JSON.parse(t) as { push: PenPush });
    expect(got.slice(0, 3).map((g) => g.push.type)).toEqual(['log', 'log', 'state']);
    expect((got[0]!.push as { entry: LogEntry }).entry.text).toBe('e4');
    expect((got[2]!.push as { state: { targetLabel: string } }).state.targetLabel).toBe('s3');
    const note = (got[3]!.push as { entry: LogEntry }).entry;
    expect(note).toMatchObject({ kind: 'error', tag: 'BRIDGE_SLOW' });
    expect(note.id).toBeLessThan(0);
    expect(note.text).toBe('This page fell behind the console: 100 telemetry samples, 2 state updates and 3 log entries were not sent to it (the charts have a gap). The pen and the console were not affected.');
    c.dispose();
  });

  it('a client whose buffer makes no progress for stuckMs is cut off; one that drains slowly is not', () => {
    const { ws } = fakeSocket();
    const stuck: string[] = [];
    const limits = { ...DEFAULT_BRIDGE_LIMITS, softBytes: 1000, stuckMs: 1000, checkMs: 100 };
    const c = new BridgeClient(ws as unknown as WebSocket, limits, (why) => stuck.push(why));
    ws.bufferedAmount = 50_000;
    for (let t = 0; t < 20; t++) {
      ws.bufferedAmount -= 1000;
      vi.advanceTimersByTime(100);
    }
    expect(stuck).toEqual([]);
    vi.advanceTimersByTime(1200);
    expect(stuck).toEqual(['it read nothing for 1 s']);
    c.dispose();
  });

  it('a buffer past hardBytes is cut off at once', () => {
    const { ws } = fakeSocket();
    const stuck: string[] = [];
    const c = new BridgeClient(ws as unknown as WebSocket, { ...DEFAULT_BRIDGE_LIMITS, hardBytes: 10_000 }, (why) => stuck.push(why));
    ws.bufferedAmount = 20_000;
    vi.advanceTimersByTime(DEFAULT_BRIDGE_LIMITS.checkMs);
    expect(stuck).toEqual(['its send buffer passed 10 KiB']);
    c.dispose();
  });
});
