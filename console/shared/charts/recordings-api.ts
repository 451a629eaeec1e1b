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
  /** Protocol schema hash of the recording's handshake, null when it holds none. */
  schema?: string | null;
  /** This console's schema hash: a recording whose `schema` differs is marked and cannot be replayed. */
  consoleSchema?: string;
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
  /** As in RecordingInfo. */
  schema?: string | null;
  consoleSchema?: string;
}

/** An export ready to save. */
export interface ExportedFile {
  filename: string;
  mime: string;
  text: string;
}

/** Replay speeds offered. */
export type ReplaySpeedChoice = 1 | 10 | 'full';

/** A replay as the session reports it (SessionState.replay): which recording, how fast, how far. */
export interface ReplayStatus {
  /** Recording file name. */
  name: string;
  speed: ReplaySpeedChoice;
  /** Recorded pen lines (TLM, EVT) played so far, and in the whole recording. */
  playedLines: number;
  totalLines: number;
  /** Device time replayed and in the whole recording, ms from its first TLM frame. */
  deviceMs: number;
  totalDeviceMs: number;
  /** Every line has been played; the session stays `ready` with the replayed data until Disconnect. */
  done: boolean;
}

/** Device time as m:ss (minutes not wrapped into hours: "60:00" reads as a one-hour session). */
export function minSec(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** "replay of NAME at 10×: 2:31 / 60:00, 4 %" while playing; "Replay finished: N lines, device time M:SS" at the end. */
export function replayStatusText(r: ReplayStatus): string {
  if (r.done) return `Replay finished: ${r.totalLines.toLocaleString('en-US')} lines, device time ${minSec(r.totalDeviceMs)}`;
  const speed = r.speed === 'full' ? 'full speed' : `${r.speed}×`;
  const frac = r.totalDeviceMs > 0 ? r.deviceMs / r.totalDeviceMs : r.totalLines > 0 ? r.playedLines / r.totalLines : 0;
  return `replay of ${r.name} at ${speed}: ${minSec(r.deviceMs)} / ${minSec(r.totalDeviceMs)}, ${Math.floor(frac * 100)} %`;
}

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

/** Scheme of replay target paths: `replay://<recording name>?speed=1|10|full` (console/session/replay/replay-target.ts). */
export const REPLAY_SCHEME = 'replay://';

/** True when a connect target plays a recording back rather than reaching a pen. */
export function isReplayTarget(target: { kind: string; path?: string } | null | undefined): boolean {
  return !!target && target.kind === 'serial' && typeof target.path === 'string' && target.path.startsWith(REPLAY_SCHEME);
}
