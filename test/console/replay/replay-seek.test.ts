/**
 * Seeking a replay: the preroll before the target plays at once (also while
 * held), playback then goes on from the target at its speed; next/previous
 * event and fault are found from the position; the recorded set rate follows
 * the recording (STATUS, acknowledged SET_RATE).
 */
import { describe, expect, it } from 'vitest';
import { ReplayTransport, replaySourceFromText } from '../../../console/session/replay/index.js';
import { manualClock } from '../../support/manual-clock.js';
import { simSessionRecording } from './support/sim-session.js';

describe('replay seek and marks', () => {
  const { text } = simSessionRecording({
    durationMs: 30_000, tlmHz: 50,
    plan: [
      { at: 500, cmds: [['SET_AREA', { area: 'CHEEK' }], ['SET_DEPTH', { um: 1000 }], ['START', {}]] },
      { at: 10_000, cmds: [['SET_RATE', { hz: 100 }]] },
      { at: 20_000, cmds: [['STOP', {}]] },
    ],
  });
  const src = replaySourceFromText('session-s.jsonl', text);

  it('plays the preroll at once even while held, then waits at the target; the end is reached by a seek to it', async () => {
    const clock = manualClock();
    const t = new ReplayTransport(src, { speed: 1, clock });
    const lines: string[] = [];
    t.on('line', (l) => lines.push(l));
    expect((await t.open()).ok).toBe(true);
    t.setPaused(true);
    clock.advance(100);
    t.seek(15_000, 5_000);
    clock.advance(50);
    const p = t.progress;
    expect(p.paused).toBe(true);
    expect(p.epoch).toBe(1);
    expect(p.deviceMs).toBeLessThanOrEqual(15_000);
    expect(p.deviceMs).toBeGreaterThan(14_900);
    // The preroll: about 5 s of 50 Hz telemetry (plus events), nothing from before it.
    const played = lines.slice(lines.length - Math.round(5 * 50 * 1.2));
    expect(lines.filter((l) => / TLM /.test(l)).length).toBeGreaterThan(240);
    expect(played.length).toBeGreaterThan(0);
    clock.advance(2000);
    expect(t.progress.deviceMs).toBe(p.deviceMs); // held
    t.seek(p.totalDeviceMs, 0);
    clock.advance(50);
    expect(t.progress.done).toBe(true);
  });

  it('the recorded set rate: 120 Hz before SET_RATE, 100 Hz after', async () => {
    const clock = manualClock();
    const t = new ReplayTransport(src, { speed: 1, clock });
    expect((await t.open()).ok).toBe(true);
    t.seek(5_000, 0);
    clock.advance(10);
    expect(t.progress.setHz).toBe(120);
    t.seek(15_000, 0);
    clock.advance(10);
    expect(t.progress.setHz).toBe(100);
  });

  it('next and previous event from the position; none before the first', async () => {
    const clock = manualClock();
    const t = new ReplayTransport(src, { speed: 1, clock });
    expect((await t.open()).ok).toBe(true);
    t.seek(12_000, 0);
    clock.advance(10);
    const next = t.markFrom('next', 'event')!;
    expect(next).toBeGreaterThanOrEqual(12_000);
    const prev = t.markFrom('prev', 'event')!;
    expect(prev).toBeLessThan(12_000);
    expect(t.markFrom('prev', 'fault')).toBeNull();
    t.seek(0, 0);
    clock.advance(10);
    expect(t.markFrom('prev', 'event')).toBeNull();
  });
});
