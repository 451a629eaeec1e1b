/** Turns a PenClient request result into a CommandResult whose message explains a refusal, or an unknown outcome, in words. */
import type { HostKind, RequestResult } from '../../protocol/src/index.js';
import { explainNak, visible, type CommandResult, type NakContext } from '../shared/index.js';

const REREAD = "The console is reading the pen's state again to show what it really is.";

/** The console's words for a failed or refused request. */
export function toCommandResult<K extends HostKind>(r: RequestResult<K>, ctx: NakContext = {}): CommandResult {
  if (r.ok) return { ok: true };
  const { delivery } = r;
  const said = visible(r.message);
  if (r.error === 'NAK' && r.code) {
    const f = r.nak?.fields;
    const full: NakContext = { ...ctx };
    if (f?.max !== undefined) full.max = f.max;
    if (f?.min !== undefined) full.min = f.min;
    if (f?.msg !== undefined) full.msg = visible(f.msg);
    return { ok: false, code: r.code, message: explainNak(r.code, full), delivery };
  }
  switch (r.error) {
    case 'TIMEOUT':
      return { ok: false, code: 'TIMEOUT', delivery, message: `The pen did not answer, so whether it executed the command is unknown. ${REREAD}` };
    case 'UNEXPECTED_ANSWER':
      return { ok: false, code: 'PROTOCOL', delivery, message: `The pen answered with the wrong kind of frame (${said}). ${REREAD}` };
    case 'BUSY':
      return { ok: false, code: 'HOST_BUSY', delivery, message: `Not sent: the console is still waiting for the pen to answer earlier commands (${said}). Try again in a moment.` };
    case 'CANCELLED':
      return { ok: false, code: 'CANCELLED', delivery, message: 'Not sent: a Stop was sent before this command went out, so it was dropped.' };
    case 'NOT_CONNECTED':
    case 'LINK_LOST':
    case 'CLOSED':
      return delivery === 'unknown'
        ? { ok: false, code: 'NOT_CONNECTED', delivery, message: "The link dropped before the pen answered, so whether it executed the command is unknown. The console reads the pen's state again when the link is back." }
        : { ok: false, code: 'NOT_CONNECTED', delivery, message: 'Not sent: not connected to a pen. Connect first (or wait for the reconnection).' };
    case 'INVALID':
      return { ok: false, code: 'BAD_ARGS', delivery, message: `The console could not encode the command: ${said}.` };
    default:
      return delivery === 'unknown'
        ? { ok: false, code: 'FAILED', delivery, message: `Sending the command failed part-way (${said}), so whether the pen got it is unknown. ${REREAD}` }
        : { ok: false, code: 'FAILED', delivery, message: `The command could not be sent: ${said}.` };
  }
}
