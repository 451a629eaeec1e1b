/**
 * The treatment area, from the pen's profile rows. Choosing with the mouse (or Enter in the open list) sends
 * SET_AREA at once; arrowing through the closed drop-down only browses — the area goes to the pen on Enter, and
 * leaving the field without Enter keeps the pen's area — so one key press never sends one SET_AREA each.
 */
import { useRef, useState, type KeyboardEvent } from 'react';
import type { AreaRow } from '../../../shared/index.js';
import { mm } from '../format.js';
import { rangeText } from '../pen-words.js';
import { useCommand, usePenApi } from '../use-pen.js';

/** Keys that move a closed select's choice without opening it. */
const BROWSE_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown']);

const range = (a: AreaRow) => rangeText(a.lo, a.hi);

/** The select, its guidance and the pen's answer. */
export function AreaSelect({ areas, selected, disabled, cartMax }: { areas: AreaRow[]; selected: string | undefined; disabled: boolean; cartMax: number | undefined }) {
  const api = usePenApi();
  const cmd = useCommand();
  const [draft, setDraft] = useState<string | null>(null);
  // Set by a browsing key press; the change event it causes (in the same task) then only moves the draft.
  const browsing = useRef(false);
  const current = areas.find((a) => a.area === selected);
  const pending = draft !== null && draft !== (selected ?? '') ? areas.find((a) => a.area === draft) : undefined;

  const send = (area: string) => {
    setDraft(null);
    if (area && area !== selected) void cmd.run(() => api.setArea(area));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLSelectElement>) => {
    if (e.key === 'Enter' && draft !== null) {
      e.preventDefault();
      send(draft);
      return;
    }
    if (!e.altKey && (BROWSE_KEYS.has(e.key) || (e.key.length === 1 && e.key !== ' '))) {
      browsing.current = true;
      setTimeout(() => {
        browsing.current = false;
      }, 0);
    }
  };

  return (
    <div className="control">
      <label htmlFor="area">Treatment area</label>
      <select
        id="area"
        disabled={disabled}
        value={draft ?? selected ?? ''}
        onKeyDown={onKeyDown}
        onChange={(e) => (browsing.current ? setDraft(e.target.value) : send(e.target.value))}
        onBlur={() => setDraft(null)}
        aria-describedby="area-guide"
      >
        <option value="" disabled>
          {areas.length ? 'Choose an area…' : 'No profile loaded'}
        </option>
        {areas.map((a) => (
          <option key={a.area} value={a.area}>
            {a.name} — recommended {range(a)}, cap {mm(a.cap)}
          </option>
        ))}
      </select>
      <p id="area-guide" className="area-guide" data-testid="area-guide">
        {pending ? (
          <span data-testid="area-pending">
            Press Enter to select <strong>{pending.name}</strong> on the pen.
          </span>
        ) : current ? (
          <>
            Recommended <strong>{range(current)}</strong> · hard cap <strong>{mm(current.cap)}</strong>
            {cartMax !== undefined && (
              <>
                {' '}
                · cartridge max <strong>{mm(cartMax)}</strong>
              </>
            )}
          </>
        ) : (
          '\u00a0'
        )}
      </p>
      {cmd.refusal && <p className="refusal" role="alert">{cmd.refusal}</p>}
    </div>
  );
}
