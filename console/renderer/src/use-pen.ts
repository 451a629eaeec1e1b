/** React access to the store's slices and the API, and a helper that runs a command and keeps its refusal text. */
import { createContext, useCallback, useContext, useState, useSyncExternalStore } from 'react';
import type { CommandResult, LogEntry, PenApi, SessionState, TlmSample } from '../../shared/index.js';
import type { PenStore, StoreView } from './pen-store.js';

export const StoreContext = createContext<PenStore | null>(null);

/** The store of the nearest provider. */
export function useStore(): PenStore {
  const s = useContext(StoreContext);
  if (!s) throw new Error('StoreContext missing');
  return s;
}

/** The session state as last pushed (a few times a second at most); its `tlm` may trail the newest frame. */
export function usePenState(): SessionState | null {
  const s = useStore();
  return useSyncExternalStore(useCallback((l: () => void) => s.subscribeTo('state', l), [s]), s.getState);
}

/** The newest telemetry frame; re-renders at most once per animation frame. */
export function useLatestTlm(): TlmSample | null {
  const s = useStore();
  return useSyncExternalStore(useCallback((l: () => void) => s.subscribeTo('tlm', l), [s]), s.getLatest);
}

/** The event log, oldest first. */
export function usePenLog(): LogEntry[] {
  const s = useStore();
  return useSyncExternalStore(useCallback((l: () => void) => s.subscribeTo('log', l), [s]), s.getLog);
}

/** Why the page cannot reach the console, or null. */
export function useBridgeError(): string | null {
  const s = useStore();
  return useSyncExternalStore(useCallback((l: () => void) => s.subscribeTo('bridge', l), [s]), s.getBridgeError);
}

/** Everything, with the newest frame as `state.tlm`; re-renders on any change (≤ once per frame): prefer the slice hooks. */
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
