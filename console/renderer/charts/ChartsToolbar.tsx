/**
 * The charts' toolbar: window, pause and scroll back (the view only; the
 * pen and a replay carry on), which series to show, the depth axis (full,
 * auto, zoom), the telemetry rate, and the live readout. During a replay the
 * "live" pill gives way to the replay's own controls (ReplayBar).
 */
import { useCallback, useEffect } from 'react';
import { WINDOW_CHOICES_MS, type ChartStore } from '../../shared/charts/index.js';
import { mmText, windowLabel } from './chart-format.js';
import { depthDomain, zoomed, type DepthAxis } from './depth-axis.js';
import { CHART_COLUMNS, liveViewSource, useView } from './view-source.js';

/** Series the charts can show. */
export type SeriesName = 'depth' | 'rate' | 'e' | 'c' | 'b' | 'n' | 'passes';
export const SERIES_CHOICES: { id: SeriesName; label: string }[] = [
  { id: 'depth', label: 'Depth' }, { id: 'e', label: 'Depth error' }, { id: 'rate', label: 'Rate' }, { id: 'c', label: 'Temperature' },
  { id: 'b', label: 'Battery' }, { id: 'n', label: 'Strokes' }, { id: 'passes', label: 'Passes' },
];

/** Window, pause and scroll; `live` false during a replay (no "live" pill). */
export function ViewControls({ store, live }: { store: ChartStore; live: boolean }) {
  const view = useView(liveViewSource(store, CHART_COLUMNS, 0));
  const step = Math.max(1000, view.windowMs / 4);
  const back = useCallback(() => store.scrollBy(step), [store, step]);
  const fwd = useCallback(() => store.scrollBy(-step), [store, step]);
  useEffect(() => {
    // Arrow keys scroll the charts when focus is inside them (not while typing in a field).
    const el = document.getElementById('charts-panel');
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
      if (e.key === 'ArrowLeft') back();
      else if (e.key === 'ArrowRight') fwd();
      else return;
      e.preventDefault();
    };
    el?.addEventListener('keydown', onKey);
    return () => el?.removeEventListener('keydown', onKey);
  }, [back, fwd]);
  const latest = store.latest;
  const points = view.measured.x.length + view.setpoint.x.length + view.rate.x.length;
  const mode = view.paused ? `paused, ${(view.offsetMs / 1000).toFixed(1)} s behind ${live ? 'live' : 'the replay'}` : live ? 'live' : 'following the replay';
  return (
    <>
      <label>
        Window{' '}
        <select value={view.windowMs} onChange={(e) => store.setWindow(Number(e.target.value))} aria-label="Chart window length">
          {WINDOW_CHOICES_MS.map((ms) => (
            <option key={ms} value={ms}>
              {windowLabel(ms)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="btn" onClick={() => (view.paused ? store.resume() : store.pause())} aria-pressed={view.paused}>
        {view.paused ? (live ? '▶ Live' : '▶ Follow') : '❚❚ Pause'}
      </button>
      <button type="button" className="btn" onClick={back} aria-label={`Scroll back ${windowLabel(step)}`}>
        ◀ back
      </button>
      <button type="button" className="btn" onClick={fwd} disabled={!view.paused || view.offsetMs === 0} aria-label={`Scroll forward ${windowLabel(step)}`}>
        forward ▶
      </button>
      <span className={`pill ${view.paused ? 'chart-paused' : live ? 'chart-live' : 'chart-replay'}`} data-testid="chart-mode">
        {mode}
      </span>
      <span className="chart-readout" data-testid="chart-readout">
        {latest ? `set ${mmText(latest.d)} · measured ${mmText(latest.m)} · ${latest.r} Hz · ${latest.s}` : 'no telemetry yet'}
      </span>
      <small data-testid="chart-points">
        {view.framesInWindow} frames → {points} points
      </small>
    </>
  );
}

/** Which series are drawn. */
export function SeriesPicker({ shown, onChange }: { shown: ReadonlySet<SeriesName>; onChange: (s: ReadonlySet<SeriesName>) => void }) {
  return (
    <span className="series-picker" role="group" aria-label="Series">
      <strong>Show</strong>
      {SERIES_CHOICES.map((c) => (
        <label key={c.id} className="chip">
          <input
            type="checkbox" checked={shown.has(c.id)} aria-label={`Show ${c.label}`}
            onChange={() => {
              const n = new Set(shown);
              if (n.has(c.id)) n.delete(c.id);
              else n.add(c.id);
              onChange(n);
            }}
          />{' '}
          {c.label}
        </label>
      ))}
    </span>
  );
}

/** Full, auto, zoom in and out of the depth axis. */
export function DepthAxisControls({ store, axis, onChange }: { store: ChartStore; axis: DepthAxis; onChange: (a: DepthAxis) => void }) {
  const current = () => depthDomain(axis, liveViewSource(store, CHART_COLUMNS, 0).getSnapshot());
  return (
    <span className="depth-axis" role="group" aria-label="Depth axis">
      <strong>Depth axis</strong>
      <button type="button" className="btn" aria-pressed={axis.mode === 'full'} onClick={() => onChange({ mode: 'full' })}>0–2.5 mm</button>
      <button type="button" className="btn" aria-pressed={axis.mode === 'auto'} onClick={() => onChange({ mode: 'auto' })}>Auto</button>
      <button type="button" className="btn" aria-label="Zoom the depth axis in" onClick={() => onChange(zoomed(current(), 0.5))}>＋</button>
      <button type="button" className="btn" aria-label="Zoom the depth axis out" onClick={() => onChange(zoomed(current(), 2))}>－</button>
    </span>
  );
}
