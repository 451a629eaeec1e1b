/**
 * The cartridge record as written into the cartridge's memory chip at the
 * factory, and its MAC. A forged or altered record (e.g. a 42-pin cartridge
 * claiming 2.5 mm) fails the MAC, so SR-07 can trust the rated max depth.
 */
import { createHmac } from 'node:crypto';
import type { CartType } from '../../../protocol/src/index.js';

/** The factory record of one cartridge. */
export interface CartRecord {
  id: string;
  lot: string;
  type: CartType;
  needles: number;
  /** Rated max depth, µm. */
  max: number;
  /** Expiry date YYYYMMDD. */
  exp: number;
  /** Sterile barrier intact (sensed at insertion, not part of the MAC). */
  sealed: boolean;
  /** 16 upper-case hex: first 8 bytes of HMAC-SHA256(factory key, macText(record)). */
  mac: string;
}

/** Needle count and rated max depth per type (DESIGN section 1, *model*). */
export const CART_TYPE_SPEC: Readonly<Record<CartType, { needles: number; max: number }>> = {
  N12: { needles: 12, max: 2500 },
  N16: { needles: 16, max: 2500 },
  N24: { needles: 24, max: 1500 },
  N36: { needles: 36, max: 1000 },
  N42: { needles: 42, max: 500 },
  NANO: { needles: 0, max: 250 },
};

/** The simulator's factory key (hex of ASCII "penbench-factory-key-sim-01"); real pens keep theirs in a secure element. */
export const FACTORY_KEY_HEX = '70656e62656e63682d666163746f72792d6b65792d73696d2d3031';

/** The bytes the MAC covers: everything the factory writes, in a fixed order. */
export function macText(r: Omit<CartRecord, 'mac' | 'sealed'>): string {
  return `${r.id}|${r.lot}|${r.type}|${r.needles}|${r.max}|${r.exp}`;
}

/** MAC of a record under a key. */
export function cartMac(keyHex: string, r: Omit<CartRecord, 'mac' | 'sealed'>): string {
  return createHmac('sha256', Buffer.from(keyHex, 'hex')).update(macText(r), 'ascii').digest('hex').slice(0, 16).toUpperCase();
}
