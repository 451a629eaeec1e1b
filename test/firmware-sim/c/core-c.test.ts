/**
 * The C pen's cryptography, built -Wall -Wextra -Werror -std=c99 -pedantic
 * under ASan+UBSan: SHA-256 against the FIPS 180-4 examples and HMAC-SHA256
 * against RFC 4231 (inside core-tests), then against Node's crypto on random
 * keys and messages; and the profile data's invariants.
 */
import { execFileSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { PEN_BUILD } from '../../../firmware-sim/c/tools/c-pen.js';
import { make } from '../../support/c-build.js';
import { HAS_GCC, needs } from '../../support/requirements.js';

const bin = `${PEN_BUILD}/core-tests`;

describe.skipIf(!HAS_GCC)('C pen core' + needs.gcc, () => {
  beforeAll(() => make('firmware-sim/c', ['tests']), 120_000);

  it('passes the SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 4231) vectors and the profile invariants', () => {
    expect(execFileSync(bin, { encoding: 'utf8' }).trim()).toBe('core_tests: 0 failure(s)');
  });

  it('computes the same SHA-256 and HMAC-SHA256 as Node on 40 random keys and messages (1..200 bytes, keys up to 100 bytes)', () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed % n;
    };
    for (let i = 0; i < 40; i++) {
      const key = Buffer.from(Array.from({ length: 1 + rnd(100) }, () => rnd(256)));
      // Printable ASCII messages: they travel as a command-line argument.
      const msg = Array.from({ length: 1 + rnd(200) }, () => String.fromCharCode(33 + rnd(94))).join('');
      expect(execFileSync(bin, ['hmac', key.toString('hex'), msg], { encoding: 'utf8' }).trim()).toBe(createHmac('sha256', key).update(msg).digest('hex'));
      expect(execFileSync(bin, ['sha256', msg], { encoding: 'utf8' }).trim()).toBe(createHash('sha256').update(msg).digest('hex'));
    }
  });
});
