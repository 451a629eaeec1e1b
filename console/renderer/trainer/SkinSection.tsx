/**
 * A skin cross-section drawn to one scale (a visible 1 mm bar and a mm ruler,
 * so it stays true however the drawing is sized): the layers to 3 mm, needles
 * (set and measured, or the two depths of a comparison), the selected area's
 * recommended range (green) and hard cap (red), and the cartridge's rating.
 */
import { mm } from '../../shared/index.js';
import { SKIN_LAYERS } from './skin-layers.js';

/** Drawing units per millimetre of depth (the 1 mm scale bar is this long). */
export const UNITS_PER_MM = 100;
const TOP = 76; // skin surface
const BOTTOM_UM = 3000;
const X0 = 52; // section's left edge
const SECTION_W = 172;
const X1 = X0 + SECTION_W;
const W = X1 + 126;
const H = TOP + (BOTTOM_UM / 1000) * UNITS_PER_MM + 54;
const y = (um: number): number => TOP + (um / 1000) * UNITS_PER_MM;
const short = (um: number) => (um / 1000).toFixed(2);

/** A needle to draw: depth µm (0 = retracted) and how. */
export interface NeedleMark {
  um: number;
  kind: 'set' | 'measured' | 'a' | 'b';
  label: string;
}

/** Props: depths in µm. */
export interface SkinSectionProps {
  needles: readonly NeedleMark[];
  lo?: number;
  hi?: number;
  cap?: number;
  cartMax?: number;
  /** Greyed, without needles or area marks (no pen yet). */
  idle?: boolean;
}

const STYLE: Record<NeedleMark['kind'], { stroke: string; fill: string; dash?: string; text: string }> = {
  set: { stroke: '#60a5fa', fill: 'none', dash: '7 4', text: '#bfdbfe' },
  measured: { stroke: '#111827', fill: '#e5e7eb', text: '#f9fafb' },
  a: { stroke: '#1e3a8a', fill: '#93c5fd', text: '#bfdbfe' },
  b: { stroke: '#713f12', fill: '#fde047', text: '#fef08a' },
};

function Needle({ x, mark }: { x: number; mark: NeedleMark }) {
  const s = STYLE[mark.kind];
  const tip = y(Math.max(0, mark.um));
  const bodyTop = 24;
  const bodyBottom = bodyTop + 30;
  const shaftEnd = Math.max(bodyBottom + 4, tip - 12);
  return (
    <g className={`needle needle-${mark.kind}`} data-um={mark.um} aria-hidden="true">
      <rect x={x - 17} y={bodyTop} width={34} height={30} rx={5} fill={mark.kind === 'measured' ? '#4b5563' : s.fill} stroke={s.stroke} strokeWidth={2.5} strokeDasharray={s.dash} />
      <path
        d={`M ${x - 4} ${bodyBottom} L ${x - 4} ${shaftEnd} L ${x} ${tip} L ${x + 4} ${shaftEnd} L ${x + 4} ${bodyBottom} Z`}
        fill={s.fill} stroke={s.stroke} strokeWidth={2} strokeDasharray={s.dash}
      />
      <text x={x} y={bodyTop - 6} textAnchor="middle" className="sv-s" fill={s.text}>
        {mark.label}
      </text>
    </g>
  );
}

/** Right-margin labels at their depth, pushed apart so that none overlaps another. */
function spread<T extends { y: number }>(items: T[], gap = 17): T[] {
  const sorted = [...items].sort((a, b) => a.y - b.y);
  for (let i = 1; i < sorted.length; i++) sorted[i]!.y = Math.max(sorted[i]!.y, sorted[i - 1]!.y + gap);
  return sorted;
}

