/**
 * The text of a BAD_STATE refusal (PROTOCOL.md §8, SR-15): the state the
 * command needs and the state the pen is in, for every command that can be
 * refused for its state, cut to fit one value on the wire.
 */
import { describe, expect, it } from 'vitest';
import { PEN_STATES, pctEncode, type HostKind } from '../../protocol/src/index.js';
import { badStateMsg } from '../../firmware-sim/src/pen/bad-state.js';

describe('SR-15 BAD_STATE texts', () => {
  it('SR-15 each command names the state it needs and the state the pen is in', () => {
    expect(badStateMsg('SET_DEPTH', 'BOOT', false)).toBe('SET_DEPTH needs a booted pen; pen is BOOT');
    expect(badStateMsg('SET_RATE', 'BOOT', false)).toBe('SET_RATE needs a booted pen; pen is BOOT');
    expect(badStateMsg('SET_AREA', 'BOOT', false)).toBe('SET_AREA needs a booted pen; pen is BOOT');
    expect(badStateMsg('START', 'RUN', false)).toBe('START needs READY; pen is RUN');
    expect(badStateMsg('CLEAR_FAULT', 'READY', false)).toBe('CLEAR_FAULT needs FAULT; pen is READY');
    expect(badStateMsg('RESET_SETTINGS', 'STOP', false)).toBe('RESET_SETTINGS needs not BOOT/RUN/STOP; pen is STOP');
    expect(badStateMsg('ENG_PROFILE', 'RUN', true)).toBe('ENG_PROFILE needs not BOOT/RUN; pen is RUN');
  });

  it('SR-17 ENG_OPEN and ENG_AUTH in an open session name the session, not the pen\'s state', () => {
    expect(badStateMsg('ENG_OPEN', 'READY', true)).toBe('ENG_OPEN needs no open session; session is open');
    expect(badStateMsg('ENG_AUTH', 'FAULT', true)).toBe('ENG_AUTH needs no open session; session is open');
    expect(badStateMsg('ENG_OPEN', 'READY', false)).toBe('ENG_OPEN not accepted; pen is READY');
  });

  it('SR-15 a command with no state of its own to need says it is not accepted now', () => {
    expect(badStateMsg('SIM_CART', 'CHARGE', true)).toBe('SIM_CART not accepted; pen is CHARGE');
  });

  it('SR-15 every text fits one value on the wire (64 bytes %-encoded)', () => {
    const kinds: HostKind[] = ['SET_DEPTH', 'SET_RATE', 'SET_AREA', 'START', 'CLEAR_FAULT', 'RESET_SETTINGS', 'ENG_PROFILE', 'ENG_OPEN', 'ENG_AUTH', 'SIM_POWER'];
    for (const k of kinds) for (const st of PEN_STATES) for (const eng of [true, false]) expect(pctEncode(badStateMsg(k, st, eng)).length).toBeLessThanOrEqual(64);
  });
});
