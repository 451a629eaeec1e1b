/** Depth setpoint vs measured depth, with the ±0.15 mm tolerance band (SR-05) around the setpoint. */
import { useCallback, useMemo } from 'react';
import { CartesianGrid, ComposedChart, XAxis, YAxis } from 'recharts';
import { DEPTH_TOLERANCE_UM, type Decimated } from '../../shared/charts/index.js';
import { useWidth } from './use-width.js';
import { formatDeviceTime, timeTicks } from './chart-format.js';
import { FastBand, FastLine } from './FastSeries.js';

/** What the depth chart draws; series already decimated. */
export interface DepthSeries {
  x0: number;
  x1: number;
  measured: Decimated;
  setpoint: Decimated;
}

// Constant props hoisted: Recharts 3 syncs props into its store; a fresh object each render costs an update.
const MARGIN = { top: 8, right: 16, bottom: 4, left: 0 };
const Y_DOMAIN: [number, number] = [-0.1, 2.7];
const Y_TICKS = [0, 0.5, 1, 1.5, 2, 2.5];
// Elements that never change, created once: React skips re-rendering an identical element.
const STATIC_GRID = <CartesianGrid stroke="#d1d5db" strokeDasharray="3 3" />;
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

/** Recharts chart of depth in mm (down is deeper) over device time. */
export function DepthChart({ view, height = 260 }: { view: DepthSeries; height?: number }) {
  const [ref, width] = useWidth<HTMLElement>();
  const { x0, x1 } = view;
  const ticks = useMemo(() => timeTicks(x0, x1), [x0, x1]);
  const domain = useMemo((): [number, number] => [x0, x1], [x0, x1]);
  const fmt = useCallback((v: number) => formatDeviceTime(v, x1 - x0), [x1, x0]);
  return (
    <figure ref={ref} className="chart" aria-label="Needle depth: setpoint and measured, millimetres over device time">
      <figcaption>
        Depth (mm) <ChartKey colour="#1d4ed8" label="setpoint" /> <ChartKey colour="#b91c1c" label="measured" />{' '}
        <ChartKey colour="#86efac" label="tolerance ±0.15 mm" block />
      </figcaption>
        <ComposedChart width={width} height={height} margin={MARGIN}>
          {STATIC_GRID}
          <XAxis
            type="number" dataKey="x" domain={domain} ticks={ticks} allowDataOverflow tickFormatter={fmt} stroke="#374151"
          />
          {STATIC_Y}
          <FastBand x={view.setpoint.x} y={view.setpoint.y} half={DEPTH_TOLERANCE_UM} scale={0.001} fill="#86efac" />
          <FastLine x={view.setpoint.x} y={view.setpoint.y} scale={0.001} step stroke="#1d4ed8" strokeWidth={3} testId="series-setpoint" />
          <FastLine x={view.measured.x} y={view.measured.y} scale={0.001} stroke="#b91c1c" strokeWidth={2} testId="series-measured" />
        </ComposedChart>
    </figure>
  );
}
