/** Answers to the query commands (HELLO/GET_INFO, GET_CART, GET_AREA), built from the machine's context. */
import type { PenState } from '../../../protocol/src/index.js';
import type { PenReply } from '../../../protocol/src/pen/pen-link.js';
import type { PenContext } from '../machine/context.js';
import {
  DEPTH_MAX_UM, DEPTH_MIN_UM, DEPTH_STEP_UM, RATE_MAX_HZ, RATE_MIN_HZ, nakReply,
} from '../machine/context.js';

/** Firmware version string reported in INFO. */
export const FW_VERSION = 'SIM-1.0.0';
/** Highest telemetry rate, Hz. */
export const TLM_MAX_HZ = 200;

/** INFO (answers HELLO and GET_INFO); PenLink fills proto and schema. */
export function infoReply(c: PenContext, st: PenState, engOpen: boolean): PenReply {
  const fields: Record<string, unknown> = {
    fw: FW_VERSION, serial: c.serial,
    dmin: DEPTH_MIN_UM, dmax: DEPTH_MAX_UM, dstep: DEPTH_STEP_UM, rmin: RATE_MIN_HZ, rmax: RATE_MAX_HZ, tmax: TLM_MAX_HZ,
    profile: c.profile.name, pver: c.profile.version, phash: c.profile.hash, areas: c.profile.rows.length,
    um: c.depthUm, hz: c.rateHz, st, sim: 1, eng: engOpen ? 1 : 0,
  };
  if (c.area !== null) fields['area'] = c.area;
  return { kind: 'INFO', fields };
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
