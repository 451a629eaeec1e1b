/**
 * The UI bench page (`?bench=1`): the real ChartsPanel on a LiveFeed that the
 * bench fills through LiveFeed.onPush, the same entry the PenApi telemetry
 * pushes take, and a per-frame main-thread work recorder. Driven from
 * test/bench/sections/ui.ts.
 */
import { createRoot } from 'react-dom/client';
import { ChartsPanel } from '../charts/ChartsPanel.js';
import { LiveFeed } from '../charts/live-feed.js';
import type { PenPush } from '../../shared/index.js';
import type { BenchHooks } from './bench-hooks.js';
import '../charts/views.css';

/** Mounts the bench page into `root`. */
export function mountBench(root: HTMLElement): void {
  const feed = new LiveFeed();
  let intervals: number[] = [];
  let work: number[] = [];
  let feeding: number[] = [];
  let last = 0;
  // Of the work, the part spent making and pushing frames (the feed, not the UI).
  let fed = 0;
  let fedAtRaf = 0;
  // Monotonic sum of measured work; a frame's work is its difference between two rAFs.
  let total = 0;
  let totalAtRaf = 0;
  let on = false;
  const channel = new MessageChannel();
  let renderFrom = 0;
  let totalAtRender = 0;
  channel.port1.onmessage = () => {
    total += Math.max(0, performance.now() - renderFrom - (total - totalAtRender));
  };
  const tick = (t: number) => {
    if (!on) return;
    if (last) {
      intervals.push(t - last);
      work.push(total - totalAtRaf);
      feeding.push(fed - fedAtRaf);
    }
    last = t;
    totalAtRaf = total;
    fedAtRaf = fed;
    // Scheduled first, so it runs before the charts' rAF callback of this frame.
    renderFrom = performance.now();
    totalAtRender = total;
    channel.port2.postMessage(0);
    requestAnimationFrame(tick);
  };
  window.__penbenchBench = {
    feed(batch, madeMs = 0) {
      const t0 = performance.now();
      for (const sample of batch) feed.onPush({ type: 'tlm', sample } satisfies PenPush);
      const spent = performance.now() - t0 + madeMs;
      total += spent;
      fed += spent;
    },
    startFrames() {
      intervals = [];
      work = [];
      feeding = [];
      last = 0;
      on = true;
      requestAnimationFrame(tick);
    },
    stopFrames() {
      on = false;
      return { intervals, work, feeding };
    },
    notifications: () => feed.store.notifyCount,
    points: () => document.querySelector('[data-testid="chart-points"]')?.textContent ?? '',
  } satisfies BenchHooks;
  createRoot(root).render(
    <div className="app bench-page">
      <ChartsPanel feed={feed} />
    </div>,
  );
}
