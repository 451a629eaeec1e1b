/**
 * A chart of one more telemetry series over device time: depth error
 * (measured − set while running, with the ±0.15 mm tolerance of SR-05),
 * handpiece temperature (with the 43 °C limit of SR-13), battery, or the
 * cartridge's stroke count. Same frame/series split as the depth chart: the
 * Recharts frame re-renders only when its autoscaled range changes.
 */
import { memo, useMemo, useSyncExternalStore } from 'react';
import { CartesianGrid, ComposedChart, XAxis, YAxis } from 'recharts';
import { DEPTH_TOLERANCE_UM, type ChartStore, type Decimated, type ExtraSeries } from '../../shared/charts/index.js';
import { ChartKey, type ChartOverlay } from './DepthChart.js';
import { HoverLayer, MarksLayer } from './ChartOverlays.js';
import { niceTicks } from './depth-axis.js';
import { FastHBand, FastLine } from './FastSeries.js';
import { TIME_AXIS_HEIGHT, TimeAxis } from './TimeAxis.js';
import { useWidth } from './use-width.js';
import { CHART_COLUMNS, liveViewSource } from './view-source.js';

/** How each extra series is shown: title, unit, scale from the wire unit, colour, the least range, a band. */
export const EXTRA_SERIES: Record<ExtraSeries, { title: string; unit: string; scale: number; colour: string; min: [number, number]; band?: [number, number]; decimals: number }> = {
  e: { title: 'Depth error (measured − set, while running)', unit: 'mm', scale: 0.001, colour: '#9333ea', min: [-0.2, 0.2], band: [-DEPTH_TOLERANCE_UM / 1000, DEPTH_TOLERANCE_UM / 1000], decimals: 2 },
  c: { title: 'Handpiece temperature', unit: '°C', scale: 0.1, colour: '#ea580c', min: [20, 45], band: [-100, 43], decimals: 0 },
  b: { title: 'Battery', unit: '%', scale: 1, colour: '#15803d', min: [0, 100], decimals: 0 },
  n: { title: 'Strokes (this cartridge)', unit: 'strokes', scale: 1, colour: '#0f766e', min: [0, 10], decimals: 0 },
};

const MARGIN = { top: 8, right: 16, bottom: TIME_AXIS_HEIGHT, left: 0 };
const STATIC_GRID = <CartesianGrid stroke="#d1d5db" strokeDasharray="3 3" vertical={false} />;
const STATIC_X = <XAxis type="number" domain={[0, 1]} hide />;

interface SeriesSnapshot {
  x0: number;
  x1: number;
  y: Decimated;
}

const cache = new WeakMap<ChartStore, Map<ExtraSeries, { version: number; snap: SeriesSnapshot }>>();

/** The store's window of one extra series, decimated once per notification (phase 1: with the rate chart). */
function useSeries(store: ChartStore, key: ExtraSeries): { subscribe: (cb: () => void) => () => void; get: () => SeriesSnapshot } {
  return useMemo(() => {
    const source = liveViewSource(store, CHART_COLUMNS, 1);
    const get = (): SeriesSnapshot => {
      let byKey = cache.get(store);
      if (!byKey) cache.set(store, (byKey = new Map()));
      const hit = byKey.get(key);
      if (hit && hit.version === store.version) return hit.snap;
      const snap = store.series(key, CHART_COLUMNS);
      byKey.set(key, { version: store.version, snap });
      return snap;
    };
    return { subscribe: source.subscribe, get };
  }, [store, key]);
}

/** The y range: the data's, never narrower than the series' least range, on round ticks. */
function domainOf(key: ExtraSeries, y: readonly number[]): string {
  const spec = EXTRA_SERIES[key];
  let lo = spec.min[0];
  let hi = spec.min[1];
  for (const v of y) {
    if (v !== v) continue;
    const s = v * spec.scale;
    if (s < lo) lo = s;
    if (s > hi) hi = s;
  }
  const ticks = niceTicks(lo, hi);
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : 1;
  return `${Math.floor(lo / step) * step}|${Math.ceil(hi / step) * step}`;
}

function Series({ k, s, overlay }: { k: ExtraSeries; s: ReturnType<typeof useSeries>; overlay: ChartOverlay }) {
  const v = useSyncExternalStore(s.subscribe, s.get);
  const spec = EXTRA_SERIES[k];
  return (
    <>
      <TimeAxis x0={v.x0} x1={v.x1} />
      <MarksLayer x0={v.x0} x1={v.x1} marks={overlay.marks()} />
      <FastLine x0={v.x0} x1={v.x1} x={v.y.x} y={v.y.y} scale={spec.scale} stroke={spec.colour} strokeWidth={2} testId={`series-${k}`} />
      <HoverLayer x0={v.x0} x1={v.x1} hover={overlay.hover} />
    </>
  );
}

/** One extra series of the live store. */
export const SeriesChart = memo(function SeriesChart({ store, k, overlay, height = 160 }: { store: ChartStore; k: ExtraSeries; overlay: ChartOverlay; height?: number }) {
  const [ref, width] = useWidth<HTMLElement>();
  const s = useSeries(store, k);
  const key = useSyncExternalStore(s.subscribe, () => domainOf(k, s.get().y.y));
  const domain = useMemo(() => key.split('|').map(Number) as [number, number], [key]);
  const ticks = useMemo(() => niceTicks(domain[0], domain[1]), [domain]);
  const spec = EXTRA_SERIES[k];
  return (
    <figure ref={ref} className="chart" aria-label={`${spec.title} over device time`} data-testid={`chart-${k}`} data-domain={key}>
      <figcaption>
        {spec.title} ({spec.unit}) <ChartKey colour={spec.colour} label="pen" />
        {spec.band ? <ChartKey colour="#bbf7d0" label={k === 'e' ? 'tolerance ±0.15 mm' : 'below 43 °C'} block /> : null}
      </figcaption>
      <ComposedChart width={width} height={height} margin={MARGIN}>
        {STATIC_GRID}
        {STATIC_X}
        <YAxis type="number" domain={domain} ticks={ticks} tickFormatter={(v: number) => v.toFixed(spec.decimals)} allowDataOverflow width={48} stroke="#374151" />
        {spec.band ? <FastHBand y1={spec.band[0]} y2={spec.band[1]} fill="#bbf7d0" /> : null}
        <Series k={k} s={s} overlay={overlay} />
      </ComposedChart>
    </figure>
  );
});
