/**
 * The run's supply of fresh cartridges on a pen that takes SIM_CART: the
 * sample catalogue PROTOCOL.md documents (eight valid cartridges of each type,
 * `N12-OK-01` … `NANO-OK-08`). A cartridge that has been in the pen once is
 * never handed out again in the run: fired, it is refused REUSED for good
 * (SR-08); verified and removed, it is spent (SR-09). So cases keep the fitted
 * cartridge while it suits them, and take a new one only when they must.
 */
import { CART_TYPES, type CartType } from '../../../protocol/src/index.js';

/** Rated maximum depth of each cartridge type, µm (PROTOCOL.md, Cartridges). */
export const RATED_MAX_UM: Readonly<Record<CartType, number>> = { N12: 2500, N16: 2500, N24: 1500, N36: 1000, N42: 500, NANO: 250 };

/** A cartridge kept in the pen between cases is rated at least this deep when one fits: most cases set depths up to 1.25 mm. */
const KEEP_UM = 1500;

/** What a case needs of the cartridge in the pen. */
export interface CartRequest {
  /** Rated at least this deep, µm (the depth the case will set). */
  ratedUm?: number;
  /** Rated below this depth, µm (the case tests that the rating refuses a depth). */
  ratedBelowUm?: number;
  /** Exactly this type (the case tests its rating). */
  type?: CartType;
  /** Never fired (the case tests the first fire). */
  fresh?: boolean;
  /** The case removes or spends it: take the shallowest that fits, keep the deep ones for others. */
  consumes?: boolean;
}

/** The request in words: `a fresh N42 cartridge`, `a cartridge rated ≥ 1.00 mm`. */
export function describeRequest(r: CartRequest): string {
  const mm = (um: number) => `${(um / 1000).toFixed(2)} mm`;
  // "an N42", "a NANO": the article goes by how the type is read out.
  const article = r.fresh ? 'a fresh (never fired)' : r.type && /^N\d/.test(r.type) ? 'an' : 'a';
  const parts = [article, r.type ?? '', 'cartridge'].filter(Boolean).join(' ');
  if (r.type) return parts;
  const rated = [r.ratedUm ? `≥ ${mm(r.ratedUm)}` : '', r.ratedBelowUm ? `below ${mm(r.ratedBelowUm)}` : ''].filter(Boolean).join(' and ');
  return rated ? `${parts} rated ${rated}` : parts;
}

/** Whether a cartridge of `type` rated `max` µm answers the request (freshness is the caller's to judge). */
export function fits(r: CartRequest, type: string | undefined, max: number | undefined): boolean {
  const m = max ?? 0;
  return m >= (r.ratedUm ?? 0) && (r.ratedBelowUm === undefined || m < r.ratedBelowUm) && (r.type === undefined || r.type === type);
}

/** Sample ids of the valid cartridges, by type. */
export function sampleIds(type: CartType): string[] {
  return [1, 2, 3, 4, 5, 6, 7, 8].map((n) => `${type}-OK-0${n}`);
}

/** The fresh sample cartridges this run may still insert. */
export class CartridgeSupply {
  private readonly used = new Set<string>();

  /** Never hand out `id` in this run (it was inserted, seen fitted, or found used). */
  markUsed(id: string): void {
    this.used.add(id);
  }

  isUsed(id: string): boolean {
    return this.used.has(id);
  }

  /** How many fresh cartridges are left. */
  remaining(): number {
    return CART_TYPES.flatMap(sampleIds).filter((id) => !this.used.has(id)).length;
  }

  /**
   * The next unused id that fits. One the case consumes: the shallowest-rated
   * type that fits. One that stays in the pen: the shallowest type rated at
   * least KEEP_UM when one fits (most later cases can use it, and the deepest
   * stay for the few cases that need them), else the deepest that fits.
   */
  next(r: CartRequest): string | null {
    const left = (t: CartType) => sampleIds(t).filter((id) => !this.used.has(id)).length;
    const rating = (t: CartType) => RATED_MAX_UM[t];
    const score = (t: CartType) => (r.consumes ? rating(t) : rating(t) >= KEEP_UM ? rating(t) : 10_000 - rating(t));
    // Among types of equal rating, the one with most left, so neither runs out first.
    const ordered = CART_TYPES.filter((t) => fits(r, t, rating(t)) && left(t) > 0).sort((a, b) => score(a) - score(b) || left(b) - left(a));
    for (const t of ordered) {
      const id = sampleIds(t).find((x) => !this.used.has(x));
      if (id) return id;
    }
    return null;
  }
}
