/**
 * How the oracle follows one line sent to the pen: what the line is (§3),
 * what it renews (§10), what the answer may and may not be (SR-01/02/03/06
 * refusals, SR-14 clear, SR-15 NAK and replay, SR-17), and which of the
 * oracle's facts an accepted command changes. A NAK changes no fact; a lost
 * answer (only possible while transmit faults are injected) makes the facts
 * it could have changed unknown.
 */
import type { Message } from '../../../protocol/src/index.js';
import { classifyLine, type LineClass } from './line-class.js';
import { EDGE_MS, type Oracle, type Physical } from './oracle.js';
import {
  DEPTH_MAX_UM, DEPTH_MIN_UM, DEPTH_STEP_UM, POWER_ON_DEPTH_UM, POWER_ON_RATE_HZ, PROFILE_CAPS, RATE_MAX_HZ, RATE_MIN_HZ,
  authentic, ratedMaxUm,
} from './spec.js';

/** The oracle's view of one line in flight. */
export interface Sent {
  line: string;
  t: number;
  cls: LineClass;
  gatePassed: boolean;
  /** The pen must answer from memory: the remembered entry. */
  replayOf: { body: string; answer: string | null } | null;
  /** The pen may answer from memory. */
  mayReplay: boolean;
}

/** The pen's externally visible settings and state, compared before and after a refused command (SR-15). */
export type Observable = Record<string, string | number | boolean | null>;

/** What a refused START may still change: a cartridge found expired now, an NVM fault found while recording (PROTOCOL.md). */
const START_NAK_MAY_CHANGE = new Set(['cart', 'faults', 'state']);

/** A line is about to go to the pen at `p.t`. */
export function lineSent(o: Oracle, line: string, p: Physical): Sent {
  const cls = classifyLine(line);
  const mayReplay = o.link.mayReplay(cls);
  const { replayOf, gatePassed } = o.link.beforeLine(cls, p.t);
  if (cls.stop) {
    o.stopAt = p.t;
    o.stopPeriodMs = 1000 / (o.rateSet ?? RATE_MAX_HZ);
    if (p.motorOn) o.exercise('SR-16.stop');
  }
  if (cls.decoded?.kind === 'START') {
    o.lastStartLineAt = p.t;
    o.stopAt = null;
    exerciseStart(o, p);
  }
  if (gatePassed && cls.kind !== null && /^SIM_|^ENG_PROFILE$/.test(cls.kind) && o.link.eng === 'closed') o.exercise('SR-17.locked');
  if (cls.decoded?.kind === 'SIM_CART' && p.motorOn) o.exercise('SR-10.removed');
  if (cls.decoded && gatePassed) exerciseRefusals(o, cls.decoded, p);
  o.exercise('SR-15.crash');
  return { line, t: p.t, cls, gatePassed, replayOf, mayReplay };
}

/** The pen answered `s` with `answer` (null: no answer came), changing its observables from `before` to `after`. */
export function answered(o: Oracle, s: Sent, answer: Message | null, answerLine: string | null, before: Observable, after: Observable, p: Physical): void {
  if (answer === null || answerLine === null) {
    o.link.afterLine(s.cls, s.gatePassed, false, null);
    if (s.cls.seq !== null && !o.txImpaired) o.flag('SR-15.answer', p.t, `no answer to ${s.line.trim()}`);
    if (s.cls.decoded) lost(o, s.cls.decoded, p.t);
    return;
  }
  o.exercise('SR-15.answer');
  const fromMemory = o.answerSeen(answerLine);
  if (s.replayOf) {
    o.exercise('SR-15.replay');
    if (answerLine !== s.replayOf.answer) o.flag('SR-15.replay', p.t, `retransmitted ${s.line.trim()} answered ${answerLine.trim()}, first answer was ${s.replayOf.answer?.trim()}`);
    const changed = changes(before, after);
    if (changed.length > 0) o.flag('SR-15.replay', p.t, `retransmitted ${s.line.trim()} changed ${changed.join(', ')}`);
  }
  o.link.afterLine(s.cls, s.gatePassed, fromMemory, answerLine);
  const kind = s.cls.kind ?? '';
  const engCommand = /^SIM_|^ENG_PROFILE$/.test(kind);
  if (engCommand && answer.kind === 'ACK' && !s.mayReplay && o.link.eng === 'closed') {
    o.flag('SR-17.locked', p.t, `${s.line.trim()} accepted without an open engineering session`);
  }
  // An answer replayed from the pen's memory says nothing about the session now.
  if ((engCommand || kind === 'ENG_AUTH' || kind === 'ENG_CLOSE') && s.gatePassed && !fromMemory) o.link.engAnswer(kind, answer.kind as 'ACK' | 'NAK', String(answer.fields['code' as keyof typeof answer.fields] ?? ''));
  if (answer.kind === 'NAK') {
    refused(o, s, before, after, p);
    return;
  }
  if (!fromMemory && s.cls.decoded) accepted(o, s.cls.decoded, s.t, p);
}

