/** Pick a treatment area on a face and body schematic, or from a list grouped by region. */
import type { KeyboardEvent } from 'react';
import type { AreaRow } from '../../shared/index.js';
import { AREA_GROUPS } from './skin-layers.js';

type Shape = { kind: 'ellipse'; cx: number; cy: number; rx: number; ry: number } | { kind: 'path'; d: string };

/** Clickable regions of the schematic, by area id (ACNE_SCAR and BODY are in the list only: they are not one place). */
const REGIONS: Record<string, Shape[]> = {
  SCALP: [{ kind: 'path', d: 'M 45 95 Q 50 18 130 15 Q 210 18 215 95 Q 190 55 130 52 Q 70 55 45 95 Z' }],
  FOREHEAD: [{ kind: 'ellipse', cx: 130, cy: 82, rx: 62, ry: 20 }],
  GLABELLA: [{ kind: 'ellipse', cx: 130, cy: 113, rx: 11, ry: 10 }],
  PERIORBITAL: [{ kind: 'ellipse', cx: 95, cy: 128, rx: 22, ry: 13 }, { kind: 'ellipse', cx: 165, cy: 128, rx: 22, ry: 13 }],
  NOSE: [{ kind: 'path', d: 'M 124 125 L 118 172 Q 130 180 142 172 L 136 125 Z' }],
  CHEEKBONE: [{ kind: 'ellipse', cx: 76, cy: 160, rx: 17, ry: 11 }, { kind: 'ellipse', cx: 184, cy: 160, rx: 17, ry: 11 }],
  UPPER_LIP: [{ kind: 'ellipse', cx: 130, cy: 192, rx: 22, ry: 7 }],
  CHEEK: [
    { kind: 'ellipse', cx: 88, cy: 198, rx: 20, ry: 24 }, { kind: 'ellipse', cx: 172, cy: 198, rx: 20, ry: 24 },
    { kind: 'ellipse', cx: 130, cy: 240, rx: 24, ry: 11 },
  ],
  NECK: [{ kind: 'path', d: 'M 100 262 L 160 262 L 166 310 L 94 310 Z' }],
  DECOLLETAGE: [{ kind: 'path', d: 'M 94 312 L 166 312 Q 220 322 245 355 L 15 355 Q 40 322 94 312 Z' }],
};

/** Props of the picker. */
export interface AreaPickerProps {
  areas: readonly AreaRow[];
  selected?: string;
  disabled?: boolean;
  onSelect(area: string): void;
}

/** The schematic and the grouped list; both call onSelect with the area id. */
export function AreaPicker({ areas, selected, disabled, onSelect }: AreaPickerProps) {
  const known = new Map(areas.map((a) => [a.area, a]));
  const key = (area: string) => (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect(area);
    }
  };
  const grouped = AREA_GROUPS.map((g) => ({ region: g.region, rows: g.areas.map((a) => known.get(a)).filter((r): r is AreaRow => !!r) }));
  const listed = new Set(AREA_GROUPS.flatMap((g) => g.areas));
  const other = areas.filter((a) => !listed.has(a.area));
  if (other.length) grouped.push({ region: 'Other', rows: other });
  return (
    <div className="area-picker">
      <svg viewBox="0 0 260 360" className="face-map" aria-label="Treatment areas on a face and neck">
        <ellipse cx={130} cy={150} rx={88} ry={115} fill="#f3c9a5" stroke="#f9fafb" strokeWidth={2} pointerEvents="none" />
        {Object.entries(REGIONS).map(([area, shapes]) => {
          const row = known.get(area);
          if (!row) return null;
          const cls = `region${selected === area ? ' selected' : ''}`;
          return (
            <g
              key={area} className={cls} role="button" tabIndex={disabled ? -1 : 0} aria-pressed={selected === area}
              aria-label={`${row.name}: recommended ${(row.lo / 1000).toFixed(2)}–${(row.hi / 1000).toFixed(2)} mm`}
              onClick={() => !disabled && onSelect(area)} onKeyDown={disabled ? undefined : key(area)} data-area={area}
            >
              <title>{row.name}</title>
              {shapes.map((s, i) =>
                s.kind === 'ellipse' ? <ellipse key={i} cx={s.cx} cy={s.cy} rx={s.rx} ry={s.ry} /> : <path key={i} d={s.d} />,
              )}
            </g>
          );
        })}
      </svg>
      <div className="area-list">
        {grouped.map((g) =>
          g.rows.length === 0 ? null : (
            <fieldset key={g.region}>
              <legend>{g.region}</legend>
              {g.rows.map((r) => (
                <button
                  key={r.area} type="button" className={`btn area-btn${selected === r.area ? ' selected' : ''}`} aria-pressed={selected === r.area}
                  disabled={disabled} onClick={() => onSelect(r.area)} data-area={r.area}
                >
                  {r.name}
                  <span className="area-range">
                    {(r.lo / 1000).toFixed(2)}
                    {r.hi !== r.lo ? `–${(r.hi / 1000).toFixed(2)}` : ''} mm
                  </span>
                </button>
              ))}
            </fieldset>
          ),
        )}
      </div>
    </div>
  );
}
