/**
 * Which protocol schema a recording was made with, read from its handshake:
 * the pen's INFO answer to HELLO carries `schema=` (so do the console's HELLO
 * and a NAK VERSION). A recording from another schema is still listed, opened
 * and exported — TLM and EVT lines decode across the INFO/STATUS split — but it
 * is not replayed: a replay answers the client's handshake and queries with the
 * pen's recorded answers, and those no longer decode (the client could not
 * even complete HELLO), so faking them would show a pen that never existed.
 */
import { SCHEMA_HASH } from '../../../protocol/src/index.js';
import { readHead } from './recording-file.js';
import { readRecordingText, type RecordSink } from './recording-reader.js';

/** How much of a file the list reads to find the handshake (it is within the first few records). */
const HEAD_BYTES = 16 * 1024;
const SCHEMA_RE = / schema=([0-9A-Fa-f]{8})(?=[ *]|$)/;
const HANDSHAKE_RE = /(?:^|\$)\d+ (INFO|HELLO|NAK) /;

/** Follows a recording's records and keeps the first schema hash the pen stated (else the console's HELLO). */
export class SchemaSniffer {
  private pen: string | null = null;
  private host: string | null = null;

  /** True once the pen's own statement was seen: nothing later changes the answer. */
  get settled(): boolean {
    return this.pen !== null;
  }

  /** The recording's schema hash (upper case), or null when it holds no handshake. */
  get schema(): string | null {
    return this.pen ?? this.host;
  }

  readonly sink: RecordSink = (d, line) => {
    if (this.pen !== null || (d !== 'in' && d !== 'out')) return;
    if (d === 'out' && this.host !== null) return;
    const k = HANDSHAKE_RE.exec(line);
    if (!k) return;
    const m = SCHEMA_RE.exec(line);
    if (!m) return;
    const hash = m[1]!.toUpperCase();
    if (d === 'in' && k[1] !== 'HELLO') this.pen = hash;
    else if (d === 'out' && k[1] === 'HELLO') this.host = hash;
  };
}

/** The schema hash of a recording's text (its head is enough). */
export function schemaOfText(text: string): string | null {
  const s = new SchemaSniffer();
  readRecordingText(text, s.sink);
  return s.schema;
}

/** The schema hash a recording file was made with, from its first 16 KiB; null when none is found, unreadable or not a regular file. */
export function readRecordingSchema(path: string): string | null {
  const text = readHead(path, HEAD_BYTES);
  if (text === null) return null;
  // The last line may be cut by the 16 KiB window: only whole lines count.
  const nl = text.lastIndexOf('\n');
  return schemaOfText(Buffer.byteLength(text) < HEAD_BYTES || nl < 0 ? text : text.slice(0, nl + 1));
}

/** True when a recording of schema `recorded` can be replayed by a console of schema `ours`. */
export function schemaReplayable(recorded: string | null, ours: string = SCHEMA_HASH): boolean {
  // No handshake at all: the replay itself says there is nothing to answer HELLO with.
  return recorded === null || recorded === ours;
}

/** The one sentence a refused replay of an other-schema recording shows. */
export function schemaRefusal(name: string, recorded: string, ours: string = SCHEMA_HASH): string {
  return `Cannot replay ${name}: it was recorded with protocol schema ${recorded} and this console speaks schema ${ours}, `
    + 'so the pen\'s recorded answers no longer decode (Open and the CSV/JSON exports still work).';
}
