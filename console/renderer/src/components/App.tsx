/** The console's main screen: one grid of panels around the controls, the other views as tabs, and a Stop on every one of them (Esc from anywhere). */
import { lazy, Suspense, useEffect, useState } from 'react';
import { ViewBody, ViewTabBar, useLiveFeed, useWireLog, viewFromUrl, type ViewName } from '../../views/ViewsShell.js';
import type { PenStore } from '../pen-store.js';
import { StoreContext, useBridgeError, usePenApi } from '../use-pen.js';
import { CartridgePanel } from './CartridgePanel.js';
import { ConnectionPanel } from './ConnectionPanel.js';
import { Controls } from './Controls.js';
import { DeviceInfoPanel } from './DeviceInfoPanel.js';
import { EngineeringPanel } from './EngineeringPanel.js';
import { EventLog } from './EventLog.js';
import { FaultBanner } from './FaultBanner.js';
import { LinkStatsPanel } from './LinkStatsPanel.js';
import { NonConformingBanner } from './NonConformingBanner.js';
// Recharts comes with the telemetry chart, after the rest of the screen (Stop included) is up.
const TelemetryPanel = lazy(() => import('./TelemetryPanel.js').then((m) => ({ default: m.TelemetryPanel })));
import { StatusBar } from './StatusBar.js';
import { StopKeys } from './StopKeys.js';

/** Root component; provides the store to every panel. */
export function App({ store }: { store: PenStore }) {
  // Attach in the effect (not at module load) so StrictMode's mount-unmount-mount leaves one live subscription.
  useEffect(() => {
    void store.attach();
    return () => store.detach();
  }, [store]);
  return (
    <StoreContext.Provider value={store}>
      <Screen />
    </StoreContext.Provider>
  );
}

function Screen() {
  const bridgeError = useBridgeError();
  const api = usePenApi();
  // Charts, Trainer and Recordings (console/renderer/views): tabs next to the main screen; `?view=` opens one directly.
  const [view, setView] = useState<'console' | ViewName>(() => viewFromUrl() ?? 'console');
  const feed = useLiveFeed(api);
  const wire = useWireLog(api, view);
  return (
    <div className="app">
      <StopKeys />
      <StatusBar />
      <ViewTabBar current={view} onChange={setView} extra={['console'] as const} />
      {/* One main landmark on every tab: the banners and the view (axe: landmark-one-main, region). */}
      <main>
        {bridgeError && (
          <p className="bridge-error" role="alert">
            {bridgeError}
          </p>
        )}
        <NonConformingBanner />
        <FaultBanner />
        {view !== 'console' ? (
          <div className={view === 'trainer' ? '' : 'views-pad'}>
            <ViewBody view={view} api={api} feed={feed} wire={wire} onShow={setView} />
          </div>
        ) : (
          <div className="grid">
            <div className="col col-left">
              <ConnectionPanel />
              <DeviceInfoPanel />
              <CartridgePanel />
            </div>
            <div className="col col-mid">
              <Controls />
              <Suspense fallback={<section className="panel" aria-busy="true">Loading the telemetry chart…</section>}>
                <TelemetryPanel feed={feed} />
              </Suspense>
            </div>
            <div className="col col-right">
              <EventLog />
              <LinkStatsPanel />
              <EngineeringPanel />
            </div>
          </div>
        )}
      </main>
    </div>
  );
}
