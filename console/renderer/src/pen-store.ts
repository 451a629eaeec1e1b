/**
 * The renderer's copy of the session, fed by PenApi pushes, in three slices
 * that components subscribe to separately: the state (changes a few times a
 * second at most), the latest telemetry frame (up to 200 a second, or 2 000
 * in a 10× replay) and the event log. A push only records; listeners hear of
 * the slices that changed at most once per animation frame, so React renders
 * at the display's rate whatever the telemetry rate, and a panel that shows
 * only the state never re-renders for telemetry.
 */
import type { LogEntry, PenApi, PenPush, SessionState, TlmSample } from '../../shared/index.js';
import { StopControl } from './stop-control.js';

const MAX_LOG = 300;

/** The slices a component can follow. */
export type Slice = 'state' | 'tlm' | 'log' | 'bridge';

/** Everything at once (usePenView); a new object whenever a slice changed. */
export interface StoreView {
  /** The last state push, with the newest telemetry frame as `tlm`. */
  state: SessionState | null;
  log: LogEntry[];
  bridgeError: string | null;
}

/** How the store waits for the next frame (tests pass their own). */
export interface FrameScheduler {
  request(cb: () => void): unknown;
  cancel(handle: unknown): void;
}

const animationFrames: FrameScheduler = {
  request: (cb) => requestAnimationFrame(() => cb()),
  cancel: (h) => cancelAnimationFrame(h as number),
};

/** Holds the slices and notifies React once per frame. */
export class PenStore {
  private state: SessionState | null = null;
  private latest: TlmSample | null = null;
  private log: LogEntry[] = [];
  private bridgeError: string | null = null;
  private view: StoreView | null = null;
  private readonly listeners = new Map<Slice | 'all', Set<() => void>>();
  private readonly dirty = new Set<Slice>();
  private frame: unknown = null;
  private unsubscribe: (() => void) | null = null;
  /** Notifications sent, per slice (tests and the bench count them). */
  readonly notified: Record<Slice, number> = { state: 0, tlm: 0, log: 0, bridge: 0 };
  /** STOP for every Stop control and the Esc key of this window. */
  readonly stops: StopControl;

  constructor(
    readonly api: PenApi,
    private readonly frames: FrameScheduler = animationFrames,
  ) {
    this.stops = new StopControl(api);
  }

  /** Subscribes to pushes and loads the snapshot. */
  async attach(): Promise<void> {
    this.detach();
    this.unsubscribe = this.api.subscribe((p) => this.onPush(p));
    try {
      const snap = await this.api.getSnapshot();
      this.state = snap.state;
      this.latest = snap.telemetry[snap.telemetry.length - 1] ?? snap.state.tlm;
      this.log = snap.log.slice(-MAX_LOG);
      this.bridgeError = null;
      for (const s of ['state', 'tlm', 'log', 'bridge'] as const) this.dirty.add(s);
    } catch (e) {
      this.bridgeError = (e as Error).message;
      this.dirty.add('bridge');
    }
    this.schedule();
  }

  detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.frame !== null) this.frames.cancel(this.frame);
    this.frame = null;
  }

  /** Subscribes to one slice, or to all of them. */
  subscribeTo(slice: Slice | 'all', l: () => void): () => void {
    let set = this.listeners.get(slice);
    if (!set) this.listeners.set(slice, (set = new Set()));
    set.add(l);
    return () => set.delete(l);
  }

  readonly subscribe = (l: () => void): (() => void) => this.subscribeTo('all', l);

  readonly getState = (): SessionState | null => this.state;
  readonly getLatest = (): TlmSample | null => this.latest;
  readonly getLog = (): LogEntry[] => this.log;
  readonly getBridgeError = (): string | null => this.bridgeError;

  readonly getView = (): StoreView => {
    if (!this.view) {
      const state = this.state && this.latest && this.state.tlm !== this.latest ? { ...this.state, tlm: this.latest } : this.state;
      this.view = { state, log: this.log, bridgeError: this.bridgeError };
    }
    return this.view;
  };

  /** One push: recorded now, announced at the next frame. */
  onPush(p: PenPush): void {
    if (p.type === 'tlm') {
      this.latest = p.sample;
      this.dirty.add('tlm');
    } else if (p.type === 'state') {
      // A new connection's state: the last one's reading is not this pen's.
      if (p.state.connection !== this.state?.connection) this.latest = p.state.tlm;
      else if (this.latest === null) this.latest = p.state.tlm;
      this.state = p.state;
      this.bridgeError = null;
      this.dirty.add('state').add('tlm');
    } else if (p.type === 'log') {
      this.log = this.log.length >= MAX_LOG ? [...this.log.slice(1), p.entry] : [...this.log, p.entry];
      this.dirty.add('log');
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.frame !== null || this.dirty.size === 0) return;
    this.frame = this.frames.request(() => this.flush());
  }

  private flush(): void {
    this.frame = null;
    if (this.dirty.size === 0) return;
    const slices = [...this.dirty];
    this.dirty.clear();
    this.view = null;
    for (const s of slices) {
      this.notified[s]++;
      for (const l of this.listeners.get(s) ?? []) l();
    }
    for (const l of this.listeners.get('all') ?? []) l();
  }
}
