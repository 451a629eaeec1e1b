/**
 * What the Recordings view asks of the session side (plain data: it crosses
 * IPC or the WebSocket bridge). The console's PenApi carries these methods.
 */
import { hasControl } from '../visible-text.js';
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
  /** The name the user gave it (renameRecording), or null. */
  label?: string | null;
  /** The pen's serial number and firmware, from its INFO answer in the recording, or null. */
  serial?: string | null;
  fw?: string | null;
  /** Device time covered by telemetry, ms, once indexed; null before. */
  durationMs?: number | null;
  /** Wall-clock time from the start record to the last record read, ms (for one not indexed yet, or in progress). */
  wallMs?: number | null;
  /** Faults the pen raised in it, once indexed; null before. */
  faults?: number | null;
  /** complete (end record), in-progress (its recorder is still writing it), cut-short (no end record: a crash). */
  status?: 'complete' | 'in-progress' | 'cut-short';
}

/** A user's name for a recording: up to 80 printable characters, no control characters (empty clears it). */
export function isRecordingLabel(v: unknown): v is string {
  return typeof v === 'string' && v.length <= 80 && !hasControl(v);
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
  /** Read from the index written when the recording closed (or when it was first opened). */
  fromIndex?: boolean;
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
  /**
   * Where the page downloads it, relative to the page (`exports/<filename>`): the session writes exports to the
   * recordings folder's exports/ and the page fetches them, so their size never passes through the bridge. `text`
   * is then empty.
   */
  download?: string;
  /** Size in bytes of a downloadable export. */
  bytes?: number;
}

/** A file name the exports folder serves: letters, digits, _ . - and one of the export extensions, never a path. */
export function isExportName(name: unknown): name is string {
  return typeof name === 'string' && name.length <= 160 && /^[A-Za-z0-9_.-]+\.(csv|json|mcap)$/.test(name) && !name.includes('..');
}

/** Export formats: telemetry CSV, events and summary JSON, MCAP for Foxglove and PlotJuggler. */
export type ExportFormatChoice = 'csv' | 'json' | 'mcap';

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
  /** Playback held (replayControl pause). */
  paused?: boolean;
  /** Counts seeks: the charts start over when it changes. */
  epoch?: number;
  /** The stroke-rate setpoint recorded at this point (STATUS, acknowledged SET_RATE), Hz. */
  setHz?: number | null;
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

/** A replay control: hold, play, change speed, seek to a device time, or jump to the next or previous event or fault. */
export type ReplayCommand =
  | { op: 'pause' }
  | { op: 'play' }
  | { op: 'speed'; speed: ReplaySpeedChoice }
  /** `prerollMs` of device time before the target is played at full speed first, so the charts show the window up to it. */
  | { op: 'seek'; deviceMs: number; prerollMs: number }
  | { op: 'jump'; to: 'next' | 'prev'; what: 'event' | 'fault'; prerollMs: number };

/** What a replay control did: the replay's status after it, or why it could not. */
export type ReplayControlResult = { ok: true; status: ReplayStatus } | { ok: false; message: string };

/** Recordings methods. */
export interface RecordingsApi {
  listRecordings(): Promise<RecordingInfo[]>;
  loadRecording(name: string): Promise<RecordingDetail>;
  exportRecording(name: string, format: ExportFormatChoice): Promise<ExportedFile>;
  /** Disconnects any pen and replays the recording through the session at this speed. */
  replayRecording(name: string, speed: ReplaySpeedChoice): Promise<{ ok: true } | { ok: false; message: string }>;
  /** Gives a recording a name (an empty one clears it). */
  renameRecording(name: string, label: string): Promise<{ ok: true } | { ok: false; message: string }>;
  /** Deletes a recording with its index and name; refused while it is being written. */
  deleteRecording(name: string): Promise<{ ok: true } | { ok: false; message: string }>;
  /** Controls the replay that is playing (Charts tab). */
  replayControl(c: ReplayCommand): Promise<ReplayControlResult>;
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
