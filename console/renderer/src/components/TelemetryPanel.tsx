/**
 * The latest readings and the last 10 seconds of depth, setpoint against measured. The chart takes the
 * Charts tab's path: the live ChartStore, min/max-decimated per pixel column, redrawn at most 30 times a
 * second, so a one-sample spike stays visible and 200 Hz costs the page no more than 20 Hz.
 */
import { memo } from 'react';
import { RECOMMENDED_PASSES } from '../../../shared/charts/index.js';
import type { TlmSample } from '../../../shared/index.js';
import { DepthChart } from '../../charts/DepthChart.js';
import type { LiveFeed } from '../../charts/live-feed.js';
import { liveWindowSource } from '../../charts/view-source.js';
import { celsius, mm } from '../format.js';
import { useLatestTlm, usePenState } from '../use-pen.js';

const WINDOW_MS = 10_000;
/** Pixel columns of the small chart (about one per pixel of its width). */
const COLUMNS = 300;

/** Passes in the area, flagged outside the recommended 2–4 once past it. */
function passesText(p: number): { text: string; over: boolean } {
  if (p > RECOMMENDED_PASSES.max) return { text: `${p} — above the recommended ${RECOMMENDED_PASSES.min}–${RECOMMENDED_PASSES.max}`, over: true };
  return { text: String(p), over: false };
}

/** Skin contact as the pen reported it; with the needle retracted (any state but RUN) it is not on skin, whatever the last event said. */
function skinText(tlm: TlmSample | null, skin: boolean | null | undefined): string {
  if (!tlm) return '—';
  if (tlm.s !== 'RUN') return 'needle retracted';
  return skin === null || skin === undefined ? '—' : skin ? 'on skin' : 'lifted';
}

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
