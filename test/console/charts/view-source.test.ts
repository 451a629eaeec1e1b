import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChartStore, type StoreClock } from '../../../console/shared/charts/index.js';
import { CHART_COLUMNS, liveViewSource, staticViewSource } from '../../../console/renderer/charts/view-source.js';

/** Animation frames run only when the test says a frame has passed. */
let frames: (() => void)[] = [];
const frame = (): void => {
  const run = frames;
  frames = [];
  run.forEach((f) => f());
};

/** A second passes at each flush, and every timer fires: the store's batching is tested in telemetry-store.test.ts. */
function instantClock(): StoreClock & { flush(): void } {
  let now = 0;
  let due: (() => void)[] = [];
  return {
    now: () => now,
    setTimeout: (fn) => due.push(fn),
    clearTimeout: () => undefined,
    flush() {
      now += 1000;
      const run = due;
      due = [];
      run.forEach((f) => f());
    },
  };
}

const tlm = (t: number, m: number) => ({ t, s: 'RUN', d: 1000, m, r: 120, n: t, p: 0, c: 300, b: 90 }) as const;

describe('chart view sources', () => {
  beforeEach(() => {
    frames = [];
    globalThis.requestAnimationFrame = ((cb: FrameRequestCallback) => frames.push(() => cb(0))) as typeof requestAnimationFrame;
    globalThis.cancelAnimationFrame = (() => undefined) as typeof cancelAnimationFrame;
  });
  afterEach(() => {
    delete (globalThis as Partial<typeof globalThis>).requestAnimationFrame;
    delete (globalThis as Partial<typeof globalThis>).cancelAnimationFrame;
  });

  it('one source per store, columns and phase, so a phase decimates once per update for every chart in it', () => {
    const store = new ChartStore();
    expect(liveViewSource(store, CHART_COLUMNS, 0)).toBe(liveViewSource(store, CHART_COLUMNS, 0));
    expect(liveViewSource(store, CHART_COLUMNS, 1)).not.toBe(liveViewSource(store, CHART_COLUMNS, 0));
    expect(liveViewSource(new ChartStore(), CHART_COLUMNS, 0)).not.toBe(liveViewSource(store, CHART_COLUMNS, 0));
  });

  it('keeps the same snapshot until the store notifies, then the new frames are in it', () => {
    const clock = instantClock();
    const store = new ChartStore({ clock });
    const source = liveViewSource(store, 100, 0);
    store.push(tlm(0, 900));
    clock.flush();
    const a = source.getSnapshot();
    expect(source.getSnapshot()).toBe(a);
    store.push(tlm(5, 950));
    expect(source.getSnapshot()).toBe(a); // not notified yet: React sees no change mid-batch
    clock.flush();
    const b = source.getSnapshot();
    expect(b).not.toBe(a);
    expect(b.measured.y).toContain(950);
    expect(b.framesInWindow).toBe(2);
  });

  it('tells a phase-k subscriber k animation frames after the store notifies, once per notification', () => {
    const clock = instantClock();
    const store = new ChartStore({ clock });
    const heard: string[] = [];
    const unsub0 = liveViewSource(store, 100, 0).subscribe(() => heard.push('phase 0'));
    const unsub2 = liveViewSource(store, 100, 2).subscribe(() => heard.push('phase 2'));
    store.push(tlm(0, 900));
    clock.flush();
    expect(heard).toEqual([]);
    frame();
    expect(heard).toEqual(['phase 0']);
    frame();
    expect(heard).toEqual(['phase 0']);
    frame();
    expect(heard).toEqual(['phase 0', 'phase 2']);
    unsub0();
    unsub2();
    store.push(tlm(5, 900));
    clock.flush();
    frame();
    frame();
    frame();
    expect(heard).toHaveLength(2);
  });

  it('a static source never changes and never calls back', () => {
    const view = { x0: 0, x1: 10, measured: { x: [1], y: [2] }, setpoint: { x: [], y: [] }, rate: { x: [], y: [] } };
    const source = staticViewSource(view);
    let called = false;
    source.subscribe(() => (called = true))();
    expect(source.getSnapshot()).toBe(view);
    expect(called).toBe(false);
  });
});
