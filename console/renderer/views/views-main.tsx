/** Standalone entry of the charts, trainer and recordings views (`?view=`), and the UI bench page (`?bench=1`). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
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

const root = document.getElementById('root');
if (root) {
  if (new URLSearchParams(window.location.search).get('bench') === '1') mountBench(root);
  else {
    const api = window.pen ?? createWsPenApi();
    createRoot(root).render(
      <StrictMode>
        <ViewsShell api={api} initial={viewFromUrl() ?? 'charts'} />
      </StrictMode>,
    );
  }
}
