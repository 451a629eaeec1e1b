/**
 * Property-based round trip of every kind, with arbitraries generated from
 * the catalogue's field specs, and the line-length bound of each kind.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, KINDS, MAX_LINE, decodeLine, encode, tryEncode } from '../../protocol/src/index.js';
import { messageArbitrary, worstCaseTable, worstFrameLength, worstMessage } from './support/catalogue-arbitraries.js';

/**
 * Kinds whose every-key-at-its-longest frame exceeds 200 bytes, with the
 * optional free text the pen's PenLink drops so that they fit (PROTOCOL.md §4).
 */
const OVER_LONG: Record<string, readonly string[]> = {
  EVT: ['msg'],
};

describe('codec round trip (fast-check, arbitraries from the catalogue)', () => {
  for (const kind of KINDS) {
    it(`${kind}: encode then decode gives the same message, or the frame is refused as TOO_LONG`, () => {
      fc.assert(
        fc.property(messageArbitrary(kind), (msg) => {
          const line = encode(msg);
          const r = decodeLine(line);
          if (line.length - 1 > MAX_LINE) {
            // Only kinds documented as possibly over-long may get here, and they are refused, never mis-decoded.
            expect(Object.keys(OVER_LONG)).toContain(kind);
            expect(r.ok ? 'decoded' : r.error).toBe('TOO_LONG');
            expect(tryEncode(msg).ok).toBe(false);
            return;
          }
          expect(r.ok, r.ok ? '' : r.detail).toBe(true);
          if (!r.ok) return;
          expect(r.msg).toEqual(msg);
          expect(tryEncode(msg)).toEqual({ ok: true, line });
        }),
        { numRuns: 300 },
      );
    });
  }
});

describe('line length bound per kind', () => {
  it('every kind fits 200 bytes at its worst, except the documented over-long ones', () => {
    const over = worstCaseTable().filter((r) => r.worst > MAX_LINE).map((r) => r.kind);
    expect(over.sort()).toEqual(Object.keys(OVER_LONG).sort());
  });

  it.each(Object.entries(OVER_LONG))('%s fits 200 bytes at its worst once the keys the pen sheds are gone', (kind, shed) => {
    expect(worstFrameLength(kind as 'EVT', shed)).toBeLessThanOrEqual(MAX_LINE);
  });

  it.each(['INFO', 'STATUS'] as const)('the worst-case %s (every value at its longest, seq 65535) encodes whole within 200 bytes', (kind) => {
    const msg = worstMessage(kind);
    const r = tryEncode(msg);
    expect(r.ok, r.ok ? '' : r.detail).toBe(true);
    if (!r.ok) return;
    const length = r.line.length - 1;
    expect(length).toBe(worstFrameLength(kind));
    expect(length).toBeLessThanOrEqual(MAX_LINE);
    expect(decodeLine(r.line)).toMatchObject({ ok: true, msg });
  });

  it('INFO carries every limit as a required key (a pen can always tell the host its limits)', () => {
    const spec = CATALOGUE.INFO.keys;
    for (const k of ['dmin', 'dmax', 'dstep', 'rmin', 'rmax', 'tmax'] as const) expect(spec[k].optional, k).toBe(false);
    expect(Object.values(spec).every((f) => !f.optional)).toBe(true);
  });

  it('TLM is at most 88 bytes from $ to CRC (89 with LF) at its worst; typical frames are about 70', () => {
    // The catalogue's doc says "at most 80 bytes": that holds for device times and
    // stroke counts below 10^7; the true bound (10-digit t and n, seq 65535) is 88.
    expect(worstFrameLength('TLM')).toBeLessThanOrEqual(88);
  });
});
