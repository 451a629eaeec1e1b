/**
 * The push path at 200 Hz (issue 14): the session coalesces state pushes and sends telemetry sample by sample,
 * the bridge and IPC batch samples into rows (order kept), and the page's store notifies each slice at most
 * once per animation frame. Fake timers and frames; real session store, batcher and page store.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionStore } from '../../console/session/index.js';
import { PushBatcher, TLM_KEYS, fromBatch, unpackWirePush, type PenApi, type PenPush, type TlmSample, type WirePush } from '../../console/shared/index.js';
import { PenStore } from '../../console/renderer/src/pen-store.js';

const sample = (t: number): TlmSample => ({ host: 1_700_000_000_000 + t, t, s: 'RUN', d: 1000, m: 990 + (t % 7), r: 120, n: t, p: 1, c: 310, b: 90 });

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('session store', () => {
  it('200 frames a second for a second: every frame pushed, at most one state push per 50 ms, and none for readings alone', () => {
    const store = new SessionStore({ telemetry: 1200, log: 100 }, () => null);
    const pushes: PenPush['type'][] = [];
    store.subscribe((p) => pushes.push(p.type));
    for (let i = 0; i < 200; i++) {
      store.addTelemetry(sample(i * 5), false);
      vi.advanceTimersByTime(5);
    }
    expect(pushes.filter((t) => t === 'tlm')).toHaveLength(200);
    expect(pushes.filter((t) => t === 'state')).toHaveLength(0);
    for (let i = 200; i < 400; i++) {
      store.addTelemetry(sample(i * 5), true); // every frame changes the state (worst case)
      vi.advanceTimersByTime(5);
    }
    const states = pushes.filter((t) => t === 'state').length;
    expect(states).toBeGreaterThan(10);
    expect(states).toBeLessThanOrEqual(21);
    expect(store.snapshot().telemetry).toHaveLength(400);
    store.close();
  });

  it('the telemetry ring keeps the newest, oldest first', () => {
    const store = new SessionStore({ telemetry: 10, log: 10 }, () => null);
    for (let i = 0; i < 25; i++) store.addTelemetry(sample(i), false);
    expect(store.telemetry().map((s) => s.t)).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
    store.close();
  });
});

describe('push batching (bridge and IPC)', () => {
  it('samples wait at most 16 ms, go as one batch of rows, and any other push first flushes them: order kept', () => {
    const sent: WirePush[] = [];
    const b = new PushBatcher((p) => sent.push(p));
    for (let i = 0; i < 3; i++) b.push({ type: 'tlm', sample: sample(i) });
    expect(sent).toHaveLength(0);
    b.push({ type: 'log', entry: { id: 1, host: 0, kind: 'evt', tag: 'SKIN', text: 'x' } });
    b.push({ type: 'tlm', sample: sample(3) });
    vi.advanceTimersByTime(16);
    expect(sent.map((p) => p.type)).toEqual(['tlm-batch', 'log', 'tlm-batch']);
    const first = sent[0] as Extract<WirePush, { type: 'tlm-batch' }>;
    expect(first.keys).toEqual(TLM_KEYS);
    expect(fromBatch(first)).toEqual([sample(0), sample(1), sample(2)]);
    // Unpacked, the receiver sees the session's stream again.
    const seen: PenPush[] = [];
    for (const p of sent) unpackWirePush(p, (x) => seen.push(x));
    expect(seen.map((p) => (p.type === 'tlm' ? p.sample.t : p.type))).toEqual([0, 1, 2, 'log', 3]);
  });

  it('a 10× replay (2 000 samples a second) crosses in ≤ 63 messages a second, under half the bytes of one push per sample', () => {
    const sent: string[] = [];
    const b = new PushBatcher((p) => sent.push(JSON.stringify({ push: p })));
    for (let i = 0; i < 2000; i++) {
      b.push({ type: 'tlm', sample: sample(i * 5) });
      if (i % 2 === 1) vi.advanceTimersByTime(1);
    }
    b.flush();
    const single = JSON.stringify({ push: { type: 'tlm', sample: sample(5000) } }).length * 2000;
    const batched = sent.reduce((n, t) => n + t.length, 0);
    expect(sent.length).toBeLessThanOrEqual(63);
    expect(batched).toBeLessThan(single / 2);
  });
});

describe('page store', () => {
  function fakeApi() {
    let listener: ((p: PenPush) => void) | null = null;
    const api = {
      subscribe: (l: (p: PenPush) => void) => ((listener = l), () => (listener = null)),
      getSnapshot: () => new Promise(() => undefined),
    } as unknown as PenApi;
    return { api, push: (p: PenPush) => listener!(p) };
  }

  it('notifies each slice at most once per animation frame, and the state slice never for telemetry', () => {
    const frames: (() => void)[] = [];
    const { api, push } = fakeApi();
    const store = new PenStore(api, { request: (cb) => frames.push(cb), cancel: () => undefined });
    void store.attach();
    let stateRenders = 0;
    let tlmRenders = 0;
    store.subscribeTo('state', () => stateRenders++);
    store.subscribeTo('tlm', () => tlmRenders++);
    for (let i = 0; i < 40; i++) push({ type: 'tlm', sample: sample(i) });
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect({ stateRenders, tlmRenders, latest: store.getLatest()?.t }).toEqual({ stateRenders: 0, tlmRenders: 1, latest: 39 });
    for (let i = 40; i < 80; i++) push({ type: 'tlm', sample: sample(i) });
    frames.shift()!();
    expect(tlmRenders).toBe(2);
    expect(stateRenders).toBe(0);
  });
});
