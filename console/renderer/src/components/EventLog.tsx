/** Pen events, refusals and link changes, newest first. */
import { clock } from '../format.js';
import { usePenLog } from '../use-pen.js';

const SHOWN = 80;

export function EventLog() {
  const log = usePenLog();
  const rows = log.slice(-SHOWN).reverse();
  return (
    <section className="panel" aria-labelledby="log-title">
      <h2 id="log-title">Event log</h2>
      {/* The live region wraps the list, so the list keeps its list semantics (a role on the <ol> would drop them). */}
      <div className="event-log" role="log" aria-live="polite" aria-labelledby="log-title" data-testid="event-log" tabIndex={0}>
        <ol>
          {rows.length === 0 && <li className="hint">Nothing yet.</li>}
          {rows.map((e) => (
            <li key={e.id} className={`log-${e.kind}`}>
              <time>{clock(e.host)}</time>
              <span className="text">
                <span className="tag">{e.tag}</span> {e.text}
              </span>
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}
