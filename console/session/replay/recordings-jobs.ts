/** The messages between the session and the recordings worker (plain data across the thread boundary). */
import type { ReadStats } from './recording-reader.js';
import type { RecordedAnswer } from './replay-source.js';

/** A job for the recordings worker; `dir` is the recordings directory, `name` a recording file name in it. */
export type RecordingsJob = { id: number; dir: string } & (
  | { op: 'list' }
  | { op: 'load'; name: string }
  | { op: 'export'; name: string; format: 'csv' | 'json' }
  | { op: 'refusal'; name: string }
  | { op: 'replay'; name: string }
);

/** The worker's answer to job `id`: its value, or the error message. */
export type RecordingsReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** A ReplaySource as it crosses from the worker: the lines as one packed block (see packed-lines.ts). */
export interface TransferredReplay {
  name: string;
  bytes: Uint8Array;
  offsets: Float64Array;
  times: Float64Array;
  device: Float64Array;
  schema: string | null;
  answers: Map<string, RecordedAnswer>;
  answersByKind: Map<string, RecordedAnswer>;
  stats: ReadStats;
}
