import { describe, expect, it } from 'vitest';
import { crc16, crcHex, encode } from '../../protocol/src/index.js';

describe('CRC-16/CCITT-FALSE', () => {
  it('has the catalogue check value 29B1 for "123456789"', () => {
    expect(crcHex(crc16('123456789'))).toBe('29B1');
  });

  it('frames the design examples with their published CRCs', () => {
    expect(encode({ seq: 17, kind: 'SET_DEPTH', fields: { um: 1500 } })).toBe('$17 SET_DEPTH um=1500*C674\n');
    expect(encode({ seq: 204, kind: 'ACK', fields: { re: 17 } })).toBe('$204 ACK re=17*3509\n');
  });
});
