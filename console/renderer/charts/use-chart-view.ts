/**
 * React binding of the ChartStore: re-render on its (≤ 30/s) notifications,
 * inside an animation frame, `phase` frames after the notification. Charts
 * in different phases render in different frames, so one frame never carries
 * every chart's update (the UI bench's frame budget); each chart still
 * updates at the store's rate.
 */
import { useMemo, useSyncExternalStore } from 'react';
import type { ChartStore, ChartView } from '../../shared/charts/index.js';

type Subscribe = (cb: () => void) => () => void;
const subscribers = new WeakMap<ChartStore, Map<number, Subscribe>>();

function frameAligned(store: ChartStore, phase: number): Subscribe {
  let byPhase = subscribers.get(store);
  if (!byPhase) subscribers.set(store, (byPhase = new Map()));
  let s = byPhase.get(phase);
  if (!s) {
    s = (cb) => {
      let frame = 0;
      const after = (left: number) => {
        frame = requestAnimationFrame(() => {
          if (left > 0) after(left - 1);
          else {
            frame = 0;
            cb();
          }
        });
      };
      const unsub = store.subscribe(() => {
        if (!frame) after(phase);
      });
      return () => {
        unsub();
        if (frame) cancelAnimationFrame(frame);
      };
    };
    byPhase.set(phase, s);
  }
  return s;
}

/** The current decimated view; `columns` bounds the points per series (≤ 2 × columns + 2). */
export function useChartView(store: ChartStore, columns: number, phase = 0): ChartView {
  const version = useSyncExternalStore(frameAligned(store, phase), store.getVersion);
  return useMemo(() => store.view(columns), [store, columns, version]);
}
