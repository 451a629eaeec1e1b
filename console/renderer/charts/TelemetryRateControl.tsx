/**
 * The telemetry rate: asks the pen for N frames a second (TLM_RATE) and
 * shows its answer. The field is bounded by what the pen declares (INFO
 * tmax); a rate beyond that is not sent and the message names the pen's
 * bound. The measured frame rate stands beside it.
 */
import { useState, useSyncExternalStore } from 'react';
import type { CommandResult, PenApi } from '../../shared/index.js';
import type { LiveFeed } from './live-feed.js';

/** Frames a second over the last two seconds of device time. */
function measuredRate(feed: LiveFeed): number {
  const ring = feed.store.ring;
  const newest = ring.newestX;
  const from = newest - 2000;
  const i = feed.store.indexAt(from);
  let n = 0;
  const cols = ring.spans().cols;
  for (let k = ring.length - 1; k >= 0; k--) {
    const x = cols.x[ring.index(k)]!;
    if (x <= from) break;
    n++;
  }
  return i < 0 ? 0 : n / 2;
}

/** The rate field, Set, the pen's answer and the measured rate. */
export function TelemetryRateControl({ api, feed }: { api: Pick<PenApi, 'setTelemetryRate'>; feed: LiveFeed }) {
  const meta = useSyncExternalStore(feed.subscribeMeta, feed.getMeta);
  useSyncExternalStore(feed.store.subscribe, feed.store.getVersion);
  const [text, setText] = useState('');
  const [answer, setAnswer] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const tmax = meta.tmax ?? 200;
  const replay = meta.replay && meta.link !== 'closed';
  const set = async () => {
    const hz = Number(text || meta.tlmHz || 0);
    if (!Number.isInteger(hz) || hz < 0 || hz > tmax) {
      setAnswer({ ok: false, text: `Not sent: the pen takes 0–${tmax} Hz (its INFO tmax).` });
      return;
    }
    setBusy(true);
    let r: CommandResult;
    try {
      r = await api.setTelemetryRate(hz);
    } catch (e) {
      r = { ok: false, code: 'FAILED', message: (e as Error).message };
    }
    setBusy(false);
    setAnswer(r.ok ? { ok: true, text: `The pen accepted ${hz} Hz.` } : { ok: false, text: r.message });
  };
  return (
    <span className="tlm-rate" role="group" aria-label="Telemetry rate">
      <label>
        Telemetry{' '}
        <input
          type="number" min={0} max={tmax} step={1} value={text} placeholder={String(meta.tlmHz ?? '')} disabled={!!replay}
          onChange={(e) => setText(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && void set()}
          aria-label={`Telemetry rate, Hz (0 to ${tmax})`} className="tlm-rate-input"
        />{' '}
        Hz
      </label>
      <button type="button" className="btn" onClick={() => void set()} disabled={busy || !!replay || meta.link !== 'ready'}>
        Set rate
      </button>
      <small data-testid="tlm-rate-status">
        {replay ? 'replay: the recorded rate' : `pen sends ${meta.tlmHz ?? '?'} Hz (max ${tmax}); measured ${measuredRate(feed).toFixed(0)}/s`}
      </small>
      {answer ? (
        <span className={answer.ok ? 'pill tlm-ok' : 'refusal'} role="status" data-testid="tlm-rate-answer">
          {answer.text}
        </span>
      ) : null}
    </span>
  );
}