/** SR-15: a refused command changes nothing (a STOP stops first, whatever its answer). */
function refused(o: Oracle, s: Sent, before: Observable, after: Observable, p: Physical): void {
  if (s.cls.stop) return;
  o.exercise('SR-15.nak-changed');
  let changed = changes(before, after);
  if (s.cls.decoded?.kind === 'START') changed = changed.filter((k) => !START_NAK_MAY_CHANGE.has(k));
  if (changed.length > 0) {
    o.flag('SR-15.nak-changed', p.t, `${s.line.trim()} was refused but changed ${changed.map((k) => `${k} ${before[k]}→${after[k]}`).join(', ')}`);
  }
}

/** The keys whose values differ. */
function changes(a: Observable, b: Observable): string[] {
  return Object.keys(a).filter((k) => a[k] !== b[k]);
}

/** Facts an accepted command changes, and the refusals it should have been (SR-01, 02, 03, 06, 14). */
function accepted(o: Oracle, m: Message, sentAt: number, p: Physical): void {
  const f = m.fields as Record<string, string | number | undefined>;
  const line = `${m.kind} ${Object.entries(f).map(([k, v]) => `${k}=${v}`).join(' ')}`.trim();
  switch (m.kind) {
    case 'SET_DEPTH': {
      const um = Number(f['um']);
      if (um < DEPTH_MIN_UM || um > DEPTH_MAX_UM || um % DEPTH_STEP_UM !== 0) o.flag('SR-01.refuse', p.t, `${line} accepted`);
      if (o.area !== undefined && o.area !== null && um > o.areaCap()) o.flag('SR-02.refuse', p.t, `${line} accepted above the cap ${o.areaCap()} of ${o.area}`);
      const ins = o.cart.known ? o.cart.inserted : null;
      if (ins && authentic(ins.rec) && p.t >= ins.verifyDue + EDGE_MS && um > ratedMaxUm(ins.rec)) {
        o.flag('SR-03.refuse', p.t, `${line} accepted above ${ins.rec.id}'s rated ${ratedMaxUm(ins.rec)} µm`);
      }
      o.depthSet = um;
      return;
    }
    case 'SET_RATE': {
      const hz = Number(f['hz']);
      if (hz < RATE_MIN_HZ || hz > RATE_MAX_HZ) o.flag('SR-06.refuse', p.t, `${line} accepted`);
      o.rateSet = hz;
      return;
    }
    case 'SET_AREA': {
      const area = String(f['area']);
      const cap = o.profile === undefined ? undefined : PROFILE_CAPS.get(o.profile)?.get(area);
      if (o.profile !== undefined && cap === undefined) o.flag('SR-02.refuse', p.t, `${line} accepted: no such area in ${o.profile}`);
      else if (cap !== undefined && o.depthSet !== undefined && cap < o.depthSet) o.flag('SR-02.refuse', p.t, `${line} accepted with cap ${cap} below the setpoint ${o.depthSet}`);
      o.area = area;
      return;
    }
    case 'RESET_SETTINGS':
      o.area = null;
      o.depthSet = POWER_ON_DEPTH_UM;
      o.rateSet = POWER_ON_RATE_HZ;
      return;
    case 'ENG_PROFILE': {
      const caps = PROFILE_CAPS.get(String(f['name']));
      if (!caps) {
        o.profile = undefined;
        o.area = undefined;
        return;
      }
      const cap = o.area ? caps.get(o.area) : undefined;
      if (cap !== undefined && o.depthSet !== undefined && cap < o.depthSet) o.flag('SR-02.refuse', p.t, `${line} accepted with ${o.area}'s new cap ${cap} below the setpoint ${o.depthSet}`);
      o.profile = String(f['name']);
      if (o.area && cap === undefined) o.area = null;
      return;
    }
    case 'CLEAR_FAULT': {
      const present = o.faults.present({
        tempC: p.tempC, batteryPct: p.batteryPct, nvmUnwritable: o.nvmFail === true || o.nvmBroken,
        contaminatedInserted: o.cart.fluidInPen,
      });
      if (present.length > 0) o.flag('SR-14.clear-present', p.t, `CLEAR_FAULT accepted while ${present.join(',')} still present`);
      o.faults.cleared(sentAt);
      return;
    }
    case 'SIM_FAULT':
      simFault(o, String(f['f']), f['v'] === undefined ? undefined : Number(f['v']), p);
      return;
    case 'SIM_CART': {
      const op = String(f['op']);
      if (op === 'INSERT') o.cart.insert(String(f['id']), p.t);
      else if (op === 'REMOVE') o.cart.remove(p.t, p.motorOn, (t) => o.today(t));
      else o.cart.setSeated(op === 'SEAT', p.t, p.motorOn);
      return;
    }
    case 'SIM_POWER':
      if (f['op'] === 'CYCLE') o.cycleArmed = true;
      return;
    default:
      return;
  }
}

