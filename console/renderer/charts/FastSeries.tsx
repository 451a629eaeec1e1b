/**
 * Series drawn as one SVG path straight from the decimated arrays, inside a
 * Recharts chart through its plot-area and y-scale hooks (Recharts ≥ 3.8).
 * Recharts' own Line builds an object per point and measures the path on
 * every update; at 30 updates a second that alone overran the frame budget in
 * the UI bench. The x scale is the live window [x0, x1] over the plot area,
 * so the chart around the series need not re-render when the window slides.
 */
import { useId, type JSX } from 'react';
import { usePlotArea, useYAxisScale } from 'recharts';

/** Pixel path of x/y arrays: linear, or stepping after each point (a setpoint holds until the next). */
function pathOf(
  x: readonly number[], y: readonly number[], sx: (v: number) => number, sy: (v: number) => number, step: boolean,
): string {
  let d = '';
  let move = true;
  // Tenths of a pixel by rounding, not toFixed (several times faster at ~1 600 points × 30 updates a second).
  for (let i = 0; i < x.length; i++) {
    const v = y[i]!;
    // NaN: no value here (a depth error outside RUN); the line breaks.
    if (v !== v) {
      move = true;
      continue;
    }
    const px = Math.round(sx(x[i]!) * 10) / 10;
    const py = Math.round(sy(v) * 10) / 10;
    if (move) {
      d += `M${px},${py}`;
      move = false;
    } else if (step) d += `H${px}V${py}`;
    else d += `L${px},${py}`;
  }
  return d;
}

/** Device time [x0, x1] across the plot area, and Recharts' y scale. */
function useScales(x0: number, x1: number): { sx: (v: number) => number; sy: (v: number) => number } | null {
  const area = usePlotArea();
  const ys = useYAxisScale();
  if (!area || !ys) return null;
  const k = area.width / Math.max(1e-9, x1 - x0);
  return { sx: (v) => area.x + (v - x0) * k, sy: (v) => ys(v) ?? 0 };
}

/** Clip to the plot area so a series never draws over the axes. */
function useClip(): { id: string; rect: JSX.Element | null } {
  const id = `clip-${useId().replace(/:/g, '')}`;
  const area = usePlotArea();
  const rect = area ? (
    <clipPath id={id}>
      <rect x={area.x} y={area.y} width={area.width} height={area.height} />
    </clipPath>
  ) : null;
  return { id, rect };
}

/** A line through (x[i], y[i] × scale). */
export function FastLine(p: { x0: number; x1: number; x: readonly number[]; y: readonly number[]; scale?: number; stroke: string; strokeWidth?: number; step?: boolean; testId?: string }) {
  const s = useScales(p.x0, p.x1);
  const clip = useClip();
  if (!s || p.x.length === 0) return null;
  const k = p.scale ?? 1;
  const d = pathOf(p.x, p.y, s.sx, (v) => s.sy(v * k), !!p.step);
  return (
    <g className="fast-series" data-testid={p.testId} data-points={p.x.length}>
      {clip.rect}
      <path d={d} fill="none" stroke={p.stroke} strokeWidth={p.strokeWidth ?? 2} strokeLinejoin="round" clipPath={clip.rect ? `url(#${clip.id})` : undefined} />
    </g>
  );
}

/** A band of ±`half` around a stepped series (the setpoint's tolerance), skipping where the series is 0 (retracted). */
export function FastBand(p: { x0: number; x1: number; x: readonly number[]; y: readonly number[]; half: number; scale?: number; fill: string; opacity?: number }) {
  const s = useScales(p.x0, p.x1);
  const clip = useClip();
  if (!s || p.x.length === 0) return null;
  const k = p.scale ?? 1;
  let d = '';
  // One rectangle per held setpoint: from this point to the next.
  for (let i = 0; i < p.x.length; i++) {
    const v = p.y[i]!;
    if (!(v > 0)) continue;
    const x0 = s.sx(p.x[i]!);
    const x1 = s.sx(i + 1 < p.x.length ? p.x[i + 1]! : p.x[i]!);
    if (x1 <= x0) continue;
    const top = s.sy((v - p.half) * k);
    const bottom = s.sy((v + p.half) * k);
    d += `M${x0.toFixed(1)},${top.toFixed(1)}H${x1.toFixed(1)}V${bottom.toFixed(1)}H${x0.toFixed(1)}Z`;
  }
  return (
    <g className="fast-band">
      {clip.rect}
      <path d={d} fill={p.fill} fillOpacity={p.opacity ?? 0.55} stroke="none" clipPath={clip.rect ? `url(#${clip.id})` : undefined} />
    </g>
  );
}

/** A horizontal band between two values (a tolerance around a set value), drawn under the series that follow it. */
export function FastHBand(p: { y1: number; y2: number; fill: string; opacity?: number }) {
  const ys = useYAxisScale();
  const area = usePlotArea();
  if (!ys || !area) return null;
  const a = ys(p.y1) ?? 0;
  const b = ys(p.y2) ?? 0;
  const top = Math.max(area.y, Math.min(a, b));
  const bottom = Math.min(area.y + area.height, Math.max(a, b));
  if (bottom <= top) return null;
  return <rect x={area.x} y={top} width={area.width} height={bottom - top} fill={p.fill} fillOpacity={p.opacity ?? 0.6} />;
}
