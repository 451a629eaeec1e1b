/**
 * The engineering session through the wire (SR-17, PROTOCOL.md §12): every
 * refusal says what to do next, a challenge is consumed by the first answer and
 * dies with ENG_CLOSE or a new host, ENG_CLOSE is always accepted, and an open
 * session announces what it does (EVT ENG, EVT PROFILE).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ENG_KEY_HEX, engMac } from '../../protocol/node/eng-auth.js';
import { Harness } from './support/harness.js';
import { READY } from './support/running.js';

const SERIAL = 'PB-SIM-0001';

/** ENG_OPEN; returns the right MAC for the challenge it got. */
function challenge(h: Harness): string {
  const chal = h.cmd('ENG_OPEN');
  expect(chal.kind).toBe('CHAL');
  return engMac(DEFAULT_ENG_KEY_HEX, String(chal.fields['nonce']), SERIAL);
}

const NO_CHALLENGE = { code: 'AUTH', msg: 'no challenge; ENG_OPEN first' };

describe('SR-17 the engineering session', () => {
  it('SR-17 each refusal says what to do: LOCKED asks for a session, AUTH for a challenge or a new one', () => {
    const h = new Harness(READY).ready();
    expect(h.cmd('SIM_FAULT', { f: 'STALL' }).fields).toMatchObject({ code: 'LOCKED', msg: 'open an engineering session' });
    expect(h.cmd('ENG_PROFILE', { name: 'TRAINING' }).fields).toMatchObject({ code: 'LOCKED', msg: 'open an engineering session' });
    expect(h.cmd('ENG_AUTH', { mac: '0123456789ABCDEF' }).fields).toMatchObject(NO_CHALLENGE);
    const right = challenge(h);
    expect(h.cmd('ENG_AUTH', { mac: '0123456789ABCDEF' }).fields).toMatchObject({ code: 'AUTH', msg: 'wrong MAC; ask a new challenge' });
    // The wrong answer consumed the challenge: its right MAC opens nothing now.
    expect(h.cmd('ENG_AUTH', { mac: right }).fields).toMatchObject(NO_CHALLENGE);
    expect(h.status().fields['eng']).toBe(0);
  });

  it('SR-17 ENG_CLOSE is always accepted; it ends a pending challenge without a word, an open session with EVT ENG closed', () => {
    const h = new Harness(READY).ready();
    let from = h.frames.length;
    expect(h.cmd('ENG_CLOSE').kind).toBe('ACK');
    const right = challenge(h);
    expect(h.cmd('ENG_CLOSE').kind).toBe('ACK');
    expect(h.since(from, 'EVT')).toEqual([]);
    expect(h.cmd('ENG_AUTH', { mac: right }).fields).toMatchObject(NO_CHALLENGE);
    h.eng();
    from = h.frames.length;
    expect(h.cmd('ENG_CLOSE').kind).toBe('ACK');
    expect(h.since(from, 'EVT').map((f) => f.fields)).toEqual([expect.objectContaining({ ev: 'ENG', msg: 'closed' })]);
    expect(h.cmd('SIM_FAULT', { f: 'CLEAR' }).fields['code']).toBe('LOCKED');
  });

  it('SR-17 a challenge dies with its host: after a HELLO its right MAC opens nothing', () => {
    const h = new Harness(READY).ready();
    const right = challenge(h);
    h.hello();
    expect(h.cmd('ENG_AUTH', { mac: right }).fields).toMatchObject(NO_CHALLENGE);
    expect(h.status().fields['eng']).toBe(0);
  });

  it('SR-17 an open session: EVT ENG open, ENG_OPEN and ENG_AUTH refused BAD_STATE, the session stays open', () => {
    const h = new Harness(READY).ready();
    const right = challenge(h);
    const from = h.frames.length;
    expect(h.cmd('ENG_AUTH', { mac: right }).kind).toBe('ACK');
    expect(h.since(from, 'EVT').map((f) => f.fields)).toEqual([expect.objectContaining({ ev: 'ENG', msg: 'open' })]);
    expect(h.cmd('ENG_OPEN').fields['code']).toBe('BAD_STATE');
    expect(h.cmd('ENG_AUTH', { mac: right }).fields['code']).toBe('BAD_STATE');
    expect(h.status().fields['eng']).toBe(1);
  });

  it('SR-02 SR-17 ENG_PROFILE announces the profile it loaded; a setpoint above the selected area\'s new cap refuses it with that cap', () => {
    const h = new Harness(READY).ready();
    h.eng();
    h.cmd('SET_AREA', { area: 'BODY' });
    h.cmd('SET_DEPTH', { um: 2500 });
    expect(h.cmd('ENG_PROFILE', { name: 'TRAINING' }).fields).toMatchObject({ code: 'DEPTH_AREA_LIMIT', max: 2000 });
    h.cmd('SET_DEPTH', { um: 2000 });
    const from = h.frames.length;
    expect(h.cmd('ENG_PROFILE', { name: 'TRAINING' }).kind).toBe('ACK');
    expect(h.since(from, 'EVT').map((f) => f.fields)).toEqual([expect.objectContaining({ ev: 'PROFILE', msg: 'TRAINING v1' })]);
    expect(h.status().fields).toMatchObject({ area: 'BODY', um: 2000 });
  });
});
