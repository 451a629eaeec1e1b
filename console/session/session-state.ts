/**
 * How pen frames change the console's picture of the pen, and the event-log
 * line each one makes. Pure functions over plain data, so PenSession stays a
 * thin event wiring and these rules are testable on their own.
 */
import { faultCodes, type Fields, type Message } from '../../protocol/src/index.js';
import type { ClientStats } from '../../protocol/src/index.js';
import {
  areaName, explainFault, visible, type CartInfo, type DeviceInfo, type FaultInfo, type LinkStats, type PenFaults, type SessionState, type TlmSample,
} from '../shared/index.js';

/** A fresh state for a closed session. */
export function initialState(): SessionState {
  return {
    link: 'closed', target: null, targetLabel: null, problem: null, info: null, cart: null, areas: [], tlm: null,
    fault: null, skin: null, eng: false, recording: null, faults: null, conformance: [],
    stats: {
      rttP50Ms: null, rttP99Ms: null, retransmits: 0, timeouts: 0, crcErrors: 0, droppedLines: 0, lostFrames: 0,
      framesIn: 0, framesOut: 0, reconnects: 0,
    },
  };
}

/** The link-panel figures from the client's counters. */
export function toLinkStats(s: ClientStats): LinkStats {
  return {
    rttP50Ms: s.rttP50Ms, rttP99Ms: s.rttP99Ms, retransmits: s.retransmits, timeouts: s.timeouts, crcErrors: s.crcErrors,
    droppedLines: s.droppedLines, lostFrames: s.lostFrames, framesIn: s.rxFrames, framesOut: s.txLines, reconnects: s.reconnects,
  };
}

/** A TLM frame as a sample with its host arrival time. */
export function toSample(msg: Message<'TLM'>, host: number): TlmSample {
  const f = msg.fields;
  return { host, t: f.t, s: f.s, d: f.d, m: f.m, r: f.r, n: f.n, p: f.p, c: f.c, b: f.b };
}

/** A gap between frames longer than this is not counted as needle-on time (a link loss), as in a recording's summary. */
const MAX_STEP_MS = 1000;

/**
 * Applies a telemetry sample: latest reading, the cartridge's use, and the fault flag follows the pen's state.
 * Returns whether anything but the latest reading and the use changed (the pen's state, the fault flag).
 */
export function applyTelemetry(state: SessionState, sample: TlmSample): boolean {
  const prev = state.tlm;
  state.tlm = sample;
  const use = state.cartUse;
  if (use) {
    use.strokes = sample.n;
    const dt = prev ? sample.t - prev.t : 0;
    if (sample.s === 'RUN' && sample.m > 0 && dt > 0 && dt <= MAX_STEP_MS) use.needleOnMs += dt;
  }
  let changed = false;
  if (state.info && state.info.st !== sample.s) {
    state.info.st = sample.s;
    changed = true;
  }
  if (sample.s === 'FAULT' && !state.fault) {
    state.fault = { code: 'UNKNOWN', since: sample.host };
    changed = true;
  }
  // Frames arrive in order, so a non-FAULT state after a FAULT event means it was cleared.
  if (sample.s !== 'FAULT' && state.fault) {
    state.fault = null;
    changed = true;
  }
  return changed;
}

/** A CART answer: the cartridge, and its use from the pen's own count (telemetry adds to it until the next read). */
export function applyCart(state: SessionState, cart: CartInfo): void {
  state.cart = cart;
  state.cartUse = cart.id ? { id: cart.id, needleOnMs: (cart.used ?? 0) * 1000, strokes: state.tlm?.n ?? 0 } : null;
}

