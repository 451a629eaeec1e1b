/**
 * Engineering-session MAC (SR-17), shared by the pen simulator and host tools.
 * MAC = first 8 bytes of HMAC-SHA256(key, ASCII(nonceHex + serial)), as 16
 * upper-case hex digits. The nonce is taken exactly as sent in CHAL (16
 * upper-case hex characters); the serial exactly as reported in INFO.
 */
import { createHmac } from 'node:crypto';

/** The simulator's documented development key (hex of ASCII "penbench-dev-engineering-key-01"); never ship it in a real pen. */
export const DEFAULT_ENG_KEY_HEX = '70656e62656e63682d6465762d656e67696e656572696e672d6b65792d3031';

/** MAC answering an engineering challenge: 16 upper-case hex digits. */
export function engMac(keyHex: string, nonceHex: string, serial: string): string {
  const key = Buffer.from(keyHex, 'hex');
  return createHmac('sha256', key).update(nonceHex + serial, 'ascii').digest('hex').slice(0, 16).toUpperCase();
}
