/**
 * The message catalogue: every kind on the wire, its direction, keys, units,
 * ranges and the kinds that answer it. Types (messages.ts), validation
 * (codec) and the schema hash all derive from this one object.
 */
import {
  CART_STATUS, CART_TYPES, EVENT_NAMES, NAK_CODES, PEN_STATES, SELF_TEST_RESULTS, SIM_FAULTS,
} from './enums.js';
import { hex, int, oneOf, opt, str, token, type FieldSpec } from './fields.js';

/** Protocol version spoken by this build; HELLO `proto=` must equal it. */
export const PROTO_VERSION = 1;

/** Who sends a kind. */
export type Direction = 'host' | 'pen';

/** The specification of one message kind. */
export interface KindSpec {
  readonly dir: Direction;
  readonly doc: string;
  readonly keys: Readonly<Record<string, FieldSpec>>;
  /** Kinds the pen answers this command with (host kinds only). */
  readonly answers: readonly string[];
  /** Accepted before a matching HELLO (others get NAK VERSION). */
  readonly preHandshake?: boolean;
  /** Needs an open engineering session (SR-17). */
  readonly engineering?: boolean;
  /** Semantic range the pen enforces beyond the codec, with the NAK it answers. */
  readonly accepts?: Readonly<Record<string, { min: number; max: number; step?: number; nak: string }>>;
}

const re = int(0, 65535, { doc: 'seq of the command answered' });
/** A set of FAULT_CODES as 4 hex digits: bit i (value 2^i) is FAULT_CODES[i] (PROTOCOL.md §11). */
const faultMask = (doc: string) => hex(4, doc);
const ack = ['ACK', 'NAK'] as const;

function kind<const K extends KindSpec>(k: K): K {
  return k;
}

