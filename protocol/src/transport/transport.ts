/**
 * One interface for every line link (serial port, pty, in-process pair, a
 * simulator binding): open, close, write a line, and events for received lines
 * and typed errors. Errors are values with flags, like serialport's, never throws.
 */

/**
 * A transport failure. `disconnected`: the link is gone (cable pulled, peer closed); `timedOut`: an
 * operation took too long (a timed-out write may still go out); `unsent`: a write of which certainly
 * no byte left the host (the port was not open), so the peer cannot have acted on it.
 */
export interface TransportError {
  message: string;
  disconnected: boolean;
  timedOut: boolean;
  unsent?: boolean;
  cause?: unknown;
}

/** Outcome of open/write. */
export type TransportResult = { ok: true } | { ok: false; error: TransportError };

/** Why the transport closed: no `error` when closed on purpose by `close()`. */
export interface CloseInfo {
  error?: TransportError;
}

/** What a transport threw away: why, how many bytes, and the first of them (so a recording keeps what was seen). */
export interface DroppedBytes {
  reason: string;
  bytes: number;
  /** The first DROPPED_HEAD_BYTES bytes, latin1 (one char per byte). */
  head?: string;
}

/** How much of a dropped line a transport keeps for the record: one full frame's worth. */
export const DROPPED_HEAD_BYTES = 200;

/** Events of a line transport. */
export interface TransportEvents {
  /** A received line without its LF (a CR before it may remain; the codec tolerates it). */
  line: string;
  /** A non-fatal or fatal error; a fatal one is followed by `close`. */
  error: TransportError;
  /** The link closed (on purpose or not). */
  close: CloseInfo;
  /** Received bytes thrown away by the transport (over-long line, buffer overflow). */
  dropped: DroppedBytes;
}

/** A bidirectional line link. */
export interface LineTransport {
  /** Human-readable name of the far end, e.g. a device path. */
  readonly label: string;
  readonly isOpen: boolean;
  /** Open the link; resolves to a result, never rejects. */
  open(): Promise<TransportResult>;
  /** Close the link; idempotent; emits `close` without error if it was open. */
  close(): Promise<void>;
  /** Write one line; a missing trailing LF is added. Never rejects. */
  write(line: string): Promise<TransportResult>;
  /**
   * Bytes received since the last LF (a line not terminated yet), or null. The client reads them when a
   * handshake fails or the link is lost, so a pen that ends lines with CR only is reported, not silently ignored.
   */
  unterminated?(): DroppedBytes | null;
  /** Subscribe to an event; returns the unsubscribe function. */
  on<K extends keyof TransportEvents>(event: K, fn: (payload: TransportEvents[K]) => void): () => void;
}

/** Build a TransportError value. */
export function transportError(
  message: string,
  flags: { disconnected?: boolean; timedOut?: boolean; unsent?: boolean; cause?: unknown } = {},
): TransportError {
  const e: TransportError = { message, disconnected: flags.disconnected ?? false, timedOut: flags.timedOut ?? false };
  if (flags.unsent) e.unsent = true;
  if (flags.cause !== undefined) e.cause = flags.cause;
  return e;
}

/** The DroppedBytes of text received but not terminated by LF, or null when there is none. */
export function unterminatedBytes(text: string): DroppedBytes | null {
  if (text.length === 0) return null;
  const crOnly = text.includes('\r');
  return {
    reason: crOnly ? 'not terminated by LF: lines end with CR only' : 'not terminated by LF',
    bytes: text.length,
    head: text.slice(0, DROPPED_HEAD_BYTES),
  };
}

/** Ensure a line ends with exactly one LF. */
export function withLf(line: string): string {
  return line.endsWith('\n') ? line : line + '\n';
}
