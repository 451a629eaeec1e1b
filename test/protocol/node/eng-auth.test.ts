/**
 * The engineering-session MAC against a vector computed outside this code
 * (`printf '%s' 0123456789ABCDEFPB-SIM-0001 | openssl dgst -sha256 -hmac
 * penbench-dev-engineering-key-01`, first 16 hex digits): a pen or host tool
 * written from PROTOCOL.md §12 must agree with it byte for byte (SR-17).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ENG_KEY_HEX, engMac } from '../../../protocol/node/eng-auth.js';

describe('SR-17 engineering MAC', () => {
  it('SR-17 the development key is the hex of the ASCII text PROTOCOL.md names', () => {
    expect(Buffer.from(DEFAULT_ENG_KEY_HEX, 'hex').toString('ascii')).toBe('penbench-dev-engineering-key-01');
  });

  it('SR-17 mac = first 8 bytes of HMAC-SHA256(key, ASCII(nonce + serial)), upper-case hex (openssl vector)', () => {
    expect(engMac(DEFAULT_ENG_KEY_HEX, '0123456789ABCDEF', 'PB-SIM-0001')).toBe('6FEC3ABB3338772D');
  });
});
