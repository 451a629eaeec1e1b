/** The Recordings methods over a recordings directory (Electron main and the browser bridge call these). */
import { SCHEMA_HASH } from '../../../protocol/src/index.js';
import type { ExportedFile, RecordingDetail, RecordingInfo } from '../../shared/charts/index.js';
import { loadRecording } from './load-recording.js';
import { exportLoaded, listRecordings, recordingPath, type ExportFormat } from './recordings.js';
import { overviewOf } from './load-recording.js';
import { readRecordingSchema, schemaRefusal, schemaReplayable } from './recording-schema.js';

/** Columns of the overview chart sent to the UI (≤ 2 × this + 2 points per series). */
const OVERVIEW_COLUMNS = 600;

/** Lists, loads and exports the recordings in one directory. */
export class RecordingsService {
  constructor(readonly dir: string) {}

  async list(): Promise<RecordingInfo[]> {
    return listRecordings(this.dir).map((r) => ({ ...r, consoleSchema: SCHEMA_HASH }));
  }

  /** Why `name` cannot be replayed (another protocol schema), in one sentence; null when it can be tried. */
  replayRefusal(name: string): string | null {
    // A bad name is not refused here: opening it reports "not a recording" as before.
    const path = recordingPath(this.dir, name);
    const recorded = path ? readRecordingSchema(path) : null;
    return schemaReplayable(recorded) ? null : schemaRefusal(name, recorded!);
  }

  /** The file path of a recording name, or an error naming the argument. */
  pathOf(name: unknown): string {
    const path = typeof name === 'string' ? recordingPath(this.dir, name) : null;
    if (!path) throw new Error('name must be a recording file name like session-20260101T120000Z-sim.jsonl');
    return path;
  }

  async load(name: string): Promise<RecordingDetail> {
    const t0 = performance.now();
    const rec = await loadRecording(this.pathOf(name));
    const ov = overviewOf(rec, OVERVIEW_COLUMNS);
    return {
      name: rec.name, startedAt: rec.stats.header?.wall ?? null, complete: rec.stats.complete, linesIn: rec.linesIn, linesOut: rec.linesOut,
      decodeErrors: rec.decodeErrors, loadMs: performance.now() - t0, summary: rec.summary, events: rec.events.slice(0, 5000),
      overview: { x0: ov.x[0]!, x1: ov.x[1]!, measured: ov.measured, setpoint: ov.setpoint, rate: ov.rate },
      schema: rec.schema, consoleSchema: SCHEMA_HASH,
    };
  }

  async export(name: string, format: ExportFormat): Promise<ExportedFile> {
    if (format !== 'csv' && format !== 'json') throw new Error('format must be one of csv, json');
    return exportLoaded(await loadRecording(this.pathOf(name)), format);
  }
}
