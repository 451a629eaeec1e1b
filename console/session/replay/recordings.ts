/**
 * The recordings directory: list the session files the recorder wrote
 * (newest first) and export one as CSV (telemetry) or JSON (events and
 * summary). Names are checked so a request can never reach outside the directory.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readIndex } from './recording-index.js';
import { recordingInProgress } from './recording-lock.js';
import { readLabel } from './recording-label.js';
import { isRecordingName, sessionToJson, telemetryToCsv } from '../../shared/charts/index.js';
import { loadRecording, type LoadedRecording } from './load-recording.js';
import { readHead, readTail } from './recording-file.js';
import { headerOf } from './recording-reader.js';
import { readRecordingSchema } from './recording-schema.js';

/** One recording file. */
export interface RecordingEntry extends RecordingListFacts {
  /** File name inside the recordings directory. */
  name: string;
  bytes: number;
  /** Host wall time of the start record (or the file's mtime), ms since the epoch. */
  startedAt: number;
  /** Target label from the start record ("sim", a device path, "replay…"). */
  target: string;
  /** Protocol schema hash of the recording's handshake (within its first 16 KiB), or null. */
  schema: string | null;
}

export { isRecordingName };

/** What the list shows beyond the file: name, pen, duration, faults, whether it is complete. */
export interface RecordingListFacts {
  label: string | null;
  serial: string | null;
  fw: string | null;
  durationMs: number | null;
  wallMs: number | null;
  faults: number | null;
  status: 'complete' | 'in-progress' | 'cut-short';
}

const INFO_RE = /\$\d+ INFO re=\d+ [^*]*?\bfw=([^ *]+)[^*]*?\bserial=([^ *]+)/;

/** The list's facts of one recording: from its index, else from its first and last 16 KiB. */
function factsOf(path: string, startWall: number | null): RecordingListFacts {
  const label = readLabel(path);
  const idx = readIndex(path);
  if (idx) {
    return {
      label, serial: idx.facts.serial, fw: idx.facts.fw, durationMs: idx.facts.durationMs, faults: idx.facts.faults, wallMs: null,
      status: idx.detail.complete ? 'complete' : 'cut-short',
    };
  }
  const head = readHead(path, 16 * 1024) ?? '';
  const info = INFO_RE.exec(head);
  const tail = readTail(path, 16 * 1024) ?? '';
  const lines = tail.split('\n').filter((l) => l.startsWith('{'));
  const last = lines.at(-1) ?? '';
  const ended = /^\{"type":"end"/.test(last);
  let lastW: number | null = null;
  for (let i = lines.length - 1; i >= 0 && lastW === null; i--) {
    const m = /"w(?:all)?":(\d+)/.exec(lines[i]!);
    if (m) lastW = Number(m[1]);
  }
  return {
    label, serial: info ? info[2]! : null, fw: info ? info[1]! : null, durationMs: null, faults: null,
    wallMs: lastW !== null && startWall !== null ? Math.max(0, lastW - startWall) : null,
    status: recordingInProgress(path) ? 'in-progress' : ended ? 'complete' : 'cut-short',
  };
}

function firstLine(path: string): string {
  const text = readHead(path, 512) ?? '';
  const nl = text.indexOf('\n');
  return nl < 0 ? text : text.slice(0, nl);
}

/** The recordings in `dir`, newest first (regular files only: no FIFO, device or symbolic link); a missing directory is an empty list. */
export function listRecordings(dir: string): RecordingEntry[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: RecordingEntry[] = [];
  for (const name of names) {
    if (!isRecordingName(name)) continue;
    const path = join(dir, name);
    try {
      const st = lstatSync(path);
      if (!st.isFile()) continue;
      const h = headerOf(firstLine(path));
      out.push({
        name, bytes: st.size, startedAt: h?.wall ?? st.mtimeMs, target: h?.target ?? '?', schema: readRecordingSchema(path), ...factsOf(path, h?.wall ?? null),
      });
    } catch {
      // Vanished or unreadable between readdir and stat: not listed.
    }
  }
  return out.sort((a, b) => b.startedAt - a.startedAt || (a.name < b.name ? 1 : -1));
}

/** Resolves a recording name inside `dir`, or null when the name is not one. */
export function recordingPath(dir: string, name: string): string | null {
  return isRecordingName(name) ? join(dir, name) : null;
}

/** Export format. */
export type ExportFormat = 'csv' | 'json';

/** An export's file name and text. */
export interface ExportFile {
  filename: string;
  mime: string;
  text: string;
}

/** The export of a loaded recording. */
export function exportLoaded(rec: LoadedRecording, format: ExportFormat): ExportFile {
  const base = rec.name.replace(/\.jsonl$/, '');
  if (format === 'csv') return { filename: `${base}-telemetry.csv`, mime: 'text/csv', text: telemetryToCsv(rec.tlm.csvRows()) };
  return {
    filename: `${base}-events.json`, mime: 'application/json',
    text: sessionToJson(rec.name, rec.stats.header?.wall ?? null, rec.events, rec.summary),
  };
}

/** Loads and exports a recording by name. */
export async function exportRecording(dir: string, name: string, format: ExportFormat): Promise<ExportFile> {
  const path = recordingPath(dir, name);
  if (!path) throw new Error(`not a recording name: ${name}`);
  return exportLoaded(await loadRecording(path), format);
}
