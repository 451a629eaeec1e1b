/** Whether a session state is a live pen (not a replay, not closed): Stop controls show whenever it is. */
import { isReplayTarget } from '../../shared/charts/index.js';
import type { SessionState } from '../../shared/index.js';

/** A pen on a link (connected or reconnecting), not a recording played back. */
export function isLivePen(state: SessionState | null | undefined): boolean {
  return !!state && state.link !== 'closed' && !!state.target && !isReplayTarget(state.target);
}

/**
 * Whether leaving this session must ask first (SR-16, advisory: the session STOPs the pen either way):
 * `running` when the pen says RUN, `unknown` when the page has not heard its state yet (just connected,
 * or the first STATUS still on its way: a running pen must not be let go of unasked), else null.
 */
export function leaveNeedsAsking(state: SessionState | null | undefined): 'running' | 'unknown' | null {
  if (!isLivePen(state)) return null;
  const st = state!.info?.st;
  const s = state!.tlm?.s;
  if (st === 'RUN' || s === 'RUN') return 'running';
  return st === undefined && s === undefined ? 'unknown' : null;
}
