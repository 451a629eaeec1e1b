/**
 * A Stop and what the pen is doing, above every view that has no Stop of its own (Charts, Recordings and any
 * later tab), whenever a live pen is connected. The readout carries the device time of the frame it shows
 * (`data-tlm-t`), which the UI bench reads to date what reached the screen.
 */
import { isLivePen } from '../live-pen.js';
import { mm } from '../format.js';
import { useLatestTlm, usePenState } from '../use-pen.js';
import { StopButton } from './StopButton.js';

function LiveReadout() {
  const tlm = useLatestTlm();
  if (!tlm) return <span className="live-readout">No telemetry yet</span>;
  return (
    <span className="live-readout" data-testid="live-readout" data-tlm-t={tlm.t}>
      Pen <strong>{tlm.s}</strong> · needle {mm(tlm.m)} (set {mm(tlm.d)}) · {tlm.r} Hz
    </span>
  );
}

/** The bar; nothing without a live pen. */
export function LiveStopBar() {
  const state = usePenState();
  if (!isLivePen(state)) return null;
  return (
    <section className="live-stop-bar" aria-label="Stop the pen" data-testid="live-stop-bar">
      <StopButton compact />
      <LiveReadout />
    </section>
  );
}
