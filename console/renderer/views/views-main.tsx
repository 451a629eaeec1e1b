/** Standalone entry of the charts, trainer and recordings views (`?view=`), and the UI bench page (`?bench=1`). */
import { StrictMode, useEffect, useMemo, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { PenStore } from '../src/pen-store.js';
import { StoreContext } from '../src/use-pen.js';
import { StopKeys } from '../src/components/StopKeys.js';
import { createWsPenApi } from '../src/ws-pen-api.js';
import '../src/styles.css';
import { mountBench } from './bench-page.js';
import { ViewsShell, viewFromUrl } from './ViewsShell.js';
import type { PenApi } from '../../shared/index.js';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in browser mode. */
    pen?: PenApi;
  }
}

/** The store the shared Stop controls read, and the Esc key (the console's App provides the same). */
function WithStore({ api, children }: { api: PenApi; children: ReactNode }) {
  const store = useMemo(() => new PenStore(api), [api]);
  useEffect(() => {
    void store.attach();
    return () => store.detach();
  }, [store]);
  return (
    <StoreContext.Provider value={store}>
      <StopKeys />
      {children}
    </StoreContext.Provider>
  );
}

const root = document.getElementById('root');
if (root) {
  if (new URLSearchParams(window.location.search).get('bench') === '1') mountBench(root);
  else {
    const api = window.pen ?? createWsPenApi();
    createRoot(root).render(
      <StrictMode>
        <WithStore api={api}>
          <ViewsShell api={api} initial={viewFromUrl() ?? 'charts'} />
        </WithStore>
      </StrictMode>,
    );
  }
}
