/**
 * The live charts: depth (setpoint, measured, tolerance band) with a full,
 * autoscaled or zoomed axis, stroke rate, and on request depth error,
 * temperature, battery and strokes, with the pen's events and faults marked
 * on the time axis and a readout of the frame under the mouse; passes per
 * area; window, pause and scroll-back; the telemetry rate; during a replay
 * the replay's own controls. Points per series are bounded by decimation.
 */
import { memo, useMemo, useState, useSyncExternalStore } from 'react';
import type { PenApi } from '../../shared/index.js';
import type { ExtraSeries } from '../../shared/charts/index.js';
import { SummaryPanel } from '../recordings/SummaryPanel.js';
import { HoverReadout } from './ChartOverlays.js';
import { DepthAxisControls, SeriesPicker, ViewControls, type SeriesName } from './ChartsToolbar.js';
import { DepthChart, type ChartOverlay } from './DepthChart.js';
import type { DepthAxis } from './depth-axis.js';
import type { LiveFeed } from './live-feed.js';
import { PassesChart } from './PassesChart.js';
import { RateChart } from './RateChart.js';
import { ReplayBar } from './ReplayBar.js';
import { SeriesChart } from './SeriesChart.js';
import { TelemetryRateControl } from './TelemetryRateControl.js';
import { CHART_COLUMNS, liveViewSource } from './view-source.js';

/** The rate chart: series one frame after the depth chart's (see liveViewSource's phase); its frame re-renders only on a new set rate. */
const LiveRate = memo(function LiveRate({ feed, overlay }: { feed: LiveFeed; overlay: ChartOverlay }) {
  const setHz = useSyncExternalStore(feed.subscribeSetHz, feed.getSetHz);
  return <RateChart source={liveViewSource(feed.store, CHART_COLUMNS, 1)} setHz={setHz} overlay={overlay} />;
});

/** The session's summary since it connected, as the session pushes it (at least once a second; the charts carry the fast part). */
const LiveSummary = memo(function LiveSummary({ feed }: { feed: LiveFeed }) {
  const summary = useSyncExternalStore(feed.subscribeSummary, feed.summary);
  return <SummaryPanel summary={summary} title="This session so far" />;
});

const DEFAULT_SERIES: ReadonlySet<SeriesName> = new Set(['depth', 'rate', 'passes']);
const EXTRAS: ExtraSeries[] = ['e', 'c', 'b', 'n'];

/** Charts of one live feed; `api` adds the telemetry-rate and replay controls (the UI bench has none). */
export function ChartsPanel({ feed, api }: { feed: LiveFeed; api?: PenApi }) {
  const [shown, setShown] = useState<ReadonlySet<SeriesName>>(DEFAULT_SERIES);
  const [axis, setAxis] = useState<DepthAxis>({ mode: 'full' });
  const meta = useSyncExternalStore(feed.subscribeMeta, feed.getMeta);
  const replaying = !!meta.replay && meta.link !== 'closed';
  const overlay = useMemo<ChartOverlay>(() => ({ marks: () => feed.marks, hover: feed.hover }), [feed]);
  return (
    <section id="charts-panel" className="panel charts-panel" aria-label="Live charts" tabIndex={-1}>
      {replaying && api ? <ReplayBar api={api} feed={feed} /> : null}
      <div className="charts-toolbar" role="toolbar" aria-label="Chart window">
        <ViewControls store={feed.store} live={!replaying} />
      </div>
      <div className="charts-toolbar" role="toolbar" aria-label="Chart series">
        <SeriesPicker shown={shown} onChange={setShown} />
        <DepthAxisControls store={feed.store} axis={axis} onChange={setAxis} />
        {api ? <TelemetryRateControl api={api} feed={feed} /> : null}
      </div>
      <HoverReadout store={feed.store} hover={feed.hover} />
      {shown.has('depth') ? <DepthChart source={liveViewSource(feed.store, CHART_COLUMNS, 0)} axis={axis} overlay={overlay} /> : null}
      {EXTRAS.filter((k) => shown.has(k)).map((k) => <SeriesChart key={k} store={feed.store} k={k} overlay={overlay} />)}
      {shown.has('rate') ? <LiveRate feed={feed} overlay={overlay} /> : null}
      {shown.has('passes') ? <PassesChart source={feed.areasSource} /> : null}
      <LiveSummary feed={feed} />
    </section>
  );
}
