/** The pen's treatment areas as a compact grid of buttons (the selected area's range and cap are shown beside the face map). */
import type { AreaRow } from '../../shared/index.js';
import { areaName, mm } from '../../shared/index.js';
import { AREA_ORDER } from './skin-layers.js';

const range = (r: AreaRow) => (r.lo === r.hi ? (r.lo / 1000).toFixed(2) : `${(r.lo / 1000).toFixed(2)}–${(r.hi / 1000).toFixed(2)}`);

/** Rows in face-to-body order; rows of ids this console does not know follow in the pen's order. */
export function orderedAreas(rows: readonly AreaRow[]): AreaRow[] {
  const rank = (id: string) => {
    const i = AREA_ORDER.indexOf(id);
    return i < 0 ? AREA_ORDER.length : i;
  };
  return [...rows].sort((a, b) => rank(a.area) - rank(b.area) || a.i - b.i);
}

/** Props of the list. */
export interface AreaListProps {
  areas: readonly AreaRow[];
  selected?: string | undefined;
  disabled?: boolean;
  onSelect(area: string): void;
}

/** One button per area; the selected one is pressed. The full name, range and cap are read out with the visible label and shown as its tooltip. */
export function AreaList({ areas, selected, disabled, onSelect }: AreaListProps) {
  return (
    <div className="area-list" role="group" aria-label="Treatment areas">
      {orderedAreas(areas).map((r) => (
        <button
          key={r.area} type="button" className={`btn area-btn${selected === r.area ? ' selected' : ''}`} aria-pressed={selected === r.area}
          disabled={disabled} onClick={() => onSelect(r.area)} data-area={r.area} title={`${r.name}: recommended ${range(r)} mm, hard cap ${mm(r.cap)}`}
        >
          {areaName(r.area, { rows: areas, short: true })}
          <span className="sr-only">
            : {r.name}, recommended {range(r)} mm, hard cap {mm(r.cap)}
          </span>
        </button>
      ))}
    </div>
  );
}
