/**
 * What a replay plays: a recording's pen → host frames that the pen sent on
 * its own (TLM, EVT) with their arrival times, and the pen's latest answers
 * (INFO, AREA rows, CART) so a replay can answer the client's own handshake
 * and queries. Recorded answers are not played: they answered the recorded
 * console's seq numbers, not the replaying client's.
 */
import { decodeLine, type Fields } from '../../../protocol/src/index.js';
import { readRecordingFile, readRecordingText, type ReadStats } from './recording-reader.js';

/** A recording ready to replay. */
export interface ReplaySource {
  name: string;
  /** Unsolicited pen lines (TLM, EVT, undecodable lines too: a replay shows bad CRCs as they were). */
  lines: string[];
  /** Host wall time of each line, ms. */
  times: Float64Array;
  /** The last INFO the pen sent (fields without re), or null. */
  info: Omit<Fields<'INFO'>, 're'> | null;
  /** Profile rows by index (fields without re). */
  areas: Map<number, Omit<Fields<'AREA'>, 're'>>;
  /** The first CART answer (fields without re), or null. */
  cart: Omit<Fields<'CART'>, 're'> | null;
  stats: ReadStats;
}

const ANSWER_KINDS = new Set(['ACK', 'NAK', 'INFO', 'CART', 'AREA', 'CHAL']);

/** The kind token of a frame without decoding it ("$12 TLM t=…*ABCD" → "TLM"). */
function kindOf(line: string): string {
  const a = line.indexOf(' ');
  if (a < 0) return '';
  const b = line.indexOf(' ', a + 1);
  const star = line.lastIndexOf('*');
  return line.slice(a + 1, b < 0 ? (star > a ? star : line.length) : b);
}

class Builder {
  lines: string[] = [];
  times: number[] = [];
  info: ReplaySource['info'] = null;
  areas: ReplaySource['areas'] = new Map();
  cart: ReplaySource['cart'] = null;

  readonly sink = (d: string, line: string, w: number): void => {
    if (d !== 'in') return;
    const kind = kindOf(line);
    if (!ANSWER_KINDS.has(kind)) {
      this.lines.push(line);
      this.times.push(w);
      return;
    }
    const r = decodeLine(line);
    if (!r.ok) return;
    const { re: _re, ...fields } = r.msg.fields as Record<string, unknown>;
    if (r.msg.kind === 'INFO') this.info = fields as ReplaySource['info'];
    else if (r.msg.kind === 'AREA') this.areas.set(Number(fields.i), fields as Omit<Fields<'AREA'>, 're'>);
    else if (r.msg.kind === 'CART' && !this.cart) this.cart = fields as ReplaySource['cart'];
  };

  done(name: string, stats: ReadStats): ReplaySource {
    return { name, lines: this.lines, times: Float64Array.from(this.times), info: this.info, areas: this.areas, cart: this.cart, stats };
  }
}

/** Reads a recording file for replay. */
export async function replaySourceFromFile(path: string, name = path): Promise<ReplaySource> {
  const b = new Builder();
  const stats = await readRecordingFile(path, b.sink);
  return b.done(name, stats);
}

/** Reads a recording's text for replay (tests). */
export function replaySourceFromText(name: string, text: string): ReplaySource {
  const b = new Builder();
  const stats = readRecordingText(text, b.sink);
  return b.done(name, stats);
}
