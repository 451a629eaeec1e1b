/** React access to the store and the API, and a helper that runs a command and keeps its refusal text. */
import { createContext, useCallback, useContext, useState, useSyncExternalStore } from 'react';
import type { CommandResult, PenApi } from '../../shared/index.js';
import type { PenStore, StoreView } from './pen-store.js';

export const StoreContext = createContext<PenStore | null>(null);

function useStore(): PenStore {
  const s = useContext(StoreContext);
  if (!s) throw new Error('StoreContext missing');
  return s;
}

/** The current view; re-renders on every push. */
export function usePenView(): StoreView {
  const s = useStore();
  return useSyncExternalStore(s.subscribe, s.getView);
}

/** The PenApi (window.pen or the WebSocket client). */
export function usePenApi(): PenApi {
  return useStore().api;
}

/** Runs commands; `refusal` holds the last one's explanation until the next success. */
export function useCommand(): {
  run: (f: () => Promise<CommandResult>) => Promise<CommandResult>;
  busy: boolean;
  refusal: string | null;
  clear: () => void;
} {
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const run = useCallback(async (f: () => Promise<CommandResult>): Promise<CommandResult> => {
    setBusy(true);
    try {
      const r = await f();
      setRefusal(r.ok ? null : r.message);
      return r;
    } catch (e) {
      const message = (e as Error).message;
      setRefusal(message);
      return { ok: false, code: 'FAILED', message };
    } finally {
      setBusy(false);
    }
  }, []);
  return { run, busy, refusal, clear: useCallback(() => setRefusal(null), []) };
}
