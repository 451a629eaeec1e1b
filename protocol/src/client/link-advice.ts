/**
 * Why a link to a pen failed, in words a bench engineer can act on (dialout
 * group, port busy, not found, no answer…). One table for every front end: the
 * console's GUI and every CLI (pen, sim, ports, hil) print the same advice.
 * No Node imports: the renderer shows these sentences too.
 */
import type { ConnectResult } from './types.js';

/** Advice for link problems (opening the port, the handshake). */
export const LINK_ADVICE: Readonly<Record<string, string>> = {
  VERSION: 'The pen and the console speak different protocol versions or schemas. Update the console or the pen firmware so both match.',
  TIMEOUT: 'The pen did not answer. Check that it is switched on, the cable is a data cable, and you picked the right port (115200 baud).',
  GARBLED: 'The pen did answer, but with lines that are not valid frames (counted above, with the last one). Check the baud rate (115200), the cable, and that the pen runs firmware that speaks this protocol.',
  NO_LF: "The pen did answer, but its lines were never terminated by a line feed (LF), so none could be read. Its firmware must end every line with LF (CR LF is fine; CR alone is not, PROTOCOL.md §1). What arrived is kept in the session recording.",
  REPLAY: 'The recording could not be replayed. Open it in the Recordings view to see its summary and why.',
  NOT_FOUND: 'The port does not exist (any more). Replug the pen and refresh the port list.',
  ACCESS: 'No permission to open the port. On Linux add yourself to the "dialout" group and log in again.',
  BUSY: 'Another program has the port open (a serial terminal, another console). Close it and connect again.',
  LOST: 'The link to the pen was lost. The console keeps trying to reconnect; check the cable.',
  OPEN_FAILED: 'The port could not be opened. Replug the pen and try again.',
  FAILED: 'The connection failed. Check the cable and try again.',
};

/** Classifies an OS or client error message into a LINK_ADVICE code. */
export function classifyLinkError(message: string): string {
  const m = message.toLowerCase();
  if (/version|schema/.test(m)) return 'VERSION';
  if (/enoent|no such file|not found|cannot find/.test(m)) return 'NOT_FOUND';
  if (/eacces|permission|access denied/.test(m)) return 'ACCESS';
  if (/ebusy|busy|locked|resource temporarily/.test(m)) return 'BUSY';
  if (/timeout|timed out|no answer/.test(m)) return 'TIMEOUT';
  return 'OPEN_FAILED';
}

/** The LINK_ADVICE code of a failed connect: what the handshake heard decides before the OS error text. */
export function connectProblemCode(r: Exclude<ConnectResult, { ok: true }>, replay = false): string {
  if (r.error === 'VERSION_MISMATCH') return 'VERSION';
  // A replay has no cable to replug: its problem is the recording (another schema, no handshake in it).
  if (replay) return classifyLinkError(r.message) === 'VERSION' ? 'VERSION' : 'REPLAY';
  if (r.error === 'HANDSHAKE_FAILED' && r.heard?.unterminated) return 'NO_LF';
  if (r.error === 'HANDSHAKE_FAILED' && r.heard && r.heard.invalidLines > 0) return 'GARBLED';
  if (r.error === 'HANDSHAKE_FAILED' && /TIMEOUT/.test(r.message)) return 'TIMEOUT';
  return classifyLinkError(r.message);
}

/** The advice sentence of a LINK_ADVICE code (unknown codes get the generic one). */
export function linkAdvice(code: string): string {
  return LINK_ADVICE[code] ?? LINK_ADVICE.FAILED!;
}
