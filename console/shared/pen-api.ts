/**
 * The typed API the renderer talks to (`window.pen` in Electron, a WebSocket
 * client in browser mode). Plain data only: everything here crosses a
 * process boundary (contextBridge structured clone or JSON).
 */
import type {
  CartStatus, CartType, EventName, FaultCode, Fields, NakCode, PenState, SimFault,
} from '../../protocol/src/index.js';
import type { RecordingsApi, ReplayStatus } from './charts/recordings-api.js';
import type { SessionSummary } from './charts/summary.js';
import type { ConformanceIssue } from './conformance.js';

/** Where to find a pen. */
export type ConnectTarget =
  | { kind: 'sim' }
  /** A serial device (USB CDC, FTDI…) or the simulator on a pseudo-terminal. */
  | { kind: 'serial'; path: string; baudRate?: number };

/** A serial port seen by the operating system. */
export interface PortEntry {
  path: string;
  /** `VVVV:PPPP` upper-case hex, or null when the OS does not say (not USB). */
  vidPid: string | null;
  manufacturer: string | null;
  serialNumber: string | null;
}

/** Link states of the protocol client, plus `closed` when no session is open. */
export type LinkState = 'closed' | 'opening' | 'handshaking' | 'ready' | 'lost' | 'reconnecting';

/** Why the link could not be opened or kept, in words, with what to do. */
export interface LinkProblem {
  code: string;
  message: string;
  advice: string;
}

/** The pen's identity and limits (INFO) with its current state and settings (STATUS). */
export interface DeviceInfo {
  proto: number;
  schema: string;
  fw: string;
  serial: string;
  dmin: number;
  dmax: number;
  dstep: number;
  rmin: number;
  rmax: number;
  tmax: number;
  profile: string;
  pver: number;
  phash: string;
  areas: number;
  area?: string;
  um: number;
  hz: number;
  st: PenState;
  sim: number;
  eng: number;
}

/** The inserted cartridge (CART). */
export interface CartInfo {
  status: CartStatus;
  id?: string;
  lot?: string;
  type?: CartType;
  needles?: number;
  /** Rated max depth, µm. */
  max?: number;
  /** Expiry date YYYYMMDD. */
  exp?: number;
  sealed?: number;
  seated?: number;
  /** Needle-on time so far, s. */
  used?: number;
}

/** A cartridge's use so far (SessionState.cartUse). */
export interface CartUse {
  /** The cartridge it is about. */
  id: string;
  needleOnMs: number;
  strokes: number;
}

/** One treatment area of the pen's profile (AREA). Depths in µm. */
export interface AreaRow {
  i: number;
  area: string;
  name: string;
  lo: number;
  hi: number;
  cap: number;
}

/** One telemetry frame (the catalogue's TLM fields) with the host time it arrived. */
export type TlmSample = Fields<'TLM'> & {
  /** Host time, ms since the epoch. */
  host: number;
};

/** A latched fault as last reported by the pen. */
export interface FaultInfo {
  /** A FAULT_CODES name; BIT_n for a mask bit this console does not know; UNKNOWN when the pen did not say. */
  code: FaultCode | 'UNKNOWN' | `BIT_${number}`;
  since: number;
  msg?: string;
}

/**
 * The pen's latched faults as it last reported them (STATUS `faults=`/`present=`/`selftest=` on every
 * connect, reconnect and re-read; EVT FAULT `faults=` in between). Codes this console does not know are
 * kept as `BIT_n`, never dropped (PROTOCOL.md §11).
 */
export interface PenFaults {
  latched: FaultInfo['code'][];
  /** Latched faults whose condition is still present (CLEAR_FAULT is refused until it is gone). */
  present: FaultInfo['code'][];
  selftest: 'PENDING' | 'PASS' | 'FAIL' | null;
  /** Host time of the report, ms since the epoch. */
  at: number;
}

/** Link statistics for the link panel. */
export interface LinkStats {
  rttP50Ms: number | null;
  rttP99Ms: number | null;
  retransmits: number;
  timeouts: number;
  crcErrors: number;
  droppedLines: number;
  lostFrames: number;
  framesIn: number;
  framesOut: number;
  reconnects: number;
}

/** Everything the UI shows except the telemetry history and the log. */
export interface SessionState {
  link: LinkState;
  target: ConnectTarget | null;
  /** Human label of the target ("Simulated pen", "/dev/ttyACM0"). */
  targetLabel: string | null;
  problem: LinkProblem | null;
  info: DeviceInfo | null;
  cart: CartInfo | null;
  areas: AreaRow[];
  tlm: TlmSample | null;
  fault: FaultInfo | null;
  skin: boolean | null;
  eng: boolean;
  stats: LinkStats;
  /** The file this session is recorded to. */
  recording: string | null;
  /** Latched faults and self-test as the pen reports them; null before the first STATUS. */
  faults?: PenFaults | null;
  /**
   * Where this pen's declarations exceed the protocol's absolute bounds (limits, area caps, readings):
   * non-empty means a non-conforming pen, whose claims the UI must never present as safe.
   */
  conformance?: readonly ConformanceIssue[];
  /** Counts this session's connections (each connect()): a front end starts its histories and charts over when it changes. */
  connection?: number;
  /**
   * The summary of this connection so far (needle-on time, passes and depth per area, faults at the pen's
   * device time, cartridges), built from the pen's frames as a recording's summary is; refreshed with every
   * state push, at least once a second.
   */
  summary?: SessionSummary | null;
  /**
   * The inserted cartridge's use as it grows: needle-on time (the pen's CART `used=` at the last read, plus
   * running time since, from telemetry) and its strokes (TLM `n`); null without a cartridge id.
   */
  cartUse?: CartUse | null;
  /**
   * A replay's progress (replay:// targets, pushed at most 4×/s); kept after the last line
   * (`done`, link still `ready`) and after Disconnect; absent or null for a pen.
   */
  replay?: ReplayStatus | null;
  /** The telemetry rate the pen last accepted (TLM_RATE), Hz; asked again after every reconnection. */
  tlmHz?: number | null;
}

