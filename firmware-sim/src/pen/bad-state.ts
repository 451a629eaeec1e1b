/**
 * The text of a BAD_STATE refusal (PROTOCOL.md §8): the state the command
 * needs and the state the pen is in, e.g. `START needs READY; pen is RUN`.
 */
import type { HostKind, PenState } from '../../../protocol/src/index.js';
import { nakMsg } from '../../../protocol/src/pen/pen-link.js';

/** What each command refused BAD_STATE needs (kept short: the %-encoded text must fit 64 bytes). */
const NEEDS: Partial<Record<HostKind, string>> = {
  SET_DEPTH: 'a booted pen',
  SET_RATE: 'a booted pen',
  SET_AREA: 'a booted pen',
  START: 'READY',
  CLEAR_FAULT: 'FAULT',
  RESET_SETTINGS: 'not BOOT/RUN/STOP',
  ENG_PROFILE: 'not BOOT/RUN',
};

/** The BAD_STATE text for `kind` refused while the pen reports `st` (the session's state for ENG_OPEN/ENG_AUTH). */
export function badStateMsg(kind: HostKind, st: PenState, engOpen: boolean): string {
  if ((kind === 'ENG_OPEN' || kind === 'ENG_AUTH') && engOpen) return nakMsg(`${kind} needs no open session; session is open`);
  const needs = NEEDS[kind];
  return nakMsg(needs ? `${kind} needs ${needs}; pen is ${st}` : `${kind} not accepted; pen is ${st}`);
}