export const CATALOGUE = {
  // ---- host -> pen -------------------------------------------------------
  HELLO: kind({
    dir: 'host', doc: 'Handshake: protocol version and schema hash of the host.', preHandshake: true,
    keys: { proto: int(1, 65535, { doc: 'protocol version' }), schema: hex(8, 'schema hash') },
    answers: ['INFO', 'NAK'],
  }),
  PING: kind({ dir: 'host', doc: 'Liveness and heartbeat; renews the lease (SR-11).', preHandshake: true, keys: {}, answers: ack }),
  GET_INFO: kind({ dir: 'host', doc: 'Identity and limits.', preHandshake: true, keys: {}, answers: ['INFO', 'NAK'] }),
  GET_STATUS: kind({ dir: 'host', doc: 'Current state and settings.', keys: {}, answers: ['STATUS', 'NAK'] }),
  GET_CART: kind({ dir: 'host', doc: 'The inserted cartridge and its verification.', keys: {}, answers: ['CART', 'NAK'] }),
  GET_AREA: kind({
    dir: 'host', doc: 'One row of the loaded treatment-area profile, by index.',
    keys: { i: int(0, 63, { doc: 'row index, 0-based' }) }, answers: ['AREA', 'NAK'],
  }),
  SET_DEPTH: kind({
    dir: 'host', doc: 'Needle depth setpoint.',
    keys: { um: int(0, 9999, { unit: 'µm', doc: 'depth' }) }, answers: ack,
    accepts: { um: { min: 250, max: 2500, step: 50, nak: 'DEPTH_RANGE' } },
  }),
  SET_RATE: kind({
    dir: 'host', doc: 'Stroke rate setpoint.',
    keys: { hz: int(0, 999, { unit: 'Hz', doc: 'stroke rate' }) }, answers: ack,
    accepts: { hz: { min: 50, max: 150, nak: 'RATE_RANGE' } },
  }),
  SET_AREA: kind({ dir: 'host', doc: 'Select a treatment area of the profile.', keys: { area: token(16, 'area id') }, answers: ack }),
  START: kind({ dir: 'host', doc: 'Start the motor and drive the needle to the setpoint.', keys: {}, answers: ack }),
  STOP: kind({ dir: 'host', doc: 'Stop and retract; accepted in every state (SR-16).', preHandshake: true, keys: {}, answers: ack }),
  CLEAR_FAULT: kind({ dir: 'host', doc: 'Clear latched faults whose condition is gone (SR-14).', keys: {}, answers: ack }),
  RESET_SETTINGS: kind({
    dir: 'host', doc: 'Return area, depth, rate and telemetry rate to the power-on settings; refused while running.',
    keys: {}, answers: ack,
  }),
  TLM_RATE: kind({
    dir: 'host', doc: "Telemetry rate; 0 stops telemetry. Above the pen's INFO tmax: NAK TLM_RANGE.",
    keys: { hz: int(0, 200, { unit: 'Hz' }) }, answers: ack,
  }),
  ENG_OPEN: kind({ dir: 'host', doc: 'Ask for an engineering challenge (SR-17).', keys: {}, answers: ['CHAL', 'NAK'] }),
  ENG_AUTH: kind({ dir: 'host', doc: 'Answer the challenge with a MAC.', keys: { mac: hex(16, 'MAC of nonce and serial') }, answers: ack }),
  ENG_CLOSE: kind({ dir: 'host', doc: 'Close the engineering session.', keys: {}, answers: ack }),
  ENG_PROFILE: kind({
    dir: 'host', doc: 'Load another treatment-area profile stored on the pen.', engineering: true,
    keys: { name: token(8, 'profile name') }, answers: ack,
  }),
  SIM_FAULT: kind({
    dir: 'host', doc: 'Simulator fault injection.', engineering: true,
    keys: { f: oneOf(SIM_FAULTS, 'fault'), v: opt(int(-1000000, 1000000, { doc: 'fault parameter' })) }, answers: ack,
  }),
  SIM_CART: kind({
    dir: 'host', doc: 'Simulator: insert (by catalogue id), remove, seat or unseat a cartridge.', engineering: true,
    keys: { op: oneOf(['INSERT', 'REMOVE', 'SEAT', 'UNSEAT'] as const), id: opt(token(24, 'sample cartridge id')) },
    answers: ack,
  }),
  SIM_SKIN: kind({
    dir: 'host', doc: "Simulator: the operator's hand — glide automatically, hold on skin, or lift off.", engineering: true,
    keys: { mode: oneOf(['AUTO', 'ON', 'OFF'] as const) }, answers: ack,
  }),
  SIM_POWER: kind({
    dir: 'host', doc: 'Simulator: power-cycle the pen, or plug/unplug the charger.', engineering: true,
    keys: { op: oneOf(['CYCLE', 'CHARGER_ON', 'CHARGER_OFF'] as const) }, answers: ack,
  }),

  // ---- pen -> host -------------------------------------------------------
  // `t` stays optional in the codec so that old captures decode; PROTOCOL.md §7 makes it a MUST for pens.
  ACK: kind({ dir: 'pen', doc: 'Command accepted.', keys: { re, t: opt(int(0, 4294967295, { unit: 'ms', doc: 'device time when executed' })) }, answers: [] }),
  NAK: kind({
    dir: 'pen', doc: 'Command refused; state unchanged (SR-15).',
    keys: {
      re, code: oneOf(NAK_CODES, 'reason'),
      max: opt(int(0, 99999, { doc: 'the limit that was exceeded, in the unit of the refused value' })),
      min: opt(int(0, 99999, { doc: 'the lower limit, in the unit of the refused value' })),
      proto: opt(int(1, 65535, { doc: "pen's protocol version (VERSION)" })),
      schema: opt(hex(8, "pen's schema hash (VERSION)")),
      faults: opt(faultMask('latched faults (FAULT_ACTIVE) or faults whose condition is present (FAULT_PRESENT)')),
      msg: opt(str(64, 'human-readable detail')),
    },
    answers: [],
  }),
  INFO: kind({
    dir: 'pen', doc: 'Identity and limits (answers HELLO and GET_INFO).',
    keys: {
      // Token lengths are chosen so that the longest INFO (every value at its
      // longest, seq 65535) is exactly 200 bytes: a pen always reports its limits.
      re, proto: int(1, 65535), schema: hex(8), fw: token(8, 'firmware version'), serial: token(12),
      dmin: int(0, 9999, { unit: 'µm', doc: 'lowest depth setpoint accepted' }),
      dmax: int(0, 9999, { unit: 'µm', doc: 'highest depth setpoint accepted' }),
      dstep: int(1, 999, { unit: 'µm', doc: 'depth setpoints are multiples of this' }),
      rmin: int(0, 999, { unit: 'Hz', doc: 'lowest stroke rate accepted' }),
      rmax: int(0, 999, { unit: 'Hz', doc: 'highest stroke rate accepted' }),
      tmax: int(0, 999, { unit: 'Hz', doc: 'highest telemetry rate' }),
      profile: token(8, 'loaded area profile'), pver: int(0, 65535, { doc: 'profile version' }), phash: hex(8, 'profile hash'),
      areas: int(0, 64, { doc: 'rows in the profile' }), sim: int(0, 1, { doc: '1 if SIM_* is supported' }),
    },
    answers: [],
  }),
  STATUS: kind({
    dir: 'pen', doc: 'Current state and settings (answers GET_STATUS).',
    keys: {
      re, st: oneOf(PEN_STATES, 'state'), area: opt(token(16, 'selected area; absent: none selected')),
      um: int(0, 9999, { unit: 'µm', doc: 'depth setpoint' }), hz: int(0, 999, { unit: 'Hz', doc: 'rate setpoint' }),
      eng: int(0, 1, { doc: '1 if an engineering session is open' }),
      faults: faultMask('latched faults (SR-14); 0000: none'),
      present: faultMask('latched faults whose condition is still present'),
      selftest: oneOf(SELF_TEST_RESULTS, 'boot self-test result'),
    },
    answers: [],
  }),
  CART: kind({
    dir: 'pen', doc: 'The cartridge (answers GET_CART).',
    keys: {
      re, status: oneOf(CART_STATUS), id: opt(token(24)), lot: opt(token(16)), type: opt(oneOf(CART_TYPES)),
      needles: opt(int(0, 99)), max: opt(int(0, 9999, { unit: 'µm', doc: 'rated max depth' })),
      exp: opt(int(20000101, 29991231, { doc: 'expiry date YYYYMMDD' })), sealed: opt(int(0, 1)), seated: opt(int(0, 1)),
      used: opt(int(0, 99999, { unit: 's', doc: 'needle-on time so far' })),
    },
    answers: [],
  }),
  AREA: kind({
    dir: 'pen', doc: 'One treatment-area row (answers GET_AREA).',
    keys: {
      re, i: int(0, 63), n: int(0, 64, { doc: 'rows in the profile' }), area: token(16),
      lo: int(0, 9999, { unit: 'µm', doc: 'recommended from' }), hi: int(0, 9999, { unit: 'µm', doc: 'recommended to' }),
      cap: int(0, 9999, { unit: 'µm', doc: 'hard cap' }), name: str(48, 'display name'),
    },
    answers: [],
  }),
  CHAL: kind({ dir: 'pen', doc: 'Engineering challenge (answers ENG_OPEN).', keys: { re, nonce: hex(16) }, answers: [] }),
  TLM: kind({
    dir: 'pen', doc: 'Telemetry, never acknowledged; seq gaps count losses. At most 88 bytes (about 70 in practice).',
    keys: {
      t: int(0, 4294967295, { unit: 'ms', doc: 'device time' }), s: oneOf(PEN_STATES, 'state'),
      d: int(0, 9999, { unit: 'µm', doc: 'depth setpoint' }), m: int(0, 9999, { unit: 'µm', doc: 'measured depth' }),
      r: int(0, 999, { unit: 'Hz', doc: 'measured stroke rate' }), n: int(0, 4294967295, { doc: 'strokes this cartridge' }),
      p: int(0, 99, { doc: 'passes in the current area' }),
      c: int(-400, 1500, { unit: '0.1 °C', doc: 'handpiece temperature' }), b: int(0, 100, { unit: '%', doc: 'battery' }),
    },
    answers: [],
  }),
  EVT: kind({
    dir: 'pen', doc: 'Something happened.',
    keys: {
      ev: oneOf(EVENT_NAMES), t: int(0, 4294967295, { unit: 'ms', doc: 'device time' }),
      st: opt(oneOf(PEN_STATES)), code: opt(token(24, 'fault or reject code')), id: opt(token(24, 'cartridge id')),
      area: opt(token(16)), n: opt(int(0, 99, { doc: 'pass number' })),
      on: opt(int(0, 1, { doc: 'skin contact (SKIN)' })),
      faults: opt(faultMask('FAULT: every latched fault now; FAULT_CLEAR: the faults cleared')), msg: opt(str(64)),
    },
    answers: [],
  }),
} as const;

// Compile-time check that every entry is a KindSpec.
const _check: Readonly<Record<string, KindSpec>> = CATALOGUE;
void _check;

export type Catalogue = typeof CATALOGUE;
/** Every kind name. */
export type Kind = keyof Catalogue;
/** Kinds the host sends. */
export type HostKind = { [K in Kind]: Catalogue[K]['dir'] extends 'host' ? K : never }[Kind];
/** Kinds the pen sends. */
export type PenKind = { [K in Kind]: Catalogue[K]['dir'] extends 'pen' ? K : never }[Kind];

export const KINDS = Object.keys(CATALOGUE) as Kind[];

/** Pen kinds that answer a command (they carry `re=`): ACK, NAK, INFO, STATUS, CART, AREA, CHAL. */
export const ANSWER_KINDS: ReadonlySet<string> = new Set(
  KINDS.filter((k) => CATALOGUE[k].dir === 'pen' && 're' in CATALOGUE[k].keys),
);

/** The spec of a kind name, or undefined when unknown. */
export function specOf(kind: string): KindSpec | undefined {
  return Object.prototype.hasOwnProperty.call(CATALOGUE, kind) ? (CATALOGUE as Record<string, KindSpec>)[kind] : undefined;
}