/** An accepted SIM_FAULT: what the host injected into the simulated hardware. */
function simFault(o: Oracle, what: string, v: number | undefined, p: Physical): void {
  switch (what) {
    case 'DEPTH_DRIFT':
      o.faults.inject('servo', 'drift', Math.abs(v ?? 2000));
      return;
    case 'SERVO_STUCK':
      o.faults.inject('servo', 'stuck');
      return;
    case 'STALL':
    case 'OVERLOAD':
      o.faults.inject('motor', what === 'STALL' ? 'stall' : 'overload');
      return;
    case 'FLUID':
      if (o.cart.known && o.cart.inserted) {
        o.cart.contaminated.set(o.cart.inserted.rec.id, p.t);
        o.cart.fluidInPen = true;
      }
      return;
    case 'CLEAR':
      o.faults.clearInjections(true);
      o.nvmFail = false;
      o.txImpaired = false;
      return;
    case 'NVM_FAIL':
      o.nvmFail = true;
      o.faults.nvmUnwritable();
      return;
    case 'CLOCK':
      if (v === undefined) o.calendarKnown = false;
      else o.calendarOffsetMs += v * 1000;
      return;
    case 'SILENCE':
    case 'DROP_TX':
    case 'CORRUPT_TX':
      o.txImpaired = true;
      return;
    default:
      return;
  }
}

