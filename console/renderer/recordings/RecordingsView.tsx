/**
 * Recordings: every session the console recorded, newest first; open one to
 * see its summary and an overview of the whole session, export its telemetry
 * (CSV) or events and summary (JSON), or replay it through the session at
 * 1×, 10× or full speed into the live charts, following its progress here.
 * A recording made with another protocol schema is marked: it opens and
 * exports, and its replay is refused with the reason.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ExportedFile, ExportFormatChoice, RecordingDetail, RecordingInfo, RecordingsApi, ReplaySpeedChoice } from '../../shared/charts/index.js';
import type { PenApi } from '../../shared/index.js';
import { OverviewCharts } from '../charts/OverviewCharts.js';
import { ReplayProgress } from './ReplayProgress.js';
import { RecordingRow, SchemaMarker } from './RecordingRow.js';
import { SummaryPanel } from './SummaryPanel.js';
import { useReplayStatus } from './use-replay-status.js';
import { useLeavePenConfirm } from '../src/components/LeavePenDialog.js';

/** Saves an export: a file the session wrote, downloaded from the page's server, or text through an object URL. */
export function download(f: ExportedFile): void {
  if (f.download) {
    // Written to disk by the session: fetched from the page's own server (the token rides along in the query).
    const a = document.createElement('a');
    a.href = `${f.download}${window.location.search}`;
    a.download = f.filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
    return;
  }
  const url = URL.createObjectURL(new Blob([f.text], { type: f.mime }));
  const filename = f.filename;
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The recordings screen; `onReplayStarted` lets the shell switch to the charts. */
export function RecordingsView({ api, onReplayStarted }: { api: RecordingsApi & Pick<PenApi, 'subscribe' | 'getSnapshot'>; onReplayStarted?: () => void }) {
  const { replay: replayStatus, link } = useReplayStatus(api);
  const [list, setList] = useState<RecordingInfo[] | null>(null);
  const [detail, setDetail] = useState<RecordingDetail | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState('');

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
  const exportAs = (name: string, format: ExportFormatChoice) =>
    act(`export ${name}`, async () => download(await api.exportRecording(name, format)));
  const rename = async (name: string, label: string): Promise<boolean> => {
    const r = await api.renameRecording(name, label);
    setError(r.ok ? null : r.message);
    if (r.ok) await refresh();
    return r.ok;
  };
  const remove = async (name: string): Promise<boolean> => {
    const r = await api.deleteRecording(name);
    setError(r.ok ? null : r.message);
    if (r.ok && detail?.name === name) setDetail(null);
    if (r.ok) await refresh();
    return r.ok;
  };
  // A running pen is stopped before a replay takes its place: ask first (the session sends STOP and waits for it).
  const leave = useLeavePenConfirm();
  const replay = (name: string, speed: ReplaySpeedChoice) =>
    leave.ask('A replay', () =>
      void act(`replay ${name}`, async () => {
        const r = await api.replayRecording(name, speed);
        if (!r.ok) throw new Error(r.message);
        onReplayStarted?.();
      }));

  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = (list ?? []).filter((r) => {
    if (words.length === 0) return true;
    const hay = [r.name, r.label, r.serial, r.fw, r.target, r.status, new Date(r.startedAt).toLocaleString(), r.faults ? 'faults' : ''].join(' ').toLowerCase();
    return words.every((w) => hay.includes(w));
  });
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
        <label className="recordings-filter">
          Filter{' '}
          <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="name, pen serial, firmware, date, status" aria-label="Filter recordings" />
          {list && filter ? <small data-testid="filter-count"> {shown.length} of {list.length}</small> : null}
        </label>
        {list === null ? (
          <p className="hint">Loading…</p>
        ) : list.length === 0 ? (
          <p className="hint">No recordings yet: every session is recorded as soon as it connects.</p>
        ) : (
          <table className="recordings-table" data-testid="recordings">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Pen</th>
                <th scope="col">Duration</th>
                <th scope="col">Faults</th>
                <th scope="col">Size</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <RecordingRow
                  key={r.name} r={r} selected={detail?.name === r.name} busy={!!busy}
                  act={{ open: (n) => void open(n), exportAs: (n, f) => void exportAs(n, f), replay: (n, sp) => void replay(n, sp), rename, remove }}
                />
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
              {detail.complete ? '' : ' · cut short (no end record)'} · {detail.fromIndex ? 'from its index' : 'read'} in{' '}
              <span data-testid="load-time">{(detail.loadMs / 1000).toFixed(2)} s</span>
            </p>
            <OverviewCharts view={detail.overview} />
          </section>
          <SummaryPanel summary={detail.summary} />
        </div>
      )}
    </div>
  );
}
