/**
 * Sets of fault codes on the wire: 4 upper-case hex digits, bit i (value 2^i)
 * standing for FAULT_CODES[i] (STATUS `faults=`/`present=`, NAK and EVT
 * `faults=`). One fixed-width value carries any number of latched faults.
 */
import { FAULT_CODES, type FaultCode } from './enums.js';

/** The mask of a set of fault codes, as 4 upper-case hex digits. */
export function faultMask(codes: Iterable<FaultCode>): string {
  let m = 0;
  for (const c of codes) {
    const i = FAULT_CODES.indexOf(c);
    if (i >= 0) m |= 1 << i;
  }
  return m.toString(16).toUpperCase().padStart(4, '0');
}

/** The fault codes of a mask, in FAULT_CODES order, and the bits no code of this build names. */
export function faultCodes(mask: string): { codes: FaultCode[]; unknownBits: number } {
  const m = /^[0-9A-F]{4}$/.test(mask) ? parseInt(mask, 16) : 0;
  const codes = FAULT_CODES.filter((_, i) => (m & (1 << i)) !== 0);
  const known = (1 << FAULT_CODES.length) - 1;
  return { codes, unknownBits: m & ~known & 0xffff };
}
