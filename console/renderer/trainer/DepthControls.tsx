/**
 * Setting a depth quickly: a slider and −/+ steps bounded by what the pen
 * reports (INFO dmin/dmax/dstep, the area's cap, the cartridge's rating), a
 * typed value, and presets by indication. Every control sends SET_DEPTH (and
 * SET_AREA for a preset); the pen's answer is shown by the caller.
 */
import { useEffect, useState } from 'react';
import { mm } from '../../shared/index.js';
import type { DepthBounds } from './pen-moves.js';

/** A preset: an indication's depth in the area the pen's profile has for it. */
export interface DepthPreset {
  id: string;
  title: string;
  area: string;
  /** The depth it asks for, µm (inside the pen's recommended range for the area). */
  um: number;
  /** The pen's recommended range for the area, µm; absent when the pen's profile lacks the area. */
  lo?: number;
  hi?: number;
}

/** Props of the depth controls. */
export interface DepthControlsProps {
  bounds: DepthBounds | null;
  /** The pen's setpoint, µm. */
  setUm: number;
  busy: boolean;
  presets: readonly DepthPreset[];
  onSetDepth(um: number): void;
  onPreset(p: DepthPreset): void;
  /** A typed value the console will not send (not a number, outside the pen's range or step). */
  onInputError(message: string): void;
}

const BY: Record<DepthBounds['maxBy'], string> = { pen: "the pen's maximum", area: 'the hard cap', cartridge: "the cartridge's rating" };

/** Parses "1.5", "1,50" or "1.50 mm" as µm; null if it is not a number. */
export function parseMm(text: string): number | null {
  const t = text.trim().replace(',', '.').replace(/\s*mm$/i, '');
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(t)) return null;
  return Math.round(Number(t) * 1000);
}

/** The controls; the slider sends once when released, not on every pixel of a drag. */
export function DepthControls(p: DepthControlsProps) {
  const b = p.bounds;
  const [draft, setDraft] = useState<number | null>(null);
  const [typed, setTyped] = useState('');
  // The field follows the pen's setpoint unless the trainer is typing in it.
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    if (!editing) setTyped((p.setUm / 1000).toFixed(2));
  }, [p.setUm, editing]);
  const slider = draft ?? p.setUm;
  const commitSlider = () => {
    if (draft !== null && draft !== p.setUm) p.onSetDepth(draft);
    setDraft(null);
  };
  const sendTyped = () => {
    const um = parseMm(typed);
    if (um === null) return p.onInputError(`"${typed}" is not a depth. Type millimetres, for example 1.50.`);
    // Outside the pen's own range or step the console does not send; above the area's cap the pen answers (and says why).
    if (b && (um < b.min || um > b.dmax || um % b.step !== 0))
      return p.onInputError(`${mm(um)} is not a depth this pen takes: it reports ${mm(b.min)} to ${mm(b.dmax)} in ${mm(b.step)} steps.`);
    setEditing(false);
    p.onSetDepth(um);
  };
  const off = !b || p.busy;
  return (
    <section className="tr-depthctl" aria-labelledby="tr-depth-title">
      <h2 id="tr-depth-title" className="tr-h">
        Depth
      </h2>
      <div className="tr-depth-row">
        <button type="button" className="btn tr-step" disabled={off || p.setUm <= b!.min} onClick={() => p.onSetDepth(p.setUm - b!.step)} aria-label={b ? `Shallower by ${mm(b.step)}` : 'Shallower'}>
          −
        </button>
        <input
          className="tr-typed" type="text" inputMode="decimal" aria-label="Depth in millimetres" value={typed} disabled={!b} spellCheck={false}
          onChange={(e) => {
            setEditing(true);
            setTyped(e.target.value);
          }}
          onKeyDown={(e) => e.key === 'Enter' && sendTyped()}
          onBlur={() => setEditing(false)}
        />
        <span className="tr-unit">mm</span>
        <button type="button" className="btn tr-step" disabled={off || p.setUm + (b?.step ?? 0) > b!.max} onClick={() => p.onSetDepth(p.setUm + b!.step)} aria-label={b ? `Deeper by ${mm(b.step)}` : 'Deeper'}>
          +
        </button>
        <button type="button" className="btn tr-set" disabled={off} onClick={sendTyped}>
          Set
        </button>
      </div>
      {b && (
        <>
          <input
            className="tr-slider" type="range" min={b.min} max={b.max} step={b.step} value={Math.min(b.max, Math.max(b.min, slider))} disabled={p.busy}
            aria-label="Depth slider" aria-valuetext={mm(slider)}
            onChange={(e) => setDraft(Number(e.target.value))}
            onPointerUp={commitSlider} onKeyUp={commitSlider} onBlur={commitSlider}
          />
          <p className="tr-bounds" data-testid="depth-bounds">
            {draft !== null ? <strong>{mm(draft)} · </strong> : null}
            {(b.min / 1000).toFixed(2)}–{mm(b.max)}, to {BY[b.maxBy]}
          </p>
        </>
      )}
      {p.presets.length > 0 && (
        <div className="tr-presets" role="group" aria-label="Presets by indication">
          {p.presets.map((x) => (
            <button
              key={x.id} type="button" className="btn tr-preset" data-preset={x.id} disabled={p.busy || x.lo === undefined}
              onClick={() => p.onPreset(x)} title={x.lo === undefined ? "This pen's profile has no area for it" : undefined}
            >
              <span>{x.title}</span> <span className="tr-preset-mm">{(x.um / 1000).toFixed(2)}</span>
            </button>
          ))}
        </div>
      )}
    </section>
  );
}
