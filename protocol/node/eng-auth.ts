/**
 * Engineering-session MAC (SR-17), shared by the pen simulator and host tools.
 * MAC = first 8 bytes of HMAC-SHA256(key, ASCII(nonceHex + serial)), as 16
 * upper-case hex digits. The nonce is taken exactly as sent in CHAL (16
 * upper-case hex characters); the serial exactly as reported in INFO.
 */
import { createHmac } from 'node:crypto';
import { readFileSync, statSync, type Stats } from 'node:fs';

/** The simulator's documented development key (hex of ASCII "penbench-dev-engineering-key-01"); never ship it in a real pen. */
export const DEFAULT_ENG_KEY_HEX = '70656e62656e63682d6465762d656e67696e656572696e672d6b65792d3031';

/** MAC answering an engineering challenge: 16 upper-case hex digits. */
export function engMac(keyHex: string, nonceHex: string, serial: string): string {
  const key = Buffer.from(keyHex, 'hex');
  return createHmac('sha256', key).update(nonceHex + serial, 'ascii').digest('hex').slice(0, 16).toUpperCase();
}

/** The environment variable an engineering key may be given in (hex). */
export const ENG_KEY_ENV = 'PENBENCH_ENG_KEY';

/** Where a key came from, or why it cannot be used. */
export type EngKeySource = { ok: true; keyHex: string; from: string } | { ok: true; keyHex: null } | { ok: false; error: string };

const HEX_KEY = /^([0-9a-fA-F]{2}){8,}$/;

/**
 * An engineering key from a file (`fileOption` names the option that gave it) or from $PENBENCH_ENG_KEY —
 * never from the command line, where every user of the machine sees it in `ps`. The file holds the key in
 * hex and must be readable by its owner only (mode 0600 or stricter; Windows has no such mode bits).
 */
export function loadEngKey(opts: { file?: string; fileOption?: string; env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform }): EngKeySource {
  const env = opts.env ?? process.env;
  const option = opts.fileOption ?? '--eng-key-file';
  if (opts.file !== undefined) {
    let st: Stats;
    try {
      st = statSync(opts.file);
    } catch (e) {
      return { ok: false, error: `${option}: cannot read "${opts.file}": ${(e as Error).message}` };
    }
    if (!st.isFile()) return { ok: false, error: `${option}: "${opts.file}" is not a regular file` };
    if ((opts.platform ?? process.platform) !== 'win32' && (st.mode & 0o077) !== 0) {
      return { ok: false, error: `${option}: "${opts.file}" is readable by others (mode ${(st.mode & 0o777).toString(8)}); allowed: 600 or 400 (chmod 600 "${opts.file}")` };
    }
    const keyHex = readFileSync(opts.file, 'utf8').trim();
    if (!HEX_KEY.test(keyHex)) return { ok: false, error: `${option}: "${opts.file}" does not hold a key in hex (at least 8 bytes, e.g. 16 hex digits)` };
    return { ok: true, keyHex: keyHex.toLowerCase(), from: opts.file };
  }
  const fromEnv = env[ENG_KEY_ENV]?.trim();
  if (fromEnv) {
    if (!HEX_KEY.test(fromEnv)) return { ok: false, error: `$${ENG_KEY_ENV}: not a key in hex (at least 8 bytes, e.g. 16 hex digits)` };
    return { ok: true, keyHex: fromEnv.toLowerCase(), from: `$${ENG_KEY_ENV}` };
  }
  return { ok: true, keyHex: null };
}
