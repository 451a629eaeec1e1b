/** Measured stroke rate over device time, with the ±10 % band of SR-06 around the set rate when known. */
import { memo } from 'react';
import { CartesianGrid, ComposedChart, XAxis, YAxis } from 'recharts';
import { ChartKey, type ChartOverlay } from './DepthChart.js';
import { HoverLayer, MarksLayer } from './ChartOverlays.js';
import { useWidth } from './use-width.js';
import { FastHBand, FastLine } from './FastSeries.js';
import { TIME_AXIS_HEIGHT, TimeAxis } from './TimeAxis.js';
import { useView, type ViewSource } from './view-source.js';

// Constant props hoisted: Recharts 3 syncs props into its store; a fresh object each render costs an update.
const MARGIN = { top: 8, right: 16, bottom: TIME_AXIS_HEIGHT, left: 0 };
const Y_DOMAIN: [number, number] = [0, 170];
const Y_TICKS = [0, 50, 100, 150];
// Elements that never change, created once: React skips re-rendering an identical element.
const STATIC_GRID = <CartesianGrid stroke="#d1d5db" strokeDasharray="3 3" vertical={false} />;
const STATIC_X = <XAxis type="number" domain={[0, 1]} hide />;
const STATIC_Y = <YAxis type="number" domain={Y_DOMAIN} ticks={Y_TICKS} allowDataOverflow width={44} stroke="#374151" />;

/** The part that changes with every update: time axis and series. */
function RateSeries({ source, overlay }: { source: ViewSource; overlay?: ChartOverlay | undefined }) {
  const v = useView(source);
  return (
    <>
      <TimeAxis x0={v.x0} x1={v.x1} />
      {overlay ? <MarksLayer x0={v.x0} x1={v.x1} marks={overlay.marks()} /> : null}
      <FastLine x0={v.x0} x1={v.x1} x={v.rate.x} y={v.rate.y} stroke="#7c2d12" strokeWidth={2} testId="series-rate" />
      {overlay ? <HoverLayer x0={v.x0} x1={v.x1} hover={overlay.hover} /> : null}
    </>
  );
}

/** Recharts chart of the stroke rate in Hz; re-renders its frame only on resize or a new set rate. */
export const RateChart = memo(function RateChart({ source, setHz, height = 180, overlay }: {
  source: ViewSource; setHz?: number | undefined; height?: number; overlay?: ChartOverlay | undefined;
}) {
  const [ref, width] = useWidth<HTMLElement>();
  return (
    <figure ref={ref} className="chart" aria-label="Stroke rate in hertz over device time" data-set-hz={setHz ?? ''}>
      <figcaption>
        Stroke rate (Hz) <ChartKey colour="#7c2d12" label="measured" />
        {setHz ? <ChartKey colour="#bfdbfe" label={`set ${setHz} Hz ±10 %`} block /> : null}
      </figcaption>
      <ComposedChart width={width} height={height} margin={MARGIN}>
        {STATIC_GRID}
        {STATIC_X}
        {STATIC_Y}
        {/* SR-06: the pen faults when the measured rate is off by more than 10 % for 200 ms. */}
        {setHz ? <FastHBand y1={setHz * 0.9} y2={setHz * 1.1} fill="#bfdbfe" /> : null}
        <RateSeries source={source} overlay={overlay} />
      </ComposedChart>
    </figure>
  );
});
