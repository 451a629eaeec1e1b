/**
 * Raw lines for the terminal and inspector: collected only while someone
 * listens, batched per period (200 Hz telemetry is a few pushes a second, not
 * 200), a batch bounded with the excess counted; and through the session, a
 * typed command's lines and answer arrive in a batch.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WireFeed } from '../../console/session/wire-feed.js';
import { PenSession } from '../../console/session/index.js';
import type { PenPush, WireLine } from '../../console/shared/index.js';

describe('wire feed', () => {
  afterEach(() => vi.useRealTimers());

  it('batches per period, only while subscribed, and bounds a batch', () => {
    vi.useFakeTimers();
    const feed = new WireFeed({ periodMs: 100, maxBatch: 5 });
    feed.add('in', '$1 TLM', 1);
    const got: { lines: readonly WireLine[]; dropped: number }[] = [];
    const unsub = feed.subscribe((lines, dropped) => got.push({ lines, dropped }));
    for (let i = 0; i < 8; i++) feed.add('in', `$${i} TLM`, i);
    expect(got).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(got).toHaveLength(1);
    expect(got[0]!.lines.map((l) => l.l)).toEqual(['$0 TLM', '$1 TLM', '$2 TLM', '$3 TLM', '$4 TLM']);
    expect(got[0]!.dropped).toBe(3);
    unsub();
    expect(feed.active).toBe(false);
    feed.add('out', '$9 PING', 9);
    vi.advanceTimersByTime(500);
    expect(got).toHaveLength(1);
  });

  it('a session pushes a typed command, its answer and telemetry in batches to a watcher, and nothing when none watches', async () => {
    const session = new PenSession({ recordingsDir: null, telemetryHz: 200 });
    const batches: PenPush[] = [];
    session.subscribe((p) => {
      if (p.type === 'wire') batches.push(p);
    });
    try {
      expect((await session.connect({ kind: 'sim' })).ok).toBe(true);
      await new Promise((r) => setTimeout(r, 300));
      expect(batches).toHaveLength(0);
      await session.watchWire(true);
      const r = await session.sendCommand('SET_RATE hz=110');
      expect(r).toMatchObject({ ok: true, reply: expect.stringMatching(/^ACK re=\d+/) });
      const bad = await session.sendCommand('SET_RATE hz=abc');
      expect(bad).toEqual({ ok: false, code: 'BAD_ARGS', message: 'hz: "abc" is not an integer (0..999)', delivery: 'not_sent' });
      await new Promise((r2) => setTimeout(r2, 1000));
      const lines = batches.flatMap((b) => (b.type === 'wire' ? b.lines : []));
      expect(lines.some((l) => l.d === 'out' && / SET_RATE hz=110\*/.test(l.l))).toBe(true);
      expect(lines.filter((l) => / TLM /.test(l.l)).length).toBeGreaterThan(100);
      // 200 Hz telemetry in about ten pushes a second.
      expect(batches.length).toBeLessThan(15);
      // Read again after the accepted command: the console shows the rate the pen has.
      await expect.poll(async () => (await session.getSnapshot()).state.info?.hz).toBe(110);
      await session.watchWire(false);
      const n = batches.length;
      await new Promise((r2) => setTimeout(r2, 400));
      expect(batches.length).toBe(n);
    } finally {
      await session.close();
    }
  });
});
