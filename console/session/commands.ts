/** Turns a PenClient request result into a CommandResult whose message explains a refusal in words. */
import type { HostKind, RequestResult } from '../../protocol/src/index.js';
import { explainNak, type CommandResult, type NakContext } from '../shared/index.js';

/** The console's words for a failed or refused request. */
export function toCommandResult<K extends HostKind>(r: RequestResult<K>, ctx: NakContext = {}): CommandResult {
  if (r.ok) return { ok: true };
  if (r.error === 'NAK' && r.code) {
    const f = r.nak?.fields;
    const full: NakContext = { ...ctx };
    if (f?.max !== undefined) full.max = f.max;
    if (f?.min !== undefined) full.min = f.min;
    if (f?.msg !== undefined) full.msg = f.msg;
    return { ok: false, code: r.code, message: explainNak(r.code, full) };
  }
  if (r.error === 'TIMEOUT') {
    return { ok: false, code: 'TIMEOUT', message: 'The pen did not answer in time. Check the link; the command may not have been executed.' };
  }
  if (r.error === 'NOT_CONNECTED' || r.error === 'LINK_LOST' || r.error === 'CLOSED') {
    return { ok: false, code: 'NOT_CONNECTED', message: 'Not connected to a pen. Connect first (or wait for the reconnection).' };
  }
  if (r.error === 'INVALID') return { ok: false, code: 'BAD_ARGS', message: `The console could not encode the command: ${r.message}.` };
  return { ok: false, code: 'FAILED', message: `The command could not be sent: ${r.message}.` };
}
