/** Which problem a failed connection had, as a LINK_ADVICE code (console/shared/explain.ts). */
import type { ConnectResult } from '../../protocol/src/index.js';
import { classifyLinkError } from '../shared/index.js';

/** The LINK_ADVICE code of a failed connect: what the handshake heard decides before the OS error text. */
export function connectProblemCode(r: Exclude<ConnectResult, { ok: true }>, replay: boolean): string {
  if (r.error === 'VERSION_MISMATCH') return 'VERSION';
  // A replay has no cable to replug: its problem is the recording (another schema, no handshake in it).
  if (replay) return classifyLinkError(r.message) === 'VERSION' ? 'VERSION' : 'REPLAY';
  if (r.error === 'HANDSHAKE_FAILED' && r.heard?.unterminated) return 'NO_LF';
  if (r.error === 'HANDSHAKE_FAILED' && r.heard && r.heard.invalidLines > 0) return 'GARBLED';
  if (r.error === 'HANDSHAKE_FAILED' && /TIMEOUT/.test(r.message)) return 'TIMEOUT';
  return classifyLinkError(r.message);
}
