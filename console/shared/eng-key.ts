/**
 * The engineering key as the UI handles it (SR-17). A real pen has its own key, typed or pasted by the
 * engineer; the built-in simulated pen's is the documented development key (PROTOCOL.md §12,
 * DEFAULT_ENG_KEY_HEX in protocol/node/eng-auth.ts — the same hex, checked by a test), which the UI fills in
 * for that pen only. Browser-safe.
 */

/** The simulator's documented development key: the hex of ASCII `penbench-dev-engineering-key-01`. */
export const SIM_DEV_KEY_HEX = '70656e62656e63682d6465762d656e67696e656572696e672d6b65792d3031';

/** True for a key the session accepts: 1..64 bytes as hex. */
export function isEngKeyHex(text: string): boolean {
  return /^([0-9a-fA-F]{2}){1,64}$/.test(text.trim());
}
