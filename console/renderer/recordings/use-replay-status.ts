/**
 * The session's replay progress and link state for views that have the PenApi
 * but not the console's store (the standalone views page). Re-renders only
 * when one of them changes, not on every state push.
 */
import { useEffect, useState } from 'react';
import type { LinkState, PenApi, SessionState } from '../../shared/index.js';
import type { ReplayStatus } from '../../shared/charts/index.js';

/** What a replay-aware view needs from the session state. */
export interface ReplayView {
  replay: ReplayStatus | null;
  link: LinkState;
}

function same(a: ReplayView, b: ReplayView): boolean {
  const x = a.replay;
  const y = b.replay;
  if (a.link !== b.link) return false;
  if (!x || !y) return x === y;
  return x.name === y.name && x.speed === y.speed && x.playedLines === y.playedLines && x.totalLines === y.totalLines
    && x.deviceMs === y.deviceMs && x.totalDeviceMs === y.totalDeviceMs && x.done === y.done;
}

function viewOf(s: SessionState): ReplayView {
  return { replay: s.replay ?? null, link: s.link };
}

/** Follows the session's pushes; the replay is null until one is started. */
export function useReplayStatus(api: Pick<PenApi, 'subscribe' | 'getSnapshot'>): ReplayView {
  const [view, setView] = useState<ReplayView>({ replay: null, link: 'closed' });
  useEffect(() => {
    let live = true;
    const take = (s: SessionState) => {
      if (!live) return;
      const next = viewOf(s);
      setView((prev) => (same(prev, next) ? prev : next));
    };
    const unsub = api.subscribe((p) => {
      if (p.type === 'state') take(p.state);
    });
    api.getSnapshot().then((snap) => take(snap.state), () => undefined);
    return () => {
      live = false;
      unsub();
    };
  }, [api]);
  return view;
}
