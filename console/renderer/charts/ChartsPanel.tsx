/**
 * The live charts: depth (setpoint, measured, tolerance band), stroke rate and
 * passes per area, with a window selector, pause and scroll-back on the
 * device-time axis. Points per series are bounded by decimation.
 */
import { memo, useCallback, useEffect, useSyncExternalStore } from 'react';
import { SummaryPanel } from '../recordings/SummaryPanel.js';
import { WINDOW_CHOICES_MS, type ChartStore } from '../../shared/charts/index.js';
import { DepthChart } from './DepthChart.js';
import { PassesChart } from './PassesChart.js';
import { RateChart } from './RateChart.js';
import { mmText, windowLabel } from './chart-format.js';
import type { LiveFeed } from './live-feed.js';
import { CHART_COLUMNS, liveViewSource, useView } from './view-source.js';

/** The rate chart: series one frame after the depth chart's (see liveViewSource's phase); its frame re-renders only on a new set rate. */
const LiveRate = memo(function LiveRate({ feed }: { feed: LiveFeed }) {
  const setHz = useSyncExternalStore(feed.subscribeSetHz, feed.getSetHz);
  return <RateChart source={liveViewSource(feed.store, CHART_COLUMNS, 1)} setHz={setHz} />;
});

/** The session's summary since it connected, as the session pushes it (at least once a second; the charts carry the fast part). */
const LiveSummary = memo(function LiveSummary({ feed }: { feed: LiveFeed }) {
  const summary = useSyncExternalStore(feed.subscribeSummary, feed.summary);
  return <SummaryPanel summary={summary} title="This session so far" />;
});

/** Window, pause and scroll controls with the live readout; updates with the depth chart. */
function ChartsToolbar({ store }: { store: ChartStore }) {
  const view = useView(liveViewSource(store, CHART_COLUMNS, 0));
  const latest = store.latest;
  const step = Math.max(1000, view.windowMs / 4);
  const back = useCallback(() => store.scrollBy(step), [store, step]);
  const fwd = useCallback(() => store.scrollBy(-step), [store, step]);
  useEffect(() => {
    // Arrow keys scroll the charts when focus is inside them (not while typing in a field).
    const el = document.getElementById('charts-panel');
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'ArrowLeft') back();
      else if (e.key === 'ArrowRight') fwd();
      else return;
      e.preventDefault();
    };
    el?.addEventListener('keydown', onKey);
    return () => el?.removeEventListener('keydown', onKey);
  }, [back, fwd]);
  const points = view.measured.x.length + view.setpoint.x.length + view.rate.x.length;
  return (
    <div className="charts-toolbar" role="toolbar" aria-label="Chart window">
      <label>
        Window{' '}
        <select value={view.windowMs} onChange={(e) => store.setWindow(Number(e.target.value))} aria-label="Chart window length">
          {WINDOW_CHOICES_MS.map((ms) => (
            <option key={ms} value={ms}>
              {windowLabel(ms)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="btn" onClick={() => (view.paused ? store.resume() : store.pause())} aria-pressed={view.paused}>
        {view.paused ? '▶ Live' : '❚❚ Pause'}
      </button>
      <button type="button" className="btn" onClick={back} aria-label={`Scroll back ${windowLabel(step)}`}>
        ◀ back
      </button>
      <button type="button" className="btn" onClick={fwd} disabled={!view.paused || view.offsetMs === 0} aria-label={`Scroll forward ${windowLabel(step)}`}>
        {/* The visible words are part of the accessible name (axe: label-content-name-mismatch). */}
        forward ▶
      </button>
      <span className={`pill ${view.paused ? 'chart-paused' : 'chart-live'}`} data-testid="chart-mode">
        {view.paused ? `paused, ${(view.offsetMs / 1000).toFixed(1)} s behind live` : 'live'}
      </span>
      <span className="chart-readout" data-testid="chart-readout">
        {latest ? `set ${mmText(latest.d)} · measured ${mmText(latest.m)} · ${latest.r} Hz · ${latest.s}` : 'no telemetry yet'}
      </span>
      <small data-testid="chart-points">
        {view.framesInWindow} frames → {points} points
      </small>
    </div>
  );
}

/** Charts of one live feed. Only the series layers, the toolbar and the passes re-render per update. */
export function ChartsPanel({ feed }: { feed: LiveFeed }) {
  return (
    <section id="charts-panel" className="panel charts-panel" aria-label="Live charts" tabIndex={-1}>
      <ChartsToolbar store={feed.store} />
      <DepthChart source={liveViewSource(feed.store, CHART_COLUMNS, 0)} />
      <LiveRate feed={feed} />
      <PassesChart source={feed.areasSource} />
      <LiveSummary feed={feed} />
    </section>
  );
}
