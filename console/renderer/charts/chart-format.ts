/** Axis and value formatting shared by the charts. */

/** Device time on the axis: seconds, one decimal under a minute of window, else m:ss. */
export function formatDeviceTime(ms: number, windowMs: number): string {
  const s = ms / 1000;
  if (windowMs <= 60_000) return `${s.toFixed(windowMs <= 10_000 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.floor(s - m * 60)).padStart(2, '0')}`;
}

/** µm as mm with two decimals. */
export function mmText(um: number): string {
  return `${(um / 1000).toFixed(2)} mm`;
}

/** A window length as words: "30 s", "5 min". */
export function windowLabel(ms: number): string {
  return ms >= 60_000 ? `${ms / 60_000} min` : `${ms / 1000} s`;
}

/** Five ticks across [x0, x1] at round device times. */
export function timeTicks(x0: number, x1: number): number[] {
  const span = Math.max(1, x1 - x0);
  const steps = [100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000];
  const step = steps.find((s) => span / s <= 6) ?? 600_000;
  const out: number[] = [];
  for (let t = Math.ceil(x0 / step) * step; t <= x1; t += step) out.push(t);
  return out;
}

