/**
 * Where a chart's series come from: the live ChartStore (re-rendering on its
 * ≤ 30/s notifications, inside an animation frame) or a fixed view (a
 * recording's overview). Only the series layers inside a chart subscribe; the
 * Recharts frame around them (grid, y axis) renders only when its size or
 * window changes, because a Recharts render costs several milliseconds (its
 * store, selectors and text measuring) and at 30 updates a second that was
 * most of the UI bench's frame time.
 */
import { useSyncExternalStore } from 'react';
import type { ChartStore, ChartView, Decimated } from '../../shared/charts/index.js';

/** What the series layers draw: the x range and the decimated series. */
export interface SeriesView {
  x0: number;
  x1: number;
  measured: Decimated;
  setpoint: Decimated;
  rate: Decimated;
}

/** A subscribable view (the useSyncExternalStore contract: same snapshot object until it changes). */
export interface ViewSource<V extends SeriesView = SeriesView> {
  subscribe(cb: () => void): () => void;
  getSnapshot(): V;
}

/** Pixel columns the live series are decimated to: ≤ 802 points per series, about one pair per pixel of a wide chart. */
export const CHART_COLUMNS = 400;

const noop = (): void => undefined;

/** A view that never changes. */
export function staticViewSource<V extends SeriesView>(view: V): ViewSource<V> {
  return { subscribe: () => noop, getSnapshot: () => view };
}

const live = new WeakMap<ChartStore, Map<string, ViewSource<ChartView>>>();

/**
 * The store's view decimated to `columns`, notified `phase` animation frames
 * after the store's notification. Charts in different phases render in
 * different frames, so one frame never carries every chart's update; each
 * still updates at the store's rate. One source per (store, columns, phase),
 * so every subscriber in a phase shares one decimation per update.
 */
export function liveViewSource(store: ChartStore, columns: number, phase = 0): ViewSource<ChartView> {
  let byKey = live.get(store);
  if (!byKey) live.set(store, (byKey = new Map()));
  const key = `${columns}/${phase}`;
  let source = byKey.get(key);
  if (source) return source;
  let version = -1;
  let snapshot: ChartView | null = null;
  source = {
    subscribe(cb) {
      let frame = 0;
      const after = (left: number): void => {
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
    },
    getSnapshot() {
      if (!snapshot || version !== store.version) {
        snapshot = store.view(columns);
        version = store.version;
      }
      return snapshot;
    },
  };
  byKey.set(key, source);
  return source;
}

const windows = new WeakMap<ChartStore, Map<string, ViewSource<ChartView>>>();

/**
 * The newest `windowMs` of the store, live whatever the charts' pause and scroll, decimated to `columns` like
 * the Charts tab's series and notified with the store (≤ 30/s, in an animation frame): the Console tab's small
 * depth chart. One source per (store, columns, window).
 */
export function liveWindowSource(store: ChartStore, columns: number, windowMs: number): ViewSource<ChartView> {
  let byKey = windows.get(store);
  if (!byKey) windows.set(store, (byKey = new Map()));
  const key = `${columns}/${windowMs}`;
  let source = byKey.get(key);
  if (source) return source;
  const phased = liveViewSource(store, columns, 0);
  let version = -1;
  let snapshot: ChartView | null = null;
  source = {
    subscribe: phased.subscribe,
    getSnapshot() {
      if (!snapshot || version !== store.version) {
        snapshot = store.liveView(columns, windowMs);
        version = store.version;
      }
      return snapshot;
    },
  };
  byKey.set(key, source);
  return source;
}

/** The source's current view; re-renders the calling component (only) when it changes. */
export function useView<V extends SeriesView>(source: ViewSource<V>): V {
  return useSyncExternalStore(source.subscribe, source.getSnapshot);
}
