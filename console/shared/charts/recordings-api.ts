/**
 * What the Recordings view asks of the session side (plain data: it crosses
 * IPC or the WebSocket bridge). The console's PenApi carries these methods.
 */
import type { Decimated } from './decimate.js';
import type { SessionSummary } from './summary.js';
import type { EventRecord } from './types.js';

/** One recording file. */
export interface RecordingInfo {
  name: string;
  bytes: number;
  startedAt: number;
  target: string;
}

/** A loaded recording: summary, events and a decimated overview of the whole session. */
export interface RecordingDetail {
  name: string;
  startedAt: number | null;
  complete: boolean;
  linesIn: number;
  linesOut: number;
  decodeErrors: number;
  loadMs: number;
  summary: SessionSummary;
  events: EventRecord[];
  overview: { x0: number; x1: number; measured: Decimated; setpoint: Decimated; rate: Decimated };
}

/** An export ready to save. */
export interface ExportedFile {
  filename: string;
  mime: string;
  text: string;
}

/** Replay speeds offered. */
export type ReplaySpeedChoice = 1 | 10 | 'full';

/** Recordings methods. */
export interface RecordingsApi {
  listRecordings(): Promise<RecordingInfo[]>;
  loadRecording(name: string): Promise<RecordingDetail>;
  exportRecording(name: string, format: 'csv' | 'json'): Promise<ExportedFile>;
  /** Disconnects any pen and replays the recording through the session at this speed. */
  replayRecording(name: string, speed: ReplaySpeedChoice): Promise<{ ok: true } | { ok: false; message: string }>;
}

/** Recording file names the recorder makes: session-<stamp>-<target>[-n].jsonl. */
const RECORDING_NAME_RE = /^session-[A-Za-z0-9_.-]+\.jsonl$/;

/** True when `name` is a plain recording file name (no directory, no traversal): the only names the recordings methods take. */
export function isRecordingName(name: unknown): name is string {
  return typeof name === 'string' && name.length <= 128 && RECORDING_NAME_RE.test(name) && !name.includes('..');
}

/** True for a replay speed the UI offers. */
export function isReplaySpeed(v: unknown): v is ReplaySpeedChoice {
  return v === 1 || v === 10 || v === 'full';
}
