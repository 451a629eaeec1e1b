/** The first step of every line the host receives: blank lines ignored, undecodable ones dropped and counted, frames counted. */
import type { PenMessage } from '../catalogue/messages.js';
import { decodeLine } from '../wire/codec.js';
import type { ClientCounters } from './client-stats.js';

/** The pen frame a received line carries, or null (a blank line, or one dropped as undecodable: bad CRCs counted apart). */
export function decodeInbound(line: string, counters: Pick<ClientCounters, 'droppedLines' | 'crcErrors' | 'rxFrames'>): PenMessage | null {
  if (line.replace(/\r$/, '').length === 0) return null;
  const r = decodeLine(line);
  if (!r.ok) {
    counters.droppedLines++;
    if (r.error === 'BAD_CRC') counters.crcErrors++;
    return null;
  }
  counters.rxFrames++;
  return r.msg as PenMessage;
}
