/** Depth setpoint vs measured depth, with the ±0.15 mm tolerance band (SR-05) around the setpoint. */
import { memo } from 'react';
import { CartesianGrid, ComposedChart, XAxis, YAxis } from 'recharts';
import { DEPTH_TOLERANCE_UM } from '../../shared/charts/index.js';
import { useWidth } from './use-width.js';
import { FastBand, FastLine } from './FastSeries.js';
import { TIME_AXIS_HEIGHT, TimeAxis } from './TimeAxis.js';
import { useView, type ViewSource } from './view-source.js';

// Constant props hoisted: Recharts 3 syncs props into its store; a fresh object each render costs an update.
const MARGIN = { top: 8, right: 16, bottom: TIME_AXIS_HEIGHT, left: 0 };
const Y_DOMAIN: [number, number] = [-0.1, 2.7];
const Y_TICKS = [0, 0.5, 1, 1.5, 2, 2.5];
// Elements that never change, created once: React skips re-rendering an identical element.
// Vertical grid lines and the time axis move with the window: TimeAxis draws them.
const STATIC_GRID = <CartesianGrid stroke="#d1d5db" strokeDasharray="3 3" vertical={false} />;
const STATIC_X = <XAxis type="number" domain={[0, 1]} hide />;
const STATIC_Y = <YAxis type="number" domain={Y_DOMAIN} ticks={Y_TICKS} reversed allowDataOverflow width={44} stroke="#374151" />;

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
function DepthSeries({ source }: { source: ViewSource }) {
  const v = useView(source);
  const { x0, x1 } = v;
  return (
    <>
      <TimeAxis x0={x0} x1={x1} />
      <FastBand x0={x0} x1={x1} x={v.setpoint.x} y={v.setpoint.y} half={DEPTH_TOLERANCE_UM} scale={0.001} fill="#86efac" />
      <FastLine x0={x0} x1={x1} x={v.setpoint.x} y={v.setpoint.y} scale={0.001} step stroke="#1d4ed8" strokeWidth={3} testId="series-setpoint" />
      <FastLine x0={x0} x1={x1} x={v.measured.x} y={v.measured.y} scale={0.001} stroke="#b91c1c" strokeWidth={2} testId="series-measured" />
    </>
  );
}

/** Recharts chart of depth in mm (down is deeper) over device time; re-renders its frame only on resize. */
export const DepthChart = memo(function DepthChart({ source, height = 260, caption = 'Depth (mm)' }: { source: ViewSource; height?: number; caption?: string }) {
  const [ref, width] = useWidth<HTMLElement>();
  return (
    <figure ref={ref} className="chart" aria-label="Needle depth: setpoint and measured, millimetres over device time">
      <figcaption>
        {caption} <ChartKey colour="#1d4ed8" label="setpoint" /> <ChartKey colour="#b91c1c" label="measured" />{' '}
        <ChartKey colour="#86efac" label="tolerance ±0.15 mm" block />
      </figcaption>
      <ComposedChart width={width} height={height} margin={MARGIN}>
        {STATIC_GRID}
        {STATIC_X}
        {STATIC_Y}
        <DepthSeries source={source} />
      </ComposedChart>
    </figure>
  );
});
