/** The Recordings methods over a recordings directory (Electron main and the browser bridge call these). */
import { SCHEMA_HASH } from '../../../protocol/src/index.js';
import type { ExportedFile, RecordingDetail, RecordingInfo } from '../../shared/charts/index.js';
import { listRecordings, recordingPath, type ExportFormat } from './recordings.js';
import { readRecordingSchema, schemaRefusal, schemaReplayable } from './recording-schema.js';
import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { exportRecordingFile, recordingDetail, streamCsv, streamEventsJson, streamToFile } from './recording-stream.js';
import { writeMcapFile } from './mcap-export.js';
import { deleteRecordingFiles, writeLabel } from './recording-label.js';


/** Lists, loads and exports the recordings in one directory, in the calling thread (the session runs it in the recordings worker). */
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

  /** Names a recording (empty: no name). */
  rename(name: string, label: string): { ok: true } | { ok: false; message: string } {
    try {
      writeLabel(this.pathOf(name), label);
      return { ok: true };
    } catch (e) {
      return { ok: false, message: `Cannot rename ${name}: ${(e as Error).message}.` };
    }
  }

  /** Deletes a recording and what is kept beside it; refused while it is being written. */
  delete(name: string): { ok: true } | { ok: false; message: string } {
    try {
      deleteRecordingFiles(this.pathOf(name));
      return { ok: true };
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : (e as Error).message;
      return { ok: false, message: `Cannot delete ${name}: ${why}.` };
    }
  }

  /** Summary, first events and overview, streamed with bounded memory. */
  async load(name: string): Promise<RecordingDetail> {
    return recordingDetail(this.pathOf(name), name);
  }

  /** The exports folder: beside the recordings. */
  get exportsDir(): string {
    return join(this.dir, 'exports');
  }

  /**
   * Writes an export to the exports folder, streamed (no size limit, bounded memory), and returns where the page
   * downloads it; written to a temporary name first, so a half-written export is never served.
   */
  async exportToFile(name: string, format: ExportFormat | 'mcap'): Promise<ExportedFile> {
    const path = this.pathOf(name);
    const base = name.replace(/\.jsonl$/, '');
    const filename = format === 'csv' ? `${base}-telemetry.csv` : format === 'json' ? `${base}-events.json` : `${base}.mcap`;
    mkdirSync(this.exportsDir, { recursive: true });
    const out = join(this.exportsDir, filename);
    const tmp = `${out}.${process.pid}.part`;
    try {
      if (format === 'csv') await streamToFile(tmp, (write) => streamCsv(path, write));
      else if (format === 'json') await streamToFile(tmp, (write) => streamEventsJson(path, write));
      else if (format === 'mcap') await writeMcapFile(path, tmp);
      else throw new Error('format must be one of csv, json, mcap');
      renameSync(tmp, out);
    } finally {
      rmSync(tmp, { force: true });
    }
    const mime = format === 'csv' ? 'text/csv' : format === 'json' ? 'application/json' : 'application/octet-stream';
    return { filename, mime, text: '', download: `exports/${filename}`, bytes: statSync(out).size };
  }

  /** The CSV or JSON export as text in one piece, refused past MAX_EXPORT_BYTES naming exportToFile's streamed export (tests). */
  async export(name: string, format: ExportFormat): Promise<ExportedFile> {
    if (format !== 'csv' && format !== 'json') throw new Error('format must be one of csv, json');
    return exportRecordingFile(this.pathOf(name), format);
  }
}
