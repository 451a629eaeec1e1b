/**
 * A face and neck schematic whose regions select a treatment area. "Around
 * the eyes" is the ring outside each orbital rim (the dashed line), never the
 * eyes or eyelids. Only areas the pen's profile reports are drawn.
 */
import type { KeyboardEvent } from 'react';
import type { AreaRow } from '../../shared/index.js';
import { mm } from '../../shared/index.js';

type Shape = { kind: 'ellipse'; cx: number; cy: number; rx: number; ry: number } | { kind: 'path'; d: string; evenOdd?: boolean };

/** An ellipse as a closed path (so two can make a ring). */
const ellipsePath = (cx: number, cy: number, rx: number, ry: number) =>
  `M ${cx - rx} ${cy} a ${rx} ${ry} 0 1 0 ${2 * rx} 0 a ${rx} ${ry} 0 1 0 ${-2 * rx} 0 Z`;

const EYES = [95, 165] as const;
const EYE_Y = 128;
/** The orbital rim (bone around the eye socket) and the outer edge of the periorbital ring, as ellipse radii. */
export const ORBITAL_RIM = { rx: 22, ry: 16 } as const;
const RING_OUT = { rx: 30, ry: 22 } as const;

/** Clickable regions by area id (ACNE_SCAR and BODY are in the list only: they are not one place on a face). */
const REGIONS: Record<string, Shape[]> = {
  SCALP: [{ kind: 'path', d: 'M 45 95 Q 50 18 130 15 Q 210 18 215 95 Q 190 55 130 52 Q 70 55 45 95 Z' }],
  FOREHEAD: [{ kind: 'ellipse', cx: 130, cy: 80, rx: 62, ry: 20 }],
  GLABELLA: [{ kind: 'ellipse', cx: 130, cy: 110, rx: 8, ry: 9 }],
  PERIORBITAL: EYES.map((cx) => ({
    kind: 'path' as const, evenOdd: true,
    d: `${ellipsePath(cx, EYE_Y, RING_OUT.rx, RING_OUT.ry)} ${ellipsePath(cx, EYE_Y, ORBITAL_RIM.rx, ORBITAL_RIM.ry)}`,
  })),
  NOSE: [{ kind: 'path', d: 'M 126 132 L 119 174 Q 130 182 141 174 L 134 132 Z' }],
  CHEEKBONE: [{ kind: 'ellipse', cx: 74, cy: 168, rx: 16, ry: 10 }, { kind: 'ellipse', cx: 186, cy: 168, rx: 16, ry: 10 }],
  UPPER_LIP: [{ kind: 'ellipse', cx: 130, cy: 193, rx: 20, ry: 6 }],
  CHEEK: [
    { kind: 'ellipse', cx: 90, cy: 205, rx: 19, ry: 22 }, { kind: 'ellipse', cx: 170, cy: 205, rx: 19, ry: 22 },
    { kind: 'ellipse', cx: 130, cy: 242, rx: 22, ry: 10 },
  ],
  NECK: [{ kind: 'path', d: 'M 100 264 L 160 264 L 166 310 L 94 310 Z' }],
  DECOLLETAGE: [{ kind: 'path', d: 'M 94 312 L 166 312 Q 220 322 245 355 L 15 355 Q 40 322 94 312 Z' }],
};

/** Props of the map. */
export interface FaceMapProps {
  areas: readonly AreaRow[];
  selected?: string | undefined;
  disabled?: boolean;
  onSelect(area: string): void;
}

/** The schematic; each region is a button (Enter or Space) named by the pen's area name and range. */
export function FaceMap({ areas, selected, disabled, onSelect }: FaceMapProps) {
  const known = new Map(areas.map((a) => [a.area, a]));
  const key = (area: string) => (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect(area);
    }
  };
  return (
    <svg viewBox="0 0 260 360" className="face-map" role="group" aria-label="Treatment areas on a face and neck">
      <ellipse cx={130} cy={150} rx={88} ry={115} fill="#f3c9a5" stroke="#f9fafb" strokeWidth={2} pointerEvents="none" />
      {EYES.map((cx) => (
        <g key={cx} pointerEvents="none" aria-hidden="true">
          <path d={`M ${cx - 15} ${EYE_Y} Q ${cx} ${EYE_Y - 10} ${cx + 15} ${EYE_Y} Q ${cx} ${EYE_Y + 10} ${cx - 15} ${EYE_Y} Z`} fill="#f9fafb" stroke="#4b5563" strokeWidth={1.5} />
          <circle cx={cx} cy={EYE_Y} r={4.5} fill="#1e3a8a" />
          <ellipse className="orbital-rim" cx={cx} cy={EYE_Y} rx={ORBITAL_RIM.rx} ry={ORBITAL_RIM.ry} fill="none" stroke="#7c2d12" strokeWidth={1.5} strokeDasharray="3 2" />
        </g>
      ))}
      {Object.entries(REGIONS).map(([area, shapes]) => {
        const row = known.get(area);
        if (!row) return null;
        const on = selected === area;
        return (
          <g
            key={area} className={`region${on ? ' selected' : ''}`} role="button" tabIndex={disabled ? -1 : 0} aria-pressed={on} aria-disabled={disabled || undefined}
            aria-label={`${row.name}: recommended ${row.lo === row.hi ? mm(row.lo) : `${mm(row.lo)} to ${mm(row.hi)}`}, hard cap ${mm(row.cap)}`}
            onClick={() => !disabled && onSelect(area)} onKeyDown={disabled ? undefined : key(area)} data-area={area}
          >
            <title>{row.name}</title>
            {shapes.map((s, i) =>
              s.kind === 'ellipse' ? (
                <ellipse key={i} cx={s.cx} cy={s.cy} rx={s.rx} ry={s.ry} />
              ) : (
                <path key={i} d={s.d} fillRule={s.evenOdd ? 'evenodd' : undefined} />
              ),
            )}
          </g>
        );
      })}
    </svg>
  );
}
