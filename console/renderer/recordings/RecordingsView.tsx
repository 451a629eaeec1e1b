/**
 * Recordings: every session the console recorded, newest first; open one to
 * see its summary and an overview of the whole session, export its telemetry
 * (CSV) or events and summary (JSON), or replay it through the session at
 * 1×, 10× or full speed into the live charts, following its progress here.
 * A recording made with another protocol schema is marked: it opens and
 * exports, and its replay is refused with the reason.
 */
import { useCallback, useEffect, useState } from 'react';
import type { RecordingDetail, RecordingInfo, RecordingsApi, ReplaySpeedChoice } from '../../shared/charts/index.js';
import type { PenApi } from '../../shared/index.js';
import { OverviewCharts } from '../charts/OverviewCharts.js';
import { ReplayProgress } from './ReplayProgress.js';
import { SummaryPanel } from './SummaryPanel.js';
import { useReplayStatus } from './use-replay-status.js';
import { useLeavePenConfirm } from '../src/components/LeavePenDialog.js';

/** Saves text as a file through a temporary object URL. */
export function download(filename: string, mime: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Bytes as KiB under a MiB, else MiB. */
function fileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10_240 ? 1 : 0)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

const SPEEDS: { speed: ReplaySpeedChoice; label: string }[] = [
  { speed: 1, label: 'Replay 1×' },
  { speed: 10, label: 'Replay 10×' },
  { speed: 'full', label: 'Replay full speed' },
];

/** The schema marker of a recording made with another protocol schema, or null. */
function SchemaMarker({ r }: { r: Pick<RecordingInfo, 'schema' | 'consoleSchema'> }) {
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

/** The recordings screen; `onReplayStarted` lets the shell switch to the charts. */
export function RecordingsView({ api, onReplayStarted }: { api: RecordingsApi & Pick<PenApi, 'subscribe' | 'getSnapshot'>; onReplayStarted?: () => void }) {
  const { replay: replayStatus, link } = useReplayStatus(api);
  const [list, setList] = useState<RecordingInfo[] | null>(null);
  const [detail, setDetail] = useState<RecordingDetail | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setList(await api.listRecordings());
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [api]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const act = async (what: string, f: () => Promise<void>) => {
    setBusy(what);
    try {
      await f();
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };
  const open = (name: string) => act(`open ${name}`, async () => setDetail(await api.loadRecording(name)));
  const exportAs = (name: string, format: 'csv' | 'json') =>
    act(`export ${name}`, async () => {
      const f = await api.exportRecording(name, format);
      download(f.filename, f.mime, f.text);
    });
  // A running pen is stopped before a replay takes its place: ask first (the session sends STOP and waits for it).
  const leave = useLeavePenConfirm();
  const replay = (name: string, speed: ReplaySpeedChoice) =>
    leave.ask('A replay', () =>
      void act(`replay ${name}`, async () => {
        const r = await api.replayRecording(name, speed);
        if (!r.ok) throw new Error(r.message);
        onReplayStarted?.();
      }));

  return (
    <div className="recordings">
      <section className="panel" aria-label="Recordings">
        <div className="row">
          <h2>Recordings</h2>
          <button type="button" className="btn" onClick={() => void refresh()}>
            Refresh
          </button>
          {busy && <span className="pill">{busy}…</span>}
        </div>
        {leave.dialog}
        {replayStatus && (
          <p className="hint">
            <ReplayProgress replay={replayStatus} closed={link === 'closed'} />
          </p>
        )}
        {error && (
          <p className="refusal" role="alert">
            {error}
          </p>
        )}
        {list === null ? (
          <p className="hint">Loading…</p>
        ) : list.length === 0 ? (
          <p className="hint">No recordings yet: every session is recorded as soon as it connects.</p>
        ) : (
          <table className="recordings-table" data-testid="recordings">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Pen</th>
                <th scope="col">Size</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.map((r) => (
                <tr key={r.name} className={detail?.name === r.name ? 'selected' : ''}>
                  <td title={r.name}>{new Date(r.startedAt).toLocaleString()}</td>
                  <td>
                    {r.target} <SchemaMarker r={r} />
                  </td>
                  <td className="nowrap">{fileSize(r.bytes)}</td>
                  <td className="actions">
                    <button type="button" className="btn btn-primary" disabled={!!busy} onClick={() => void open(r.name)}>
                      Open
                    </button>
                    <button type="button" className="btn" disabled={!!busy} onClick={() => void exportAs(r.name, 'csv')}>
                      CSV
                    </button>
                    <button type="button" className="btn" disabled={!!busy} onClick={() => void exportAs(r.name, 'json')}>
                      JSON
                    </button>
                    {SPEEDS.map((s) => (
                      <button key={String(s.speed)} type="button" className="btn" disabled={!!busy} onClick={() => void replay(r.name, s.speed)}>
                        {s.label}
                      </button>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {detail && (
        <div className="recording-detail">
          <section className="panel" aria-label="Whole session">
            <h2>{detail.name}</h2>
            <SchemaMarker r={detail} />
            <p className="hint">
              {detail.linesIn.toLocaleString('en-US')} lines from the pen, {detail.linesOut.toLocaleString('en-US')} to it
              {detail.decodeErrors ? `, ${detail.decodeErrors} undecodable` : ''}
              {detail.decodeErrors > 0 && detail.schema && detail.consoleSchema && detail.schema !== detail.consoleSchema
                ? ` (the pen's answers in schema ${detail.schema}; telemetry and events decode)`
                : ''}
              {detail.complete ? '' : ' · cut short (no end record)'} · loaded in {(detail.loadMs / 1000).toFixed(2)} s
            </p>
            <OverviewCharts view={detail.overview} />
          </section>
          <SummaryPanel summary={detail.summary} />
        </div>
      )}
    </div>
  );
}
