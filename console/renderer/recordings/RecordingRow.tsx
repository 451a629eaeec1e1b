/**
 * One recording in the list: its name (the user's, else when it started),
 * the pen's serial and firmware, duration, faults, size and status (complete,
 * still being written, or cut short by a crash), with its actions: open,
 * exports, replays, rename, and delete after a confirmation.
 */
import { useState } from 'react';
import { minSec, type ExportFormatChoice, type RecordingInfo, type ReplaySpeedChoice } from '../../shared/charts/index.js';
import { visible } from '../../shared/index.js';

/** Bytes as KiB under a MiB, else MiB. */
export function fileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10_240 ? 1 : 0)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

const SPEEDS: { speed: ReplaySpeedChoice; label: string }[] = [
  { speed: 1, label: 'Replay 1×' },
  { speed: 10, label: 'Replay 10×' },
  { speed: 'full', label: 'Replay full speed' },
];

const STATUS_TEXT = { complete: 'complete', 'in-progress': 'in progress (being recorded)', 'cut-short': 'cut short (no end record)' } as const;

/** What a row can ask for. */
export interface RowActions {
  open(name: string): void;
  exportAs(name: string, format: ExportFormatChoice): void;
  replay(name: string, speed: ReplaySpeedChoice): void;
  rename(name: string, label: string): Promise<boolean>;
  remove(name: string): Promise<boolean>;
}

/** The schema marker of a recording made with another protocol schema, or null. */
export function SchemaMarker({ r }: { r: Pick<RecordingInfo, 'schema' | 'consoleSchema'> }) {
  if (!r.schema || !r.consoleSchema || r.schema === r.consoleSchema) return null;
  return (
    <span
      className="pill schema-other"
      data-testid="schema-marker"
      title="Recorded with another protocol schema: telemetry and events open and export, the replay is refused."
    >
      schema {r.schema} ≠ console {r.consoleSchema}
    </span>
  );
}

/** One row of the recordings table. */
export function RecordingRow({ r, selected, busy, act }: { r: RecordingInfo; selected: boolean; busy: boolean; act: RowActions }) {
  const [renaming, setRenaming] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const started = new Date(r.startedAt).toLocaleString();
  const status = r.status ?? 'complete';
  const duration = r.durationMs != null ? minSec(r.durationMs) : r.wallMs != null ? `≈ ${minSec(r.wallMs)}` : '—';
  return (
    <tr className={selected ? 'selected' : ''} data-name={r.name}>
      <td title={r.name}>
        {renaming !== null ? (
          <form
            className="rename"
            onSubmit={(e) => {
              e.preventDefault();
              void act.rename(r.name, renaming).then((ok) => ok && setRenaming(null));
            }}
          >
            <input value={renaming} maxLength={80} onChange={(e) => setRenaming(e.target.value)} aria-label={`New name for ${r.name}`} autoFocus />
            <button type="submit" className="btn btn-primary">Save</button>
            <button type="button" className="btn" onClick={() => setRenaming(null)}>Cancel</button>
          </form>
        ) : (
          <>
            <strong data-testid="recording-name">{r.label ? visible(r.label) : started}</strong>
            {r.label ? <small className="block">{started}</small> : null}
          </>
        )}
      </td>
      <td data-testid="recording-pen">
        {r.serial ? `${visible(r.serial)} · ${visible(r.fw ?? '?')}` : '—'}
        <small className="block">{r.target}</small> <SchemaMarker r={r} />
      </td>
      <td className="nowrap" data-testid="recording-duration">{duration}</td>
      <td data-testid="recording-faults" className={r.faults ? 'over' : ''}>{r.faults ?? '—'}</td>
      <td className="nowrap">{fileSize(r.bytes)}</td>
      <td data-testid="recording-status" className={`status-${status}`}>{STATUS_TEXT[status]}</td>
      <td className="actions">
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => act.open(r.name)}>Open</button>
        <button type="button" className="btn" disabled={busy} onClick={() => act.exportAs(r.name, 'csv')}>CSV</button>
        <button type="button" className="btn" disabled={busy} onClick={() => act.exportAs(r.name, 'json')}>JSON</button>
        <button type="button" className="btn" disabled={busy} onClick={() => act.exportAs(r.name, 'mcap')} title="MCAP for Foxglove and PlotJuggler">MCAP</button>
        {SPEEDS.map((s) => (
          <button key={String(s.speed)} type="button" className="btn" disabled={busy || status === 'in-progress'} onClick={() => act.replay(r.name, s.speed)}>
            {s.label}
          </button>
        ))}
        <button type="button" className="btn" disabled={busy} onClick={() => setRenaming(r.label ?? '')}>Rename</button>
        {confirming ? (
          <span className="confirm" role="alertdialog" aria-label={`Delete ${r.name}?`}>
            Delete {r.label ? `"${visible(r.label)}"` : r.name} for good?{' '}
            <button type="button" className="btn btn-danger" onClick={() => void act.remove(r.name).then(() => setConfirming(false))}>Delete</button>{' '}
            <button type="button" className="btn" onClick={() => setConfirming(false)}>Keep it</button>
          </span>
        ) : (
          <button type="button" className="btn" disabled={busy || status === 'in-progress'} onClick={() => setConfirming(true)}
            title={status === 'in-progress' ? 'Being recorded: disconnect first' : undefined}>
            Delete…
          </button>
        )}
      </td>
    </tr>
  );
}
