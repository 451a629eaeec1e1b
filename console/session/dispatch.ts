/**
 * The one entry point Electron main and the WebSocket bridge call with an
 * untrusted method name and argument list: validate with the shared
 * validators, then call the session. Refusals are values, never throws.
 */
import { isPenMethod, validateArgs, type CommandResult, type PenMethod } from '../shared/index.js';
import type { PenSession } from './pen-session.js';

/** Result of a dispatch: the method's value, or why the call was refused before reaching the pen. */
export type DispatchResult = { ok: true; value: unknown } | { ok: false; error: string };

/** Validates `method` and `args` and calls the session. */
export async function dispatch(session: PenSession, method: unknown, args: unknown): Promise<DispatchResult> {
  if (!isPenMethod(method)) return { ok: false, error: `unknown method: ${String(method).slice(0, 40)}` };
  const checked = validateArgs(method, args);
  if (!checked.ok) return { ok: false, error: checked.error };
  const fn = session[method] as (...a: unknown[]) => Promise<unknown>;
  try {
    return { ok: true, value: await fn.apply(session, checked.value as unknown[]) };
  } catch (e) {
    return { ok: false, error: `${method} failed: ${(e as Error).message}` };
  }
}

/** A refusal of malformed arguments as a CommandResult, for methods that return one. */
export function badArgs(error: string): CommandResult {
  return { ok: false, code: 'BAD_ARGS', message: error };
}

/** Compile-time check: every PenMethod exists on PenSession. */
export type _SessionHasAll = { [M in PenMethod]: PenSession[M] };
