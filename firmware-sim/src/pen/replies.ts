/** Answers to the query commands (HELLO/GET_INFO, GET_STATUS, GET_CART, GET_AREA), built from the machine's context. */
import { CATALOGUE, faultMask, type HostMessage, type PenState } from '../../../protocol/src/index.js';
import type { PenReply } from '../../../protocol/src/pen/pen-link.js';
import type { PenContext } from '../machine/context.js';
import { nakReply } from '../machine/context.js';

/** Firmware version string reported in INFO. */
export const FW_VERSION = 'SIM-1.0';

/** What the answer to a query needs from the pen. */
export interface QueryView {
  context: PenContext;
  /** The reported state. */
  state: PenState;
  engOpen: boolean;
  /** Needle-on time of the inserted cartridge, ms. */
  needleOnMs: number;
}

/** The answer to a query (HELLO/GET_INFO, GET_STATUS, GET_CART, GET_AREA); null for any other command. */
export function queryReply(msg: HostMessage, q: QueryView): PenReply | null {
  switch (msg.kind) {
    case 'HELLO':
    case 'GET_INFO':
      return infoReply(q.context);
    case 'GET_STATUS':
      return statusReply(q.context, q.state, q.engOpen);
    case 'GET_CART':
      return cartReply(q.context, q.needleOnMs);
    case 'GET_AREA':
      return areaReply(q.context, msg.fields.i);
    default:
      return null;
  }
}

/** The serial, if INFO can carry it (it is also the engineering MAC's input); otherwise the pen cannot be made. */
export function checkSerial(serial: string): string {
  const max = CATALOGUE.INFO.keys.serial.maxLen;
  if (!new RegExp(`^[A-Z0-9_.-]{1,${max}}$`).test(serial)) throw new Error(`serial "${serial}" is not a token of 1..${max} [A-Z0-9_.-]`);
  return serial;
}

/** INFO (answers HELLO and GET_INFO): identity and the limits this pen enforces; PenLink fills proto and schema. */
export function infoReply(c: PenContext): PenReply {
  const { dmin, dmax, dstep, rmin, rmax, tmax } = c.limits;
  return {
    kind: 'INFO',
    fields: {
      fw: FW_VERSION, serial: c.serial, dmin, dmax, dstep, rmin, rmax, tmax,
      profile: c.profile.name, pver: c.profile.version, phash: c.profile.hash, areas: c.profile.rows.length, sim: 1,
    },
  };
}

/**
 * STATUS (answers GET_STATUS): the reported state, the current settings, the latched faults and
 * those still present as masks, and the boot self-test result (SR-14: readable at any time).
 */
export function statusReply(c: PenContext, st: PenState, engOpen: boolean): PenReply {
  const fields: Record<string, unknown> = {
    st, um: c.depthUm, hz: c.rateHz, eng: engOpen ? 1 : 0, faults: faultMask(c.faults), present: faultMask(c.conditions), selftest: c.selfTest,
  };
  if (c.area !== null) fields['area'] = c.area;
  return { kind: 'STATUS', fields };
}

/** CART (answers GET_CART). */
export function cartReply(c: PenContext, needleOnMs: number): PenReply {
  const slot = c.cart;
  if (!slot) return { kind: 'CART', fields: { status: 'NONE' } };
  const r = slot.record;
  return {
    kind: 'CART',
    fields: {
      status: slot.status === 'OK' && !slot.seated ? 'UNSEATED' : slot.status,
      id: r.id, lot: r.lot, type: r.type, needles: r.needles, max: r.max, exp: r.exp,
      sealed: r.sealed ? 1 : 0, seated: slot.seated ? 1 : 0, used: Math.min(99999, Math.floor(needleOnMs / 1000)),
    },
  };
}

/** AREA row i (answers GET_AREA), or NAK BAD_ARGS with the highest index. */
export function areaReply(c: PenContext, i: number): PenReply {
  const row = c.profile.rows[i];
  if (!row) return nakReply('AREA_UNKNOWN', { max: c.profile.rows.length - 1, msg: `i: no row ${i}` });
  return { kind: 'AREA', fields: { i, n: c.profile.rows.length, area: row.area, lo: row.lo, hi: row.hi, cap: row.cap, name: row.name } };
}
