/**
 * Depth bounds from what the pen reports (INFO dmin/dmax/dstep, the selected
 * area's AREA row, the cartridge's rating) and the order in which to send
 * SET_AREA and SET_DEPTH so that neither is refused only for being sent first.
 */
import type { AreaRow, CartInfo, CommandResult, DeviceInfo, PenApi } from '../../shared/index.js';

/** The depths the pen accepts now, µm. */
export interface DepthBounds {
  min: number;
  /** The lowest of the pen's maximum, the area's hard cap and the cartridge's rating. */
  max: number;
  step: number;
  /** The pen's own maximum (INFO dmax), whatever the area or cartridge. */
  dmax: number;
  /** What sets `max`, in words. */
  maxBy: 'pen' | 'area' | 'cartridge';
}

/** Bounds from the pen's reports; null before the pen has reported its limits. */
export function depthBounds(info: Pick<DeviceInfo, 'dmin' | 'dmax' | 'dstep'> | null | undefined, row?: AreaRow, cart?: CartInfo | null): DepthBounds | null {
  if (!info || !(info.dstep > 0) || info.dmax < info.dmin) return null;
  let max = info.dmax;
  let maxBy: DepthBounds['maxBy'] = 'pen';
  if (row && row.cap < max) {
    max = row.cap;
    maxBy = 'area';
  }
  if (cart?.max !== undefined && cart.max < max) {
    max = cart.max;
    maxBy = 'cartridge';
  }
  return { min: info.dmin, max: Math.max(info.dmin, max), step: info.dstep, dmax: info.dmax, maxBy };
}

/** One command of a move. */
export type Move = { kind: 'area'; area: string } | { kind: 'depth'; um: number };

/**
 * The commands that take the pen from (area, setpoint) to the target. SET_AREA
 * is refused when the new cap is below the setpoint, SET_DEPTH when the depth
 * is above the current cap (SR-02): going shallower, the depth goes first.
 */
export function planMove(from: { area?: string | undefined; um: number }, to: { area?: string; um?: number }): Move[] {
  const area: Move[] = to.area !== undefined && to.area !== from.area ? [{ kind: 'area', area: to.area }] : [];
  const depth: Move[] = to.um !== undefined && to.um !== from.um ? [{ kind: 'depth', um: to.um }] : [];
  return to.um !== undefined && to.um < from.um ? [...depth, ...area] : [...area, ...depth];
}

/** The outcome of a sequence: all accepted, or the first refusal with the move the pen refused. */
export type MoveResult = { ok: true } | { ok: false; move: Move; result: Extract<CommandResult, { ok: false }> };

/** Sends the moves in order and stops at the first the pen refuses. */
export async function sendMoves(api: Pick<PenApi, 'setArea' | 'setDepth'>, moves: readonly Move[]): Promise<MoveResult> {
  for (const move of moves) {
    const r = move.kind === 'area' ? await api.setArea(move.area) : await api.setDepth(move.um);
    if (!r.ok) return { ok: false, move, result: r };
  }
  return { ok: true };
}
