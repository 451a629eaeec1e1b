/** Title bar: what the console is connected to and the pen's state at a glance. */
import { usePenView } from '../use-pen.js';

const LINK_TEXT: Record<string, string> = {
  closed: 'Not connected',
  opening: 'Opening port…',
  handshaking: 'Handshake…',
  ready: 'Connected',
  lost: 'Link lost',
  reconnecting: 'Reconnecting…',
};

export function StatusBar() {
  const { state } = usePenView();
  const link = state?.link ?? 'closed';
  const penState = state?.tlm?.s ?? state?.info?.st;
  return (
    <header className="status-bar">
      <h1>penbench console</h1>
      <div className="status-items">
        <span className={`pill link-${link}`} data-testid="link-state">
          {LINK_TEXT[link] ?? link}
          {state?.targetLabel ? ` · ${state.targetLabel}` : ''}
        </span>
        {penState && (
          <span className={`pill pen-${penState}`} data-testid="pen-state">
            Pen: {penState}
          </span>
        )}
        {state?.recording && (
          <span className="pill rec" title={state.recording}>
            ● Recording
          </span>
        )}
      </div>
    </header>
  );
}
