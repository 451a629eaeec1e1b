/** A replay's progress in words (and a bar): the Recordings view and the status bar show it. */
import { replayStatusText, type ReplayStatus } from '../../shared/charts/index.js';

/** Fraction played, by device time when the recording has telemetry, else by lines. */
export function replayFraction(r: ReplayStatus): number {
  if (r.done) return 1;
  if (r.totalDeviceMs > 0) return Math.min(1, r.deviceMs / r.totalDeviceMs);
  return r.totalLines > 0 ? r.playedLines / r.totalLines : 0;
}

/** "replay of … at 10×: 2:31 / 60:00, 4 %" with a bar, or "Replay finished: …"; `closed` when the session has been disconnected since. */
export function ReplayProgress({ replay, closed = false, bar = true, testId = 'replay-progress' }: {
  replay: ReplayStatus;
  closed?: boolean;
  bar?: boolean;
  testId?: string;
}) {
  const text = replayStatusText(replay);
  return (
    <span className={`replay-progress${replay.done ? ' done' : ''}`} role="status" data-testid={testId}>
      {text}
      {closed && !replay.done ? ' (stopped: disconnected)' : ''}
      {bar && !replay.done && <progress max={1} value={replayFraction(replay)} aria-label="Replay progress" />}
    </span>
  );
}
