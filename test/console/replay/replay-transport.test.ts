import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PenClient, type Message } from '../../../protocol/src/index.js';
import { PenSession } from '../../../console/session/index.js';
import { ChartStore, type StoreClock } from '../../../console/shared/charts/index.js';
import { ReplayTransport, replaySourceFromFile, replaySourceFromText } from '../../../console/session/replay/index.js';
import type { PenPush } from '../../../console/shared/index.js';
import { simSessionRecording } from './support/sim-session.js';
import { allReplayLines } from './support/replay-lines.js';
import { until } from '../../support/until.js';
import { manualClock } from '../../support/manual-clock.js';

/** Never notifies by itself: the test compares views, not timing. */
const quietClock: StoreClock = { now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined };

describe('replay transport', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'penbench-replay-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('plays at 10× on the recording\'s clock: 1 s of wall time plays 10 s of the recording', async () => {
    const { text } = simSessionRecording({ durationMs: 30_000, tlmHz: 50 });
    const src = replaySourceFromText('session-r.jsonl', text);
    const clock = manualClock();
    const t = new ReplayTransport(src, { speed: 10, clock });
    const lines: string[] = [];
    t.on('line', (l) => lines.push(l));
    expect((await t.open()).ok).toBe(true);
    clock.advance(1000);
    const { times } = allReplayLines(src);
    const t0 = times[0]!;
    const played = times.filter((w) => w <= t0 + 10_000).length;
    expect(lines.length).toBeGreaterThanOrEqual(played - 30);
    expect(lines.length).toBeLessThanOrEqual(played);
    t.setSpeed(1);
    const before = lines.length;
    clock.advance(1000);
    const oneSecond = lines.length - before;
    expect(oneSecond).toBeGreaterThan(40); // 50 Hz telemetry plus events
    expect(oneSecond).toBeLessThan(70);
    t.setSpeed('full');
    clock.advance(10_000);
    expect(lines.length).toBe(src.total);
    expect(t.progress.done).toBe(true);
    // Recorded answers to the old console are not replayed.
    expect(lines.some((l) => / (ACK|INFO|AREA|CART) /.test(l))).toBe(false);
  });

  it('answers the handshake and queries from the recording and refuses commands as read-only (SR-15)', async () => {
    const { text } = simSessionRecording({ durationMs: 5_000 });
    const src = replaySourceFromText('session-r.jsonl', text);
    const client = new PenClient({ transport: new ReplayTransport(src, { speed: 'full' }), heartbeatMs: 0, reconnect: false });
    const c = await client.connect();
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    expect(c.info.serial).toBe(src.answersByKind.get('HELLO')!.fields.serial);
    const area = await client.request('GET_AREA', { i: 5 });
    expect(area.ok && (area.reply as Message<'AREA'>).fields.area).toBe(src.answers.get('GET_AREA i=5')!.fields.area);
    const cart = await client.request('GET_CART', {});
    expect(cart.ok && (cart.reply as Message<'CART'>).fields.id).toBe('N12-OK-01');
    const depth = await client.request('SET_DEPTH', { um: 1000 });
    expect(depth.ok).toBe(false);
    if (!depth.ok) expect([depth.code, depth.nak?.fields.msg]).toEqual(['BAD_STATE', 'replay: read-only']);
    expect((await client.request('STOP', {})).ok).toBe(true);
    await client.close();
  });

  it('a replay reproduces the recorded chart data: live and replayed sessions give the same decimated series', async () => {
    // Live: the console's session on the built-in simulated pen, recorded as usual.
    const live = new ChartStore({ clock: quietClock });
    const session = new PenSession({ recordingsDir: dir, telemetryHz: 100 });
    let state = '';
    session.subscribe((p: PenPush) => {
      if (p.type === 'tlm') {
        live.push(p.sample);
        state = p.sample.s;
      }
    });
    expect(await session.connect({ kind: 'sim' })).toEqual({ ok: true });
    const path = session.recordingPath!;
    await until(() => state === 'READY', 'the simulated pen to finish booting');
    expect((await session.setArea('CHEEK')).ok).toBe(true);
    expect((await session.setDepth(1000)).ok).toBe(true);
    expect((await session.start()).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 700));
    expect((await session.setDepth(1500)).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 900));
    await session.stop();
    await new Promise((r) => setTimeout(r, 200));
    await session.close();
    expect(live.ring.length).toBeGreaterThan(100);

    // Replay: the same recording through the ReplayTransport, the PenClient and a PenSession.
    const replayed = new ChartStore({ clock: quietClock });
    const src = await replaySourceFromFile(path, 'live');
    const transport = new ReplayTransport(src, { speed: 'full' });
    const replay = new PenSession({ recordingsDir: null, transportFactory: () => () => transport });
    replay.subscribe((p: PenPush) => {
      if (p.type === 'tlm') replayed.push(p.sample);
    });
    expect(await replay.connect({ kind: 'sim' })).toEqual({ ok: true });
    await until(() => transport.progress.done && replayed.ring.length === live.ring.length, 'replay to finish');
    await replay.close();

    for (const win of [30_000, 1_000]) {
      live.setWindow(win);
      replayed.setWindow(win);
      const a = live.view(200);
      const b = replayed.view(200);
      expect(b.measured).toEqual(a.measured);
      expect(b.setpoint).toEqual(a.setpoint);
      expect(b.rate).toEqual(a.rate);
      expect([b.x0, b.x1]).toEqual([a.x0, a.x1]);
    }
    expect(Math.max(...live.view(200).setpoint.y)).toBe(1500);
  }, 20_000);

  it('refuses to open a recording without the pen\'s answer to HELLO', async () => {
    const path = join(dir, 'session-empty.jsonl');
    writeFileSync(path, '{"type":"start","format":1,"wall":1,"target":"sim","console":"penbench"}\n');
    const t = new ReplayTransport(await replaySourceFromFile(path), { speed: 1 });
    const r = await t.open();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('no answer to HELLO');
  });
});
