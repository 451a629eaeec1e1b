/**
 * Asks before the console lets go of a running pen (a replay replaces the live session). The session itself
 * sends STOP and waits for its answer before it leaves any live pen (pen-session.ts); this only makes sure
 * nobody stops a treatment by opening a recording.
 */
import { useCallback, useState, type JSX } from 'react';
import { leaveNeedsAsking } from '../live-pen.js';
import { usePenState } from '../use-pen.js';

/** `ask(go)`: runs `go` at once, or after the operator confirms when the pen is running or its state not yet known. */
export function useLeavePenConfirm(): { ask: (what: string, go: () => void) => void; dialog: JSX.Element | null } {
  const state = usePenState();
  const [pending, setPending] = useState<{ what: string; go: () => void; why: 'running' | 'unknown' } | null>(null);
  const why = leaveNeedsAsking(state);
  const ask = useCallback((what: string, go: () => void) => (why ? setPending({ what, go, why }) : go()), [why]);
  const dialog = pending ? (
    <div className="leave-dialog" role="alertdialog" aria-labelledby="leave-title" aria-describedby="leave-text" data-testid="leave-dialog">
      <h2 id="leave-title">{pending.why === 'unknown' ? 'The pen may be running' : 'The pen is running'}</h2>
      <p id="leave-text">
        {pending.why === 'unknown' ? 'The console has not heard the pen\'s state yet. ' : ''}
        {pending.what} replaces the live session. The console stops the pen first (STOP, and waits for the pen to confirm), then lets go of
        it.
      </p>
      <div className="row">
        <button
          type="button" className="btn btn-primary" autoFocus
          onClick={() => {
            setPending(null);
            pending.go();
          }}
        >
          Stop the pen and continue
        </button>
        <button type="button" className="btn" onClick={() => setPending(null)}>
          Cancel
        </button>
      </div>
    </div>
  ) : null;
  return { ask, dialog };
}
