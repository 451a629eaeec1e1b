/** The skin model of the trainer view (DESIGN §1, face, approximate) and what a depth reaches. */

/** One layer, depths in µm from the surface. */
export interface SkinLayer {
  id: 'epidermis' | 'papillary' | 'reticular' | 'subcutis';
  name: string;
  from: number;
  to: number;
  colour: string;
  /** What needling this layer does, for the trainer's caption. */
  note: string;
}

/** Layers to 3 mm; the reticular dermis ends somewhere between 2 and 3 mm depending on the site, drawn at 2.5 mm. */
export const SKIN_LAYERS: readonly SkinLayer[] = [
  { id: 'epidermis', name: 'Epidermis', from: 0, to: 100, colour: '#e8b98f', note: 'outer layer; product absorption only' },
  { id: 'papillary', name: 'Papillary dermis', from: 100, to: 500, colour: '#f29b9b', note: 'fine lines, texture, pores (0.25–0.5 mm)' },
  { id: 'reticular', name: 'Reticular dermis', from: 500, to: 2500, colour: '#c65b67', note: 'wrinkles, acne scars (1–1.5 mm); scars and stretch marks (~2 mm)' },
  { id: 'subcutis', name: 'Subcutis', from: 2500, to: 3200, colour: '#f3d77a', note: 'fat below the dermis: deeper risks scarring, vessel and nerve damage' },
];

/** The layer the needle tip is in at `um` (0 = retracted: null). */
export function layerAt(um: number): SkinLayer | null {
  if (!(um > 0)) return null;
  return SKIN_LAYERS.find((l) => um <= l.to) ?? SKIN_LAYERS[SKIN_LAYERS.length - 1]!;
}

/** Where a depth stands against an area's guidance. */
export function guidanceOf(um: number, lo?: number, hi?: number, cap?: number): { tone: 'ok' | 'warn' | 'bad' | 'none'; text: string } {
  if (lo === undefined || hi === undefined || cap === undefined) return { tone: 'none', text: 'No area selected: only the 2.5 mm hardware ceiling applies.' };
  if (um > cap) return { tone: 'bad', text: 'Above the hard cap: the pen refuses this depth (SR-02).' };
  if (um > hi) return { tone: 'warn', text: 'Deeper than recommended for this area.' };
  if (um < lo) return { tone: 'warn', text: 'Shallower than recommended for this area.' };
  return { tone: 'ok', text: 'Within the recommended range.' };
}

/** Face and body regions of the area picker, by profile area id. */
export const AREA_GROUPS: readonly { region: string; areas: readonly string[] }[] = [
  { region: 'Face', areas: ['FOREHEAD', 'GLABELLA', 'PERIORBITAL', 'NOSE', 'UPPER_LIP', 'CHEEKBONE', 'CHEEK', 'ACNE_SCAR'] },
  { region: 'Neck and chest', areas: ['NECK', 'DECOLLETAGE'] },
  { region: 'Scalp', areas: ['SCALP'] },
  { region: 'Body', areas: ['BODY'] },
];
