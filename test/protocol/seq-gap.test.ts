/** Loss counting from the pen's seq numbers, across the 65535 → 0 wrap. */
import { describe, expect, it } from 'vitest';
import { RttWindow, SeqGapCounter } from '../../protocol/src/index.js';

describe('SeqGapCounter', () => {
  it('counts the frames missing between two seqs', () => {
    const g = new SeqGapCounter();
    for (const s of [10, 11, 14, 15, 20]) g.observe(s, false);
    expect(g.lost).toBe(2 + 4);
  });

  it('wraps from 65535 to 0 without counting a loss, and counts a gap across the wrap', () => {
    const g = new SeqGapCounter();
    for (const s of [65534, 65535, 0, 1]) g.observe(s, false);
    expect(g.lost).toBe(0);
    g.observe(65533, false);
    const h = new SeqGapCounter();
    h.observe(65534, false);
    h.observe(2, false);
    expect(h.lost).toBe(3);
  });

  it('takes a repeated or slightly older seq on an answer as a replay, not a loss', () => {
    const g = new SeqGapCounter();
    g.observe(100);
    g.observe(101);
    expect(g.observe(100)).toEqual({ kind: 'replay', lost: 0 });
    expect(g.observe(102)).toEqual({ kind: 'next', lost: 0 });
    expect(g.replays).toBe(1);
    expect(g.lost).toBe(0);
  });

  it('takes a TLM/EVT going backwards as a restarted pen counter (they are never replayed)', () => {
    const g = new SeqGapCounter();
    g.observe(500, false);
    expect(g.observe(0, false)).toEqual({ kind: 'restart', lost: 0 });
    expect(g.observe(1, false)).toEqual({ kind: 'next', lost: 0 });
    expect(g.restarts).toBe(1);
  });

  it('resync() forgets the last seq', () => {
    const g = new SeqGapCounter();
    g.observe(10, false);
    g.resync();
    expect(g.observe(3, false).kind).toBe('first');
  });
});

describe('RttWindow', () => {
  it('gives nearest-rank percentiles over the last N samples', () => {
    const w = new RttWindow(100);
    expect(w.percentile(50)).toBeNull();
    for (let i = 1; i <= 100; i++) w.add(i);
    expect(w.percentile(50)).toBe(50);
    expect(w.percentile(99)).toBe(99);
    for (let i = 0; i < 100; i++) w.add(1000);
    expect(w.percentile(50)).toBe(1000);
    expect(w.count).toBe(200);
  });
});
