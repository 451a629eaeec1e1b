/** The Recordings methods over a recordings directory (Electron main and the browser bridge call these). */
import { SCHEMA_HASH } from '../../../protocol/src/index.js';
import type { ExportedFile, RecordingDetail, RecordingInfo } from '../../shared/charts/index.js';
import { listRecordings, recordingPath, type ExportFormat } from './recordings.js';
import { readRecordingSchema, schemaRefusal, schemaReplayable } from './recording-schema.js';
import { exportRecordingFile, recordingDetail } from './recording-stream.js';
import { MemoryWritable, writeMcap } from './mcap-export.js';
import { RecordingFileError } from './recording-file.js';
import { deleteRecordingFiles, writeLabel } from './recording-label.js';

/** Largest MCAP handed to the window (base64 over the bridge stays under its 64 MiB per-client bound); the CLI has none. */
export const MAX_GUI_MCAP_BYTES = 40 * 1024 * 1024;

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

  /** The CSV or JSON export, streamed; refused past MAX_EXPORT_BYTES. */
  async export(name: string, format: ExportFormat | 'mcap'): Promise<ExportedFile> {
    if (format === 'mcap') {
      const out = new MemoryWritable(MAX_GUI_MCAP_BYTES, `The MCAP of ${name}`);
      try {
        await writeMcap(this.pathOf(name), out);
      } catch (e) {
        if (e instanceof RecordingFileError && /would exceed/.test(e.message)) {
          throw new Error(`${e.message}: too large to hand to the window in one piece; export it with npm run export -- ${name} --mcap OUT.mcap`);
        }
        throw e;
      }
      return { filename: name.replace(/\.jsonl$/, '.mcap'), mime: 'application/octet-stream', text: '', base64: Buffer.from(out.bytes()).toString('base64') };
    }
    if (format !== 'csv' && format !== 'json') throw new Error('format must be one of csv, json, mcap');
    return exportRecordingFile(this.pathOf(name), format);
  }
}
