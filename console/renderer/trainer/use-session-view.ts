/**
 * The latest session state and telemetry frame from PenApi pushes, for the trainer. One subscription per API
 * (shared by every component that asks), announced at most once per animation frame through
 * useSyncExternalStore, so a component renders inside that frame and its change is painted with it.
 */
import { useCallback, useSyncExternalStore } from 'react';
import type { PenApi, SessionState, TlmSample } from '../../shared/index.js';

/** What the trainer needs of the session. */
export interface SessionView {
  state: SessionState | null;
  tlm: TlmSample | null;
}

type Api = Pick<PenApi, 'subscribe' | 'getSnapshot'>;

/** The pushes of one API, and two views of them: every frame (`live`) or only a change of state or setpoint. */
class SessionViews {
  private current: SessionView = { state: null, tlm: null };
  private liveView: SessionView = this.current;
  private slowView: SessionView = this.current;
  private readonly listeners = { live: new Set<() => void>(), slow: new Set<() => void>() };
  private frame = 0;
  private unsub: (() => void) | null = null;

  constructor(private readonly api: Api) {}

  subscribe(live: boolean, l: () => void): () => void {
    const set = live ? this.listeners.live : this.listeners.slow;
    set.add(l);
    if (!this.unsub) this.start();
    return () => {
      set.delete(l);
      if (this.listeners.live.size + this.listeners.slow.size === 0) this.stop();
    };
  }

  get(live: boolean): SessionView {
    return live ? this.liveView : this.slowView;
  }

  private start(): void {
    this.unsub = this.api.subscribe((p) => {
      if (p.type === 'state') this.current = { state: p.state, tlm: p.state.tlm ?? this.current.tlm };
      else if (p.type === 'tlm') this.current = { ...this.current, tlm: p.sample };
      else return;
      this.queue();
    });
    void this.api.getSnapshot().then((s) => {
      this.current = { state: s.state, tlm: s.telemetry[s.telemetry.length - 1] ?? s.state.tlm };
      this.queue();
    }, () => undefined);
  }

  private stop(): void {
    this.unsub?.();
    this.unsub = null;
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  private queue(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  private flush(): void {
    this.frame = 0;
    const now = this.current;
    this.liveView = now;
    for (const l of this.listeners.live) l();
    const was = this.slowView;
    // The layout needs a new view for a new state push or a new pen state or setpoint, not for the measured depth's noise.
    if (now.state !== was.state || now.tlm?.s !== was.tlm?.s || now.tlm?.d !== was.tlm?.d) {
      this.slowView = now;
      for (const l of this.listeners.slow) l();
    }
  }
}

const views = new WeakMap<object, SessionViews>();

/**
 * The session as the trainer shows it. `live` false: re-renders only when the pen's state or setpoint (or the
 * session state) changed, so the trainer's layout does not re-render 60 times a second; the parts that show the
 * needle live take `live` true.
 */
export function useSessionView(api: Api, live = true): SessionView {
  let v = views.get(api);
  if (!v) views.set(api, (v = new SessionViews(api)));
  const store = v;
  const subscribe = useCallback((l: () => void) => store.subscribe(live, l), [store, live]);
  return useSyncExternalStore(subscribe, () => store.get(live));
}
