/**
 * The engineering-session MAC against a vector computed outside this code
 * (`printf '%s' 0123456789ABCDEFPB-SIM-0001 | openssl dgst -sha256 -hmac
 * penbench-dev-engineering-key-01`, first 16 hex digits): a pen or host tool
 * written from PROTOCOL.md §12 must agree with it byte for byte (SR-17).
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ENG_KEY_HEX, ENG_KEY_ENV, engMac, loadEngKey } from '../../../protocol/node/eng-auth.js';

describe('SR-17 engineering MAC', () => {
  it('SR-17 the development key is the hex of the ASCII text PROTOCOL.md names', () => {
    expect(Buffer.from(DEFAULT_ENG_KEY_HEX, 'hex').toString('ascii')).toBe('penbench-dev-engineering-key-01');
  });

  it('SR-17 mac = first 8 bytes of HMAC-SHA256(key, ASCII(nonce + serial)), upper-case hex (openssl vector)', () => {
    expect(engMac(DEFAULT_ENG_KEY_HEX, '0123456789ABCDEF', 'PB-SIM-0001')).toBe('6FEC3ABB3338772D');
  });
});

describe('SR-17 where the engineering key comes from (loadEngKey)', () => {
  const KEY = '00112233445566AA';
  const keyFile = (text: string, mode: number): string => {
    const f = join(mkdtempSync(join(tmpdir(), 'penbench-key-')), 'eng.key');
    writeFileSync(f, text);
    chmodSync(f, mode);
    return f;
  };

  it('SR-17 a key file readable by its owner only (600 or 400) gives the key, trimmed and in lower case, and wins over the environment', () => {
    for (const mode of [0o600, 0o400]) {
      const f = keyFile(` ${KEY}\n`, mode);
      expect(loadEngKey({ file: f, env: { [ENG_KEY_ENV]: 'ffffffffffffffff' } })).toEqual({ ok: true, keyHex: KEY.toLowerCase(), from: f });
    }
  });

  it('SR-17 a key file others can read is refused with its mode and the chmod that fixes it (not on Windows, which has no such bits)', () => {
    for (const [mode, shown] of [[0o644, '644'], [0o640, '640'], [0o604, '604']] as const) {
      const f = keyFile(KEY, mode);
      expect(loadEngKey({ file: f, fileOption: '--key-file', env: {}, platform: 'linux' })).toEqual({
        ok: false, error: `--key-file: "${f}" is readable by others (mode ${shown}); allowed: 600 or 400 (chmod 600 "${f}")`,
      });
      expect(loadEngKey({ file: f, env: {}, platform: 'win32' })).toEqual({ ok: true, keyHex: KEY.toLowerCase(), from: f });
    }
  });

  it('SR-17 a missing path, a folder, or a file without at least 8 bytes of hex is refused naming the option', () => {
    const dir = mkdtempSync(join(tmpdir(), 'penbench-key-'));
    const missing = join(dir, 'none.key');
    expect(loadEngKey({ file: missing, env: {} })).toMatchObject({ ok: false, error: expect.stringMatching(new RegExp(`^--eng-key-file: cannot read "${missing}": ENOENT`)) });
    expect(loadEngKey({ file: dir, env: {} })).toEqual({ ok: false, error: `--eng-key-file: "${dir}" is not a regular file` });
    for (const text of ['00112233445566', '00112233445566A', 'zz112233445566AA', '', `${KEY} extra`]) {
      const f = keyFile(text, 0o600);
      expect(loadEngKey({ file: f, env: {} })).toEqual({ ok: false, error: `--eng-key-file: "${f}" does not hold a key in hex (at least 8 bytes, e.g. 16 hex digits)` });
    }
  });

  it(`SR-17 without a file the key comes from $${ENG_KEY_ENV} (trimmed, lower case); an empty one is no key, a malformed one an error`, () => {
    expect(loadEngKey({ env: { [ENG_KEY_ENV]: ` ${KEY}\n` } })).toEqual({ ok: true, keyHex: KEY.toLowerCase(), from: `$${ENG_KEY_ENV}` });
    expect(loadEngKey({ env: { [ENG_KEY_ENV]: '  ' } })).toEqual({ ok: true, keyHex: null });
    expect(loadEngKey({ env: {} })).toEqual({ ok: true, keyHex: null });
    for (const bad of ['0011223344556', 'not-hex-at-all!!', `${KEY}0`]) {
      expect(loadEngKey({ env: { [ENG_KEY_ENV]: bad } })).toEqual({ ok: false, error: `$${ENG_KEY_ENV}: not a key in hex (at least 8 bytes, e.g. 16 hex digits)` });
    }
    const saved = process.env[ENG_KEY_ENV];
    process.env[ENG_KEY_ENV] = KEY;
    try {
      expect(loadEngKey({})).toEqual({ ok: true, keyHex: KEY.toLowerCase(), from: `$${ENG_KEY_ENV}` });
    } finally {
      if (saved === undefined) delete process.env[ENG_KEY_ENV];
      else process.env[ENG_KEY_ENV] = saved;
    }
  });
});
