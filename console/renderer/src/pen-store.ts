/** The renderer's copy of the session: latest state, bounded telemetry and log, fed by PenApi pushes. */
import type { LogEntry, PenApi, PenPush, SessionState, TlmSample } from '../../shared/index.js';

const MAX_TLM = 600;
const MAX_LOG = 300;

/** What components render. A new object on every change (useSyncExternalStore compares by identity). */
export interface StoreView {
  state: SessionState | null;
  telemetry: TlmSample[];
  log: LogEntry[];
  bridgeError: string | null;
}

/** Holds the view and notifies React. */
export class PenStore {
  private view: StoreView = { state: null, telemetry: [], log: [], bridgeError: null };
  private readonly listeners = new Set<() => void>();
  private unsubscribe: (() => void) | null = null;

  constructor(readonly api: PenApi) {}

  /** Subscribes to pushes and loads the snapshot. */
  async attach(): Promise<void> {
    this.detach();
    this.unsubscribe = this.api.subscribe((p) => this.onPush(p));
    try {
      const snap = await this.api.getSnapshot();
      this.set({ state: snap.state, telemetry: snap.telemetry.slice(-MAX_TLM), log: snap.log.slice(-MAX_LOG), bridgeError: null });
    } catch (e) {
      this.set({ ...this.view, bridgeError: (e as Error).message });
    }
  }

  detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  readonly subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  readonly getView = (): StoreView => this.view;

  private onPush(p: PenPush): void {
    const v = this.view;
    if (p.type === 'state') this.set({ ...v, state: p.state, bridgeError: null });
    else if (p.type === 'tlm') {
      const telemetry = v.telemetry.length >= MAX_TLM ? v.telemetry.slice(1) : v.telemetry.slice();
      telemetry.push(p.sample);
      this.set({ ...v, telemetry });
    } else if (p.type === 'log') {
      const log = v.log.length >= MAX_LOG ? v.log.slice(1) : v.log.slice();
      log.push(p.entry);
      this.set({ ...v, log });
    }
  }

  private set(v: StoreView): void {
    this.view = v;
    for (const l of this.listeners) l();
  }
}
