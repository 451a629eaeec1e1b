/**
 * Time for the link layer, injectable so tests can drive it. The default reads
 * `performance.now()` and the global timers at call time, so vitest fake timers
 * also work without injecting anything.
 */

/** Opaque timer handle. */
export type TimerHandle = unknown;

/** Monotonic milliseconds plus one-shot timers. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The real clock of the running platform. */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>),
};
