/** Fault sets on the wire: 4 upper-case hex digits, bit i for FAULT_CODES[i] (PROTOCOL.md §11). */
import { describe, expect, it } from 'vitest';
import { faultCodes, faultMask, type FaultCode } from '../../protocol/src/index.js';

describe('fault masks', () => {
  it('SR-14 a set of codes is one mask in upper-case hex, codes this build does not name left out', () => {
    expect(faultMask([])).toBe('0000');
    expect(faultMask(['RATE_DEVIATION', 'CART_UNSEATED'])).toBe('000A');
    expect(faultMask(['NVM_INTEGRITY', 'SELF_TEST'])).toBe('0500');
    expect(faultMask(['NOT_A_FAULT' as FaultCode, 'DEPTH_TOLERANCE'])).toBe('0001');
  });

  it('SR-14 a mask reads back as its codes in catalogue order; bits no code names are reported, not dropped', () => {
    expect(faultCodes('000A')).toEqual({ codes: ['RATE_DEVIATION', 'CART_UNSEATED'], unknownBits: 0 });
    expect(faultCodes('8801')).toEqual({ codes: ['DEPTH_TOLERANCE'], unknownBits: 0x8800 });
  });

  it('SR-15 anything but exactly four upper-case hex digits is no mask', () => {
    for (const bad of ['000a', 'x000A', '000A1', '00A', '']) expect(faultCodes(bad), bad).toEqual({ codes: [], unknownBits: 0 });
  });
});
