/**
 * Replay progress and the end of a replay: the session reports how far a
 * replay is (at most 4 updates a second), says plainly when it has finished,
 * keeps the link ready with the replayed data (no lost, no reconnect) and
 * still disconnects cleanly.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PenSession } from '../../../console/session/index.js';
import { loadRecordingText, ReplayMonitor, ReplayTransport, replaySourceFromText } from '../../../console/session/replay/index.js';
import { minSec, replayStatusText, type ReplayStatus } from '../../../console/shared/charts/index.js';
import type { LinkState, LogEntry, PenPush } from '../../../console/shared/index.js';
import { until } from '../../support/until.js';
import { manualClock } from '../../support/manual-clock.js';
import { simSessionRecording } from './support/sim-session.js';

function expectMonotonic(seq: readonly ReplayStatus[]): void {
  for (let i = 1; i < seq.length; i++) {
    expect(seq[i]!.playedLines).toBeGreaterThanOrEqual(seq[i - 1]!.playedLines);
    expect(seq[i]!.deviceMs).toBeGreaterThanOrEqual(seq[i - 1]!.deviceMs);
  }
}

describe('replay progress', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'penbench-replay-progress-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('at 1× reports device time and lines at most every 250 ms, monotonically, and the end exactly once', () => {
    const { text } = simSessionRecording({ durationMs: 30_000, tlmHz: 50 });
    const src = replaySourceFromText('session-r.jsonl', text);
    const clock = manualClock();
    const t = new ReplayTransport(src, { speed: 1, clock });
    const updates: { at: number; s: ReplayStatus; finished: boolean }[] = [];
    const monitor = new ReplayMonitor(t, (s, finished) => updates.push({ at: clock.now(), s, finished }), { clock });
    void t.open();
    let midText = '';
    for (let ms = 0; ms < 32_000; ms += 100) {
      clock.advance(100);
      if (ms === 10_000) midText = replayStatusText(monitor.status);
    }
    // The device-time span is the one the charts' axis gives the same recording.
    const tlm = loadRecordingText('session-r.jsonl', text).tlm;
    const span = tlm.x[tlm.length - 1]! - tlm.x[0]!;
    const last = updates[updates.length - 1]!;
    expect(last.s).toMatchObject({ done: true, playedLines: src.total, totalLines: src.total, deviceMs: span, totalDeviceMs: span });
    expect(updates.filter((u) => u.finished)).toEqual([last]);
    expectMonotonic(updates.map((u) => u.s));
    for (let i = 1; i < updates.length - 1; i++) expect(updates[i]!.at - updates[i - 1]!.at).toBeGreaterThanOrEqual(250);
    expect(updates.length).toBeLessThanOrEqual(32_000 / 250 + 2);
    expect(updates.length).toBeGreaterThan(20_000 / 250);
    expect(midText).toMatch(/^replay of session-r\.jsonl at 1×: 0:(09|10) \/ 0:29, 3[1-4] %$/);
    expect(replayStatusText(last.s)).toBe(`Replay finished: ${src.total.toLocaleString('en-US')} lines, device time ${minSec(span)}`);
    monitor.stop();
  });

  it('a full-speed replay reports progress up to done with every line played, says "Replay finished", stays ready without heartbeat failures, and disconnects cleanly', async () => {
    const name = 'session-20261121T090000Z-sim.jsonl';
    const { text } = simSessionRecording({ durationMs: 20_000, tlmHz: 200 });
    writeFileSync(join(dir, name), text);
    const src = replaySourceFromText(name, text);
    // Short heartbeat and silence limits: several periods pass within a second of real time.
    const session = new PenSession({ recordingsDir: dir, client: { heartbeatMs: 100, silenceMs: 300 } });
    const replays: { at: number; s: ReplayStatus }[] = [];
    const links: LinkState[] = [];
    const log: LogEntry[] = [];
    let lastTlm = -1;
    // The last replay status seen; emptied before the second replay, whose only push may be a 'done' equal
    // to the first one's when a busy machine coalesces all its progress into the end.
    let lastReplay = '';
    session.subscribe((p: PenPush) => {
      if (p.type === 'log') log.push(p.entry);
      if (p.type === 'tlm') lastTlm = p.sample.t;
      if (p.type !== 'state') return;
      if (links[links.length - 1] !== p.state.link) links.push(p.state.link);
      const r = p.state.replay;
      if (r && JSON.stringify(r) !== lastReplay) replays.push({ at: Date.now(), s: r });
      if (r) lastReplay = JSON.stringify(r);
    });
    const t0 = Date.now();
    expect(await session.replayRecording(name, 'full')).toEqual({ ok: true });
    await until(() => replays[replays.length - 1]?.s.done, 'the replay to finish');
    const elapsed = Date.now() - t0;
    const end = replays[replays.length - 1]!.s;
    expect(end).toMatchObject({ name, speed: 'full', done: true, playedLines: src.total, totalLines: src.total });
    expect(end.totalDeviceMs).toBeGreaterThan(19_000);
    expectMonotonic(replays.map((r) => r.s));
    // Bounded: one per 250 ms plus the first and the end, however many lines played.
    expect(replays.length).toBeLessThanOrEqual(Math.ceil(elapsed / 250) + 2);
    const finishedText = `Replay finished: ${src.total.toLocaleString('en-US')} lines, device time ${minSec(end.totalDeviceMs)}.`;
    await until(() => log.some((e) => e.text === finishedText), 'the finished line in the log');

    // After the end: several heartbeat periods (100 ms) and silence limits (300 ms) pass, the link stays ready.
    const beats = session.clientStats!.heartbeatsSent;
    await new Promise((r) => setTimeout(r, 800));
    const snap = await session.getSnapshot();
    expect(snap.state.link).toBe('ready');
    expect(snap.state.problem).toBeNull();
    expect(snap.state.replay).toMatchObject({ done: true, playedLines: src.total });
    expect(session.clientStats!.heartbeatsSent).toBeGreaterThan(beats + 3);
    expect(session.clientStats!.reconnects).toBe(0);
    expect(links.filter((l) => l === 'lost' || l === 'reconnecting')).toEqual([]);
    expect(log.filter((e) => e.kind === 'error')).toEqual([]);
    // The replayed data is still there for the charts, up to the last frame.
    expect(snap.telemetry.length).toBeGreaterThan(0);
    expect(snap.telemetry[snap.telemetry.length - 1]!.t).toBe(lastTlm);

    expect(await session.disconnect()).toEqual({ ok: true });
    const closed = await session.getSnapshot();
    expect(closed.state.link).toBe('closed');
    expect(closed.state.problem).toBeNull();
    await until(() => links[links.length - 1] === 'closed', 'the closed state to be pushed');
    // Another replay starts as usual after Disconnect.
    lastReplay = '';
    expect(await session.replayRecording(name, 'full')).toEqual({ ok: true });
    await until(() => replays.filter((r) => r.s.done).length >= 2, 'the second replay to finish');
    await session.close();
  });
});
