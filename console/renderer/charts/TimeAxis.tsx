/**
 * The device-time x axis of the live charts, with its vertical grid lines,
 * drawn in the series layer. It moves with every update, and a Recharts
 * XAxis with a new domain re-runs Recharts' whole store and measures each
 * label's text; keyed by tick time, these ticks keep their nodes and only
 * slide as the window does.
 */
import { usePlotArea } from 'recharts';
import { formatDeviceTime, timeTicks } from './chart-format.js';

/** Space the axis needs under the plot area, px (the charts' bottom margin). */
export const TIME_AXIS_HEIGHT = 28;
const AXIS = '#374151';
const GRID = '#d1d5db';

/** Ticks at round device times across [x0, x1], labelled in seconds (or m:ss for long windows). */
export function TimeAxis({ x0, x1 }: { x0: number; x1: number }) {
  const area = usePlotArea();
  if (!area || !(x1 > x0)) return null;
  const k = area.width / (x1 - x0);
  const bottom = area.y + area.height;
  return (
    <g className="time-axis" data-testid="time-axis" aria-label="Device time">
      {timeTicks(x0, x1).map((t) => {
        const px = Math.round((area.x + (t - x0) * k) * 10) / 10;
        // A label centred on a tick at either end would be cut by the chart's edge.
        const anchor = px > area.x + area.width - 24 ? 'end' : px < area.x + 24 ? 'start' : 'middle';
        return (
          <g key={t}>
            <line x1={px} x2={px} y1={area.y} y2={bottom} stroke={GRID} strokeDasharray="3 3" />
            <line x1={px} x2={px} y1={bottom} y2={bottom + 6} stroke={AXIS} />
            <text x={px} y={bottom + 20} textAnchor={anchor} fill={AXIS} className="time-axis-label">
              {formatDeviceTime(t, x1 - x0)}
            </text>
          </g>
        );
      })}
      <line x1={area.x} x2={area.x + area.width} y1={bottom} y2={bottom} stroke={AXIS} />
    </g>
  );
}
