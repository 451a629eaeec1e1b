/**
 * The index of a recording: its summary, overview, first events and what the
 * Recordings list shows (pen serial, firmware, duration, faults), written
 * beside it as `<name>.index.json` when the recorder closes it (built as the
 * lines were recorded) or when it is first opened. A second open reads only
 * the index. The index names the recording's size and modification time: a
 * recording changed since is scanned again. Written atomically (a temporary
 * file renamed over), so a reader never sees half an index.
 */
import { closeSync, fsyncSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { SCHEMA_HASH } from '../../../protocol/src/index.js';
import { AxisUnwrapper, MinMaxStream, type RecordingDetail } from '../../shared/charts/index.js';
import { RecordingScan } from './load-recording.js';
import { readHead } from './recording-file.js';
import type { ReadStats, RecordSink } from './recording-reader.js';

/** Columns of the overview chart sent to the UI (≤ 2 × this + 2 points per series). */
export const OVERVIEW_COLUMNS = 600;
/** Events sent with a detail (all are counted in the summary). */
export const DETAIL_EVENTS = 5000;

/** What the list shows of a recording. */
export interface RecordingFacts {
  serial: string | null;
  fw: string | null;
  /** Device time covered by telemetry, ms. */
  durationMs: number;
  faults: number;
}

/** The index file. */
export interface RecordingIndex {
  format: 'penbench-index';
  version: 1;
  /** The recording as indexed: a different size or modification time means it changed since. */
  source: { bytes: number; mtimeMs: number };
  facts: RecordingFacts;
  detail: Omit<RecordingDetail, 'loadMs'>;
}

/** The index file of a recording path. */
export function indexPathOf(recording: string): string {
  return recording.replace(/\.jsonl$/, '.index.json');
}

/** Builds a recording's detail and facts from its records, as they are recorded or read. */
export class IndexBuilder {
  private readonly axis = new AxisUnwrapper();
  /** Measured depth, setpoint and rate (series 0, 1, 2) binned together. */
  private readonly overview = new MinMaxStream(OVERVIEW_COLUMNS, 1, 3);
  private readonly row = new Float64Array(3);
  private x0: number | null = null;
  private x1 = 0;
  readonly scan = new RecordingScan((f) => {
    const x = this.axis.map(f.t);
    this.x0 ??= x;
    this.x1 = x;
    const row = this.row;
    row[0] = f.m;
    row[1] = f.d;
    row[2] = f.r;
    this.overview.addRow(x, row);
  }, DETAIL_EVENTS);

  /** Takes one record. */
  readonly sink: RecordSink = (d, line, w, t) => this.scan.sink(d, line, w, t);

  /** The detail and facts once every record was taken. */
  result(name: string, stats: Pick<ReadStats, 'header' | 'complete'>): { detail: Omit<RecordingDetail, 'loadMs'>; facts: RecordingFacts } {
    const scan = this.scan;
    const summary = scan.summary.result();
    const detail: Omit<RecordingDetail, 'loadMs'> = {
      name, startedAt: stats.header?.wall ?? null, complete: stats.complete, linesIn: scan.linesIn, linesOut: scan.linesOut,
      decodeErrors: scan.decodeErrors, summary, events: scan.events,
      overview: { x0: this.x0 ?? 0, x1: this.x1, measured: this.overview.result(0), setpoint: this.overview.result(1), rate: this.overview.result(2) },
      schema: scan.sniffer.schema, consoleSchema: SCHEMA_HASH,
    };
    return { detail, facts: { serial: scan.pen?.serial ?? null, fw: scan.pen?.fw ?? null, durationMs: summary.durationMs, faults: summary.faults.length } };
  }
}

/** Writes the index of `recording` (as it is on disk now) atomically beside it. */
export function writeIndex(recording: string, built: { detail: Omit<RecordingDetail, 'loadMs'>; facts: RecordingFacts }): void {
  const st = statSync(recording);
  const index: RecordingIndex = { format: 'penbench-index', version: 1, source: { bytes: st.size, mtimeMs: st.mtimeMs }, ...built };
  const path = indexPathOf(recording);
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, JSON.stringify(index));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

/** The index of `recording` when there is one that matches it as it is now; null otherwise (none, stale, unreadable). */
export function readIndex(recording: string): RecordingIndex | null {
  let st;
  try {
    st = statSync(recording);
  } catch {
    return null;
  }
  let size: number;
  try {
    size = statSync(indexPathOf(recording)).size;
  } catch {
    return null;
  }
  // An index is a few hundred KiB at most (600-column overview, ≤ 5000 events): 16 MiB bounds a hostile one.
  if (size > 16 << 20) return null;
  const text = readHead(indexPathOf(recording), size);
  if (!text) return null;
  try {
    const v = JSON.parse(text) as RecordingIndex;
    if (v.format !== 'penbench-index' || v.version !== 1 || !v.detail || !v.facts) return null;
    if (v.source?.bytes !== st.size || v.source.mtimeMs !== st.mtimeMs) return null;
    if (v.detail.name !== basename(recording)) return null;
    return v;
  } catch {
    return null;
  }
}
