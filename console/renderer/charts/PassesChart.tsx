/** Passes per treatment area against the recommended 2–4 cross-hatched passes. */
import { memo } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, LabelList, ReferenceArea, XAxis, YAxis } from 'recharts';
import { useWidth } from './use-width.js';
import { NO_AREA, RECOMMENDED_PASSES, type AreaSummary } from '../../shared/charts/index.js';

function colourOf(passes: number): string {
  if (passes > RECOMMENDED_PASSES.max) return '#b91c1c';
  if (passes >= RECOMMENDED_PASSES.min) return '#166534';
  return '#92400e';
}

/** Bar chart, one bar per area visited; green inside 2–4, amber below, red above. Re-renders only when a count changes. */
export const PassesChart = memo(PassesChartInner, (a, b) => a.height === b.height && sameCounts(a.areas, b.areas));

function sameCounts(a: readonly AreaSummary[], b: readonly AreaSummary[]): boolean {
  return a.length === b.length && a.every((x, i) => x.area === b[i]!.area && x.passes === b[i]!.passes);
}

function PassesChartInner({ areas, height = 200 }: { areas: readonly AreaSummary[]; height?: number }) {
  const [ref, width] = useWidth<HTMLElement>();
  const data = areas.filter((a) => a.area !== NO_AREA || a.passes > 0).map((a) => ({ area: a.area, passes: a.passes }));
  const top = Math.max(6, ...data.map((d) => d.passes + 1));
  return (
    <figure ref={ref} className="chart" aria-label="Passes per treatment area; recommended 2 to 4">
      <figcaption>Passes per area — recommended {RECOMMENDED_PASSES.min}–{RECOMMENDED_PASSES.max} (shaded)</figcaption>
      {data.length === 0 ? (
        <p className="hint">No area treated yet.</p>
      ) : (
          <BarChart width={width} height={height} data={data} margin={{ top: 16, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid stroke="#d1d5db" strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="area" stroke="#374151" interval={0} />
            <YAxis allowDecimals={false} domain={[0, top]} width={44} stroke="#374151" />
            <ReferenceArea y1={RECOMMENDED_PASSES.min} y2={RECOMMENDED_PASSES.max} fill="#bbf7d0" fillOpacity={0.7} ifOverflow="hidden" />
            <Bar dataKey="passes" isAnimationActive={false} maxBarSize={90}>
              {data.map((d) => (
                <Cell key={d.area} fill={colourOf(d.passes)} />
              ))}
              <LabelList dataKey="passes" position="top" fill="#111827" />
            </Bar>
          </BarChart>
      )}
    </figure>
  );
}
