/** The safety case is generated from the code: it must be current, and every rule must have enforcing code and a test. */
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, gaps, renderSafetyCase, SAFETY_CASE } from './gen-safety-case.js';
import { rulesByLine, ruleIds, srComments } from './sr-comments.js';
import { leadingIds } from './sr-evidence.js';

const base = fileURLToPath(new URL('../..', import.meta.url));

describe('the safety case (firmware-sim/docs/safety-case.md)', () => {
  const e = collect(base);

  it('is what npm run docs:safety generates from the code today', () => {
    const onDisk = readFileSync(join(base, SAFETY_CASE), 'utf8');
    expect(onDisk === renderSafetyCase(e), `${SAFETY_CASE} is stale: run npm run docs:safety`).toBe(true);
  });

  it('covers SR-01…SR-17, each with enforcing code and at least one test or HIL case', () => {
    expect(e.rules.map((r) => r.id)).toEqual(Array.from({ length: 17 }, (_, i) => `SR-${String(i + 1).padStart(2, '0')}`));
    expect(gaps(e)).toEqual([]);
  });

  it('controls every hazard with known rules, and every rule controls a hazard', () => {
    const ids = new Set(e.rules.map((r) => r.id));
    for (const h of e.hazards) {
      expect(h.controls.length, h.id).toBeGreaterThan(0);
      for (const c of h.controls) expect(ids.has(c), `${h.id} names ${c}`).toBe(true);
    }
    for (const id of ids) expect(e.hazards.some((h) => h.controls.includes(id)), id).toBe(true);
  });
});

describe('reading rule ids from the code', () => {
  it('takes ids from comments only, and skips ranges', () => {
    const src = ["const s = 'SR-01 in a string';", '// SR-02: refused', 'x(); // SR-03 and SR-04', '/* SR-01…SR-17 overview */'].join('\n');
    expect(srComments('f.ts', src).map((c) => [c.line, c.ids, c.trailing])).toEqual([[2, ['SR-02'], false], [3, ['SR-03', 'SR-04'], true]]);
    expect(ruleIds('SR-05, SR-06 and SR-01…SR-17')).toEqual(['SR-05', 'SR-06']);
  });

  it('maps each line to the comment it sits under', () => {
    const src = [
      '/** Header naming SR-13. */', // 1
      'export function f() {', // 2
      '  // SR-05: supervise', // 3
      '  if (a) {', // 4
      '    b();', // 5
      '  }', // 6
      '  c(); // SR-06', // 7
      '}', // 8
      'g();', // 9
    ].join('\n');
    const r = rulesByLine(src);
    expect([r[4], r[6], r[8]]).toEqual([['SR-05'], ['SR-06'], ['SR-13']]);
  });

  it('gives a top-level comment only the declaration after it', () => {
    const src = ['/** Header naming SR-14. */', 'import x;', '/** SR-13 limit. */', 'export const A = 3;', 'export function f() {', '  return 1;', '}'].join('\n');
    expect(rulesByLine(src).slice(3)).toEqual([['SR-13'], ['SR-14'], ['SR-14'], ['SR-14']]);
  });

  it('takes the leading ids of a title', () => {
    expect(leadingIds('SR-02 SR-03 SR-07 invariants hold')).toEqual(['SR-02', 'SR-03', 'SR-07']);
    expect(leadingIds('SR-08 the suite fails SR-08.power-cycle')).toEqual(['SR-08']);
    expect(leadingIds('the pen refuses (SR-01)')).toEqual([]);
  });
});
