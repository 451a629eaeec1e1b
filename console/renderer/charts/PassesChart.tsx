/**
 * Passes per treatment area against the recommended 2–4 cross-hatched passes.
 * The Recharts frame (areas on x, passes on y, the shaded range) re-renders
 * only when an area is added or the y range must grow; the bars are drawn by
 * a layer of their own, because a Recharts BarChart render (8–10 ms) on every
 * new pass was the slowest frame of the UI bench.
 */
import { memo, useMemo, useSyncExternalStore } from 'react';
import { BarChart, CartesianGrid, ReferenceArea, XAxis, YAxis, usePlotArea, useYAxisScale } from 'recharts';
import { useWidth } from './use-width.js';
import { NO_AREA, RECOMMENDED_PASSES, type AreaSummary } from '../../shared/charts/index.js';
import { areaName } from '../../shared/area-name.js';

/** Area names on the axis, never ids ("no area" keeps its dash). */
const axisName = (id: string): string => (id === NO_AREA ? 'no area' : areaName(id, { short: true }));

/** Where the per-area counts come from (the useSyncExternalStore contract). */
export interface AreasSource {
  subscribe(cb: () => void): () => void;
  getSnapshot(): readonly AreaSummary[];
}

const MARGIN = { top: 16, right: 16, bottom: 4, left: 0 };
const MAX_BAR_PX = 90;

function colourOf(passes: number): string {
  if (passes > RECOMMENDED_PASSES.max) return '#b91c1c';
  if (passes >= RECOMMENDED_PASSES.min) return '#166534';
  return '#92400e';
}

/** The areas drawn: every area visited, and "no area" only if passes were counted there. */
function shown(areas: readonly AreaSummary[]): AreaSummary[] {
  return areas.filter((a) => a.area !== NO_AREA || a.passes > 0);
}

/** The y axis top: 6, then in steps of 5, so passes past 6 do not re-render the frame on every pass. */
function topOf(list: readonly AreaSummary[]): number {
  const top = Math.max(6, ...list.map((d) => d.passes + 1));
  return top <= 6 ? 6 : Math.ceil(top / 5) * 5;
}

/** The frame's shape as one string (a snapshot that changes only with it): the y top and the area names. */
function shapeOf(areas: readonly AreaSummary[]): string {
  const list = shown(areas);
  return `${topOf(list)}|${list.map((d) => d.area).join('\t')}`;
}

/** The bars, centred on the x axis' category bands (one band per area, as the axis lays them out). */
function PassBars({ source }: { source: AreasSource }) {
  const list = shown(useSyncExternalStore(source.subscribe, source.getSnapshot));
  const area = usePlotArea();
  const ys = useYAxisScale();
  if (!area || !ys || list.length === 0) return null;
  const band = area.width / list.length;
  const barW = Math.min(MAX_BAR_PX, band * 0.8);
  const base = ys(0) ?? area.y + area.height;
  return (
    <g className="pass-bars" data-testid="pass-bars">
      {list.map((d, i) => {
        const top = ys(d.passes) ?? base;
        const cx = area.x + band * (i + 0.5);
        return (
          <g key={d.area} data-area={d.area} data-passes={d.passes}>
            <rect x={cx - barW / 2} y={top} width={barW} height={Math.max(0, base - top)} fill={colourOf(d.passes)} />
            <text x={cx} y={top - 5} textAnchor="middle" fill="#111827" className="pass-count">
              {d.passes}
            </text>
          </g>
        );
      })}
    </g>
  );
}

/** Bar chart, one bar per area visited; green inside 2–4, amber below, red above. */
export const PassesChart = memo(function PassesChart({ source, height = 200 }: { source: AreasSource; height?: number }) {
  const [ref, width] = useWidth<HTMLElement>();
  const shape = useSyncExternalStore(source.subscribe, () => shapeOf(source.getSnapshot()));
  const { data, domain, ticks } = useMemo(() => {
    const list = shown(source.getSnapshot());
    const top = topOf(list);
    // Explicit ticks: there is no numeric series for Recharts to derive them from.
    const step = top <= 10 ? 1 : top <= 30 ? 5 : 10;
    const ticks: number[] = [];
    for (let v = 0; v <= top; v += step) ticks.push(v);
    return { data: list.map((d) => ({ area: d.area })), domain: [0, top] as [number, number], ticks };
    // `shape` changes exactly when the frame must; the snapshot is read with it.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- shape is the memo's key, not an input it reads
  }, [shape, source]);
  return (
    <figure ref={ref} className="chart" aria-label="Passes per treatment area; recommended 2 to 4">
      <figcaption>Passes per area — recommended {RECOMMENDED_PASSES.min}–{RECOMMENDED_PASSES.max} (shaded)</figcaption>
      {data.length === 0 ? (
        <p className="hint">No area treated yet.</p>
      ) : (
        <BarChart width={width} height={height} data={data} margin={MARGIN}>
          <CartesianGrid stroke="#d1d5db" strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="area" stroke="#374151" interval={0} tickFormatter={axisName} />
          <YAxis type="number" domain={domain} ticks={ticks} interval={0} allowDataOverflow width={44} stroke="#374151" />
          <ReferenceArea y1={RECOMMENDED_PASSES.min} y2={RECOMMENDED_PASSES.max} fill="#bbf7d0" fillOpacity={0.7} ifOverflow="hidden" />
          <PassBars source={source} />
        </BarChart>
      )}
    </figure>
  );
});
