/**
 * Cartridge verification (SR-07, SR-08, SR-09): pure checks over the record,
 * the pen's date and the non-volatile registry. The statechart's guards call
 * these one by one so each refusal has its own named guard and NAK code.
 */
import { timingSafeEqual } from 'node:crypto';
import type { CartStatus } from '../../../protocol/src/index.js';
import { cartMac, type CartRecord } from './record.js';

/** What the pen remembers across power cycles about cartridges. */
export interface RegistryView {
  /** Cartridge id → how it was used. */
  used: Readonly<Record<string, { spent: boolean }>>;
  /** Ids fluid got past (SR-12). */
  contaminated: readonly string[];
  recalledLots: readonly string[];
}

/** SR-07 authentic: the record carries a MAC of 16 upper-case hex digits, and it is the one over the record under the factory key. */
export function isAuthentic(r: CartRecord, factoryKeyHex: string): boolean {
  // Checked as text first: a chip may hold anything, and equal lengths of ASCII bytes are what the comparison needs.
  return /^[0-9A-F]{16}$/.test(r.mac) && timingSafeEqual(Buffer.from(cartMac(factoryKeyHex, r)), Buffer.from(r.mac));
}

/** SR-07 in date: usable through the whole expiry day. */
export function isExpired(r: CartRecord, todayYmd: number): boolean {
  return todayYmd > r.exp;
}

/** SR-07 lot recall list. */
export function isRecalled(r: CartRecord, reg: RegistryView): boolean {
  return reg.recalledLots.includes(r.lot);
}

/** SR-12 contaminated: fluid got past its membrane. */
export function isContaminated(r: CartRecord, reg: RegistryView): boolean {
  return reg.contaminated.includes(r.id);
}

/** SR-09 spent for good (removed after verification, or 60 min needle-on reached). */
export function isSpent(r: CartRecord, reg: RegistryView): boolean {
  return reg.used[r.id]?.spent === true;
}

/** SR-08 fired before (recorded in non-volatile memory). */
export function isReused(r: CartRecord, reg: RegistryView): boolean {
  return Object.prototype.hasOwnProperty.call(reg.used, r.id);
}

/** The status the full SR-07 check gives, first failing check wins (same order as the machine's guards). */
export function verifyCartridge(r: CartRecord, factoryKeyHex: string, todayYmd: number, reg: RegistryView): CartStatus {
  if (!isAuthentic(r, factoryKeyHex)) return 'AUTH';
  if (isExpired(r, todayYmd)) return 'EXPIRED';
  if (isRecalled(r, reg)) return 'RECALLED';
  if (isContaminated(r, reg)) return 'FLUID';
  if (isSpent(r, reg)) return 'SPENT';
  if (isReused(r, reg)) return 'REUSED';
  if (!r.sealed) return 'UNSEALED';
  return 'OK';
}

/** A Date as YYYYMMDD (UTC). */
export function ymd(d: Date): number {
  return d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}