/** What an EVT means for the state, and its log text. Returns what should be read again from the pen. */
export function applyEvent(
  state: SessionState, msg: Message<'EVT'>, host: number,
): { text: string; rereadCart: boolean; rereadProfile: boolean; rereadStatus: boolean } {
  const f: Fields<'EVT'> = msg.fields;
  let rereadCart = false;
  let rereadProfile = false;
  // A fault latched or cleared: the pen's STATUS says which are still present (the banner shows them).
  const rereadStatus = f.ev === 'FAULT' || f.ev === 'FAULT_CLEAR';
  let text: string;
  // The pen's free text is shown, never interpreted: control characters become visible escapes.
  const said = f.msg === undefined ? undefined : visible(f.msg);
  switch (f.ev) {
    case 'FAULT': {
      const code = (f.code ?? 'UNKNOWN') as FaultInfo['code'];
      state.fault = { code, since: host, ...(said ? { msg: said } : {}) };
      if (f.faults) state.faults = { ...(state.faults ?? { present: [], selftest: null }), latched: maskCodes(f.faults), at: host };
      text = `Fault ${code}: ${explainFault(code).what}`;
      break;
    }
    case 'FAULT_CLEAR':
      state.fault = null;
      if (state.faults && f.faults) {
        const cleared = new Set(maskCodes(f.faults));
        state.faults = { ...state.faults, latched: state.faults.latched.filter((c) => !cleared.has(c)), at: host };
      }
      text = `Fault cleared${f.code ? ` (${f.code})` : f.faults ? ` (${maskCodes(f.faults).join(', ')})` : ''}.`;
      break;
    case 'STATE':
      if (f.st && state.info) state.info.st = f.st;
      // Leaving RUN: the pen's own needle-on count of the cartridge replaces the console's estimate.
      rereadCart = f.st !== 'RUN';
      text = `State ${f.st ?? '?'}${said ? ` — ${said}` : ''}`;
      break;
    case 'CART_IN':
    case 'CART_OUT':
    case 'CART_OK':
    case 'CART_SPENT':
      rereadCart = true;
      text = `${{ CART_IN: 'Cartridge inserted', CART_OUT: 'Cartridge removed', CART_OK: 'Cartridge verified', CART_SPENT: 'Cartridge spent' }[f.ev]}${f.id ? ` (${f.id})` : ''}.`;
      break;
    case 'CART_REJECT':
      rereadCart = true;
      text = `Cartridge rejected${f.id ? ` (${f.id})` : ''}: ${f.code ?? 'unknown reason'}.`;
      break;
    case 'AREA':
      // RESET_SETTINGS deselects with area=NONE.
      if (f.area === 'NONE' && state.info) delete state.info.area;
      else if (f.area && state.info) state.info.area = f.area;
      text = f.area === 'NONE' ? 'No area selected.' : `Area ${f.area ? areaName(f.area, { rows: state.areas }) : '?'} selected.`;
      break;
    case 'PASS':
      text = `Pass ${f.n ?? '?'} done${f.area ? ` in ${areaName(f.area, { rows: state.areas })}` : ''}.`;
      break;
    case 'SKIN':
      state.skin = f.on === 1;
      text = f.on === 1 ? 'Needle on skin.' : 'Lifted off the skin.';
      break;
    case 'LEASE':
      text = 'Heartbeat lease expired: the pen heard nothing from the console and stopped (SR-11).';
      break;
    case 'PROFILE':
      rereadProfile = true;
      text = `Area profile loaded${said ? `: ${said}` : ''}.`;
      break;
    case 'ENG': {
      // The pen's word: `msg=open`, or `closed` with why (HELLO, link, idle) when it closed the session itself (SR-17).
      const closed = f.on === 0 || /^closed/i.test(f.msg ?? '');
      const opened = f.on === 1 || /^open/i.test(f.msg ?? '');
      if (closed) state.eng = false;
      else if (opened) state.eng = true;
      text = closed
        ? `The pen closed the engineering session${said && said !== 'closed' ? ` (${said.replace(/^closed:?\s*/i, '')})` : ''}.`
        : `Engineering session ${said ?? 'open'}.`;
      break;
    }
    case 'BOOT':
      state.eng = false;
      rereadCart = true;
      text = `Pen booted${said ? `: ${said}` : ''}.`;
      break;
    default:
      text = `${String(f.ev)}${said ? `: ${said}` : ''}`;
  }
  return { text, rereadCart, rereadProfile, rereadStatus };
}

/** The names of a fault mask's bits; bits this console does not know are kept as BIT_n (PROTOCOL.md §11). */
export function maskCodes(mask: string): FaultInfo['code'][] {
  const { codes, unknownBits } = faultCodes(mask);
  const out: FaultInfo['code'][] = [...codes];
  for (let i = 0; i < 16; i++) if (unknownBits & (1 << i)) out.push(`BIT_${i}`);
  return out;
}

/** The latched faults and self-test a STATUS reports. */
export function faultsOf(status: Pick<Fields<'STATUS'>, 'faults' | 'present' | 'selftest'>, host: number): PenFaults {
  return { latched: maskCodes(status.faults), present: maskCodes(status.present), selftest: status.selftest ?? null, at: host };
}

/**
 * Applies a STATUS's latched faults: the fault banner names the first (a reconnecting console learns which
 * fault latched while it was away); no latched fault clears it.
 */
export function applyFaults(state: SessionState, faults: PenFaults): void {
  state.faults = faults;
  const first = faults.latched[0];
  if (!first) state.fault = null;
  else if (!state.fault || !faults.latched.includes(state.fault.code)) state.fault = { code: first, since: faults.at };
}

/** The pen's INFO (identity and limits, as the pen reports them) and STATUS (state and settings) as one DeviceInfo. */
export function toDeviceInfo(info: Fields<'INFO'>, status: Fields<'STATUS'>): DeviceInfo {
  const { re: _re, ...identity } = info;
  const { re: _reStatus, ...settings } = status;
  return { ...identity, ...settings };
}
