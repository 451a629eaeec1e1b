/** A Clock the test moves by hand; timers fire in time order (ties in the order they were set). */
import type { Clock } from '../../protocol/src/index.js';

/** A manual clock: `advance(ms)` fires timers on time; `stall(ms)` is a blocked host, whose overdue timers all fire late, at the end. */
export function manualClock(): Clock & { advance(ms: number): void; stall(ms: number): void } {
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let id = 0;
  return {
    now: () => now,
    setTimeout: (fn, ms) => {
      timers.push({ at: now + ms, fn, id: ++id });
      return id;
    },
    clearTimeout: (h) => {
      timers = timers.filter((t) => t.id !== h);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at || a.id - b.id);
        const t = timers[0];
        if (!t || t.at > end) break;
        timers.shift();
        now = t.at;
        t.fn();
      }
      now = end;
    },
    stall(ms) {
      now += ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at || a.id - b.id);
        const t = timers[0];
        if (!t || t.at > now) break;
        timers.shift();
        t.fn();
      }
    },
  };
}
