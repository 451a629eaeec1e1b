/**
 * How the pen core answers one host command that PenLink let through: queries
 * from the machine's context, PING and TLM_RATE directly, everything else as
 * one statechart event whose reply the machine gives — with the BAD_STATE text
 * (state needed, state now) written here when the chart gave none.
 */
import type { FaultCode, HostMessage, PenState } from '../../../protocol/src/index.js';
import type { PenReply } from '../../../protocol/src/pen/pen-link.js';
import { ymd } from '../cartridge/verify.js';
import { nakReply, type PenContext, type PenEvent } from '../machine/context.js';
import type { PenLimits } from '../machine/limits.js';
import { badStateMsg } from './bad-state.js';
import { commandEvent } from './commands.js';
import { queryReply } from './replies.js';

/** What answering a command needs from the pen core. */
export interface CommandHost {
  limits(): PenLimits;
  now(): number;
  calendarMs(): number;
  reported(): PenState;
  engOpen(): boolean;
  context(): PenContext;
  needleOnMs(): number;
  /** Where the needle is now (it may still be slewing), µm; 0 when retracted. */
  depthNowUm(): number;
  nonce(): string;
  /** Latched faults whose condition is present now (SR-14). */
  presentConditions(): FaultCode[];
  setTlmRate(hz: number): void;
  /** An ENG_* or SIM_* command arrived (the engineering session's idle timer, SR-17). */
  engCommand(): void;
  /** Send the event to the statechart; the reply it gave, or null if no state handled it. */
  dispatch(ev: PenEvent): PenReply | null;
}

/** The ACK of a command executed now (`t=`: the device time, PROTOCOL.md §7). */
export function ackAt(t: number): PenReply {
  return { kind: 'ACK', fields: { t: Math.floor(t) >>> 0 } };
}

/** The answer to `msg` (exactly one, SR-15). */
export function answerHostCommand(msg: HostMessage, host: CommandHost): PenReply {
  if (msg.kind.startsWith('ENG_') || msg.kind.startsWith('SIM_')) host.engCommand();
  const engOpen = host.engOpen();
  const st = host.reported();
  const query = queryReply(msg, { context: host.context(), state: st, engOpen, needleOnMs: host.needleOnMs() });
  if (query) return query;
  if (msg.kind === 'PING') return ackAt(host.now());
  if (msg.kind === 'TLM_RATE') {
    const { tmax } = host.limits();
    if (msg.fields.hz > tmax) return nakReply('TLM_RANGE', { max: tmax, msg: `telemetry up to ${tmax} Hz` });
    host.setTlmRate(msg.fields.hz);
    return ackAt(host.now());
  }
  const cal = host.calendarMs();
  const ev = commandEvent(msg, { depthNowUm: host.depthNowUm(), today: ymd(new Date(cal)), at: new Date(cal).toISOString(), nonce: () => host.nonce(), present: () => host.presentConditions() });
  if (!ev) return nakReply('UNSUPPORTED');
  const r = host.dispatch(ev);
  if (r?.kind === 'ACK') {
    if (msg.kind === 'RESET_SETTINGS') host.setTlmRate(0);
    return ackAt(host.now());
  }
  // SR-15: a command the current state does not handle changes nothing and is refused, saying
  // which state it needs and which the pen is in.
  if (r === null || (r.kind === 'NAK' && r.fields['code'] === 'BAD_STATE' && r.fields['msg'] === undefined)) {
    return nakReply('BAD_STATE', { msg: badStateMsg(msg.kind, st, engOpen) });
  }
  return r;
}
