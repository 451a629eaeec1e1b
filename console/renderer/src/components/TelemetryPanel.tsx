/**
 * The latest readings and the last 10 seconds of depth, setpoint against measured. The chart takes the
 * Charts tab's path: the live ChartStore, min/max-decimated per pixel column, redrawn at most 30 times a
 * second, so a one-sample spike stays visible and 200 Hz costs the page no more than 20 Hz.
 */
import { memo } from 'react';
import { DepthChart } from '../../charts/DepthChart.js';
import type { LiveFeed } from '../../charts/live-feed.js';
import { liveWindowSource } from '../../charts/view-source.js';
import { celsius, mm } from '../format.js';
import { passesText, skinText } from '../pen-words.js';
import { useLatestTlm, usePenState } from '../use-pen.js';

const WINDOW_MS = 10_000;
/** Pixel columns of the small chart (about one per pixel of its width). */
const COLUMNS = 300;

/** The readouts; re-render at most once per animation frame. */
function Readouts() {
  const tlm = useLatestTlm();
  const skin = usePenState()?.skin;
  const passes = tlm ? passesText(tlm.p) : null;
  return (
    <dl className="readouts" data-testid="telemetry" {...(tlm ? { 'data-tlm-t': tlm.t } : {})}>
      <div>
        <dt>State</dt>
        <dd data-testid="tlm-state">{tlm?.s ?? '—'}</dd>
      </div>
      <div>
        <dt>Depth set</dt>
        <dd>{tlm ? mm(tlm.d) : '—'}</dd>
      </div>
      <div>
        <dt>Depth measured</dt>
        <dd data-testid="tlm-measured">{tlm ? mm(tlm.m) : '—'}</dd>
      </div>
      <div>
        <dt>Stroke rate</dt>
        <dd data-testid="tlm-rate">{tlm ? `${tlm.r} Hz` : '—'}</dd>
      </div>
      <div>
        <dt>Strokes</dt>
        <dd data-testid="tlm-strokes">{tlm ? tlm.n.toLocaleString('en') : '—'}</dd>
      </div>
      <div className={passes?.over ? 'readout-over' : undefined}>
        <dt>Passes</dt>
        <dd data-testid="tlm-passes">{passes?.text ?? '—'}</dd>
      </div>
      <div>
        <dt>Temperature</dt>
        <dd>{tlm ? celsius(tlm.c) : '—'}</dd>
      </div>
      <div>
        <dt>Skin contact</dt>
        <dd data-testid="tlm-skin">{skinText(tlm, skin)}</dd>
      </div>
    </dl>
  );
}

/** The panel; the chart renders only with the store's notifications. */
export const TelemetryPanel = memo(function TelemetryPanel({ feed }: { feed: LiveFeed }) {
  return (
    <section className="panel" aria-labelledby="tlm-title">
      <h2 id="tlm-title">Telemetry</h2>
      <Readouts />
      <DepthChart source={liveWindowSource(feed.store, COLUMNS, WINDOW_MS)} height={220} caption="Needle depth, last 10 s (mm)" />
    </section>
  );
});
