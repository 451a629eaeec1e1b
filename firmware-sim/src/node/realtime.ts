/**
 * Drives a pen's clock from a Node timer. `real`: each tick advances the pen
 * by the wall time that passed (pen time tracks wall time). `sim`: each tick
 * advances exactly `tickMs`, so a run with the same seed and inputs is
 * reproducible even when the host is busy (pen time may then lag wall time).
 */
import type { SimPen } from '../pen/sim-pen.js';

export type ClockMode = 'real' | 'sim';

/** Start the driver; returns a stop function. */
export function runRealtime(pen: SimPen, mode: ClockMode, tickMs = 5): () => void {
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    // A host that slept (suspend, debugger) must not replay minutes of physics at once.
    const dt = mode === 'real' ? Math.min(now - last, 1000) : tickMs;
    last = now;
    pen.advance(dt);
  }, tickMs);
  return () => clearInterval(timer);
}

export { UartThrottle } from './uart-throttle.js';
