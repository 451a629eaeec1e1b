/**
 * Says which faults the pen has latched, what each means and what to do; Clear fault asks the pen to clear
 * them (SR-14: the pen decides). The codes are the pen's own: its STATUS `faults=`/`present=`/`selftest=`,
 * read on connect and after every reconnect, and its EVT FAULT in between, so a fault that latched while the
 * console was away is named, never "UNKNOWN".
 */
import { explainFault, type FaultInfo, type PenFaults } from '../../../shared/index.js';
import { useCommand, usePenApi, usePenState } from '../use-pen.js';

const SELFTEST_TEXT: Record<NonNullable<PenFaults['selftest']>, string> = {
  PENDING: 'running',
  PASS: 'passed',
  FAIL: 'failed',
};

const words = (code: string): string => code.replace(/_/g, ' ');

/** The codes to name, the banner's own first: the pen's latched list when it has one. */
function codesOf(fault: FaultInfo | null | undefined, faults: PenFaults | null | undefined): FaultInfo['code'][] {
  const latched = faults?.latched ?? [];
  const first = fault?.code && fault.code !== 'UNKNOWN' ? fault.code : latched[0] ?? fault?.code;
  if (!first) return [];
  return [first, ...latched.filter((c) => c !== first)];
}

export function FaultBanner() {
  const state = usePenState();
  const api = usePenApi();
  const { run, busy, refusal } = useCommand();
  if (!state || state.link === 'closed') return null;
  const codes = codesOf(state.fault, state.faults);
  if (codes.length === 0 && state.info?.st !== 'FAULT') return null;
  const main = codes[0] ?? 'UNKNOWN';
  const text = explainFault(main);
  const others = codes.slice(1);
  const present = state.faults?.present ?? [];
  const selftest = state.faults?.selftest;
  return (
    <section className="fault-banner" role="alert" aria-labelledby="fault-title" data-testid="fault-banner">
      <div>
        <h2 id="fault-title">
          Fault: {words(main)}
          {others.length > 0 && ` and ${others.length} more`}
        </h2>
        <p>{text.what}</p>
        <p>
          <strong>What to do:</strong> {text.todo}
        </p>
        {others.map((c) => (
          <p key={c}>
            <strong>{words(c)}:</strong> {explainFault(c).what} {explainFault(c).todo}
          </p>
        ))}
        {state.faults && (
          <p className="fault-masks" data-testid="fault-latched">
            Latched on the pen: {state.faults.latched.length ? state.faults.latched.map(words).join(', ') : 'none reported'}
            {present.length > 0 && <> · still present: {present.map(words).join(', ')} (Clear fault is refused until that is gone)</>}
            {selftest && <> · self-test {SELFTEST_TEXT[selftest]}</>}
          </p>
        )}
        {refusal && <p className="refusal">{refusal}</p>}
      </div>
      <button type="button" className="btn btn-clear" disabled={busy || state.link !== 'ready'} onClick={() => void run(() => api.clearFault())}>
        Clear fault
      </button>
    </section>
  );
}
