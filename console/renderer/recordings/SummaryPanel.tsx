/** The session summary: needle-on time, passes and max depth per area, faults, cartridges. */
import { NO_AREA, RECOMMENDED_PASSES, type SessionSummary } from '../../shared/charts/index.js';
import { areaName } from '../../shared/area-name.js';

/** ms as "m:ss" or "h:mm:ss". */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Tables of one summary. */
export function SummaryPanel({ summary, title = 'Session summary' }: { summary: SessionSummary; title?: string }) {
  return (
    <section className="panel summary-panel" aria-label={title}>
      <h2>{title}</h2>
      <p className="hint">
        {duration(summary.durationMs)} of telemetry ({summary.tlmFrames.toLocaleString('en-US')} frames, {summary.events} events) · needle on{' '}
        <strong>{duration(summary.needleOnMs)}</strong>
      </p>
      <table className="summary-table" data-testid="summary-areas">
        <thead>
          <tr>
            <th scope="col">Area</th>
            <th scope="col">Needle on</th>
            <th scope="col">Passes</th>
            <th scope="col">Max depth</th>
          </tr>
        </thead>
        <tbody>
          {summary.areas.map((a) => (
            <tr key={a.area}>
              <th scope="row" data-area={a.area}>{a.area === NO_AREA ? 'no area selected' : areaName(a.area)}</th>
              <td>{duration(a.needleOnMs)}</td>
              <td className={a.passes > RECOMMENDED_PASSES.max ? 'over' : a.passes >= RECOMMENDED_PASSES.min ? 'in' : 'under'}>{a.passes}</td>
              <td>{a.maxDepthUm ? `${(a.maxDepthUm / 1000).toFixed(2)} mm` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Faults</h3>
      {summary.faults.length === 0 ? (
        <p className="hint">None.</p>
      ) : (
        <ul className="summary-faults">
          {summary.faults.map((f, i) => (
            <li key={i}>
              <strong>{f.code}</strong> at {(f.t / 1000).toFixed(1)} s device time{f.area !== NO_AREA ? ` (${areaName(f.area)})` : ''}
            </li>
          ))}
        </ul>
      )}
      <h3>Cartridge</h3>
      {summary.cartridges.length === 0 ? (
        <p className="hint">None seen.</p>
      ) : (
        <ul className="summary-carts">
          {summary.cartridges.map((c) => (
            <li key={c.id}>
              <strong>{c.id}</strong>
              {c.type ? ` · ${c.type}` : ''}
              {c.needles ? ` · ${c.needles} needles` : ''}
              {c.max ? ` · max ${(c.max / 1000).toFixed(2)} mm` : ''}
              {c.lot ? ` · lot ${c.lot}` : ''} · {c.strokes.toLocaleString('en-US')} strokes
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
