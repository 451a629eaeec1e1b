/** Link quality: round trips, retransmits, CRC errors, lost telemetry. */
import { usePenState } from '../use-pen.js';

const ms = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v.toFixed(1)} ms`);

export function LinkStatsPanel() {
  const state = usePenState();
  const s = state?.stats;
  return (
    <section className="panel" aria-labelledby="stats-title">
      <h2 id="stats-title">Link</h2>
      <dl className="kv kv-compact" data-testid="link-stats">
        <dt>Round trip p50 / p99</dt>
        <dd>
          {ms(s?.rttP50Ms)} / {ms(s?.rttP99Ms)}
        </dd>
        <dt>Frames in / out</dt>
        <dd>
          {s?.framesIn ?? 0} / {s?.framesOut ?? 0}
        </dd>
        <dt>Retransmits / timeouts</dt>
        <dd>
          {s?.retransmits ?? 0} / {s?.timeouts ?? 0}
        </dd>
        <dt>CRC errors / dropped lines</dt>
        <dd>
          {s?.crcErrors ?? 0} / {s?.droppedLines ?? 0}
        </dd>
        <dt>Telemetry lost</dt>
        <dd>{s?.lostFrames ?? 0}</dd>
        <dt>Reconnects</dt>
        <dd>{s?.reconnects ?? 0}</dd>
        <dt>Recording</dt>
        <dd className="path">{state?.recording ?? '—'}</dd>
      </dl>
    </section>
  );
}
