/** Title bar: what the console is connected to and the pen's state at a glance. */
import { ReplayProgress } from '../../recordings/ReplayProgress.js';
import { usePenState } from '../use-pen.js';

const LINK_TEXT: Record<string, string> = {
  closed: 'Not connected',
  opening: 'Opening port…',
  handshaking: 'Handshake…',
  ready: 'Connected',
  lost: 'Link lost',
  reconnecting: 'Reconnecting…',
};

export function StatusBar() {
  const state = usePenState();
  const link = state?.link ?? 'closed';
  // The session pushes the state whenever the pen's state changes (STATUS, EVT STATE, telemetry).
  const penState = state?.info?.st ?? state?.tlm?.s;
  // A replay stays `ready` after its last line (see console/docs/recording-format.md): say which it is.
  const replay = link !== 'closed' ? state?.replay : null;
  const linkText = replay && link === 'ready' ? (replay.done ? 'Replay finished' : 'Replaying') : LINK_TEXT[link] ?? link;
  return (
    <header className="status-bar">
      <h1>penbench console</h1>
      <div className="status-items">
        <span className={`pill link-${link}`} data-testid="link-state">
          {linkText}
          {state?.targetLabel ? ` · ${state.targetLabel}` : ''}
        </span>
        {replay && (
          <span className="pill replay" data-testid="status-replay">
            <ReplayProgress replay={replay} bar={false} testId="status-replay-text" />
          </span>
        )}
        {penState &&
          (link === 'ready' ? (
            <span className={`pill pen-${penState}`} data-testid="pen-state">
              {/* A replay's state is the recorded pen's, not a pen on this bench. */}
              {replay ? 'Recorded pen' : 'Pen'}: {penState}
            </span>
          ) : (
            // Without a link the last state is history, not the pen's state now: never show it as live.
            <span className="pill pen-stale" data-testid="pen-state" title="The pen's state when the link was last up">
              Pen last seen: {penState}
            </span>
          ))}
        {state?.recording && (
          <span className="pill rec" title={state.recording}>
            ● Recording
          </span>
        )}
      </div>
    </header>
  );
}
