/** The single state a pen reports in TLM `s=` and EVT `st=`, from the parallel regions (most important first). */
import type { PenState } from '../../../protocol/src/index.js';

/** The part of a snapshot this needs. */
export interface RegionsValue {
  mode: string | Record<string, string>;
  cart: string;
  power: string;
  eng: string;
}

const CART_STATE: Record<string, PenState> = { empty: 'NOCART', verifying: 'VERIFY', rejected: 'REJECT', spent: 'SPENT', ok: 'READY' };

/** Map the regions to one PEN_STATES value. */
export function reportedState(v: RegionsValue): PenState {
  const mode = typeof v.mode === 'string' ? v.mode : Object.keys(v.mode)[0]!;
  if (mode === 'boot') return 'BOOT';
  if (mode === 'fault') return 'FAULT';
  if (mode === 'running') return 'RUN';
  if (mode === 'stopping') return 'STOP';
  if (v.power === 'charging') return 'CHARGE';
  if (v.power === 'low') return 'LOWBAT';
  return CART_STATE[v.cart] ?? 'NOCART';
}
