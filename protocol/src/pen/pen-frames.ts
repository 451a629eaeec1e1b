/**
 * The pen side's frame helpers and counters: encoding a pen frame so it fits
 * the line (dropping only an EVT's free-text `msg`), a NAK that always encodes,
 * and NAK texts cut to fit a value.
 */
import type { Message } from '../catalogue/messages.js';
import { tryEncode } from '../wire/codec.js';
import { pctEncode } from '../wire/percent.js';

/** Counters of a PenLink. */
export interface PenLinkStats {
  rxLines: number;
  rxBadCrc: number;
  rxTooLong: number;
  rxBadFrame: number;
  rxUnknownKind: number;
  rxBadField: number;
  rxDuplicates: number;
  /** Commands refused with NAK VERSION because no HELLO matched yet. */
  rxBeforeHandshake: number;
  txFrames: number;
  /** Replies or emits that did not encode (a firmware bug); answered with NAK UNSUPPORTED instead. */
  txInvalid: number;
}

/**
 * Encode a pen frame; if it is longer than the 200-byte line, drop its
 * optional `msg` (free text, a nicety) and try again (PROTOCOL.md §4). Only an
 * EVT with a long message can need this: every other kind fits at its longest.
 */
export function encodeFitting(seq: number, kind: string, fields: Record<string, unknown>): ReturnType<typeof tryEncode> {
  const r = tryEncode({ seq, kind, fields } as unknown as Message);
  if (r.ok || r.error !== 'TOO_LONG' || fields['msg'] === undefined) return r;
  const { msg: _msg, ...rest } = fields;
  return tryEncode({ seq, kind, fields: rest } as unknown as Message);
}

/** Longest value on the wire (bytes, after %-encoding). */
const MAX_VALUE_WIRE = 64;

export function zeroStats(): PenLinkStats {
  return {
    rxLines: 0, rxBadCrc: 0, rxTooLong: 0, rxBadFrame: 0, rxUnknownKind: 0, rxBadField: 0,
    rxDuplicates: 0, rxBeforeHandshake: 0, txFrames: 0, txInvalid: 0,
  };
}

/** A human-readable detail cut so that its %-encoded form fits a value (1..64 bytes on the wire). */
export function nakMsg(text: string): string {
  let s = text.slice(0, MAX_VALUE_WIRE);
  while (pctEncode(s).length > MAX_VALUE_WIRE) s = s.slice(0, -1);
  return s.length > 0 ? s : '-';
}

/** A NAK line; if `extra` does not encode (e.g. an overridden schema that is not hex), the NAK without it. */
export function encodeNak(seq: number, re: number, code: string, extra: Record<string, unknown>): string {
  const r = tryEncode({ seq, kind: 'NAK', fields: { re, code, ...extra } } as unknown as Message);
  if (r.ok) return r.line;
  const bare = tryEncode({ seq, kind: 'NAK', fields: { re, code } } as unknown as Message);
  return bare.ok ? bare.line : '';
}
