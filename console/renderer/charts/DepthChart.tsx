/**
 * Depth setpoint vs measured depth, with the ±0.15 mm tolerance band (SR-05) around the setpoint; the depth
 * axis full, autoscaled or zoomed (depth-axis.ts); event markers and the hover cursor when given an overlay.
 */
import { memo, useMemo, useSyncExternalStore } from 'react';
import { CartesianGrid, ComposedChart, XAxis, YAxis } from 'recharts';
import { DEPTH_TOLERANCE_UM } from '../../shared/charts/index.js';
import { useWidth } from './use-width.js';
import { FastBand, FastLine } from './FastSeries.js';
import { TIME_AXIS_HEIGHT, TimeAxis } from './TimeAxis.js';
import { useView, type ViewSource } from './view-source.js';
import { depthDomain, niceTicks, type DepthAxis } from './depth-axis.js';
import { HoverLayer, MarksLayer } from './ChartOverlays.js';
import type { HoverStore, Mark } from './chart-marks.js';

/** What a live chart draws over its series: the pen's events and the shared hover cursor. */
export interface ChartOverlay {
  marks(): readonly Mark[];
  hover: HoverStore;
}

const FULL_AXIS: DepthAxis = { mode: 'full' };
const tickMm = (v: number): string => v.toFixed(2);

// Constant props hoisted: Recharts 3 syncs props into its store; a fresh object each render costs an update.
const MARGIN = { top: 8, right: 16, bottom: TIME_AXIS_HEIGHT, left: 0 };
// Elements that never change, created once: React skips re-rendering an identical element.
// Vertical grid lines and the time axis move with the window: TimeAxis draws them.
const STATIC_GRID = <CartesianGrid stroke="#d1d5db" strokeDasharray="3 3" vertical={false} />;
const STATIC_X = <XAxis type="number" domain={[0, 1]} hide />;

/** A legend entry in the caption (plain HTML: Recharts' Legend measures itself on every update). */
export function ChartKey({ colour, label, block }: { colour: string; label: string; block?: boolean }) {
  return (
    <span className="chart-key">
      <span className={block ? 'chart-key-block' : 'chart-key-line'} style={{ background: colour }} aria-hidden="true" />
      {label}
    </span>
  );
}

/** The part that changes with every update: time axis, band and series. */
function DepthSeries({ source, overlay }: { source: ViewSource; overlay?: ChartOverlay | undefined }) {
  const v = useView(source);
  const { x0, x1 } = v;
  return (
    <>
      <TimeAxis x0={x0} x1={x1} />
      {overlay ? <MarksLayer x0={x0} x1={x1} marks={overlay.marks()} /> : null}
      <FastBand x0={x0} x1={x1} x={v.setpoint.x} y={v.setpoint.y} half={DEPTH_TOLERANCE_UM} scale={0.001} fill="#86efac" />
      <FastLine x0={x0} x1={x1} x={v.setpoint.x} y={v.setpoint.y} scale={0.001} step stroke="#1d4ed8" strokeWidth={3} testId="series-setpoint" />
      <FastLine x0={x0} x1={x1} x={v.measured.x} y={v.measured.y} scale={0.001} stroke="#b91c1c" strokeWidth={2} testId="series-measured" />
      {overlay ? <HoverLayer x0={x0} x1={x1} hover={overlay.hover} /> : null}
    </>
  );
}

/** Recharts chart of depth in mm (down is deeper) over device time; re-renders its frame only on resize or a new axis range. */
export const DepthChart = memo(function DepthChart({ source, height = 260, axis = FULL_AXIS, overlay, caption = 'Depth (mm)' }: {
  source: ViewSource; height?: number; axis?: DepthAxis; overlay?: ChartOverlay; caption?: string;
}) {
  const [ref, width] = useWidth<HTMLElement>();
  // Autoscaled, the range snaps to 0.05 mm: the frame re-renders only when the data leaves it.
  const key = useSyncExternalStore(source.subscribe, () => depthDomain(axis, source.getSnapshot()).join('|'));
  const domain = useMemo(() => key.split('|').map(Number) as [number, number], [key]);
  const ticks = useMemo(() => niceTicks(domain[0], domain[1]), [domain]);
  return (
    <figure ref={ref} className="chart" aria-label="Needle depth: setpoint and measured, millimetres over device time" data-domain={key}>
      <figcaption>
        {caption} <ChartKey colour="#1d4ed8" label="setpoint" /> <ChartKey colour="#b91c1c" label="measured" />{' '}
        <ChartKey colour="#86efac" label="tolerance ±0.15 mm" block />
      </figcaption>
      <ComposedChart width={width} height={height} margin={MARGIN}>
        {STATIC_GRID}
        {STATIC_X}
        <YAxis type="number" domain={domain} ticks={ticks} tickFormatter={tickMm} reversed allowDataOverflow width={48} stroke="#374151" />
        <DepthSeries source={source} overlay={overlay} />
      </ComposedChart>
    </figure>
  );
});
