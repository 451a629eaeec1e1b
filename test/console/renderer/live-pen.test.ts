/**
 * When leaving a session asks first (LeavePenDialog): the pen running, or its state not yet heard on a live
 * link. The session STOPs a live pen before letting go of it either way; this is the operator's question.
 */
import { describe, expect, it } from 'vitest';
import type { SessionState } from '../../../console/shared/index.js';
import { isLivePen, leaveNeedsAsking } from '../../../console/renderer/src/live-pen.js';

const live = (over: Partial<SessionState>): SessionState =>
  ({ link: 'ready', target: { kind: 'serial', path: '/dev/ttyACM0' }, info: null, tlm: null, ...over }) as SessionState;

describe('leaving a live pen', () => {
  it('SR-16 asks when the pen says RUN, in STATUS or in telemetry', () => {
    expect(leaveNeedsAsking(live({ info: { st: 'RUN' } as SessionState['info'] }))).toBe('running');
    expect(leaveNeedsAsking(live({ info: { st: 'READY' } as SessionState['info'], tlm: { s: 'RUN' } as SessionState['tlm'] }))).toBe('running');
  });

  it('SR-16 asks when the page has not heard the pen\'s state yet (just connected, first STATUS on its way)', () => {
    expect(leaveNeedsAsking(live({}))).toBe('unknown');
    expect(leaveNeedsAsking(live({ link: 'handshaking' }))).toBe('unknown');
  });

  it('does not ask for a pen known not to run, a replay or a closed link', () => {
    expect(leaveNeedsAsking(live({ info: { st: 'READY' } as SessionState['info'] }))).toBeNull();
    expect(leaveNeedsAsking(live({ tlm: { s: 'STOP' } as SessionState['tlm'] }))).toBeNull();
    expect(leaveNeedsAsking(live({ link: 'closed' }))).toBeNull();
    expect(leaveNeedsAsking(null)).toBeNull();
    const replay = live({ target: { kind: 'serial', path: 'replay://a.jsonl' } });
    expect(isLivePen(replay)).toBe(false);
    expect(leaveNeedsAsking(replay)).toBeNull();
  });
});
