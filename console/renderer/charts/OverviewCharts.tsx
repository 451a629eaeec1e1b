/** Depth and rate charts of a fixed view (a recording's whole session). */
import { useMemo } from 'react';
import { DepthChart } from './DepthChart.js';
import { RateChart } from './RateChart.js';
import { staticViewSource, type SeriesView } from './view-source.js';

/** The two time charts over one decimated view that does not change. */
export function OverviewCharts({ view, setHz }: { view: SeriesView; setHz?: number }) {
  const source = useMemo(() => staticViewSource(view), [view]);
  return (
    <>
      <DepthChart source={source} />
      <RateChart source={source} setHz={setHz} />
    </>
  );
}
