/**
 * Runtime validation of every PenApi method's arguments. Electron main and the
 * WebSocket bridge both run these before touching the session, so a
 * compromised or buggy renderer cannot push malformed values to the pen.
 */
import { SIM_FAULTS } from '../../protocol/src/index.js';
import type { ConnectTarget, PenApi, PenMethod } from './pen-api.js';
import { isRecordingLabel, isRecordingName, isReplaySpeed } from './charts/recordings-api.js';

/** The arguments of a method, as a tuple. */
export type ArgsOf<M extends PenMethod> = Parameters<PenApi[M]>;

/** Validation outcome: the typed arguments or the reason they were refused. */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

type ArgCheck = (v: unknown, name: string) => string | null;

const TOKEN_RE = /^[A-Z0-9_.-]+$/;
const HEX_RE = /^[0-9A-Fa-f]+$/;
/** A serial path: device files, COM ports, or the sim URL; no control characters. */
const PATH_RE = /^[\x20-\x7E]{1,256}$/;

function intIn(min: number, max: number): ArgCheck {
  return (v, name) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? null : `${name} must be an integer ${min}..${max}`;
}

function tokenUpTo(maxLen: number): ArgCheck {
  return (v, name) =>
    typeof v === 'string' && v.length >= 1 && v.length <= maxLen && TOKEN_RE.test(v)
      ? null
      : `${name} must be 1..${maxLen} characters of A-Z 0-9 _ . -`;
}

