/**
 * What Electron main checks on every IPC message before it reaches the pen:
 * the sender must be the console's own top-level frame (app://console), and
 * the arguments must pass the shared validators. Electron-free logic (types
 * only), so it is tested with fake events and no Electron runtime.
 */
import { APP_ORIGIN } from '../shared/index.js';
import { dispatch, type DispatchResult, type PenSession } from '../session/index.js';

/** The part of an IpcMainInvokeEvent the guard looks at. */
export interface SenderLike {
  senderFrame: { url: string; parent: unknown } | null;
}

/** True when the message comes from the console's own top frame, served from app://console/. */
export function isTrustedSender(event: SenderLike, origin: string = APP_ORIGIN): boolean {
  const frame = event.senderFrame;
  // A destroyed frame, or a subframe (an iframe could embed anything), never drives the pen.
  if (!frame || frame.parent !== null) return false;
  let u: URL;
  try {
    u = new URL(frame.url);
  } catch {
    return false;
  }
  return `${u.protocol}//${u.host}` === origin;
}

/** Sender check, argument validation, then the session call. */
export async function guardedDispatch(session: PenSession, method: string, event: SenderLike, args: unknown[]): Promise<DispatchResult> {
  if (!isTrustedSender(event)) {
    return { ok: false, error: `refused ${method}: sender ${event.senderFrame?.url ?? '(no frame)'} is not the console` };
  }
  return dispatch(session, method, args);
}
