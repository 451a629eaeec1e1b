/**
 * The table-driven CRCs (two bytes a step for lines, slicing by 4 for the
 * recordings' bytes) equal the bitwise definition for any bytes, lengths and
 * offsets. The tables are built when the module loads, so one test loads it
 * afresh: a broken table must fail a test, not only the first import.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { crc16 } from '../../protocol/src/index.js';

function crcBitwise(bytes: number[]): number {
  let crc = 0xffff;
  for (const b of bytes) {
    crc ^= b << 8;
    for (let k = 0; k < 8; k++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

describe('crc16 (table of 16-bit steps)', () => {
  it('matches the bitwise CRC-16/CCITT-FALSE on any byte string and sub-range', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 210 }), fc.nat(), fc.nat(), (bytes, a, b) => {
        const text = String.fromCharCode(...bytes);
        const start = bytes.length ? a % (bytes.length + 1) : 0;
        const end = start + (bytes.length - start ? b % (bytes.length - start + 1) : 0);
        expect(crc16(text, start, end)).toBe(crcBitwise(bytes.slice(start, end)));
      }),
      { numRuns: 500 },
    );
  });

  it('both CRCs of a freshly loaded module (tables built anew) match the bitwise CRC on any bytes and sub-range', async () => {
    vi.resetModules();
    const m = await import('../../protocol/src/wire/crc16.js');
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 64 }), fc.nat(), fc.nat(), (bytes, a, b) => {
        const start = bytes.length ? a % (bytes.length + 1) : 0;
        const end = start + (bytes.length - start ? b % (bytes.length - start + 1) : 0);
        const want = crcBitwise(bytes.slice(start, end));
        expect(m.crc16Bytes(Uint8Array.from(bytes), start, end)).toBe(want);
        expect(m.crc16(String.fromCharCode(...bytes), start, end)).toBe(want);
      }),
      { numRuns: 500 },
    );
    expect(m.crc16Bytes(new TextEncoder().encode('123456789'))).toBe(0x29b1);
  });
});