/** Kinds of event-log entries. */
export type LogKind = 'evt' | 'nak' | 'link' | 'cmd' | 'error';

/** One line of the event log. */
export interface LogEntry {
  id: number;
  /** Host time, ms since the epoch. */
  host: number;
  /** Device time of a pen event (EVT `t`), ms: where it sits on the charts' time axis. */
  t?: number;
  kind: LogKind;
  /** Short tag: event name, NAK code, link state. */
  tag: EventName | NakCode | string;
  text: string;
}

/** State plus the histories, for a UI that (re)attaches. */
export interface SessionSnapshot {
  state: SessionState;
  telemetry: TlmSample[];
  log: LogEntry[];
}

/**
 * Why a command did not succeed: the pen's NAK code, or the console's: TIMEOUT (no answer: outcome unknown),
 * NOT_CONNECTED, BAD_ARGS, HOST_BUSY (the console's queue was full: not sent), CANCELLED (a STOP superseded it
 * before it was sent), PROTOCOL (the pen answered with the wrong kind: outcome unknown), FAILED.
 */
export type CommandErrorCode = NakCode | 'TIMEOUT' | 'NOT_CONNECTED' | 'BAD_ARGS' | 'HOST_BUSY' | 'CANCELLED' | 'PROTOCOL' | 'FAILED';

/**
 * What a command came back with. A refusal carries the pen's reason explained in words; `delivery` says what
 * is known of its effect (PROTOCOL.md §13): answered, unknown (the console re-reads the pen's state), not sent.
 */
export type CommandResult =
  | { ok: true }
  | { ok: false; code: CommandErrorCode; message: string; delivery?: 'answered' | 'unknown' | 'not_sent' };

/** One raw line as it was on the wire (`in` pen → host, `out` host → pen) or a console note, with its host wall time. */
export interface WireLine {
  d: 'in' | 'out' | 'note';
  l: string;
  /** Host wall time, ms since the epoch. */
  w: number;
}

/** What a command typed in the protocol terminal came back with: the pen's answer as a line, when it answered. */
export type TypedCommandResult = CommandResult & { reply?: string };

/** Something the session pushes to the UI. */
export type PenPush =
  | { type: 'state'; state: SessionState }
  | { type: 'tlm'; sample: TlmSample }
  | { type: 'log'; entry: LogEntry }
  /** Raw lines since the last batch (only to a client that asked with watchWire); `dropped` lines did not fit the batch. */
  | { type: 'wire'; lines: WireLine[]; dropped: number };

export type SimCartOp = 'INSERT' | 'REMOVE' | 'SEAT' | 'UNSEAT';
export type SimSkinMode = 'AUTO' | 'ON' | 'OFF';
export type SimPowerOp = 'CYCLE' | 'CHARGER_ON' | 'CHARGER_OFF';

/** The API exposed to the renderer as `window.pen`; the recordings methods are in charts/recordings-api.ts. */
export interface PenApi extends RecordingsApi {
  listPorts(): Promise<PortEntry[]>;
  connect(target: ConnectTarget): Promise<CommandResult>;
  disconnect(): Promise<CommandResult>;
  getSnapshot(): Promise<SessionSnapshot>;
  setArea(area: string): Promise<CommandResult>;
  /** Depth setpoint in µm. */
  setDepth(um: number): Promise<CommandResult>;
  setRate(hz: number): Promise<CommandResult>;
  start(): Promise<CommandResult>;
  stop(): Promise<CommandResult>;
  clearFault(): Promise<CommandResult>;
  refreshCart(): Promise<CommandResult>;
  setTelemetryRate(hz: number): Promise<CommandResult>;
  /** Opens the engineering session (SR-17) with the given key, or the simulator's dev key. */
  engOpen(keyHex?: string): Promise<CommandResult>;
  engClose(): Promise<CommandResult>;
  /** Loads another treatment-area profile stored on the pen (ENG_PROFILE, needs the engineering session), then reads it. */
  engProfile(name: string): Promise<CommandResult>;
  simFault(f: SimFault, v?: number): Promise<CommandResult>;
  simCart(op: SimCartOp, id?: string): Promise<CommandResult>;
  simSkin(mode: SimSkinMode): Promise<CommandResult>;
  simPower(op: SimPowerOp): Promise<CommandResult>;
  /** Starts (true) or stops the raw-line pushes for this client: the protocol terminal and the inspector. */
  watchWire(on: boolean): Promise<{ ok: true }>;
  /** Sends a typed command (`SET_DEPTH um=1500`) through the session's queue and returns the pen's answer. */
  sendCommand(text: string): Promise<TypedCommandResult>;
  /** Calls `listener` for every push until the returned function is called. */
  subscribe(listener: (push: PenPush) => void): () => void;
}

/** The request/response methods (all but subscribe). */
export type PenMethod = Exclude<keyof PenApi, 'subscribe'>;

export const EMPTY_STATS: LinkStats = {
  rttP50Ms: null, rttP99Ms: null, retransmits: 0, timeouts: 0, crcErrors: 0, droppedLines: 0,
  lostFrames: 0, framesIn: 0, framesOut: 0, reconnects: 0,
};
