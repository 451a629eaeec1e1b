/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no xor-out). */

const TABLE = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 8;
    for (let b = 0; b < 8; b++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
    t[i] = c;
  }
  return t;
})();

/**
 * The CRC of two bytes at once: with a 16-bit register, feeding 16 bits shifts
 * the whole register out, so crc' = TABLE16[crc ^ (b0 << 8 | b1)]. Halves the
 * loop on the hot telemetry path; built lazily (128 KB) on first use.
 */
let TABLE16: Uint16Array | null = null;

function table16(): Uint16Array {
  const t16 = new Uint16Array(65536);
  for (let hi = 0; hi < 256; hi++) {
    const r = TABLE[hi]!;
    for (let lo = 0; lo < 256; lo++) t16[(hi << 8) | lo] = ((r << 8) & 0xffff) ^ TABLE[((r >> 8) ^ lo) & 0xff]!;
  }
  return t16;
}

/** CRC of a string's char codes (callers pass ASCII; codes above 0xFF are masked). */
export function crc16(text: string, start = 0, end = text.length): number {
  const t16 = TABLE16 ?? (TABLE16 = table16());
  let crc = 0xffff;
  let i = start;
  for (; i + 1 < end; i += 2) {
    crc = t16[crc ^ (((text.charCodeAt(i) & 0xff) << 8) | (text.charCodeAt(i + 1) & 0xff))]!;
  }
  if (i < end) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ text.charCodeAt(i)) & 0xff]!;
  return crc;
}

/**
 * Slicing-by-4 tables for byte input: SLICE[k][x] is the CRC contribution of byte x followed by k zero bytes,
 * so four bytes take four independent lookups in 2 KiB that stay in L1 cache (a 16-bit table, 128 KiB, does not:
 * on the recordings' hot path it was twice as slow).
 */
const SLICE = (() => {
  const s = [TABLE];
  for (let k = 1; k < 4; k++) {
    const prev = s[k - 1]!;
    const t = new Uint16Array(256);
    for (let x = 0; x < 256; x++) t[x] = ((prev[x]! << 8) & 0xffff) ^ TABLE[prev[x]! >> 8]!;
    s.push(t);
  }
  return s;
})();
const [S0, S1, S2, S3] = SLICE as [Uint16Array, Uint16Array, Uint16Array, Uint16Array];

/**
 * CRC of bytes (a recording read as bytes, without making a string of each line): the same value as crc16 on
 * their ASCII.
 */
export function crc16Bytes(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffff;
  let i = start;
  for (; i + 3 < end; i += 4) crc = S3[(crc >> 8) ^ bytes[i]!]! ^ S2[(crc & 0xff) ^ bytes[i + 1]!]! ^ S1[bytes[i + 2]!]! ^ S0[bytes[i + 3]!]!;
  for (; i < end; i++) crc = ((crc << 8) & 0xffff) ^ TABLE[(crc >> 8) ^ bytes[i]!]!;
  return crc;
}

const HEX = '0123456789ABCDEF';

/** Four upper-case hex digits, as on the wire. */
export function crcHex(crc: number): string {
  return HEX[(crc >> 12) & 15]! + HEX[(crc >> 8) & 15]! + HEX[(crc >> 4) & 15]! + HEX[crc & 15]!;
}
