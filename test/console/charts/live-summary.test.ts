import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PenSession } from '../../../console/session/index.js';
import { RecordingsService } from '../../../console/session/replay/index.js';
import { LiveFeed } from '../../../console/renderer/charts/live-feed.js';
import type { PenPush } from '../../../console/shared/index.js';
import { until } from '../../support/until.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('live session summary', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'penbench-live-summary-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the console\'s live summary equals the summary of the recording made of the same session, and a new connection starts it over', async () => {
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
    // A fault, to compare its time: the summary dates it by the pen's device time, as the charts' axis does.
    expect((await session.engOpen()).ok).toBe(true);
    expect((await session.start()).ok).toBe(true);
    await until(() => state === 'RUN', 'the pen to run');
    expect((await session.simFault('STALL')).ok).toBe(true);
    await until(() => state === 'FAULT', 'the stall to latch RATE_DEVIATION');
    await pause(100);
    await session.disconnect();
    // The state push after the disconnect carries the summary of everything recorded.
    await pause(150);
    const live = feed.summary();
    const recorded = (await new RecordingsService(dir).load(basename(path))).summary;
    // Events: the pen's EVT frames only.
    expect(live.events).toBeGreaterThan(0);
    expect(live.events).toBe(recorded.events);
    expect(live.tlmFrames).toBe(recorded.tlmFrames);
    expect(live.needleOnMs).toBe(recorded.needleOnMs);
    expect(live.areas.map((a) => [a.area, a.passes, a.maxDepthUm])).toEqual(recorded.areas.map((a) => [a.area, a.passes, a.maxDepthUm]));
    expect(live.cartridges.map((c) => c.id)).toEqual(recorded.cartridges.map((c) => c.id));
    expect(live.faults.map((f) => [f.code, f.t])).toEqual([['RATE_DEVIATION', recorded.faults[0]!.t]]);
    expect(recorded.faults.map((f) => f.code)).toEqual(['RATE_DEVIATION']);
    expect(feed.store.ring.length).toBeGreaterThan(0);

    // Another connection: the summary and the charts start over (counted from this session's start, not the page's).
    expect(await session.connect({ kind: 'sim' })).toEqual({ ok: true });
    await until(() => feed.summary().tlmFrames > 0 && feed.summary().tlmFrames < live.tlmFrames, 'the new connection\'s summary');
    expect(feed.summary().areas.map((a) => a.area)).not.toContain('CHEEK');
    expect(feed.store.ring.length).toBeLessThan(live.tlmFrames);
    await session.close();
  }, 20_000);
});
