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
  /**
   * Commands on the wire awaiting their answer at once (default 1: stop-and-wait). STOP and heartbeat
   * PINGs are not counted and never wait, so at most this many commands are ahead of a STOP (SR-16).
   */
  maxInFlight?: number;
  /** Commands waiting for the window (default 32); one more is refused BUSY, never sent. */
  maxQueued?: number;
  /** A queued command not sent within this long is refused BUSY, never sent (default 2000 ms). */
  queueTimeoutMs?: number;
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
  | 'WRITE_FAILED' // the transport refused the write
  | 'BUSY' // the host's command queue is full, or the command waited too long in it: never sent
  | 'CANCELLED' // a STOP was issued while this command still waited in the host's queue: never sent
  | 'UNEXPECTED_ANSWER'; // the pen answered with a kind this command is not answered by (a protocol error)

/**
 * What is known about a command's effect on the pen (PROTOCOL.md §13):
 * `answered` — the pen's answer arrived (ACK/data: executed; NAK: refused, state unchanged);
 * `unknown` — the line was (or may have been) sent but no usable answer came: the pen may or may
 * not have executed it, so its state must be read again;
 * `not_sent` — the line never left the host: the pen cannot have acted on it.
 */
export type Delivery = 'answered' | 'unknown' | 'not_sent';

/** Result of a request: a value, never an exception. */
export type RequestResult<K extends HostKind = HostKind> =
  | { ok: true; seq: number; reply: Message<AnswerOf<K>>; rttMs: number; attempts: number; delivery: 'answered' }
  | {
      ok: false;
      /** The seq used (the last one, for a STOP sent more than once), or -1 when nothing was sent. */
      seq: number;
      error: RequestErrorCode;
      delivery: Delivery;
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

/** What arrived during a handshake that got no valid answer, so the failure is not blamed on a silent pen. */
export interface HandshakeHeard {
  /** Lines received that were not valid frames (bad CRC, framing, unknown kind…). */
  invalidLines: number;
  /** The last of them and why it did not decode. */
  example?: { line: string; error: string };
  /** Bytes received after the last LF, never terminated (e.g. a pen ending its lines with CR only). */
  unterminated?: DroppedBytes;
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
      /** HANDSHAKE_FAILED: what did arrive (nothing at all when absent). */
      heard?: HandshakeHeard;
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
  /** Why, e.g. "no valid frame from the pen for 1000 ms" or a transport error message. */
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
  /** Commands refused BUSY (host queue full or waited too long): never sent. */
  busyRefusals: number;
  /** Queued commands cancelled by a STOP: never sent. */
  cancelled: number;
  /** Answers whose kind does not answer the command they name (`re=`): protocol errors. */
  unexpectedAnswers: number;
  /** Host stalls noticed (timers late by more than a heartbeat period), not blamed on the pen. */
  hostStalls: number;
  /** Commands waiting in the host queue right now. */
  queued: number;
  rttSamples: number;
  /** Round trip of requests answered on the first attempt, over the last 1024 samples (null before any). */
  rttP50Ms: number | null;
  rttP99Ms: number | null;
}
