/**
 * Drives a pen's clock from a Node timer. `real`: each tick advances the pen
 * by the wall time that passed (pen time tracks wall time), at most
 * MAX_CATCHUP_MS a tick. `sim`: each tick advances exactly `tickMs`, so a run
 * with the same seed and inputs is reproducible even when the host is busy
 * (pen time may then lag wall time).
 */
import type { SimPen } from '../pen/sim-pen.js';

export type ClockMode = 'real' | 'sim';

/**
 * The most one tick of the real clock advances the pen, ms. A real pen's firmware never pauses; the
 * simulator's process does (a loaded machine, garbage collection, a debugger, a suspended laptop).
 * Replaying such a pause at once would make the host look silent for its whole length and expire the
 * 500 ms lease (SR-11) of a pen whose host sent on time; capped, pen time lags wall time by the pause
 * instead. A host that really goes quiet still expires the lease: the ticks go on while its lines stop.
 */
export const MAX_CATCHUP_MS = 100;

/** Start the driver; returns a stop function. */
export function runRealtime(pen: SimPen, mode: ClockMode, tickMs = 5): () => void {
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const dt = mode === 'real' ? Math.min(now - last, MAX_CATCHUP_MS) : tickMs;
    last = now;
    pen.advance(dt);
  }, tickMs);
  return () => clearInterval(timer);
}

export { UartThrottle } from './uart-throttle.js';