/** The SVG; `role="img"` with a description for screen readers. */
export function SkinSection(p: SkinSectionProps) {
  const { needles, lo, hi, cap, cartMax, idle } = p;
  const shown = idle ? [] : needles;
  const desc = idle
    ? 'Skin cross-section: epidermis, papillary dermis, reticular dermis and subcutis, to 3 mm.'
    : `Skin cross-section. ${shown.map((n) => `${n.label} ${mm(n.um)}`).join(', ')}.` +
      (cap !== undefined ? ` Hard cap ${mm(cap)}.` : '') +
      (lo !== undefined && hi !== undefined ? ` Recommended ${mm(lo)} to ${mm(hi)}.` : '');
  const marks = spread([
    ...(!idle && lo !== undefined && hi !== undefined
      ? [{ key: 'rec', y: (y(lo) + y(hi)) / 2 + 5, text: lo === hi ? `rec. ${short(lo)}` : `rec. ${short(lo)}–${short(hi)}`, fill: '#86efac' }]
      : []),
    ...(!idle && cap !== undefined ? [{ key: 'cap', y: y(cap) + 5, text: `cap ${short(cap)}`, fill: '#fca5a5' }] : []),
    ...(!idle && cartMax !== undefined && cartMax < BOTTOM_UM ? [{ key: 'cart', y: y(cartMax) + 5, text: `cart. ${short(cartMax)}`, fill: '#d8b4fe' }] : []),
  ]);
  const xs = shown.length === 1 ? [X0 + SECTION_W / 2] : [X0 + SECTION_W * 0.3, X0 + SECTION_W * 0.7];
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className={`skin-section${idle ? ' idle' : ''}`} role="img" aria-label={desc} data-testid="skin-section">
      {SKIN_LAYERS.map((l) => {
        const top = y(l.from);
        const bottom = y(Math.min(l.to, BOTTOM_UM));
        return (
          <g key={l.id} data-layer={l.id}>
            <rect x={X0} y={top} width={SECTION_W} height={bottom - top} fill={l.colour} />
            {l.id !== 'epidermis' && (
              <text x={X0 + 6} y={l.id === 'papillary' ? bottom - 8 : l.id === 'reticular' ? y(1250) : (top + bottom) / 2 + 6} className="sv-m layer-name" fill="#1f2937">
                {l.name}
              </text>
            )}
          </g>
        );
      })}
      <text x={X1 + 4} y={TOP - 4} className="sv-s" fill="#f3d2b3">
        epidermis
      </text>
      <line x1={X1} x2={X1 + 4} y1={y(50)} y2={TOP - 10} stroke="#f3d2b3" strokeWidth={1.5} />
      {/* Ruler in mm. */}
      {Array.from({ length: BOTTOM_UM / 250 + 1 }, (_, i) => i * 250).map((um) => (
        <g key={um}>
          <line x1={X0 - (um % 500 === 0 ? 12 : 7)} x2={X0} y1={y(um)} y2={y(um)} stroke="#f9fafb" strokeWidth={um % 500 === 0 ? 2 : 1} />
          {um % 500 === 0 && (
            <text x={X0 - 15} y={y(um) + 5} textAnchor="end" className="sv-s ruler-mm" fill="#f9fafb">
              {(um / 1000).toFixed(1)}
            </text>
          )}
        </g>
      ))}
      <text x={X0 - 15} y={TOP - 16} textAnchor="end" className="sv-s" fill="#f9fafb">
        mm
      </text>
      {!idle && lo !== undefined && hi !== undefined && (
        <rect className="recommended" x={X0} y={y(lo) - 2} width={SECTION_W} height={Math.max(4, y(hi) - y(lo) + 4)} fill="#4ade80" fillOpacity={0.45} stroke="#16a34a" strokeWidth={2.5} />
      )}
      {!idle && cap !== undefined && <line className="hard-cap" x1={X0} x2={X1} y1={y(cap)} y2={y(cap)} stroke="#ef4444" strokeWidth={3.5} />}
      {!idle && cartMax !== undefined && cartMax < BOTTOM_UM && (
        <line className="cart-max" x1={X0} x2={X1} y1={y(cartMax)} y2={y(cartMax)} stroke="#a855f7" strokeWidth={3} strokeDasharray="9 5" />
      )}
      {marks.map((m) => (
        <text key={m.key} x={X1 + 6} y={m.y} className="sv-s" fill={m.fill} data-mark={m.key}>
          {m.text}
        </text>
      ))}
      {shown.filter((n) => n.kind === 'set').map((n) => (
        <line key="set-line" x1={X0} x2={X1} y1={y(n.um)} y2={y(n.um)} stroke="#60a5fa" strokeWidth={2} strokeDasharray="7 4" />
      ))}
      {shown.map((n, i) => (
        <Needle key={n.kind} x={xs[i] ?? X0 + SECTION_W / 2} mark={n} />
      ))}
      {/* The scale bar: exactly 1 mm at the drawing's scale, whatever size it is shown at. */}
      <g className="scale-bar" data-testid="scale-bar" data-units={UNITS_PER_MM}>
        <line x1={X0} x2={X0 + UNITS_PER_MM} y1={H - 22} y2={H - 22} stroke="#f9fafb" strokeWidth={4} />
        <line x1={X0} x2={X0} y1={H - 30} y2={H - 14} stroke="#f9fafb" strokeWidth={2} />
        <line x1={X0 + UNITS_PER_MM} x2={X0 + UNITS_PER_MM} y1={H - 30} y2={H - 14} stroke="#f9fafb" strokeWidth={2} />
        <text x={X0 + UNITS_PER_MM + 8} y={H - 16} className="sv-s" fill="#f9fafb">
          1 mm
        </text>
      </g>
    </svg>
  );
}
