import { describe, expect, it } from 'vitest';
import { checkAreas, checkCart, checkInfo, checkTelemetry, hasControl, visible, visibleLines } from '../../console/shared/index.js';

describe('text from the wire is shown, never interpreted', () => {
  it('escapes C0, DEL, C1 (one-byte CSI) and bidi overrides; keeps printable text and non-ASCII letters', () => {
    expect(visible('a\u001b[2Jb\u0007c\u007fd\u009be\u202Ef\nö')).toBe('a\\x1b[2Jb\\x07c\\x7fd\\x9be\\u202Ef\\x0aö');
    expect(visibleLines('one\ntwo\u001b')).toBe('one\ntwo\\x1b');
    expect(hasControl('plain text, 43 °C')).toBe(false);
    expect(hasControl('x\u0085')).toBe(true);
  });
});

describe('conformance to the protocol bounds', () => {
  it("finds nothing in the simulator's declarations and the default areas", () => {
    expect(checkInfo({ dmin: 250, dmax: 2500, dstep: 50, rmin: 50, rmax: 150, tmax: 200 })).toEqual([]);
    expect(checkInfo({ dmin: 500, dmax: 2000, dstep: 100, rmin: 60, rmax: 140, tmax: 100 })).toEqual([]);
    expect(checkAreas([{ i: 0, area: 'CHEEK', name: 'Cheeks', lo: 500, hi: 1000, cap: 2000 }])).toEqual([]);
    expect(checkCart({ max: 2500 })).toEqual([]);
    expect(checkTelemetry({ s: 'RUN', d: 2500, m: 2600, r: 150, c: 430 })).toEqual([]);
  });

  it('names each looser claim: limits, areas, cartridge, readings', () => {
    expect(checkInfo({ dmin: 0, dmax: 9999, dstep: 1, rmin: 10, rmax: 999, tmax: 999 }).map((i) => i.key)).toEqual([
      'INFO dmax', 'INFO dmin', 'INFO dstep', 'INFO rmin', 'INFO rmax', 'INFO tmax',
    ]);
    expect(checkAreas([{ i: 0, area: 'NECK', name: 'Neck', lo: 500, hi: 4000, cap: 3000 }]).map((i) => i.key)).toEqual(['AREA NECK cap', 'AREA NECK range']);
    expect(checkCart({ max: 5000 })[0]?.text).toBe('rates its cartridge to 5.00 mm, beyond the 2.50 mm ceiling');
    expect(checkTelemetry({ s: 'RUN', d: 9999, m: 9000, r: 400, c: 1500 }).map((i) => i.key)).toEqual(['TLM d', 'TLM m', 'TLM c', 'TLM r']);
    // Hot but stopped: the pen did what SR-13 asks.
    expect(checkTelemetry({ s: 'FAULT', d: 500, m: 0, r: 0, c: 450 })).toEqual([]);
  });
});
