/** Measured stroke rate over device time, with the ±10 % band of SR-06 around the set rate when known. */
import { useCallback, useMemo } from 'react';
import { CartesianGrid, ComposedChart, XAxis, YAxis } from 'recharts';
import type { Decimated } from '../../shared/charts/index.js';
import { ChartKey } from './DepthChart.js';
import { useWidth } from './use-width.js';
import { formatDeviceTime, timeTicks } from './chart-format.js';
import { FastHBand, FastLine } from './FastSeries.js';

// Constant props hoisted: Recharts 3 syncs props into its store; a fresh object each render costs an update.
const MARGIN = { top: 8, right: 16, bottom: 4, left: 0 };
const Y_DOMAIN: [number, number] = [0, 170];
const Y_TICKS = [0, 50, 100, 150];
// Elements that never change, created once: React skips re-rendering an identical element.
const STATIC_GRID = <CartesianGrid stroke="#d1d5db" strokeDasharray="3 3" />;
const STATIC_Y = <YAxis type="number" domain={Y_DOMAIN} ticks={Y_TICKS} allowDataOverflow width={44} stroke="#374151" />;

/** Recharts chart of the stroke rate in Hz. */
export function RateChart({ x0, x1, rate, setHz, height = 180 }: { x0: number; x1: number; rate: Decimated; setHz?: number; height?: number }) {
  const [ref, width] = useWidth<HTMLElement>();
  const ticks = useMemo(() => timeTicks(x0, x1), [x0, x1]);
  const domain = useMemo((): [number, number] => [x0, x1], [x0, x1]);
  const fmt = useCallback((v: number) => formatDeviceTime(v, x1 - x0), [x1, x0]);
  return (
    <figure ref={ref} className="chart" aria-label="Stroke rate in hertz over device time">
      <figcaption>
        Stroke rate (Hz) <ChartKey colour="#7c2d12" label="measured" />
        {setHz ? <ChartKey colour="#bfdbfe" label={`set ${setHz} Hz ±10 %`} block /> : null}
      </figcaption>
        <ComposedChart width={width} height={height} margin={MARGIN}>
          {STATIC_GRID}
          <XAxis
            type="number" dataKey="x" domain={domain} ticks={ticks} allowDataOverflow tickFormatter={fmt} stroke="#374151"
          />
          {STATIC_Y}
          {/* SR-06: the pen faults when the measured rate is off by more than 10 % for 200 ms. */}
          {setHz ? <FastHBand y1={setHz * 0.9} y2={setHz * 1.1} fill="#bfdbfe" /> : null}
          <FastLine x={rate.x} y={rate.y} stroke="#7c2d12" strokeWidth={2} testId="series-rate" />
        </ComposedChart>
    </figure>
  );
}
