/**
 * The Stop control (SR-16: the pen accepts STOP in every state). Its key is Esc, from anywhere in the console,
 * also while typing (StopKeys.tsx); Space is left to the focused button, radio or select, as keyboard users
 * expect. Every Stop control shows the outcome of the last Stop, whichever control or key sent it.
 */
import { useSyncExternalStore } from 'react';
import { isLivePen } from '../live-pen.js';
import { usePenState, useStore } from '../use-pen.js';

/** The key that stops the pen, as the buttons say it. */
export const STOP_KEY_LABEL = 'Esc';

/** A Stop button; `compact` for the bar above the tabs that have no Stop of their own. */
export function StopButton({ compact = false }: { compact?: boolean }) {
  const store = useStore();
  const state = usePenState();
  const outcome = useSyncExternalStore(store.stops.subscribe, store.stops.getOutcome);
  const live = isLivePen(state);
  const refused = outcome && !outcome.pending && outcome.result && !outcome.result.ok ? outcome.result.message : null;
  return (
    <div className={compact ? 'stop-wrap stop-compact' : 'stop-wrap'}>
      <button
        type="button"
        className="btn btn-stop"
        disabled={!live || state?.link !== 'ready'}
        onClick={() => void store.stops.stop()}
        aria-keyshortcuts="Escape"
        data-testid="stop-button"
      >
        STOP
        <small>key: {STOP_KEY_LABEL}</small>
      </button>
      {refused && live && (
        <p className="refusal" role="alert" data-testid="stop-refusal">
          Stop: {refused}
        </p>
      )}
    </div>
  );
}
