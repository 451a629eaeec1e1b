/**
 * The message inspector (after QGroundControl's MAVLink Inspector): one row
 * per direction and kind with its count, rate, last values and last time;
 * a numeric field clicked is plotted over host time below the table.
 * Redrawn four times a second, whatever the line rate.
 */
import { useEffect, useState } from 'react';
import { visible } from '../../shared/index.js';
import { clockText } from '../terminal/TerminalView.js';
import type { WireLog } from '../terminal/wire-log.js';
import type { FieldSeries, KindRow } from './wire-stats.js';
import '../terminal/terminal.css';

const W = 720;
const H = 200;

/** A numeric field's recent values as a line over host time, with its range and latest value. */
export function FieldPlot({ title, s }: { title: string; s: FieldSeries }) {
  const n = s.v.length;
  if (n === 0) return null;
  const w0 = s.w[0]!;
  const w1 = Math.max(w0 + 1, s.w[n - 1]!);
  let lo = Math.min(...s.v);
  let hi = Math.max(...s.v);
  if (hi === lo) {
    lo -= 1;
    hi += 1;
  }
  const x = (w: number) => 40 + ((w - w0) / (w1 - w0)) * (W - 50);
  const y = (v: number) => 10 + (1 - (v - lo) / (hi - lo)) * (H - 30);
  const d = s.v.map((v, i) => `${i ? 'L' : 'M'}${x(s.w[i]!).toFixed(1)},${y(v).toFixed(1)}`).join('');
  return (
    <figure className="field-plot" aria-label={`Plot of ${title}`}>
      <figcaption>
        <strong>{title}</strong> — {n} values over {((w1 - w0) / 1000).toFixed(1)} s, latest <span data-testid="plot-latest">{s.v[n - 1]}</span>, range {lo}…{hi}
      </figcaption>
      <svg width={W} height={H} role="img" aria-label={`${title} over time`}>
        <text x={4} y={16} fontSize={11}>{hi}</text>
        <text x={4} y={H - 20} fontSize={11}>{lo}</text>
        <path d={d} fill="none" stroke="#1d4ed8" strokeWidth={1.5} data-testid="field-plot-path" data-points={n} />
      </svg>
    </figure>
  );
}

function Fields({ row, plotted, onPlot }: { row: KindRow; plotted: string | null; onPlot: (field: string) => void }) {
  const f = row.last.fields;
  if (!f) return <span className="field-text">{row.last.meaning}</span>;
  return (
    <>
      {Object.entries(f).map(([k, v]) =>
        typeof v === 'number' ? (
          <button key={k} type="button" className="field-btn" aria-pressed={plotted === k} onClick={() => onPlot(k)} title={`Plot ${row.kind} ${k}`}>
            {k}={v}
          </button>
        ) : (
          <span key={k} className="field-text">{k}={visible(String(v))}</span>
        ),
      )}
    </>
  );
}

/** The inspector tab. */
export function InspectorView({ log }: { log: WireLog }) {
  const [, setTick] = useState(0);
  const [plot, setPlot] = useState<{ key: string; field: string } | null>(null);
  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), 250);
    return () => clearInterval(t);
  }, []);
  const now = Date.now();
  const rows = [...log.stats.rows.values()].sort((a, b) => (a.dir === b.dir ? a.kind.localeCompare(b.kind) : a.dir === 'in' ? -1 : 1));
  const plotRow = plot ? log.stats.rows.get(plot.key) : undefined;
  const series = plot && plotRow?.series.get(plot.field);
  return (
    <section className="panel inspector" aria-label="Message inspector">
      <p className="hint">
        Counting since {clockText(log.stats.since)} (while this tab or the terminal is open). Click a number to plot it.{' '}
        <button type="button" className="btn" onClick={() => log.clear()}>Reset counts</button>
      </p>
      <table className="inspector-table" data-testid="inspector">
        <thead>
          <tr>
            <th scope="col">Direction</th>
            <th scope="col">Kind</th>
            <th scope="col">Count</th>
            <th scope="col">Rate</th>
            <th scope="col">Last</th>
            <th scope="col">Last values</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} data-key={r.key}>
              <td>{r.dir === 'in' ? 'pen → host' : r.dir === 'out' ? 'host → pen' : 'note'}</td>
              <th scope="row">{r.kind}</th>
              <td data-testid="count">{r.count.toLocaleString('en-US')}</td>
              <td data-testid="rate">{log.stats.rate(r, now).toFixed(1)}/s</td>
              <td>{clockText(r.last.w)}</td>
              <td>
                <Fields row={r} plotted={plot?.key === r.key ? plot.field : null} onPlot={(field) => setPlot({ key: r.key, field })} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 ? <p className="hint">No lines yet: connect a pen.</p> : null}
      {plot && series ? <FieldPlot title={`${plotRow!.kind} ${plot.field}`} s={series} /> : null}
    </section>
  );
}
