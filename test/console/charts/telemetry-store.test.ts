import { describe, expect, it } from 'vitest';
import { ChartStore, maxPointsFor, type TlmPoint } from '../../../console/shared/charts/index.js';
import { manualClock } from '../../support/manual-clock.js';

const frame = (t: number, m = 1000, s: TlmPoint['s'] = 'RUN'): TlmPoint => ({ t, s, d: 1000, m, r: 120, n: t, p: 0, c: 300, b: 90 });

describe('chart store', () => {
  it('200 Hz telemetry for 10 s notifies at most 30 times a second', () => {
    const clock = manualClock();
    const store = new ChartStore({ clock });
    let notified = 0;
    store.subscribe(() => notified++);
    for (let i = 0; i < 2000; i++) {
      store.push(frame(i * 5));
      clock.advance(5);
    }
    clock.advance(100);
    expect(notified).toBeGreaterThan(250); // it does keep up…
    expect(notified).toBeLessThanOrEqual(30 * 10 + 1); // …at ≤ 30/s
    expect(store.notifyCount).toBe(notified);
  });

  it('a burst of frames in one task makes one notification', () => {
    const clock = manualClock();
    const store = new ChartStore({ clock });
    let notified = 0;
    store.subscribe(() => notified++);
    store.pushMany(Array.from({ length: 5000 }, (_, i) => frame(i * 5)));
    for (let i = 0; i < 100; i++) store.push(frame(25_000 + i));
    clock.advance(1);
    expect(notified).toBe(1);
  });

  it('the view covers the window on the device-time axis, decimated to a bounded number of points', () => {
    const clock = manualClock();
    const store = new ChartStore({ clock, windowMs: 30_000 });
    for (let i = 0; i < 200 * 120; i++) store.push(frame(i * 5, 1000 + (i % 50)));
    const v = store.view(300);
    expect(v.x1).toBe((200 * 120 - 1) * 5);
    expect(v.x1 - v.x0).toBe(30_000);
    expect(v.framesInWindow).toBe(6001);
    expect(v.measured.x.length).toBeLessThanOrEqual(maxPointsFor(300));
    expect(Math.min(...v.measured.x)).toBeGreaterThanOrEqual(v.x0);
    expect(Math.max(...v.measured.y)).toBe(1049);
    store.setWindow(10_000);
    expect(store.view(300).framesInWindow).toBe(2001);
  });

  it('pause freezes the view while frames keep arriving; resume goes back to live', () => {
    const clock = manualClock();
    const store = new ChartStore({ clock, windowMs: 10_000 });
    for (let i = 0; i < 4000; i++) store.push(frame(i * 5));
    store.pause();
    const frozen = store.view(100);
    for (let i = 4000; i < 6000; i++) store.push(frame(i * 5));
    expect(store.view(100).x1).toBe(frozen.x1);
    expect(store.ring.length).toBe(6000);
    store.resume();
    expect(store.view(100).x1).toBe(5999 * 5);
  });

  it('scroll-back moves the window into the history and is clamped to what is kept', () => {
    const clock = manualClock();
    const store = new ChartStore({ clock, windowMs: 10_000, capacity: 8000 });
    for (let i = 0; i < 10_000; i++) store.push(frame(i * 5)); // 50 s, the ring keeps the last 40 s
    store.scrollBy(15_000);
    let v = store.view(100);
    expect(store.paused).toBe(true);
    expect(v.x1).toBe(9999 * 5 - 15_000);
    expect(v.offsetMs).toBe(15_000);
    store.scrollBy(1_000_000);
    v = store.view(100);
    expect(v.x0).toBe(store.ring.oldestX);
    store.scrollBy(-1_000_000);
    expect(store.view(100).x1).toBe(9999 * 5);
  });

  it('device time that wraps or restarts keeps the axis monotonic', () => {
    const store = new ChartStore({ clock: manualClock() });
    store.push(frame(4_294_967_000));
    store.push(frame(4_294_967_290));
    store.push(frame(5)); // 32-bit wrap
    store.push(frame(10));
    const v = store.view(100);
    for (let i = 1; i < v.measured.x.length; i++) expect(v.measured.x[i]!).toBeGreaterThan(v.measured.x[i - 1]!);
  });
});
