/**
 * A scripted pen for protocol tests: a real PenLink on one end of a transport,
 * answering with a small, fixed behaviour (no firmware state machine). Tests
 * use it to exercise PenClient and transports against the real pen-side rules.
 */
import {
  PenLink, SCHEMA_HASH, PROTO_VERSION, type HostMessage, type LineTransport, type PenReply, type PenLinkOptions,
} from '../../../protocol/src/index.js';

/** Options of the scripted pen. */
export interface ScriptedPenOptions {
  proto?: number;
  schema?: string;
  /** Override the answer to a command (return undefined for the default). */
  answer?: (msg: HostMessage) => PenReply | undefined;
}

/** INFO fields (identity and limits) a plausible pen reports. */
export function infoFields(proto = PROTO_VERSION, schema = SCHEMA_HASH): Record<string, unknown> {
  return {
    proto, schema, fw: '1.0.0', serial: 'PB000123', dmin: 250, dmax: 2500, dstep: 50, rmin: 50, rmax: 150, tmax: 200,
    profile: 'FACE', pver: 1, phash: '0A1B2C3D', areas: 12, sim: 1,
  };
}

/** STATUS fields (state and settings) a plausible pen reports. */
export function statusFields(): Record<string, unknown> {
  return { st: 'READY', area: 'CHEEK', um: 500, hz: 120, eng: 0, faults: '0000', present: '0000', selftest: 'PASS' };
}

/** A PenLink bound to a transport, recording every command it handled. */
export class ScriptedPen {
  readonly link: PenLink;
  readonly handled: HostMessage[] = [];
  private readonly off: () => void;

  constructor(readonly transport: LineTransport, opts: ScriptedPenOptions = {}) {
    const linkOpts: PenLinkOptions = {
      send: (line) => void transport.write(line),
      handle: (msg) => {
        this.handled.push(msg);
        return opts.answer?.(msg) ?? this.defaultAnswer(msg);
      },
    };
    if (opts.proto !== undefined) linkOpts.proto = opts.proto;
    if (opts.schema !== undefined) linkOpts.schema = opts.schema;
    this.link = new PenLink(linkOpts);
    this.off = transport.on('line', (l) => this.link.receiveLine(l));
  }

  /** Commands of one kind handled so far. */
  count(kind: string): number {
    return this.handled.filter((m) => m.kind === kind).length;
  }

  /** Stop listening. */
  dispose(): void {
    this.off();
  }

  private defaultAnswer(msg: HostMessage): PenReply {
    switch (msg.kind) {
      case 'HELLO':
      case 'GET_INFO':
        return { kind: 'INFO', fields: infoFields() };
      case 'GET_STATUS':
        return { kind: 'STATUS', fields: statusFields() };
      case 'GET_CART':
        return { kind: 'CART', fields: { status: 'NONE' } };
      case 'SET_DEPTH':
        return msg.fields.um % 50 === 0 && msg.fields.um >= 250 && msg.fields.um <= 2500
          ? { kind: 'ACK', fields: {} }
          : { kind: 'NAK', fields: { code: 'DEPTH_RANGE', min: 250, max: 2500 } };
      default:
        return { kind: 'ACK', fields: {} };
    }
  }
}
