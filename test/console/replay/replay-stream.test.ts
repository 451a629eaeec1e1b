/**
 * A replay streams its recording from the file while it plays: the index
 * (built in one pass, in the recordings worker for the session) holds a few
 * numbers per block of lines, and the lines are read block by block as the
 * replay reaches them. Every line plays in order and on time, seeks and
 * next/previous land where a whole-file replay would, undecodable lines pass
 * through as they were, and the file is read incrementally: the replay has
 * played before the file was read, holds a few blocks at most, and a file cut
 * short under a running replay fails it with the reason.
 */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BLOCK_BYTES, BLOCK_LINES, readRecordingText, RecordingsWorker, ReplayTransport, replaySourceFromFile, replaySourceFromText, type ReplaySource,
} from '../../../console/session/replay/index.js';
import type { TransportError } from '../../../protocol/src/index.js';
import { manualClock } from '../../support/manual-clock.js';
import { until } from '../../support/until.js';
import { simSessionRecording } from './support/sim-session.js';

const NAME = 'session-20261121T090000Z-sim.jsonl';
const ANSWER = / (ACK|NAK|INFO|STATUS|CART|AREA|CHAL)[ *]/;

/**
 * Two minutes of 100 Hz telemetry from the simulator, with lines a replay must pass through as they were (a TLM
 * with a wrong CRC, a torn frame, bytes that are not ASCII) and notes in UTF-8 between them (byte positions
 * must not drift).
 */
function recording(): string {
  const { text } = simSessionRecording({
    durationMs: 120_000, tlmHz: 100,
    plan: [
      { at: 500, cmds: [['SET_AREA', { area: 'CHEEK' }], ['SET_DEPTH', { um: 1000 }], ['START', {}]] },
      { at: 40_000, cmds: [['STOP', {}]] },
      { at: 40_200, cmds: [['START', {}]] },
      { at: 80_000, cmds: [['STOP', {}]] },
    ],
  });
  const out: string[] = [];
  text.split('\n').forEach((raw, k) => {
    out.push(raw);
    if (k > 0 && k % 997 === 0) out.push(JSON.stringify({ w: 1, d: 'note', l: `Notiz · 日本語 ${k}` }));
    if (k > 0 && k % 2503 === 0 && raw.includes(' TLM ')) {
      const o = JSON.parse(raw) as { w: number; t: number; l: string };
      out.push(JSON.stringify({ ...o, l: o.l.replace(/\*[0-9A-F]{4}$/, '*0000') }));
      out.push(JSON.stringify({ ...o, l: o.l.slice(0, 12) }));
      out.push(JSON.stringify({ ...o, l: '$9 EVT ev=NOÏSE*ZZ' }));
    }
  });
  return out.join('\n');
}

/** What a replay must play, read independently of the replay code: the pen's lines that are not answers, with their host times. */
function expected(text: string): { lines: string[]; times: number[] } {
  const lines: string[] = [];
  const times: number[] = [];
  readRecordingText(text, (d, line, w) => {
    if (d === 'in' && !ANSWER.test(line)) {
      lines.push(line);
      times.push(w);
    }
  });
  return { lines, times };
}

/** Lets the block reads under way finish, then fires what the clock has due. */
async function settle(src: ReplaySource, clock: ReturnType<typeof manualClock>): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await until(() => src.lines.pending === 0, 'block reads');
    await new Promise((r) => setImmediate(r));
    clock.advance(0);
  }
}

