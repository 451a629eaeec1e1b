/**
 * Charts, Trainer, Recordings, the protocol Terminal and the message
 * Inspector as tabs over one PenApi. Used standalone (views/index.html,
 * `?view=charts|trainer|recordings|terminal|inspector`) and by the console's
 * app shell. Recordings need the RecordingsApi methods on the PenApi.
 */
import { lazy, Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { PenApi } from '../../shared/index.js';
import type { RecordingsApi } from '../../shared/charts/index.js';
import { LiveFeed } from '../charts/live-feed.js';
import { WireLog } from '../terminal/wire-log.js';
import { LiveStopBar } from '../src/components/LiveStopBar.js';
import '../charts/views.css';

// Each view is its own chunk, loaded when its tab first opens: the console's main screen loads without them.
const ChartsPanel = lazy(() => import('../charts/ChartsPanel.js').then((m) => ({ default: m.ChartsPanel })));
const RecordingsView = lazy(() => import('../recordings/RecordingsView.js').then((m) => ({ default: m.RecordingsView })));
const TrainerScreen = lazy(() => import('../trainer/TrainerView.js').then((m) => ({ default: m.TrainerScreen })));
const TerminalView = lazy(() => import('../terminal/TerminalView.js').then((m) => ({ default: m.TerminalView })));
const InspectorView = lazy(() => import('../inspector/InspectorView.js').then((m) => ({ default: m.InspectorView })));

/** The views this shell offers. */
export type ViewName = 'charts' | 'trainer' | 'recordings' | 'terminal' | 'inspector';
export const VIEW_NAMES: readonly ViewName[] = ['charts', 'trainer', 'recordings', 'terminal', 'inspector'];

/** One raw-line log per API; it asks for raw lines only while the terminal or the inspector is shown. */
export function useWireLog(api: PenApi, view: string): WireLog {
  const log = useMemo(() => new WireLog(api), [api]);
  const watching = view === 'terminal' || view === 'inspector';
  useEffect(() => (watching ? log.retain() : undefined), [log, watching]);
  return log;
}

/** True when the API carries the recordings methods. */
export function hasRecordings(api: object): api is RecordingsApi {
  return typeof (api as Partial<RecordingsApi>).listRecordings === 'function';
}

/** One LiveFeed per API, attached while mounted. */
export function useLiveFeed(api: PenApi): LiveFeed {
  // eslint-disable-next-line react-hooks/exhaustive-deps -- a new API gets a fresh feed (no history from another pen)
  const feed = useMemo(() => new LiveFeed(), [api]);
  useEffect(() => feed.attach(api), [feed, api]);
  return feed;
}

/** The view named in the page URL (`?view=`), or null. */
export function viewFromUrl(search: string = window.location.search): ViewName | null {
  const v = new URLSearchParams(search).get('view');
  return VIEW_NAMES.includes(v as ViewName) ? (v as ViewName) : null;
}

/** Views with a Stop of their own (the trainer's stays in its full screen); every other view gets the LiveStopBar. */
const HAS_OWN_STOP: ReadonlySet<string> = new Set(['trainer']);

/** One view by name; `feed` and `wire` shared so the charts and the terminal keep their history across tab changes. */
export function ViewBody({ view, api, feed, wire, onShow }: { view: ViewName; api: PenApi; feed: LiveFeed; wire: WireLog; onShow?: (v: ViewName) => void }) {
  return (
    <>
      {!HAS_OWN_STOP.has(view) && <LiveStopBar />}
      <ViewContent view={view} api={api} feed={feed} wire={wire} {...(onShow ? { onShow } : {})} />
    </>
  );
}

function ViewContent({ view, api, feed, wire, onShow }: { view: ViewName; api: PenApi; feed: LiveFeed; wire: WireLog; onShow?: (v: ViewName) => void }) {
  let body: ReactNode;
  if (view === 'charts') body = <ChartsPanel feed={feed} api={api} />;
  else if (view === 'terminal') body = <TerminalView api={api} log={wire} />;
  else if (view === 'inspector') body = <InspectorView log={wire} />;
  else if (view === 'trainer') body = <TrainerScreen api={api} />;
  else if (!hasRecordings(api)) return <p className="panel">This console build has no recordings API.</p>;
  else body = <RecordingsView api={api} onReplayStarted={() => onShow?.('charts')} />;
  return <Suspense fallback={<p className="panel">Loading {view}…</p>}>{body}</Suspense>;
}

/** The tab bar; `extra` puts other tabs (the console's main screen) first. */
export function ViewTabBar<T extends string>({ current, onChange, extra = [] }: { current: T | ViewName; onChange: (v: T | ViewName) => void; extra?: readonly T[] }) {
  const names: (T | ViewName)[] = [...extra, ...VIEW_NAMES];
  return (
    // The tab list inside the nav landmark: a role on the <nav> itself would drop the landmark (axe: region).
    <nav className="view-tabs" aria-label="Views">
      <div role="tablist" aria-label="Views" className="view-tabs-list">
        {names.map((v) => (
          <button key={v} type="button" role="tab" className="btn" aria-selected={current === v} onClick={() => onChange(v)}>
            {v[0]!.toUpperCase() + v.slice(1)}
          </button>
        ))}
      </div>
    </nav>
  );
}

/** Tabs plus the selected view. */
export function ViewsShell({ api, initial = 'charts' }: { api: PenApi; initial?: ViewName }) {
  const [view, setView] = useState<ViewName>(initial);
  const feed = useLiveFeed(api);
  const wire = useWireLog(api, view);
  return (
    <div className="views-shell">
      <ViewTabBar current={view} onChange={(v) => setView(v as ViewName)} />
      <main className={view === 'trainer' ? '' : 'views-pad'}>
        <ViewBody view={view} api={api} feed={feed} wire={wire} onShow={setView} />
      </main>
    </div>
  );
}
