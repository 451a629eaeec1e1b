/** Battery state of charge, % (float). Drain scales with stroke rate; the charger adds charge (SR-13 watches it). */

/** Drain when idle, %/h. */
export const IDLE_DRAIN_PCT_H = 1;
/** Extra drain at 150 Hz, %/h: a full battery runs about 90 minutes at the top rate. */
export const RUN_DRAIN_PCT_H_AT_150 = 60;
/** Charge rate, %/h. */
export const CHARGE_PCT_H = 60;

/** Advance the charge by dt ms. */
export function stepBattery(pct: number, motorHz: number, charging: boolean, dt: number): number {
  const h = dt / 3_600_000;
  const drain = IDLE_DRAIN_PCT_H + (RUN_DRAIN_PCT_H_AT_150 * motorHz) / 150;
  const next = pct + (charging ? CHARGE_PCT_H : 0) * h - drain * h;
  return Math.max(0, Math.min(100, next));
}
