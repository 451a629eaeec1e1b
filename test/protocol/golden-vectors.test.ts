/**
 * Runs the codec over the golden vectors (test/protocol/golden-vectors.json),
 * the language-neutral file a C firmware must pass too.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KINDS, crc16, crcHex, decodeLine, encode, MAX_LINE, type Message } from '../../protocol/src/index.js';

interface ValidVector { name: string; line: string; seq: number; kind: string; fields: Record<string, number | string>; skipped?: number }
interface InvalidVector { name: string; line: string; error: string; key?: string; seq?: number; kind?: string }
interface Golden {
  crc: { check: { input: string; crc: string } };
  max_line: number;
  valid: ValidVector[];
  invalid: InvalidVector[];
}

const golden = JSON.parse(readFileSync(new URL('./golden-vectors.json', import.meta.url), 'utf8')) as Golden;

describe('golden vectors', () => {
  it('state the CRC check value and line limit the codec uses', () => {
    expect(crcHex(crc16(golden.crc.check.input))).toBe(golden.crc.check.crc);
    expect(golden.max_line).toBe(MAX_LINE);
  });

  it('hold at least 40 vectors and a valid line of every kind in the catalogue', () => {
    expect(golden.valid.length + golden.invalid.length).toBeGreaterThanOrEqual(40);
    const covered = new Set(golden.valid.map((v) => v.kind));
    expect(KINDS.filter((k) => !covered.has(k))).toEqual([]);
  });

  it('cover every decode error code', () => {
    expect(new Set(golden.invalid.map((v) => v.error))).toEqual(new Set(['BAD_CRC', 'TOO_LONG', 'BAD_FRAME', 'UNKNOWN_KIND', 'BAD_FIELD']));
  });

  describe('valid lines decode to their stated meaning', () => {
    it.each(golden.valid.map((v) => [v.name, v] as const))('%s', (_name, v) => {
      const r = decodeLine(v.line);
      expect(r.ok, JSON.stringify(r)).toBe(true);
      if (!r.ok) return;
      expect(r.msg.seq).toBe(v.seq);
      expect(r.msg.kind).toBe(v.kind);
      expect(r.msg.fields).toEqual(v.fields);
      expect(r.skipped).toBe(v.skipped ?? 0);
    });
  });

  describe('invalid lines are rejected with their stated error', () => {
    it.each(golden.invalid.map((v) => [v.name, v] as const))('%s', (_name, v) => {
      const r = decodeLine(v.line);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error, r.detail).toBe(v.error);
      if (v.error === 'BAD_FIELD') expect(r.key).toBe(v.key);
      if (v.seq !== undefined) expect(r.seq).toBe(v.seq);
      if (v.kind !== undefined) expect(r.kind).toBe(v.kind);
    });
  });

  it('re-encoding a canonical valid vector gives the same bytes', () => {
    // Canonical: no garbage, LF ending, catalogue key order, no leading zeros.
    const canonical = golden.valid.filter((v) => !v.skipped && v.line.endsWith('\n') && !v.line.endsWith('\r\n') && !/^\$0\d/.test(v.line) && !v.name.includes('any order'));
    expect(canonical.length).toBeGreaterThan(30);
    for (const v of canonical) {
      expect(encode({ seq: v.seq, kind: v.kind, fields: v.fields } as unknown as Message), v.name).toBe(v.line);
    }
  });
});
