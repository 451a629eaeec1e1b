import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PenSession } from '../../../console/session/index.js';
import { RecordingsService } from '../../../console/session/replay/index.js';
import { LiveFeed, eventsSinceConnect } from '../../../console/renderer/charts/live-feed.js';
import type { LogEntry, PenPush } from '../../../console/shared/index.js';
import { until } from '../../support/until.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('live session summary', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'penbench-live-summary-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the console\'s live summary equals the summary of the recording made of the same session', async () => {
    const session = new PenSession({ recordingsDir: dir, telemetryHz: 100 });
    const feed = new LiveFeed();
    feed.attach(session);
    let state = '';
    session.subscribe((p: PenPush) => {
      if (p.type === 'tlm') state = p.sample.s;
    });
    expect(await session.connect({ kind: 'sim' })).toEqual({ ok: true });
    const path = session.recordingPath!;
    await until(() => state === 'READY', 'the simulated pen to finish booting');
    for (const [area, um] of [['FOREHEAD', 500], ['CHEEK', 1000]] as const) {
      expect((await session.setArea(area)).ok).toBe(true);
      expect((await session.setDepth(um)).ok).toBe(true);
      expect((await session.start()).ok).toBe(true);
      await pause(900);
      expect((await session.stop()).ok).toBe(true);
      await until(() => state !== 'RUN' && state !== 'STOP', 'the needle to retract');
    }
    await pause(100);
    await session.close();

    const live = feed.summary();
    const recorded = (await new RecordingsService(dir).load(basename(path))).summary;
    // Events: the pen's EVT frames only, not the area, fault and cartridge changes the feed infers from state.
    expect(live.events).toBeGreaterThan(0);
    expect(live.events).toBe(recorded.events);
    expect(live.tlmFrames).toBe(recorded.tlmFrames);
    expect(live.needleOnMs).toBe(recorded.needleOnMs);
    expect(live.areas.map((a) => [a.area, a.passes, a.maxDepthUm])).toEqual(recorded.areas.map((a) => [a.area, a.passes, a.maxDepthUm]));
    expect(live.cartridges.map((c) => c.id)).toEqual(recorded.cartridges.map((c) => c.id));
  }, 20_000);

  it('a window attaching mid-session counts only the events of the current connection in the log', () => {
    let id = 0;
    const entry = (kind: LogEntry['kind'], tag: string): LogEntry => ({ id: ++id, host: 0, kind, tag, text: '' });
    const log = [
      entry('link', 'CONNECT'), entry('evt', 'BOOT'), entry('evt', 'CART_IN'), entry('link', 'closed'),
      entry('link', 'CONNECT'), entry('evt', 'BOOT'), entry('nak', 'BAD_ARGS'), entry('evt', 'AREA'),
    ];
    expect(eventsSinceConnect(log)).toBe(2);
    expect(eventsSinceConnect([])).toBe(0);
  });
});
