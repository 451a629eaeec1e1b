import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PenSession } from '../../../console/session/index.js';
import { parseReplayTarget, replayFactory, replayTarget, type ReplayTransport } from '../../../console/session/replay/index.js';
import type { PenPush } from '../../../console/shared/index.js';
import { simSessionRecording } from './support/sim-session.js';

describe('replay targets', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'penbench-replay-target-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips name and speed through a replay:// path, and leaves other targets alone', () => {
    for (const speed of [1, 10, 'full'] as const) {
      expect(parseReplayTarget(replayTarget('session-a.jsonl', speed))).toEqual({ name: 'session-a.jsonl', speed });
    }
    expect(parseReplayTarget({ kind: 'sim' })).toBeNull();
    expect(parseReplayTarget({ kind: 'serial', path: '/dev/ttyACM0' })).toBeNull();
    expect(parseReplayTarget({ kind: 'serial', path: 'replay://x.jsonl?speed=3' })).toBeNull();
  });

  it('a PenSession replays a recording through the replay factory and refuses commands as read-only (SR-15)', async () => {
    const name = 'session-20261121T090000Z-sim.jsonl';
    writeFileSync(join(dir, name), simSessionRecording({ durationMs: 8_000, tlmHz: 50 }).text);
    const target = replayTarget(name, 'full');
    let transport: ReplayTransport | null = null;
    const session = new PenSession({ recordingsDir: null, transportFactory: (t) => replayFactory(dir, t, (x) => (transport = x)) });
    let frames = 0;
    session.subscribe((p: PenPush) => {
      if (p.type === 'tlm') frames++;
    });
    expect(await session.connect(target)).toEqual({ ok: true });
    const snap = await session.getSnapshot();
    expect(snap.state.areas.length).toBe(12);
    const refused = await session.setDepth(1000);
    expect(refused.ok).toBe(false);
    const end = Date.now() + 5000;
    while (!(transport as ReplayTransport | null)?.progress.done && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect((transport as ReplayTransport | null)?.progress.done).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(frames).toBeGreaterThan(8 * 50 * 0.9);
    await session.close();
  });

  it('a name that is not a recording fails to open with the reason', async () => {
    const session = new PenSession({ recordingsDir: null, transportFactory: (t) => replayFactory(dir, t) });
    const r = await session.connect(replayTarget('../etc/passwd', 1));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('not a recording');
    await session.close();
  });
});