describe('replay streamed from the file', () => {
  let dir: string;
  let path: string;
  let text: string;
  let want: { lines: string[]; times: number[] };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'penbench-replay-stream-'));
    path = join(dir, NAME);
    text = recording();
    writeFileSync(path, text);
    want = expected(text);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('plays every line in order on the recording\'s clock at 10×, undecodable lines as they were, from a few blocks at a time', async () => {
    const src = await replaySourceFromFile(path, NAME);
    expect(src.total).toBe(want.lines.length);
    expect(src.lines.count).toBeGreaterThan(10);
    expect(want.lines.some((l) => l.endsWith('*0000'))).toBe(true);
    expect(want.lines).toContain('$9 EVT ev=NOÏSE*ZZ');
    // The index is a small fraction of the file (the lines are not in it).
    const b = src.blocks;
    const indexBytes = [b.starts, b.first, b.w0, b.dev0, b.carry, b.axis, src.hzAt, src.hz].reduce((n, a) => n + a.byteLength, 0);
    expect(indexBytes).toBeLessThan(Buffer.byteLength(text) / 100);

    const clock = manualClock();
    const t = new ReplayTransport(src, { speed: 10, clock });
    const played: { line: string; at: number }[] = [];
    t.on('line', (line) => played.push({ line, at: clock.now() }));
    expect((await t.open()).ok).toBe(true);
    const t0 = clock.now();
    await settle(src, clock);
    // Playing after the first block was read: the rest of the file was not.
    expect(played.length).toBeGreaterThan(0);
    expect(src.lines.reads).toBeLessThan(src.lines.count);
    while (!t.progress.done) {
      clock.advance(20);
      await settle(src, clock);
    }
    expect(played.map((p) => p.line)).toEqual(want.lines);
    // Never early, and never later than one 20 ms tick, on the recording's clock at 10×.
    const w0 = want.times[0]!;
    played.forEach((p, i) => {
      const due = t0 + (want.times[i]! - w0) / 10;
      expect(p.at).toBeGreaterThanOrEqual(due - 1e-6);
      expect(p.at).toBeLessThanOrEqual(due + 20 + 1e-6);
    });
    expect(src.lines.maxHeld).toBeLessThanOrEqual(4);
    await t.close();
  });

  it('seeks and next/previous event land where a replay of the whole text does', async () => {
    const fromFile = await replaySourceFromFile(path, NAME);
    const fromText = replaySourceFromText(NAME, text);
    const clock = manualClock();
    const a = new ReplayTransport(fromFile, { speed: 1, clock });
    const b = new ReplayTransport(fromText, { speed: 1, clock });
    const linesA: string[] = [];
    const linesB: string[] = [];
    a.on('line', (l) => linesA.push(l));
    b.on('line', (l) => linesB.push(l));
    expect((await a.open()).ok).toBe(true);
    expect((await b.open()).ok).toBe(true);
    for (const [ms, preroll] of [[61_234, 3_000], [15_000, 0], [100_000, 20_000], [0, 0]] as const) {
      a.seek(ms, preroll);
      b.seek(ms, preroll);
      await settle(fromFile, clock);
      clock.advance(5);
      await settle(fromFile, clock);
      expect(a.progress).toEqual(b.progress);
      expect(a.progress.deviceMs).toBeLessThanOrEqual(ms);
      expect(linesA).toEqual(linesB);
      for (const to of ['next', 'prev'] as const) for (const what of ['event', 'fault'] as const) expect(a.markFrom(to, what)).toBe(b.markFrom(to, what));
    }
    const next = a.markFrom('next', 'event');
    expect(next).not.toBeNull();
    a.seek(next!, 0);
    await settle(fromFile, clock);
    expect(a.progress.deviceMs).toBe(next);
    expect(fromFile.lines.maxHeld).toBeLessThanOrEqual(5);
    await a.close();
    await b.close();
  });

  it('a block also ends at BLOCK_BYTES of file: long notes between the lines keep each block\'s read small', async () => {
    const short = simSessionRecording({ durationMs: 6_000, tlmHz: 50 }).text.split('\n');
    const padded = short.flatMap((raw, k) => (k % 10 === 5 ? [raw, JSON.stringify({ w: 1, d: 'note', l: 'x'.repeat(30_000) })] : [raw])).join('\n');
    const file = join(dir, 'session-20261121T110000Z-sim.jsonl');
    writeFileSync(file, padded);
    const src = await replaySourceFromFile(file, 'padded');
    const { starts } = src.blocks;
    expect(src.total).toBeLessThan(BLOCK_LINES);
    expect(src.lines.count).toBeGreaterThan(5);
    for (let b = 0; b < src.lines.count; b++) expect(starts[b + 1]! - starts[b]!).toBeLessThan(BLOCK_BYTES + 64 * 1024);
    const t = new ReplayTransport(src, { speed: 'full' });
    const lines: string[] = [];
    t.on('line', (l) => lines.push(l));
    expect((await t.open()).ok).toBe(true);
    await until(() => t.progress.done, 'the replay to finish');
    expect(lines).toEqual(expected(padded).lines);
    await t.close();
  });

  it('the recordings worker indexes it; a file cut short under the running replay stops it with the reason', async () => {
    const copy = join(dir, 'session-20261121T100000Z-sim.jsonl');
    writeFileSync(copy, text);
    const worker = new RecordingsWorker();
    try {
      const src = await worker.replaySource(dir, 'session-20261121T100000Z-sim.jsonl');
      expect(src.total).toBe(want.lines.length);
      const t = new ReplayTransport(src, { speed: 1, chunk: 100 });
      const lines: string[] = [];
      const errors: TransportError[] = [];
      t.on('line', (l) => lines.push(l));
      t.on('error', (e) => errors.push(e));
      expect((await t.open()).ok).toBe(true);
      await until(() => lines.length > 0, 'the first lines');
      // Cut the file in half: the blocks past the cut cannot be read as indexed.
      truncateSync(copy, Math.floor(Buffer.byteLength(text) / 2));
      t.setSpeed('full');
      await until(() => errors.length > 0, 'the replay to fail');
      expect(errors[0]!.message).toMatch(/replay of session-20261121T100000Z-sim\.jsonl: .*(shorter than when the replay started|changed since the replay started)/);
      const n = lines.length;
      expect(n).toBeGreaterThan(BLOCK_LINES);
      expect(n).toBeLessThan(want.lines.length);
      expect(lines).toEqual(want.lines.slice(0, n));
      expect(t.progress.done).toBe(false);
      await t.close();
    } finally {
      await worker.close();
    }
  });
});
