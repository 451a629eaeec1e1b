/**
 * The trainer's pure parts: depth bounds from what the pen reports, the order
 * of SET_AREA and SET_DEPTH, the caption of a depth, and profile hashes and
 * differences (the hash as PROTOCOL.md defines it, against the simulator's).
 */
import { describe, expect, it } from 'vitest';
import { STORED_PROFILES } from '../../../firmware-sim/src/index.js';
import type { AreaRow } from '../../../console/shared/index.js';
import { depthBounds, planMove, sendMoves } from '../../../console/renderer/trainer/pen-moves.js';
import { diffProfiles, profileHash, type ProfileSnapshot } from '../../../console/renderer/trainer/profile-history.js';
import { depthCaption, layerAt } from '../../../console/renderer/trainer/skin-layers.js';

const INFO = { dmin: 250, dmax: 2500, dstep: 50 };
const row = (area: string, lo: number, hi: number, cap: number, i = 0): AreaRow => ({ i, area, name: area.toLowerCase(), lo, hi, cap });

describe('depth bounds', () => {
  it('come from the pen: INFO, then the area cap, then the cartridge, whichever is lowest', () => {
    expect(depthBounds(INFO)).toEqual({ min: 250, max: 2500, step: 50, dmax: 2500, maxBy: 'pen' });
    expect(depthBounds(INFO, row('NOSE', 250, 250, 500))).toMatchObject({ max: 500, maxBy: 'area' });
    expect(depthBounds(INFO, row('BODY', 1500, 2000, 2500), { status: 'OK', max: 1500 })).toMatchObject({ max: 1500, maxBy: 'cartridge' });
    expect(depthBounds({ dmin: 300, dmax: 1800, dstep: 100 })).toMatchObject({ min: 300, max: 1800, step: 100 });
    expect(depthBounds(null)).toBeNull();
  });
});

describe('planMove (SR-02: the pen refuses an area below the setpoint, and a depth above the area cap)', () => {
  it('sends the area first when going deeper, the depth first when going shallower', () => {
    expect(planMove({ area: 'FOREHEAD', um: 500 }, { area: 'BODY', um: 2000 })).toEqual([{ kind: 'area', area: 'BODY' }, { kind: 'depth', um: 2000 }]);
    expect(planMove({ area: 'BODY', um: 2000 }, { area: 'FOREHEAD', um: 500 })).toEqual([{ kind: 'depth', um: 500 }, { kind: 'area', area: 'FOREHEAD' }]);
    expect(planMove({ area: 'CHEEK', um: 500 }, { area: 'CHEEK', um: 500 })).toEqual([]);
    expect(planMove({ um: 500 }, { area: 'CHEEK' })).toEqual([{ kind: 'area', area: 'CHEEK' }]);
  });

  it('stops at the first refusal and reports the move the pen refused', async () => {
    const sent: string[] = [];
    const api = {
      setArea: async (a: string) => (sent.push(`area ${a}`), { ok: true as const }),
      setDepth: async (um: number) => (sent.push(`depth ${um}`), um > 750 ? { ok: false as const, code: 'DEPTH_AREA_LIMIT' as const, message: 'cap' } : { ok: true as const }),
    };
    const r = await sendMoves(api, [{ kind: 'depth', um: 800 }, { kind: 'area', area: 'FOREHEAD' }]);
    expect(r).toEqual({ ok: false, move: { kind: 'depth', um: 800 }, result: { ok: false, code: 'DEPTH_AREA_LIMIT', message: 'cap' } });
    expect(sent).toEqual(['depth 800']);
  });
});

describe('depth caption', () => {
  it('names the layer and where in it the tip is, so that 0.55 and 2.50 mm read differently', () => {
    expect(layerAt(0)).toBeNull();
    expect(depthCaption(550)).toEqual({ layer: 'the reticular dermis', where: '0.05 mm into it, 1.95 mm above the subcutis', use: 'depth used for scalp' });
    expect(depthCaption(2500)).toEqual({ layer: 'the reticular dermis', where: 'on its boundary with the subcutis', use: 'deeper than any indication here (to 2.00 mm)' });
    expect(depthCaption(250)?.use).toBe('depth used for fine lines and texture, around the eyes');
    expect(depthCaption(2050)?.where).toBe('1.55 mm into it: its deep part, where the dermis ends (≈ 2–3 mm, by site)');
  });
});

describe('profiles', () => {
  it('hash the rows the pen reports as PROTOCOL.md says, equal to the simulator’s phash for each stored profile', async () => {
    for (const p of STORED_PROFILES.values()) {
      const rows = p.rows.map((r, i) => ({ i, ...r }));
      expect(await profileHash(p.name, p.version, rows)).toBe(p.hash);
    }
  });

  it('lists the areas whose range or cap changed, were added or removed', () => {
    const snap = (name: string, rows: AreaRow[]): ProfileSnapshot => ({ name, version: 1, hash: '00000000', rows });
    const a = snap('A', [row('FOREHEAD', 250, 500, 750), row('NOSE', 250, 250, 500, 1), row('NECK', 500, 500, 1000, 2)]);
    const b = snap('B', [row('FOREHEAD', 250, 500, 500), row('NOSE', 250, 250, 500, 1), row('SCALP', 500, 1000, 1000, 2)]);
    expect(diffProfiles(a, b)).toEqual([
      { area: 'FOREHEAD', name: 'forehead', before: a.rows[0], after: b.rows[0] },
      { area: 'SCALP', name: 'scalp', after: b.rows[2] },
      { area: 'NECK', name: 'neck', before: a.rows[2] },
    ]);
  });
});
