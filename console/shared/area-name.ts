/** Display names of treatment areas: the pen's own row name first, then the teaching data's, never a bare id when a name is known. */
import type { AreaRow } from './pen-api.js';
import { TEACHING } from './teaching/teaching.js';

/** The name to show for an area id; `short` picks a compact form for chart axes. */
export function areaName(id: string, opts: { rows?: readonly Pick<AreaRow, 'area' | 'name'>[]; short?: boolean } = {}): string {
  const known = TEACHING.areas[id];
  if (opts.short && known) return known.short;
  const row = opts.rows?.find((r) => r.area === id);
  if (row) return row.name;
  if (known) return known.name;
  // An area this console has no name for (a newer profile): readable, and still recognisable as the pen's id.
  const words = id.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
