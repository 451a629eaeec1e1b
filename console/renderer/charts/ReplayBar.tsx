/**
 * A replay's controls, like a log viewer's: play and pause, speed, a
 * timeline to drag (the replay seeks when it is let go; the charts then show
 * the window up to that point), and jumps to the next or previous event or
 * fault. Every control asks the session and shows what it answered.
 */
import { useRef, useState, useSyncExternalStore } from 'react';
import { minSec, replayStatusText, type ReplayCommand, type ReplaySpeedChoice } from '../../shared/charts/index.js';
import type { PenApi } from '../../shared/index.js';
import type { LiveFeed } from './live-feed.js';

const SPEEDS: { v: ReplaySpeedChoice; label: string }[] = [{ v: 1, label: '1×' }, { v: 10, label: '10×' }, { v: 'full', label: 'full speed' }];

/** The replay bar above the charts (shown only while a replay is connected). */
export function ReplayBar({ api, feed }: { api: Pick<PenApi, 'replayControl'>; feed: LiveFeed }) {
  const meta = useSyncExternalStore(feed.subscribeMeta, feed.getMeta);
  const [drag, setDrag] = useState<{ value: number; epoch: number | null } | null>(null);
  const dragging = useRef(false);
  const [said, setSaid] = useState<string | null>(null);
  const r = meta.replay;
  if (!r) return null;
  const run = async (c: ReplayCommand) => {
    try {
      const res = await api.replayControl(c);
      setSaid(res.ok ? null : res.message);
    } catch (e) {
      setSaid((e as Error).message);
    }
  };
  // The charts' window is played before a seek target, so it is full when the replay arrives there.
  const preroll = feed.store.windowMs;
  const seek = (ms: number) => {
    // The slider stays at the target until the session reports the seek (its epoch moves on).
    setDrag({ value: ms, epoch: r.epoch ?? 0 });
    void run({ op: 'seek', deviceMs: ms, prerollMs: preroll });
  };
  const jump = (to: 'next' | 'prev', what: 'event' | 'fault') => void run({ op: 'jump', to, what, prerollMs: preroll });
  const pos = drag && (drag.epoch === null || drag.epoch === (r.epoch ?? 0)) ? drag.value : r.deviceMs;
  return (
    <div className="replay-bar" role="toolbar" aria-label="Replay">
      <strong className="pill chart-replay" data-testid="replay-pill">
        {r.done ? 'replay finished' : r.paused ? 'replay paused' : `replay ${r.speed === 'full' ? 'full speed' : `${r.speed}×`}`}
      </strong>
      <button type="button" className="btn" onClick={() => void run({ op: r.paused ? 'play' : 'pause' })} disabled={r.done} aria-label={r.paused ? 'Play the replay' : 'Pause the replay'}>
        {r.paused ? '▶ Play' : '❚❚ Pause'}
      </button>
      <label>
        Speed{' '}
        <select value={String(r.speed)} aria-label="Replay speed" onChange={(e) => void run({ op: 'speed', speed: (e.target.value === 'full' ? 'full' : Number(e.target.value)) as ReplaySpeedChoice })}>
          {SPEEDS.map((s) => (
            <option key={String(s.v)} value={String(s.v)}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="btn" onClick={() => jump('prev', 'fault')} aria-label="Previous fault">⏮ fault</button>
      <button type="button" className="btn" onClick={() => jump('prev', 'event')} aria-label="Previous event">◀ event</button>
      <input
        type="range" className="replay-timeline" min={0} max={Math.max(1, r.totalDeviceMs)} step="any" value={pos} aria-label="Replay position (device time)"
        aria-valuetext={`${minSec(pos)} of ${minSec(r.totalDeviceMs)}`}
        onPointerDown={() => (dragging.current = true)}
        onChange={(e) => {
          // While the mouse drags, only the shown position follows; a key (or a click) seeks at once.
          const v = Number(e.target.value);
          if (dragging.current) setDrag({ value: v, epoch: null });
          // The native change event repeats the value an input event already sought to.
          else if (v !== pos) seek(v);
        }}
        onPointerUp={(e) => {
          dragging.current = false;
          seek(Number(e.currentTarget.value));
        }}
      />
      <button type="button" className="btn" onClick={() => jump('next', 'event')} aria-label="Next event">event ▶</button>
      <button type="button" className="btn" onClick={() => jump('next', 'fault')} aria-label="Next fault">fault ⏭</button>
      <span className="nowrap" data-testid="replay-position">
        {minSec(pos)} / {minSec(r.totalDeviceMs)}
      </span>
      <small className="replay-status">{replayStatusText(r)}</small>
      {said ? (
        <span className="refusal" role="status" data-testid="replay-said">
          {said}
        </span>
      ) : null}
    </div>
  );
}