/** No answer came (transmit faults): whatever the command could have changed is no longer known. */
function lost(o: Oracle, m: Message, t: number): void {
  const f = m.fields as Record<string, string | number | undefined>;
  switch (m.kind) {
    case 'SET_DEPTH':
      o.depthSet = undefined;
      o.sup.lose('depth');
      return;
    case 'SET_RATE':
      o.rateSet = undefined;
      o.sup.lose('rate');
      return;
    case 'SET_AREA':
      o.area = undefined;
      return;
    case 'RESET_SETTINGS':
    case 'ENG_PROFILE':
      o.area = undefined;
      o.depthSet = m.kind === 'RESET_SETTINGS' ? undefined : o.depthSet;
      o.rateSet = m.kind === 'RESET_SETTINGS' ? undefined : o.rateSet;
      if (m.kind === 'ENG_PROFILE') o.profile = undefined;
      o.sup.lose('depth');
      o.sup.lose('rate');
      return;
    case 'CLEAR_FAULT':
      o.faults.cleared(t);
      return;
    case 'ENG_AUTH':
    case 'ENG_CLOSE':
      o.link.engAnswer(m.kind, 'lost');
      return;
    case 'SIM_CART':
      o.cart.known = false;
      o.cart.fluidInPen = false;
      return;
    case 'SIM_POWER':
      if (f['op'] === 'CYCLE') o.cycleArmed = true;
      return;
    case 'SIM_FAULT':
      lostSimFault(o, String(f['f']), f['v'] === undefined ? undefined : Number(f['v']));
      return;
    default:
      return;
  }
}

function lostSimFault(o: Oracle, what: string, v: number | undefined): void {
  if (what === 'DEPTH_DRIFT' || what === 'SERVO_STUCK') o.faults.inject('servo', 'unknown', what === 'DEPTH_DRIFT' ? Math.abs(v ?? 2000) : 0);
  else if (what === 'STALL' || what === 'OVERLOAD') o.faults.inject('motor', 'unknown');
  else if (what === 'FLUID' && o.cart.inserted) o.cart.inDoubt.add(o.cart.inserted.rec.id);
  else if (what === 'CLEAR') {
    o.faults.clearInjections(false);
    o.nvmFail = 'unknown';
  } else if (what === 'NVM_FAIL') {
    o.nvmFail = 'unknown';
    o.faults.nvmUnwritable();
  }
  else if (what === 'CLOCK') o.calendarKnown = false;
}

/** Count the commands that put a refusal to the test (SR-01, 02, 03, 06, 14). */
function exerciseRefusals(o: Oracle, m: Message, p: Physical): void {
  const f = m.fields as Record<string, number | string | undefined>;
  if (m.kind === 'SET_DEPTH') {
    const um = Number(f['um']);
    if (um < DEPTH_MIN_UM || um > DEPTH_MAX_UM || um % DEPTH_STEP_UM !== 0) o.exercise('SR-01.refuse');
    else if (o.area && um > o.areaCap()) o.exercise('SR-02.refuse');
    const ins = o.cart.known ? o.cart.inserted : null;
    if (ins && um <= DEPTH_MAX_UM && um > ratedMaxUm(ins.rec)) o.exercise('SR-03.refuse');
  } else if (m.kind === 'SET_RATE') {
    const hz = Number(f['hz']);
    if (hz < RATE_MIN_HZ || hz > RATE_MAX_HZ) o.exercise('SR-06.refuse');
  } else if (m.kind === 'SET_AREA' && o.depthSet !== undefined && o.areaCap(String(f['area'])) < o.depthSet) {
    o.exercise('SR-02.refuse');
  } else if (m.kind === 'CLEAR_FAULT') {
    const present = o.faults.present({ tempC: p.tempC, batteryPct: p.batteryPct, nvmUnwritable: o.nvmFail === true || o.nvmBroken, contaminatedInserted: o.cart.fluidInPen });
    if (present.length > 0) o.exercise('SR-14.clear-present');
  }
}

/** Count the refusals a START put to the test. */
function exerciseStart(o: Oracle, p: Physical): void {
  const refusal = o.cart.refusal(p.t + EDGE_MS);
  if (refusal) o.exercise(refusal.id);
  const ins = o.cart.known ? o.cart.inserted : null;
  if (ins && o.today(p.t) > ins.rec.exp) o.exercise('SR-07.expired');
  if (o.area === null) o.exercise('SR-02.no-area');
  if (o.faults.latched.size > 0) o.exercise('SR-14.latched');
  if (o.faults.selfTest === 'fail' && !o.faults.selfTestCleared) o.exercise('SR-14.selftest');
  if (p.batteryPct < 10) o.exercise('SR-13.battery');
  if (o.nvmFail === true || o.nvmBroken) o.exercise('SR-08.nvm');
}
