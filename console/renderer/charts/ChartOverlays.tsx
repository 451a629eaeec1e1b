/**
 * Layers drawn inside a time chart's plot area over its series: the pen's
 * events and faults as markers at their device time (a fault red and
 * labelled, others grey, each with its log text as a tooltip and a tick on
 * the time axis), and the hover cursor every chart shares, with the readout
 * of the frame under it.
 */
import { useSyncExternalStore, type MouseEvent } from 'react';
import { usePlotArea } from 'recharts';
import type { ChartStore } from '../../shared/charts/index.js';
import type { HoverStore, Mark } from './chart-marks.js';
import { formatDeviceTime, mmText } from './chart-format.js';

/** Markers of the events inside [x0, x1]. */
export function MarksLayer({ x0, x1, marks }: { x0: number; x1: number; marks: readonly Mark[] }) {
  const area = usePlotArea();
  if (!area || !(x1 > x0)) return null;
  const k = area.width / (x1 - x0);
  const bottom = area.y + area.height;
  const shown = marks.filter((m) => m.x >= x0 && m.x <= x1);
  return (
    <g className="event-marks" data-testid="event-marks" data-count={shown.length}>
      {shown.map((m, i) => {
        const px = Math.round((area.x + (m.x - x0) * k) * 10) / 10;
        const colour = m.fault ? '#b91c1c' : '#6b7280';
        return (
          <g key={`${m.x}-${i}`} data-ev={m.ev} className={m.fault ? 'mark-fault' : 'mark-event'}>
            <title>{`${m.ev} at ${(m.x / 1000).toFixed(3)} s: ${m.text}`}</title>
            <line x1={px} x2={px} y1={area.y} y2={bottom} stroke={colour} strokeWidth={m.fault ? 2 : 1} strokeDasharray={m.fault ? undefined : '2 3'} />
            <path d={`M${px - 4},${bottom + 8}L${px + 4},${bottom + 8}L${px},${bottom + 1}Z`} fill={colour} />
            {m.fault ? (
              <text x={px + 3} y={area.y + 12} fill={colour} className="mark-label">
                {m.ev}
              </text>
            ) : null}
          </g>
        );
      })}
    </g>
  );
}

/** The cursor line at the hovered time, and the transparent surface that follows the mouse. */
export function HoverLayer({ x0, x1, hover }: { x0: number; x1: number; hover: HoverStore }) {
  const area = usePlotArea();
  const hx = useSyncExternalStore(hover.subscribe, hover.get);
  if (!area || !(x1 > x0)) return null;
  const k = area.width / (x1 - x0);
  const onMove = (e: MouseEvent<SVGRectElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const frac = Math.min(1, Math.max(0, (e.clientX - box.left) / box.width));
    hover.set(x0 + frac * (x1 - x0));
  };
  const px = hx !== null && hx >= x0 && hx <= x1 ? area.x + (hx - x0) * k : null;
  return (
    <g className="hover-layer">
      {px !== null ? <line x1={px} x2={px} y1={area.y} y2={area.y + area.height} stroke="#111827" strokeWidth={1} data-testid="hover-cursor" /> : null}
      <rect
        x={area.x} y={area.y} width={area.width} height={area.height} fill="transparent" data-testid="hover-surface"
        onMouseMove={onMove} onMouseLeave={() => hover.set(null)}
      />
    </g>
  );
}

/** The values of the frame at the hovered time, or nothing when the mouse is not over a chart. */
export function HoverReadout({ store, hover }: { store: ChartStore; hover: HoverStore }) {
  const hx = useSyncExternalStore(hover.subscribe, hover.get);
  if (hx === null) return null;
  const i = store.indexAt(hx);
  if (i < 0) return null;
  const c = store.ring.spans().cols;
  const err = c.e[i]!;
  return (
    <p className="hover-readout" role="status" data-testid="hover-readout">
      at {formatDeviceTime(c.x[i]!, 10_000)} · set {mmText(c.d[i]!)} · measured {mmText(c.m[i]!)}
      {err === err ? ` · error ${err >= 0 ? '+' : ''}${(err / 1000).toFixed(3)} mm` : ''} · {c.r[i]} Hz · {(c.c[i]! / 10).toFixed(1)} °C · battery {c.b[i]} % · {c.n[i]!.toLocaleString('en-US')} strokes
    </p>
  );
}
