/**
 * What a line sent to the pen is, in the terms of PROTOCOL.md §3, §6 and §10:
 * whether the pen can answer it (it has a trustworthy seq), whether it is a
 * STOP (SR-16: any CRC-valid frame of kind STOP, fields malformed or not), and
 * whether it is a well-formed host command that renews the lease (SR-11).
 */
import { decodeLine, PROTO_VERSION, SCHEMA_HASH, specOf, type Message } from '../../../protocol/src/index.js';
import { GATE_FREE_KINDS } from './spec.js';

/** The oracle's reading of one line. */
export interface LineClass {
  /** The seq the pen answers with `re=`, when the frame got far enough (CRC and framing good). */
  seq: number | null;
  /** The kind named by the frame (also for a frame refused for its fields). */
  kind: string | null;
  /** Decoded without any error. */
  decoded: Message | null;
  /** The body between `$` and `*` (for retransmission dedupe). */
  body: string | null;
  /** Decoded, and its kind is a host → pen command. */
  hostCommand: boolean;
  /** A CRC-valid frame of kind STOP, whatever its fields. */
  stop: boolean;
  /** The codec refused it (unknown kind, bad field) but the pen can still answer it. */
  codecRefused: boolean;
}

/** Classify a line as the pen must (the gate is applied by the caller). */
export function classifyLine(line: string): LineClass {
  const r = decodeLine(line);
  if (r.ok) {
    const spec = specOf(r.msg.kind);
    return {
      seq: r.msg.seq, kind: r.msg.kind, decoded: r.msg, body: r.body,
      hostCommand: spec?.dir === 'host', stop: r.msg.kind === 'STOP', codecRefused: false,
    };
  }
  const answerable = r.error === 'UNKNOWN_KIND' || r.error === 'BAD_FIELD';
  return {
    seq: answerable ? (r.seq ?? null) : null,
    kind: answerable ? (r.kind ?? null) : null,
    decoded: null, body: null, hostCommand: false,
    stop: r.error === 'BAD_FIELD' && r.kind === 'STOP',
    codecRefused: answerable,
  };
}

/** SR-11 (PROTOCOL.md §10): a host command the gate lets through renews the lease, refused later or not. */
export function renewsLease(c: LineClass, gateOpen: boolean): boolean {
  // A HELLO that does not match is refused with VERSION, and a command refused with VERSION renews nothing.
  if (c.decoded?.kind === 'HELLO' && !helloMatches(c.decoded)) return false;
  return c.hostCommand && (gateOpen || GATE_FREE_KINDS.has(c.kind ?? ''));
}

/** A HELLO naming this build's protocol version and schema hash (§6). */
function helloMatches(m: Message): boolean {
  const f = m.fields as { proto?: number; schema?: string };
  return f.proto === PROTO_VERSION && f.schema === SCHEMA_HASH;
}
