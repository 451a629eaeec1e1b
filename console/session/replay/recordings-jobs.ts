/** The messages between the session and the recordings worker (plain data across the thread boundary). */

/** A job for the recordings worker; `dir` is the recordings directory, `name` a recording file name in it. */
export type RecordingsJob = { id: number; dir: string } & (
  | { op: 'list' }
  | { op: 'load'; name: string }
  | { op: 'export'; name: string; format: 'csv' | 'json' | 'mcap' }
  | { op: 'refusal'; name: string }
  | { op: 'replay'; name: string }
  | { op: 'rename'; name: string; label: string }
  | { op: 'delete'; name: string }
);

/** The worker's answer to job `id`: its value, or the error message. */
export type RecordingsReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

