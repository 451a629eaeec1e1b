/** The latest session state and telemetry frame from PenApi pushes, re-rendering at most once per animation frame. */
import { useEffect, useState } from 'react';
import type { PenApi, SessionState, TlmSample } from '../../shared/index.js';

/** What the trainer needs of the session. */
export interface SessionView {
  state: SessionState | null;
  tlm: TlmSample | null;
}

/** Subscribes to the API; telemetry at 200 Hz still renders at the display's frame rate at most. */
export function useSessionView(api: Pick<PenApi, 'subscribe' | 'getSnapshot'>): SessionView {
  const [view, setView] = useState<SessionView>({ state: null, tlm: null });
  useEffect(() => {
    let current: SessionView = { state: null, tlm: null };
    let frame = 0;
    let alive = true;
    const flush = () => {
      frame = 0;
      if (alive) setView(current);
    };
    const queue = () => {
      if (!frame) frame = requestAnimationFrame(flush);
    };
    const unsub = api.subscribe((p) => {
      if (p.type === 'state') current = { state: p.state, tlm: p.state.tlm ?? current.tlm };
      else if (p.type === 'tlm') current = { ...current, tlm: p.sample };
      else return;
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
  }, [api]);
  return view;
}
