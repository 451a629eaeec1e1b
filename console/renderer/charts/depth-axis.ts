/**
 * The depth axis of the charts: the whole 0–2.5 mm range, autoscaled to
 * what the window shows (a 0.05 mm tracking error is invisible on 2.5 mm),
 * or zoomed by hand. Autoscaling fits the depths in the window (a retracted
 * needle, 0, is left out), snaps to 0.05 mm and keeps the setpoint's
 * ±0.15 mm tolerance band (SR-05) in view, so the axis moves only when the
 * data leaves it, not on every frame.
 */
import { DEPTH_TOLERANCE_UM } from '../../shared/charts/index.js';
import type { SeriesView } from './view-source.js';

/** How the depth axis is scaled. */
export type DepthAxis = { mode: 'full' } | { mode: 'auto' } | { mode: 'manual'; lo: number; hi: number };

/** The full range, mm (a little beyond 0 and the 2.5 mm ceiling). */
export const FULL_DOMAIN: readonly [number, number] = [-0.1, 2.7];
const SNAP = 0.05;
const MIN_SPAN = 0.1;

const snapDown = (v: number) => Math.floor(v / SNAP + 1e-9) * SNAP;
const snapUp = (v: number) => Math.ceil(v / SNAP - 1e-9) * SNAP;
const round = (v: number) => Math.round(v * 1000) / 1000;

/** The domain, mm, for a view of the series (µm). */
export function depthDomain(axis: DepthAxis, v: Pick<SeriesView, 'measured' | 'setpoint'>): [number, number] {
  if (axis.mode === 'full') return [FULL_DOMAIN[0], FULL_DOMAIN[1]];
  if (axis.mode === 'manual') return [axis.lo, axis.hi];
  let lo = Infinity;
  let hi = -Infinity;
  // 0 is a retracted needle, not a depth: fitting it in would hide the tracking the axis is zoomed for.
  for (const y of v.measured.y) {
    if (!(y > 0)) continue;
    if (y < lo) lo = y;
    if (y > hi) hi = y;
  }
  for (const y of v.setpoint.y) {
    if (!(y > 0)) continue;
    if (y - DEPTH_TOLERANCE_UM < lo) lo = y - DEPTH_TOLERANCE_UM;
    if (y + DEPTH_TOLERANCE_UM > hi) hi = y + DEPTH_TOLERANCE_UM;
  }
  if (!Number.isFinite(lo)) return [FULL_DOMAIN[0], FULL_DOMAIN[1]];
  let a = snapDown(lo / 1000 - 0.02);
  let b = snapUp(hi / 1000 + 0.02);
  if (b - a < MIN_SPAN) b = a + MIN_SPAN;
  a = Math.max(FULL_DOMAIN[0], a);
  b = Math.min(FULL_DOMAIN[1], b);
  return [round(a), round(b)];
}

/** Zoomed by `factor` (0.5 in, 2 out) around the middle of `d`, within the full range. */
export function zoomed(d: readonly [number, number], factor: number): DepthAxis {
  const mid = (d[0] + d[1]) / 2;
  const half = Math.min((FULL_DOMAIN[1] - FULL_DOMAIN[0]) / 2, Math.max(MIN_SPAN / 4, ((d[1] - d[0]) / 2) * factor));
  let lo = mid - half;
  let hi = mid + half;
  if (lo < FULL_DOMAIN[0]) [lo, hi] = [FULL_DOMAIN[0], FULL_DOMAIN[0] + 2 * half];
  if (hi > FULL_DOMAIN[1]) [lo, hi] = [FULL_DOMAIN[1] - 2 * half, FULL_DOMAIN[1]];
  return { mode: 'manual', lo: round(lo), hi: round(hi) };
}

/** About five round ticks across [lo, hi]. */
export function niceTicks(lo: number, hi: number): number[] {
  const span = hi - lo;
  const step = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 10_000, 100_000, 1e6].find((s) => span / s <= 6) ?? 1e7;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step - 1e-9) * step; t <= hi + 1e-9; t += step) out.push(Math.round(t * 1000) / 1000);
  return out;
}
