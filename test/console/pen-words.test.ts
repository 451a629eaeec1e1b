/**
 * The console's words and state follow the pen, never constants of the console (issue 14): refusals name the
 * pen's own limits, the engineering session follows the pen's EVT ENG, area names instead of ids in the log,
 * the cartridge's use grows with telemetry, and the Console tab's readings say no more than the pen reported.
 */
import { describe, expect, it } from 'vitest';
import type { Message } from '../../protocol/src/index.js';
import { applyCart, applyEvent, applyTelemetry, initialState } from '../../console/session/index.js';
import { explainNak, type SessionState, type TlmSample } from '../../console/shared/index.js';
import { depthAdvice, passesText, skinText } from '../../console/renderer/src/pen-words.js';

const evt = (fields: Record<string, unknown>) => ({ seq: 1, kind: 'EVT', fields: { t: 1000, ...fields } }) as unknown as Message<'EVT'>;
const tlm = (t: number, s: TlmSample['s'], m: number, n: number): TlmSample => ({ host: 0, t, s, d: 1000, m, r: 120, n, p: 0, c: 300, b: 90 });

function connected(): SessionState {
  const state = initialState();
  state.link = 'ready';
  state.info = {
    proto: 1, schema: '4939A53B', fw: 'X', serial: 'S', dmin: 250, dmax: 2000, dstep: 50, rmin: 50, rmax: 140, tmax: 100,
    profile: 'DEFAULT', pver: 1, phash: '00000000', areas: 1, um: 250, hz: 120, st: 'READY', sim: 1, eng: 0,
  };
  state.areas = [{ i: 0, area: 'CHEEK', name: 'Cheeks and chin', lo: 500, hi: 1000, cap: 2000 }];
  return state;
}

describe('refusals in the pen\'s own limits', () => {
  const limits = { dmin: 250, dmax: 2000, dstep: 50, rmin: 50, rmax: 140, tmax: 100 };

  it('SR-01 DEPTH_RANGE names the NAK\'s min/max, else the pen\'s INFO, and never 0.25–2.50 of its own', () => {
    expect(explainNak('DEPTH_RANGE', { value: '2.10 mm', min: 250, max: 2000, limits })).toBe(
      "Depth 2.10 mm is outside the pen's range of 0.25–2.00 mm in 0.05 mm steps. Choose a depth within that range.",
    );
    expect(explainNak('DEPTH_RANGE', { value: '2.10 mm', limits })).toContain('0.25–2.00 mm in 0.05 mm steps');
    const unknown = explainNak('DEPTH_RANGE', { value: '2.10 mm' });
    expect(unknown).not.toMatch(/2\.50|0\.25/);
    expect(unknown).toContain('did not say which');
  });

  it('SR-06 RATE_RANGE names the pen\'s range (rmax 140), never a 50–150 fallback; TLM_RANGE its tmax', () => {
    expect(explainNak('RATE_RANGE', { value: '145 Hz', limits })).toBe("Stroke rate 145 Hz is outside the pen's range of 50–140 Hz. Choose a rate within that range.");
    expect(explainNak('RATE_RANGE', { value: '145 Hz' })).not.toMatch(/150/);
    expect(explainNak('TLM_RANGE', { limits })).toContain('at most 100 Hz');
  });

  it('the Console tab\'s advice uses the pen\'s INFO limits', () => {
    const lim = { dmin: 250, dmax: 2000, dstep: 50, rmin: 50, rmax: 140 };
    expect(depthAdvice(2100, lim, undefined, null)).toEqual({ text: 'This pen accepts 0.25–2.00 mm in 0.05 mm steps; it will refuse this.', level: 'bad' });
    expect(depthAdvice(2000, lim, undefined, null)).toBeNull();
  });
});

describe('the pen\'s word in the state and the log', () => {
  it('SR-17 the engineering session shows closed when the pen says so (EVT ENG msg=closed: link / HELLO / idle)', () => {
    for (const msg of ['closed: link', 'closed: HELLO', 'closed: idle', 'closed']) {
      const state = connected();
      state.eng = true;
      const r = applyEvent(state, evt({ ev: 'ENG', msg }), 0);
      expect({ msg, eng: state.eng }).toEqual({ msg, eng: false });
      expect(r.text).toMatch(/^The pen closed the engineering session/);
    }
    const state = connected();
    applyEvent(state, evt({ ev: 'ENG', msg: 'open' }), 0);
    expect(state.eng).toBe(true);
  });

  it('area events are logged with the profile\'s names, not ids; area=NONE deselects', () => {
    const state = connected();
    expect(applyEvent(state, evt({ ev: 'AREA', area: 'CHEEK', n: 0 }), 0).text).toBe('Area Cheeks and chin selected.');
    expect(state.info?.area).toBe('CHEEK');
    expect(applyEvent(state, evt({ ev: 'PASS', n: 2, area: 'CHEEK' }), 0).text).toBe('Pass 2 done in Cheeks and chin.');
    expect(applyEvent(state, evt({ ev: 'AREA', area: 'NONE', n: 0 }), 0).text).toBe('No area selected.');
    expect(state.info?.area).toBeUndefined();
  });

  it('SR-08 SR-09 the cartridge\'s use: the pen\'s count at the read, plus needle-on time and strokes from telemetry', () => {
    const state = connected();
    applyCart(state, { status: 'OK', id: 'N16-OK-01', used: 3 });
    expect(state.cartUse).toEqual({ id: 'N16-OK-01', needleOnMs: 3000, strokes: 0 });
    applyTelemetry(state, tlm(1000, 'RUN', 990, 100));
    applyTelemetry(state, tlm(1005, 'RUN', 995, 101));
    applyTelemetry(state, tlm(1010, 'READY', 0, 101)); // retracted: not needle-on
    applyTelemetry(state, tlm(3010, 'RUN', 995, 102)); // a 2 s gap is a link loss, not needle-on time
    expect(state.cartUse).toEqual({ id: 'N16-OK-01', needleOnMs: 3005, strokes: 102 });
  });

  it('a telemetry frame asks for a state push only when the pen\'s state or fault changed', () => {
    const state = connected();
    expect(applyTelemetry(state, tlm(1, 'READY', 0, 0))).toBe(false);
    expect(applyTelemetry(state, tlm(2, 'RUN', 10, 0))).toBe(true);
    expect(applyTelemetry(state, tlm(3, 'RUN', 20, 0))).toBe(false);
    expect(applyTelemetry(state, tlm(4, 'FAULT', 0, 0))).toBe(true);
  });
});

describe('the Console tab\'s readings', () => {
  it('passes beyond the recommended 2–4 are flagged', () => {
    expect(passesText(4)).toEqual({ text: '4', over: false });
    expect(passesText(5)).toEqual({ text: '5 — above the recommended 2–4', over: true });
  });

  it('skin contact is never "on skin" with the needle retracted (FAULT, STOP, READY)', () => {
    for (const s of ['FAULT', 'STOP', 'READY'] as const) expect(skinText({ s }, true)).toBe('needle retracted');
    expect(skinText({ s: 'RUN' }, true)).toBe('on skin');
    expect(skinText({ s: 'RUN' }, false)).toBe('lifted');
  });
});
