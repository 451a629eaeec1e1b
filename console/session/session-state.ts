/**
 * How pen frames change the console's picture of the pen, and the event-log
 * line each one makes. Pure functions over plain data, so PenSession stays a
 * thin event wiring and these rules are testable on their own.
 */
import type { Fields, Message } from '../../protocol/src/index.js';
import type { ClientStats } from '../../protocol/src/index.js';
import { explainFault, type DeviceInfo, type FaultInfo, type LinkStats, type SessionState, type TlmSample } from '../shared/index.js';

/** A fresh state for a closed session. */
export function initialState(): SessionState {
  return {
    link: 'closed', target: null, targetLabel: null, problem: null, info: null, cart: null, areas: [], tlm: null,
    fault: null, skin: null, eng: false, recording: null,
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

/** Applies a telemetry sample: latest reading, and the fault flag follows the pen's state. */
export function applyTelemetry(state: SessionState, sample: TlmSample): void {
  state.tlm = sample;
  if (state.info) state.info.st = sample.s;
  if (sample.s === 'FAULT' && !state.fault) state.fault = { code: 'UNKNOWN', since: sample.host };
  // Frames arrive in order, so a non-FAULT state after a FAULT event means it was cleared.
  if (sample.s !== 'FAULT' && state.fault) state.fault = null;
}

/** What an EVT means for the state, and its log text. Returns whether the cartridge should be re-read. */
export function applyEvent(state: SessionState, msg: Message<'EVT'>, host: number): { text: string; rereadCart: boolean; rereadProfile: boolean } {
  const f: Fields<'EVT'> = msg.fields;
  let rereadCart = false;
  let rereadProfile = false;
  let text: string;
  switch (f.ev) {
    case 'FAULT': {
      const code = (f.code ?? 'UNKNOWN') as FaultInfo['code'];
      state.fault = { code, since: host, ...(f.msg ? { msg: f.msg } : {}) };
      text = `Fault ${code}: ${explainFault(code).what}`;
      break;
    }
    case 'FAULT_CLEAR':
      state.fault = null;
      text = `Fault cleared${f.code ? ` (${f.code})` : ''}.`;
      break;
    case 'STATE':
      if (f.st && state.info) state.info.st = f.st;
      text = `State ${f.st ?? '?'}${f.msg ? ` — ${f.msg}` : ''}`;
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
      if (f.area && state.info) state.info.area = f.area;
      text = `Area ${f.area ?? '?'} selected.`;
      break;
    case 'PASS':
      text = `Pass ${f.n ?? '?'} done${f.area ? ` in ${f.area}` : ''}.`;
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
      text = `Area profile loaded${f.msg ? `: ${f.msg}` : ''}.`;
      break;
    case 'ENG':
      text = `Engineering session ${f.msg ?? (f.on === 0 ? 'closed' : 'open')}.`;
      if (f.on === 0) state.eng = false;
      if (f.on === 1) state.eng = true;
      break;
    case 'BOOT':
      state.eng = false;
      rereadCart = true;
      text = `Pen booted${f.msg ? `: ${f.msg}` : ''}.`;
      break;
    default:
      text = `${String(f.ev)}${f.msg ? `: ${f.msg}` : ''}`;
  }
  return { text, rereadCart, rereadProfile };
}

/** The pen's INFO (identity and limits, as the pen reports them) and STATUS (state and settings) as one DeviceInfo. */
export function toDeviceInfo(info: Fields<'INFO'>, status: Fields<'STATUS'>): DeviceInfo {
  const { re: _re, ...identity } = info;
  const { re: _reStatus, ...settings } = status;
  return { ...identity, ...settings };
}
