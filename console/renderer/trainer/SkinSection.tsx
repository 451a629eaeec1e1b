/**
 * A to-scale skin cross-section (200 px per mm): the layers, the needle at
 * the set depth (outline) and at the measured depth (solid), the selected
 * area's recommended range (green band) and hard cap (red line), and the
 * cartridge's rated max (purple dashes).
 */
import { SKIN_LAYERS } from './skin-layers.js';

const PX_PER_MM = 200;
const TOP = 110; // skin surface, px
const W = 920;
const SECTION_W = 560;
const BOTTOM_MM = 3.0;
const H = TOP + BOTTOM_MM * PX_PER_MM + 30;
const y = (um: number): number => TOP + (um / 1000) * PX_PER_MM;

/** Props: depths in µm. */
export interface SkinSectionProps {
  setUm: number;
  measuredUm: number;
  lo?: number;
  hi?: number;
  cap?: number;
  cartMax?: number;
}

function Needle({ x, um, solid, label }: { x: number; um: number; solid: boolean; label: string }) {
  const tip = y(Math.max(0, um));
  const bodyTop = 18;
  const shaftEnd = Math.max(bodyTop + 40, tip - 18);
  return (
    <g className={solid ? 'needle-measured' : 'needle-set'} aria-hidden="true">
      {/* Handpiece tip above the skin. */}
      <rect x={x - 26} y={bodyTop} width={52} height={40} rx={6} fill={solid ? '#4b5563' : 'none'} stroke={solid ? '#111827' : '#60a5fa'} strokeWidth={3} strokeDasharray={solid ? undefined : '8 5'} />
      <path
        d={`M ${x - 6} ${bodyTop + 40} L ${x - 6} ${shaftEnd} L ${x} ${tip} L ${x + 6} ${shaftEnd} L ${x + 6} ${bodyTop + 40} Z`}
        fill={solid ? '#e5e7eb' : 'none'} stroke={solid ? '#111827' : '#60a5fa'} strokeWidth={solid ? 2.5 : 3} strokeDasharray={solid ? undefined : '8 5'}
      />
      <text x={x} y={bodyTop - 4} textAnchor="middle" className="svg-label-small" fill={solid ? '#f9fafb' : '#93c5fd'}>
        {label}
      </text>
    </g>
  );
}

/** The SVG; `role="img"` with a description for screen readers. */
export function SkinSection(p: SkinSectionProps) {
  const { setUm, measuredUm, lo, hi, cap, cartMax } = p;
  const desc = `Skin cross-section to scale. Set depth ${(setUm / 1000).toFixed(2)} mm, measured ${(measuredUm / 1000).toFixed(2)} mm.`;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="skin-section" role="img" aria-label={desc} preserveAspectRatio="xMidYMin meet">
      <rect x={0} y={0} width={W} height={TOP} fill="#0b1220" />
      {SKIN_LAYERS.map((l) => (
        <g key={l.id}>
          <rect x={60} y={y(l.from)} width={SECTION_W} height={y(Math.min(l.to, BOTTOM_MM * 1000)) - y(l.from)} fill={l.colour} />
          <text
            x={SECTION_W + 80} y={l.id === 'epidermis' ? y(l.from) + 18 : (y(l.from) + y(Math.min(l.to, BOTTOM_MM * 1000))) / 2 + 10}
            className="svg-label" fill="#f9fafb"
          >
            {l.name}
          </text>
          <line x1={SECTION_W + 60} x2={SECTION_W + 74} y1={y(l.to)} y2={y(l.to)} stroke="#f9fafb" strokeWidth={2} />
        </g>
      ))}
      <text x={SECTION_W + 80} y={y(2500) + 26} className="svg-label-small" fill="#d1d5db">
        dermis ends ≈ 2–3 mm
      </text>
      {/* Depth ruler. */}
      {Array.from({ length: 13 }, (_, i) => i * 250).map((um) => (
        <g key={um}>
          <line x1={44} x2={60} y1={y(um)} y2={y(um)} stroke="#f9fafb" strokeWidth={um % 500 === 0 ? 3 : 1.5} />
          {um % 500 === 0 && (
            <text x={38} y={y(um) + 8} textAnchor="end" className="svg-label-small" fill="#f9fafb">
              {(um / 1000).toFixed(1)}
            </text>
          )}
        </g>
      ))}
      <text x={8} y={TOP - 10} className="svg-label-small" fill="#f9fafb">
        mm
      </text>
      {lo !== undefined && hi !== undefined && (
        <g className="recommended">
          <rect x={60} y={y(lo) - 3} width={SECTION_W} height={Math.max(6, y(hi) - y(lo) + 6)} fill="#4ade80" fillOpacity={0.5} stroke="#22c55e" strokeWidth={4} />
          <text x={74} y={y(hi) + 30} className="svg-label-mid" fill="#bbf7d0" stroke="#052e16" strokeWidth={4} paintOrder="stroke">
            recommended {(lo / 1000).toFixed(2)}–{(hi / 1000).toFixed(2)} mm
          </text>
        </g>
      )}
      {cap !== undefined && (
        <g className="hard-cap">
          <line x1={60} x2={60 + SECTION_W} y1={y(cap)} y2={y(cap)} stroke="#ef4444" strokeWidth={5} />
          <text x={74} y={y(cap) - 10} className="svg-label" fill="#fecaca" stroke="#450a0a" strokeWidth={4} paintOrder="stroke">
            hard cap {(cap / 1000).toFixed(2)} mm
          </text>
        </g>
      )}
      {cartMax !== undefined && cartMax < 2500 && (
        <g className="cart-max">
          <line x1={60} x2={60 + SECTION_W} y1={y(cartMax)} y2={y(cartMax)} stroke="#a855f7" strokeWidth={4} strokeDasharray="14 8" />
          <text x={74} y={y(cartMax) - 10} className="svg-label-small" fill="#e9d5ff">
            cartridge max {(cartMax / 1000).toFixed(2)} mm
          </text>
        </g>
      )}
      <line x1={60} x2={60 + SECTION_W} y1={y(setUm)} y2={y(setUm)} stroke="#60a5fa" strokeWidth={3} strokeDasharray="10 6" />
      <Needle x={460} um={setUm} solid={false} label="set" />
      <Needle x={580} um={measuredUm} solid label="measured" />
    </svg>
  );
}
