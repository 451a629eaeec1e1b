/**
 * %-encoding of string values: the wire forbids SP $ * = and non-printables
 * inside a value, and '%' is the escape itself, so those become %XX (upper-case hex).
 * Non-ASCII text is carried as UTF-8 bytes.
 */

function mustEscape(code: number): boolean {
  return code <= 0x20 || code >= 0x7f || code === 0x24 /* $ */ || code === 0x2a /* * */ ||
    code === 0x3d /* = */ || code === 0x25 /* % */;
}

/** Encode a string value for the wire. */
export function pctEncode(s: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(s)) {
    out += mustEscape(byte) ? '%' + byte.toString(16).toUpperCase().padStart(2, '0') : String.fromCharCode(byte);
  }
  return out;
}

/** Decode a wire string value; null when an escape is malformed or the bytes are not UTF-8. */
export function pctDecode(s: string): string | null {
  if (!s.includes('%')) return s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9A-F]{2}$/.test(hex)) return null;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(c);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return null;
  }
}
