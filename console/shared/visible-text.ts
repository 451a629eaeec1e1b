/**
 * Text that came from the wire (a pen's event message, a NAK's detail, a
 * dropped line) made safe to show: every control character is written as a
 * visible escape, so a pen cannot set a terminal's title, clear the screen,
 * colour fake text like "STOP ACCEPTED", or reorder text with bidi overrides.
 * Browser-safe (no Node imports).
 */

// C0 controls, DEL, C1 controls (0x9B is a one-byte CSI), and the Unicode bidi embeddings, overrides and isolates.
/* eslint-disable no-control-regex -- matching control characters is the point */
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const UNSAFE_BUT_LF = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/* eslint-enable no-control-regex */

/** True when `text` holds a character `visible` would escape. */
export function hasControl(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const r = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return r;
}

function escape(c: string): string {
  const n = c.charCodeAt(0);
  return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** `text` with every control character shown as `\xNN` (or `\uNNNN` for bidi controls); one line, always. */
export function visible(text: string): string {
  return text.replace(UNSAFE, escape);
}

/** Like `visible`, but line feeds stay: for output the console composed itself, line by line. */
export function visibleLines(text: string): string {
  return text.replace(UNSAFE_BUT_LF, escape);
}

/** `value` as one line of JSON that is still valid JSON and holds no raw control character (C1, DEL and bidi controls as `\uNNNN`). */
export function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
