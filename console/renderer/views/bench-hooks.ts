/**
 * The hooks the UI bench page (bench-page.tsx) puts on `window` for
 * test/bench/sections/ui.ts, which drives them through Playwright. A plain
 * module, so the bench (Node) can import the types without the page.
 */
import type { TlmSample } from '../../shared/index.js';

/** What the bench calls in the page. */
export interface BenchHooks {
  /** Pushes frames as PenApi telemetry pushes arrive; `madeMs`: time spent making them (counted as work). */
  feed(frames: TlmSample[], madeMs?: number): void;
  /** Starts recording frames. */
  startFrames(): void;
  /**
   * Stops; per frame (rAF to rAF): the interval, and the main-thread work in
   * it: feeding, plus the frame itself — rAF callbacks (the charts render
   * there), style, layout and paint — from its rAF to a message posted there,
   * minus the feeding that ran in between.
   */
  stopFrames(): { intervals: number[]; work: number[]; feeding: number[] };
  notifications(): number;
  points(): string;
}

declare global {
  interface Window {
    __penbenchBench?: BenchHooks;
  }
}
