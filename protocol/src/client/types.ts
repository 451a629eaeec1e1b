/** Public types of the host-side PenClient. */
import type { Catalogue, HostKind, Kind } from '../catalogue/catalogue.js';
import type { NakCode } from '../catalogue/enums.js';
import type { Fields, Message, PenMessage } from '../catalogue/messages.js';
import type { Clock } from '../util/clock.js';
import type { DroppedBytes, LineTransport, TransportError } from '../transport/transport.js';

/** Link states of the host client. */
export type LinkState = 'closed' | 'opening' | 'handshaking' | 'ready' | 'lost' | 'reconnecting';

/** The pen's identity and limits, as its INFO frame carries them. */
export type PenInfo = Fields<'INFO'>;

/** The pen's state and settings, as its STATUS frame carries them. */
export type PenStatus = Fields<'STATUS'>;

/** Makes a fresh (or the same, reopenable) transport for each open and reconnect. */
export type TransportFactory = () => LineTransport | Promise<LineTransport>;

/** Backoff between reconnection attempts: initialMs · factor^n, capped at maxMs. */
export interface ReconnectOptions {
  initialMs?: number;
  maxMs?: number;
  factor?: number;
  /** Give up (state closed) after this many failed attempts; default unlimited. */
  maxAttempts?: number;
}

/** Options of a PenClient. */
export interface PenClientOptions {
  /** The link, or a factory called on each open/reconnect (e.g. resolving a device by serial number). */
  transport: LineTransport | TransportFactory;
  /** Our protocol version and schema hash (default: this build's); tests override them. */
  proto?: number;
  schema?: string;
  /** Time to wait for an answer before retransmitting (default 250 ms). */
  timeoutMs?: number;
  /** Retransmissions after the first attempt (default 3). */
  retries?: number;
  /** PING period while connected (default 200 ms, so the pen's 500 ms lease of SR-11 holds); 0 disables. */
  heartbeatMs?: number;
  /** No valid frame from the pen for this long while ready → lost (default 1000 ms; 0 disables). */
  silenceMs?: number;
  /** Reconnect after a loss (default on); false: go to closed instead. */
  reconnect?: false | ReconnectOptions;
  /** Time source (default: performance.now and global timers). */
  clock?: Clock;
}

/** Kinds that answer host kind K successfully (NAK excluded). */
export type AnswerOf<K extends HostKind> = Extract<Exclude<Catalogue[K]['answers'][number], 'NAK'>, Kind>;

/** Why a request did not succeed. */
export type RequestErrorCode =
  | 'NAK' // the pen refused: see `code`
  | 'TIMEOUT' // no answer after every retransmission
  | 'NOT_CONNECTED' // the link is not open (or not handshaken for a gated kind)
  | 'LINK_LOST' // the link went down while waiting
  | 'CLOSED' // close() was called while waiting
  | 'INVALID' // the fields do not encode (names the key)
  | 'WRITE_FAILED'; // the transport refused the write

/** Result of a request: a value, never an exception. */
export type RequestResult<K extends HostKind = HostKind> =
  | { ok: true; seq: number; reply: Message<AnswerOf<K>>; rttMs: number; attempts: number }
  | {
      ok: false;
      /** The seq used, or -1 when nothing was sent (NOT_CONNECTED). */
      seq: number;
      error: RequestErrorCode;
      message: string;
      /** NAK reason when error is 'NAK'. */
      code?: NakCode;
      nak?: Message<'NAK'>;
      attempts: number;
      /** Offending key when error is 'INVALID'. */
      key?: string;
      transport?: TransportError;
    };

/** Per-request overrides. */
export interface RequestOptions {
  timeoutMs?: number;
  retries?: number;
}

/** Why connect() failed. */
export type ConnectErrorCode = 'OPEN_FAILED' | 'VERSION_MISMATCH' | 'HANDSHAKE_FAILED' | 'BUSY' | 'CLOSED';

/** Protocol identity of one side. */
export interface ProtoIdentity {
  proto: number;
  schema: string;
}

/** Result of connect(). */
export type ConnectResult =
  | { ok: true; info: PenInfo }
  | {
      ok: false;
      error: ConnectErrorCode;
      /** Spelled out, e.g. "pen speaks proto 2 schema 0BADF00D, console proto 1 schema 1234ABCD: protocol version differs". */
      message: string;
      ours: ProtoIdentity;
      /** The pen's values, when it told us (NAK VERSION carries them). */
      pen?: Partial<ProtoIdentity>;
      transport?: TransportError;
    };

/** One raw line in or out, for session recording and the raw console. */
export interface RawLine {
  dir: 'in' | 'out';
  /** The line as on the wire, without LF. */
  line: string;
  /** Client clock, monotonic ms. */
  t: number;
  /** Wall clock, ms since the epoch. */
  wall: number;
}

/** A link-state change. */
export interface StateChange {
  state: LinkState;
  previous: LinkState;
  /** Why, e.g. "no frame from the pen for 1000 ms" or a transport error message. */
  reason?: string;
}

/** Events of a PenClient. */
export interface PenClientEvents {
  state: StateChange;
  raw: RawLine;
  /** Every decoded pen frame. */
  frame: PenMessage;
  telemetry: Message<'TLM'>;
  event: Message<'EVT'>;
  /** Transport errors (the link may go lost after one). */
  error: TransportError;
  /** Received bytes the transport threw away (counted in droppedLines), with when, for the recording. */
  dropped: DroppedBytes & { t: number; wall: number };
}

/** Counters and latency figures of a PenClient. */
export interface ClientStats {
  txLines: number;
  rxLines: number;
  rxFrames: number;
  requests: number;
  retransmits: number;
  timeouts: number;
  naks: number;
  /** Answers whose `re` matched no pending request (late, or replayed after we already had one). */
  lateReplies: number;
  crcErrors: number;
  /** Received lines not decoded for any reason (bad CRC, framing, too long, unknown kind, bad field, transport overflow). */
  droppedLines: number;
  /** Pen frames lost, from pen seq gaps. */
  lostFrames: number;
  telemetryFrames: number;
  /** Pen frames repeating an earlier seq (replayed answers). */
  replayedFrames: number;
  heartbeatsSent: number;
  reconnects: number;
  rttSamples: number;
  /** Round trip of requests answered on the first attempt, over the last 1024 samples (null before any). */
  rttP50Ms: number | null;
  rttP99Ms: number | null;
}
