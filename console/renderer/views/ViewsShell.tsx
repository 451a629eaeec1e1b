/**
 * Charts, Trainer and Recordings as tabs over one PenApi. Used standalone
 * (views/index.html, `?view=charts|trainer|recordings`) and by the console's
 * app shell. Recordings need the RecordingsApi methods on the PenApi.
 */
import { useEffect, useMemo, useState } from 'react';
import type { PenApi } from '../../shared/index.js';
import type { RecordingsApi } from '../../shared/charts/index.js';
import { ChartsPanel } from '../charts/ChartsPanel.js';
import { LiveFeed } from '../charts/live-feed.js';
import { RecordingsView } from '../recordings/RecordingsView.js';
import { TrainerScreen } from '../trainer/TrainerView.js';
import { LiveStopBar } from '../src/components/LiveStopBar.js';
import '../charts/views.css';

/** The views this shell offers. */
export type ViewName = 'charts' | 'trainer' | 'recordings';
export const VIEW_NAMES: readonly ViewName[] = ['charts', 'trainer', 'recordings'];

/** True when the API carries the recordings methods. */
export function hasRecordings(api: object): api is RecordingsApi {
  return typeof (api as Partial<RecordingsApi>).listRecordings === 'function';
}

/** One LiveFeed per API, attached while mounted. */
export function useLiveFeed(api: PenApi): LiveFeed {
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

/** One view of the three, by name; `feed` shared so the charts keep their history across tab changes. */
export function ViewBody({ view, api, feed, onShow }: { view: ViewName; api: PenApi; feed: LiveFeed; onShow?: (v: ViewName) => void }) {
  return (
    <>
      {!HAS_OWN_STOP.has(view) && <LiveStopBar />}
      <ViewContent view={view} api={api} feed={feed} {...(onShow ? { onShow } : {})} />
    </>
  );
}

function ViewContent({ view, api, feed, onShow }: { view: ViewName; api: PenApi; feed: LiveFeed; onShow?: (v: ViewName) => void }) {
  if (view === 'charts') return <ChartsPanel feed={feed} />;
  if (view === 'trainer') return <TrainerScreen api={api} />;
  if (!hasRecordings(api)) return <p className="panel">This console build has no recordings API.</p>;
  return <RecordingsView api={api} onReplayStarted={() => onShow?.('charts')} />;
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
  return (
    <div className="views-shell">
      <ViewTabBar current={view} onChange={(v) => setView(v as ViewName)} />
      <main className={view === 'trainer' ? '' : 'views-pad'}>
        <ViewBody view={view} api={api} feed={feed} onShow={setView} />
      </main>
    </div>
  );
}