function oneOf(values: readonly string[]): ArgCheck {
  return (v, name) => (typeof v === 'string' && values.includes(v) ? null : `${name} must be one of ${values.join(', ')}`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

const target: ArgCheck = (v, name) => {
  if (!isPlainObject(v)) return `${name} must be an object { kind: 'sim' } or { kind: 'serial', path }`;
  if (v.kind === 'sim') return Object.keys(v).length === 1 ? null : `${name} { kind: 'sim' } takes no other keys`;
  if (v.kind === 'serial') {
    const extra = Object.keys(v).filter((k) => !['kind', 'path', 'baudRate'].includes(k));
    if (extra.length) return `${name} has unknown keys: ${extra.join(', ')}`;
    if (typeof v.path !== 'string' || !PATH_RE.test(v.path)) return `${name}.path must be 1..256 printable characters`;
    if (v.baudRate !== undefined && intIn(1200, 4_000_000)(v.baudRate, `${name}.baudRate`)) return `${name}.baudRate must be an integer 1200..4000000`;
    return null;
  }
  return `${name}.kind must be 'sim' or 'serial'`;
};

// A bare file name of the recordings directory: never a path (a renderer must not reach other files).
const recordingName: ArgCheck = (v, name) =>
  isRecordingName(v) ? null : `${name} must be a recording file name like session-20260101T120000Z-sim.jsonl`;

const replaySpeed: ArgCheck = (v, name) => (isReplaySpeed(v) ? null : `${name} must be one of 1, 10, 'full'`);

const ms = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1e10;

const replayCommand: ArgCheck = (v, name) => {
  const bad = `${name} must be {op:'pause'|'play'}, {op:'speed',speed}, {op:'seek',deviceMs,prerollMs} or {op:'jump',to:'next'|'prev',what:'event'|'fault',prerollMs}`;
  if (!isPlainObject(v)) return bad;
  const keys = Object.keys(v).sort().join(',');
  if ((v.op === 'pause' || v.op === 'play') && keys === 'op') return null;
  if (v.op === 'speed' && keys === 'op,speed') return isReplaySpeed(v.speed) ? null : `${name}.speed must be one of 1, 10, 'full'`;
  if (v.op === 'seek' && keys === 'deviceMs,op,prerollMs') return ms(v.deviceMs) && ms(v.prerollMs) ? null : `${name}.deviceMs and .prerollMs must be ms ≥ 0`;
  if (v.op === 'jump' && keys === 'op,prerollMs,to,what') {
    return (v.to === 'next' || v.to === 'prev') && (v.what === 'event' || v.what === 'fault') && ms(v.prerollMs) ? null : bad;
  }
  return bad;
};

const keyHex: ArgCheck = (v, name) =>
  typeof v === 'string' && v.length >= 2 && v.length <= 128 && v.length % 2 === 0 && HEX_RE.test(v)
    ? null
    : `${name} must be 2..128 hex digits (an even number)`;

const bool: ArgCheck = (v, name) => (typeof v === 'boolean' ? null : `${name} must be true or false`);

// A typed command line: printable ASCII within a frame's length; the session parses it against the catalogue.
const commandText: ArgCheck = (v, name) =>
  typeof v === 'string' && /^[\x20-\x7E]{1,200}$/.test(v) ? null : `${name} must be 1..200 printable ASCII characters, e.g. "SET_DEPTH um=1500"`;

interface Spec {
  required: readonly [string, ArgCheck][];
  optional?: readonly [string, ArgCheck][];
}

/** Argument specs, one per method; the keys are checked against PenMethod at compile time. */
export const METHOD_SPECS: Readonly<Record<PenMethod, Spec>> = {
  listPorts: { required: [] },
  connect: { required: [['target', target]] },
  disconnect: { required: [] },
  getSnapshot: { required: [] },
  setArea: { required: [['area', tokenUpTo(16)]] },
  // Only the wire's shape is checked: the pen itself refuses out-of-range depths (SR-01), and the UI explains its NAK.
  setDepth: { required: [['um', intIn(0, 9999)]] },
  setRate: { required: [['hz', intIn(0, 999)]] },
  start: { required: [] },
  stop: { required: [] },
  clearFault: { required: [] },
  refreshCart: { required: [] },
  setTelemetryRate: { required: [['hz', intIn(0, 200)]] },
  engOpen: { required: [], optional: [['keyHex', keyHex]] },
  engClose: { required: [] },
  // A profile name is a token of at most 8 characters (it must fit INFO, PROTOCOL.md).
  engProfile: { required: [['name', tokenUpTo(8)]] },
  simFault: { required: [['f', oneOf(SIM_FAULTS)]], optional: [['v', intIn(-1_000_000, 1_000_000)]] },
  simCart: { required: [['op', oneOf(['INSERT', 'REMOVE', 'SEAT', 'UNSEAT'])]], optional: [['id', tokenUpTo(24)]] },
  simSkin: { required: [['mode', oneOf(['AUTO', 'ON', 'OFF'])]] },
  simPower: { required: [['op', oneOf(['CYCLE', 'CHARGER_ON', 'CHARGER_OFF'])]] },
  watchWire: { required: [['on', bool]] },
  sendCommand: { required: [['text', commandText]] },
  listRecordings: { required: [] },
  loadRecording: { required: [['name', recordingName]] },
  exportRecording: { required: [['name', recordingName], ['format', oneOf(['csv', 'json', 'mcap'])]] },
  replayRecording: { required: [['name', recordingName], ['speed', replaySpeed]] },
  replayControl: { required: [['command', replayCommand]] },
  renameRecording: { required: [['name', recordingName], ['label', (v, name) => (isRecordingLabel(v) ? null : `${name} must be up to 80 characters without control characters`)]] },
  deleteRecording: { required: [['name', recordingName]] },
};

/** The method names, for channel lists and dispatch tables. */
export const PEN_METHODS = Object.keys(METHOD_SPECS) as PenMethod[];

/** True when `name` is one of the PenApi request methods. */
export function isPenMethod(name: unknown): name is PenMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(METHOD_SPECS, name);
}

/** Checks a method's argument list; trailing `undefined` optionals are dropped. */
export function validateArgs<M extends PenMethod>(method: M, args: unknown): Checked<ArgsOf<M>> {
  const spec = METHOD_SPECS[method];
  if (!Array.isArray(args)) return { ok: false, error: `${method}: arguments must be an array` };
  const list = [...args];
  while (list.length > spec.required.length && list[list.length - 1] === undefined) list.pop();
  const optional = spec.optional ?? [];
  const max = spec.required.length + optional.length;
  if (list.length < spec.required.length || list.length > max) {
    const n = spec.required.length === max ? `${max}` : `${spec.required.length}..${max}`;
    return { ok: false, error: `${method}: expected ${n} argument(s), got ${args.length}` };
  }
  const all = [...spec.required, ...optional];
  for (let i = 0; i < list.length; i++) {
    const entry = all[i];
    if (!entry) return { ok: false, error: `${method}: too many arguments` };
    const [name, check] = entry;
    const why = check(list[i], name);
    if (why) return { ok: false, error: `${method}: ${why}` };
  }
  return { ok: true, value: list as ArgsOf<M> };
}

/** Narrowing helper for tests and callers that hold a ConnectTarget-shaped unknown. */
export function isConnectTarget(v: unknown): v is ConnectTarget {
  return target(v, 'target') === null;
}
