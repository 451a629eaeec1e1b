/**
 * The teaching data the trainer shows: it parses, every fact names a listed
 * source, every indication's depths lie inside the simulator's DEFAULT profile
 * rows for its areas (so a preset never asks the pen for what its own profile
 * does not recommend), and the loader names what is wrong with a broken file.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE, STORED_PROFILES } from '../../../firmware-sim/src/index.js';
import { areaName } from '../../../console/shared/index.js';
import { TEACHING, indicationsAt, parseTeaching, sourcesOf } from '../../../console/shared/teaching/index.js';
import raw from '../../../console/shared/teaching/teaching.json' with { type: 'json' };

const clone = (): Record<string, unknown> => JSON.parse(JSON.stringify(raw)) as Record<string, unknown>;

describe('teaching data', () => {
  it('parses, is versioned and every fact cites a listed source', () => {
    expect(TEACHING.format).toBe('penbench-teaching');
    expect(TEACHING.version).toBeGreaterThanOrEqual(1);
    const facts = [TEACHING.common.passes, TEACHING.common.sessions, TEACHING.common.numbing, ...TEACHING.common.aftercare, ...TEACHING.common.contraindications, ...TEACHING.indications.flatMap((i) => i.notes)];
    for (const f of facts) expect(sourcesOf(f).length).toBe(f.sources.length);
    for (const s of TEACHING.sources) expect(s.url === null || s.url.startsWith('https://')).toBe(true);
  });

  it('has the issue’s indications at its depths: fine lines 0.25–0.5, acne scars 1.0–1.5, stretch marks ~2.0, scalp 0.5–1.0, around the eyes 0.25 mm', () => {
    const by = Object.fromEntries(TEACHING.indications.map((i) => [i.id, [i.from, i.to, i.preset, i.areas[0]]]));
    expect(by).toEqual({
      'fine-lines': [250, 500, 500, 'FOREHEAD'],
      'acne-scars': [1000, 1500, 1500, 'ACNE_SCAR'],
      'stretch-marks': [1500, 2000, 2000, 'BODY'],
      scalp: [500, 1000, 1000, 'SCALP'],
      'around-eyes': [250, 250, 250, 'PERIORBITAL'],
    });
  });

  it('each indication lies inside the recommended range of its areas in every stored profile', () => {
    for (const p of STORED_PROFILES.values()) {
      for (const i of TEACHING.indications) {
        for (const a of i.areas) {
          const row = p.rows.find((r) => r.area === a)!;
          expect(row, `${p.name} has ${a}`).toBeDefined();
          expect(i.preset, `${i.id} preset in ${p.name} ${a}`).toBeLessThanOrEqual(row.cap);
          expect([row.lo <= i.from, i.to <= row.hi], `${i.id} in ${p.name} ${a}`).toEqual([true, true]);
        }
      }
    }
  });

  it('the lesson walks forehead, around the eyes, cheek, acne scars and body, areas the profile has', () => {
    expect(TEACHING.lesson.map((s) => s.area)).toEqual(['FOREHEAD', 'PERIORBITAL', 'CHEEK', 'ACNE_SCAR', 'BODY']);
    for (const s of TEACHING.lesson) expect(DEFAULT_PROFILE.rows.some((r) => r.area === s.area)).toBe(true);
  });

  it('names what is wrong with a broken file', () => {
    const noSource = clone();
    (noSource.common as { passes: { sources: string[] } }).passes.sources = ['nowhere'];
    expect(parseTeaching(noSource)).toEqual({ ok: false, error: 'common.passes: unknown source "nowhere"' });
    const badRange = clone();
    (badRange.indications as { preset: number }[])[0]!.preset = 9000;
    expect(parseTeaching(badRange)).toEqual({ ok: false, error: 'indication fine-lines: needs from ≤ preset ≤ to, in µm' });
    const badArea = clone();
    (badArea.lesson as { area: string }[])[0]!.area = 'ELBOW';
    expect(parseTeaching(badArea)).toEqual({ ok: false, error: 'each lesson step needs a known area and what to say' });
    expect(parseTeaching({ format: 'other' })).toEqual({ ok: false, error: 'format must be "penbench-teaching"' });
  });

  it('finds the indications at a depth', () => {
    expect(indicationsAt(250).map((i) => i.id)).toEqual(['fine-lines', 'around-eyes']);
    expect(indicationsAt(1500).map((i) => i.id)).toEqual(['acne-scars', 'stretch-marks']);
    expect(indicationsAt(700).map((i) => i.id)).toEqual(['scalp']);
    expect(indicationsAt(2200)).toEqual([]);
  });
});

describe('areaName', () => {
  it('prefers the pen’s row name, then the teaching data’s, and never shows a bare id when it can help it', () => {
    expect(areaName('CHEEK', { rows: [{ area: 'CHEEK', name: 'Cheeks (pen)' }] })).toBe('Cheeks (pen)');
    expect(areaName('ACNE_SCAR')).toBe('Facial acne scars');
    expect(areaName('ACNE_SCAR', { short: true })).toBe('Acne scars');
    expect(areaName('UPPER_ARM')).toBe('Upper arm');
    expect(areaName('UPPER_ARM', { rows: [{ area: 'UPPER_ARM', name: 'Upper arms' }], short: true })).toBe('Upper arms');
  });
});
