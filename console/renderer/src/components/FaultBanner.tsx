/** Says which fault latched, what it means and what to do; Clear fault asks the pen to clear it (SR-14: the pen decides). */
import { explainFault } from '../../../shared/index.js';
import { useCommand, usePenApi, usePenView } from '../use-pen.js';

export function FaultBanner() {
  const { state } = usePenView();
  const api = usePenApi();
  const { run, busy, refusal } = useCommand();
  const inFault = state?.fault ?? (state?.tlm?.s === 'FAULT' ? { code: 'UNKNOWN' as const, since: 0 } : null);
  if (!inFault || state?.link === 'closed') return null;
  const text = explainFault(inFault.code);
  return (
    <section className="fault-banner" role="alert" aria-labelledby="fault-title" data-testid="fault-banner">
      <div>
        <h2 id="fault-title">Fault: {inFault.code.replace(/_/g, ' ')}</h2>
        <p>{text.what}</p>
        <p>
          <strong>What to do:</strong> {text.todo}
        </p>
        {refusal && <p className="refusal">{refusal}</p>}
      </div>
      <button type="button" className="btn btn-clear" disabled={busy} onClick={() => void run(() => api.clearFault())}>
        Clear fault
      </button>
    </section>
  );
}
