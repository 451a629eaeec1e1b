/** Whether a session state is a live pen (not a replay, not closed): Stop controls show whenever it is. */
import { isReplayTarget } from '../../shared/charts/index.js';
import type { SessionState } from '../../shared/index.js';

/** A pen on a link (connected or reconnecting), not a recording played back. */
export function isLivePen(state: SessionState | null | undefined): boolean {
  return !!state && state.link !== 'closed' && !!state.target && !isReplayTarget(state.target);
}
