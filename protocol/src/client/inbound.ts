/** The first step of every line the host receives: blank lines ignored, undecodable ones dropped and counted, frames counted. */
import type { PenMessage } from '../catalogue/messages.js';
import { decodeLine, type DecodeErrorCode } from '../wire/codec.js';
import type { ClientCounters } from './client-stats.js';

/** The last line that did not decode, and why (for a handshake that only ever got garbage). */
export interface InvalidLine {
  line: string;
  error: DecodeErrorCode;
}

/** The pen frame a received line carries, or null (a blank line, or one dropped as undecodable: bad CRCs counted apart). */
export function decodeInbound(
  line: string, counters: Pick<ClientCounters, 'droppedLines' | 'crcErrors' | 'rxFrames'>, onInvalid?: (bad: InvalidLine) => void,
): PenMessage | null {
  if (line.replace(/\r$/, '').length === 0) return null;
  const r = decodeLine(line);
  if (!r.ok) {
    counters.droppedLines++;
    if (r.error === 'BAD_CRC') counters.crcErrors++;
    onInvalid?.({ line, error: r.error });
    return null;
  }
  counters.rxFrames++;
  return r.msg as PenMessage;
}
