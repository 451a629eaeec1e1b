/** The latest session state and telemetry frame from PenApi pushes, re-rendering at most once per animation frame (or only on a change of state or setpoint). */
import { useEffect, useState } from 'react';
import type { PenApi, SessionState, TlmSample } from '../../shared/index.js';

/** What the trainer needs of the session. */
export interface SessionView {
  state: SessionState | null;
  tlm: TlmSample | null;
}

/**
 * Subscribes to the API; renders at most once per animation frame. `live` false: a telemetry frame re-renders
 * only when the pen's state or setpoint changed, so the trainer's layout does not re-render 60 times a second
 * for the measured depth's noise; the parts that show the needle live take `live` true.
 */
export function useSessionView(api: Pick<PenApi, 'subscribe' | 'getSnapshot'>, live = true): SessionView {
  const [view, setView] = useState<SessionView>({ state: null, tlm: null });
  useEffect(() => {
    let current: SessionView = { state: null, tlm: null };
    let shown: SessionView = current;
    let frame = 0;
    let alive = true;
    const flush = () => {
      frame = 0;
      if (!alive) return;
      shown = current;
      setView(current);
    };
    const queue = () => {
      if (!frame) frame = requestAnimationFrame(flush);
    };
    const unsub = api.subscribe((p) => {
      if (p.type === 'state') current = { state: p.state, tlm: p.state.tlm ?? current.tlm };
      else if (p.type === 'tlm') {
        current = { ...current, tlm: p.sample };
        const was = shown.tlm;
        if (!live && was && was.s === p.sample.s && was.d === p.sample.d) return;
      } else return;
      queue();
    });
    void api.getSnapshot().then((s) => {
      current = { state: s.state, tlm: s.telemetry[s.telemetry.length - 1] ?? s.state.tlm };
      queue();
    }, () => undefined);
    return () => {
      alive = false;
      unsub();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [api, live]);
  return view;
}
