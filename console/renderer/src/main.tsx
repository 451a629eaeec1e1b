import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { PenApi } from '../../shared/index.js';
import { App } from './components/App.js';
import { PenStore } from './pen-store.js';
import { createWsPenApi } from './ws-pen-api.js';
import './styles.css';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in browser mode. */
    pen?: PenApi;
  }
}

const api = window.pen ?? createWsPenApi();
const store = new PenStore(api);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App store={store} />
    </StrictMode>,
  );
}
