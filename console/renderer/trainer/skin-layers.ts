/** The skin model of the trainer view (face, approximate) and the words for what a depth reaches. */
import { TEACHING, indicationsAt, mm } from '../../shared/teaching/index.js';

/** One layer, depths in µm from the surface. */
export interface SkinLayer {
  id: 'epidermis' | 'papillary' | 'reticular' | 'subcutis';
  name: string;
  from: number;
  to: number;
  colour: string;
}

/** Layers to 3 mm; the reticular dermis ends between 2 and 3 mm depending on the site, drawn at 2.5 mm. */
export const SKIN_LAYERS: readonly SkinLayer[] = [
  { id: 'epidermis', name: 'Epidermis', from: 0, to: 100, colour: '#e8b98f' },
  { id: 'papillary', name: 'Papillary dermis', from: 100, to: 500, colour: '#f29b9b' },
  { id: 'reticular', name: 'Reticular dermis', from: 500, to: 2500, colour: '#c65b67' },
  { id: 'subcutis', name: 'Subcutis', from: 2500, to: 3200, colour: '#f3d77a' },
];

/** The layer the needle tip is in at `um` (0 = retracted: null); a tip exactly on a boundary is in the upper layer. */
export function layerAt(um: number): SkinLayer | null {
  if (!(um > 0)) return null;
  return SKIN_LAYERS.find((l) => um <= l.to) ?? SKIN_LAYERS[SKIN_LAYERS.length - 1]!;
}

/** What a depth reaches, in words that change with the depth (not one fixed line per layer). */
export interface DepthCaption {
  /** "the papillary dermis". */
  layer: string;
  /** Where in the layer: "0.15 mm into it, 0.25 mm above the reticular dermis". */
  where: string;
  /** What that depth is used for, from the teaching data. */
  use: string;
}

const lower = (l: SkinLayer) => l.name.toLowerCase();

/** The caption for a tip at `um` (null when retracted). */
export function depthCaption(um: number): DepthCaption | null {
  const layer = layerAt(um);
  if (!layer) return null;
  const i = SKIN_LAYERS.indexOf(layer);
  const next = SKIN_LAYERS[i + 1];
  let where: string;
  if (next && um === layer.to) where = `on its boundary with the ${lower(next)}`;
  else if (layer.id === 'reticular' && um >= 2000) where = `${mm(um - layer.from)} into it: its deep part, where the dermis ends (≈ 2–3 mm, by site)`;
  else if (next) where = `${mm(um - layer.from)} into it, ${mm(layer.to - um)} above the ${lower(next)}`;
  else where = `${mm(um - layer.from)} below the dermis: deeper risks scarring, vessel and nerve damage`;
  const uses = indicationsAt(um);
  const deepest = Math.max(...TEACHING.indications.map((i) => i.to));
  const use = uses.length
    ? `depth used for ${uses.map((u) => u.title.toLowerCase()).join(', ')}`
    : um > deepest
      ? `deeper than any indication here (to ${mm(deepest)})`
      : 'no indication in the teaching data at this depth';
  return { layer: `the ${lower(layer)}`, where, use };
}

/** Where a depth stands against an area's guidance (the pen's AREA row). */
export function guidanceOf(um: number, lo?: number, hi?: number, cap?: number): { tone: 'ok' | 'warn' | 'bad' | 'none'; text: string } {
  if (lo === undefined || hi === undefined || cap === undefined) return { tone: 'none', text: 'The pen will not start until an area is selected.' };
  if (um > cap) return { tone: 'bad', text: 'Above the hard cap: the pen refuses this depth (SR-02).' };
  if (um > hi) return { tone: 'warn', text: 'Deeper than recommended for this area.' };
  if (um < lo) return { tone: 'warn', text: 'Shallower than recommended for this area.' };
  return { tone: 'ok', text: 'Within the recommended range.' };
}

/** Face and body regions of the area picker, by profile area id (other ids the pen reports are listed after these). */
export const AREA_ORDER: readonly string[] = [
  'FOREHEAD', 'GLABELLA', 'PERIORBITAL', 'NOSE', 'UPPER_LIP', 'CHEEKBONE', 'CHEEK', 'ACNE_SCAR', 'NECK', 'DECOLLETAGE', 'SCALP', 'BODY',
];
