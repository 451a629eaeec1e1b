/** How the Console tab words a depth and a few readings: limits from the pen, and never more than the pen reported. */
import { RECOMMENDED_PASSES } from '../../shared/charts/index.js';
import type { AreaRow, CartInfo, DeviceInfo, TlmSample } from '../../shared/index.js';
import { mm } from './format.js';

/** The pen's INFO limits the controls use. */
export type Limits = Pick<DeviceInfo, 'dmin' | 'dmax' | 'dstep' | 'rmin' | 'rmax'>;

/** A recommended range in mm ("0.50 mm" when it is one depth). */
export const rangeText = (lo: number, hi: number): string => (lo === hi ? mm(lo) : `${mm(lo)}–${mm(hi)}`);

/** Passes in the area, flagged once past the recommended 2–4 (as the Charts tab's bar is). */
export function passesText(p: number): { text: string; over: boolean } {
  if (p > RECOMMENDED_PASSES.max) return { text: `${p} — above the recommended ${RECOMMENDED_PASSES.min}–${RECOMMENDED_PASSES.max}`, over: true };
  return { text: String(p), over: false };
}

/** Skin contact: with the needle retracted (any state but RUN: FAULT, STOP, READY…) it is not on skin, whatever the last SKIN event said. */
export function skinText(tlm: Pick<TlmSample, 's'> | null, skin: boolean | null | undefined): string {
  if (!tlm) return '—';
  if (tlm.s !== 'RUN') return 'needle retracted';
  return skin === null || skin === undefined ? '—' : skin ? 'on skin' : 'lifted';
}

/** What the console expects the pen to say about a depth; the pen's answer is what counts. */
export function depthAdvice(
  um: number, lim: Limits | null | undefined, area: AreaRow | undefined, cart: CartInfo | null | undefined,
): { text: string; level: 'ok' | 'warn' | 'bad' } | null {
  if (!Number.isFinite(um)) return null;
  if (lim && (um < lim.dmin || um > lim.dmax || um % lim.dstep !== 0)) {
    return { text: `This pen accepts ${(lim.dmin / 1000).toFixed(2)}–${mm(lim.dmax)} in ${mm(lim.dstep)} steps; it will refuse this.`, level: 'bad' };
  }
  if (area && um > area.cap) return { text: `Above the hard cap for ${area.name} (${mm(area.cap)}); the pen will refuse it.`, level: 'bad' };
  if (cart?.max !== undefined && um > cart.max) return { text: `Deeper than the cartridge's rating (${mm(cart.max)}); the pen will refuse it.`, level: 'bad' };
  if (area && (um < area.lo || um > area.hi)) return { text: `Outside the recommended ${rangeText(area.lo, area.hi)} for ${area.name}.`, level: 'warn' };
  if (area) return { text: `Within the recommended range for ${area.name}.`, level: 'ok' };
  return null;
}
