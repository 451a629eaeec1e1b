/**
 * The trainer's screen for a projector: a to-scale skin cross-section with the
 * needle at the set and the measured depth, the layer it reaches in large
 * type, the selected area's recommended range and hard cap, an area picker,
 * depth steps, and full screen. The pen enforces the limits (SR-01…SR-03);
 * this view explains them, and shows the pen's refusal when it says no.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AreaRow, CommandResult, PenApi } from '../../shared/index.js';
import { AreaPicker } from './AreaPicker.js';
import { SkinSection } from './SkinSection.js';
import { guidanceOf, layerAt } from './skin-layers.js';
import { useSessionView } from './use-session-view.js';

/** Props of the presentational view (depths µm). */
export interface TrainerViewProps {
  setUm: number;
  measuredUm: number;
  running: boolean;
  areas: readonly AreaRow[];
  area?: string;
  cartMax?: number;
  /** The last refusal or error, shown as the pen's answer. */
  message?: string | null;
  busy?: boolean;
  onSelectArea?(area: string): void;
  onSetDepth?(um: number): void;
}

const mm = (um: number) => `${(um / 1000).toFixed(2)} mm`;

/** Pure view: everything from props. */
export function TrainerView(p: TrainerViewProps) {
  const rootRef = useRef<HTMLDivElement>(null);
  const row = p.areas.find((a) => a.area === p.area);
  // While running the needle is where the sensor says; stopped, it is retracted and the setpoint is what a start would reach.
  const shown = p.running ? p.measuredUm : p.setUm;
  const layer = layerAt(shown);
  const guide = guidanceOf(p.setUm, row?.lo, row?.hi, row?.cap);
  const full = () => {
    const el = rootRef.current;
    if (!el) return;
    if (document.fullscreenElement) void document.exitFullscreen();
    else void el.requestFullscreen?.().catch(() => undefined);
  };
  return (
    <div className="trainer" ref={rootRef}>
      <header className="trainer-head">
        <div>
          <p className="trainer-depth" data-testid="trainer-depth">
            {p.running ? 'Needle at ' : 'Set to '}
            <strong>{mm(shown)}</strong>
          </p>
          <p className="trainer-layer" data-testid="trainer-layer" aria-live="polite">
            {layer ? (
              <>
                reaches the <strong>{layer.name.toLowerCase()}</strong>
                <span className="trainer-note"> — {layer.note}</span>
              </>
            ) : (
              'Needle retracted'
            )}
          </p>
        </div>
        <div className="trainer-area">
          <p className="trainer-area-name" data-testid="trainer-area">{row ? row.name : 'No area selected'}</p>
          {row && (
            <p>
              <span className="nowrap">
                recommended <strong>{row.lo === row.hi ? mm(row.lo) : `${(row.lo / 1000).toFixed(2)}–${mm(row.hi)}`}</strong>
              </span>{' '}
              · <span className="nowrap">hard cap <strong>{mm(row.cap)}</strong></span>
            </p>
          )}
          <p className={`trainer-guide tone-${guide.tone}`}>{guide.text}</p>
        </div>
        <button type="button" className="btn trainer-full" onClick={full}>
          Full screen
        </button>
      </header>
      <div className="trainer-body">
        <div className="trainer-section">
          <SkinSection
            setUm={p.setUm} measuredUm={p.running ? p.measuredUm : 0}
            {...(row ? { lo: row.lo, hi: row.hi, cap: row.cap } : {})} {...(p.cartMax !== undefined ? { cartMax: p.cartMax } : {})}
          />
          <p className="trainer-legend">
            Dashed needle and blue line: set depth · solid needle: measured · green: recommended · red: hard cap · 1 mm = 200 px, to scale
          </p>
        </div>
        <aside className="trainer-side">
          {p.onSetDepth && (
            <div className="trainer-steps" role="group" aria-label="Depth">
              <button type="button" className="btn trainer-step" disabled={p.busy} onClick={() => p.onSetDepth!(p.setUm - 50)} aria-label="Shallower by 0.05 mm">
                − 0.05
              </button>
              <span className="trainer-step-value">{mm(p.setUm)}</span>
              <button type="button" className="btn trainer-step" disabled={p.busy} onClick={() => p.onSetDepth!(p.setUm + 50)} aria-label="Deeper by 0.05 mm">
                + 0.05
              </button>
            </div>
          )}
          {p.message && (
            <p className="trainer-refusal" role="alert" data-testid="trainer-refusal">
              {p.message}
            </p>
          )}
          <AreaPicker areas={p.areas} {...(p.area ? { selected: p.area } : {})} disabled={!p.onSelectArea || p.busy} onSelect={(a) => p.onSelectArea?.(a)} />
        </aside>
      </div>
    </div>
  );
}

/** The trainer view wired to a PenApi: pen values in, SET_AREA and SET_DEPTH out. */
export function TrainerScreen({ api }: { api: PenApi }) {
  const { state, tlm } = useSessionView(api);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (f: () => Promise<CommandResult>) => {
    setBusy(true);
    try {
      const r = await f();
      setMessage(r.ok ? null : r.message);
    } catch (e) {
      setMessage((e as Error).message);
    } finally {
      setBusy(false);
    }
  }, []);
  const connected = state?.link === 'ready';
  const setUm = tlm?.d ?? state?.info?.um ?? 0;
  const area = state?.info?.area;
  // A refusal explains the last attempt; once the area or setpoint has moved on
  // (from here, the Console tab or the pen) it would describe a stale situation.
  useEffect(() => setMessage(null), [area, setUm]);
  return (
    <TrainerView
      setUm={setUm} measuredUm={tlm?.m ?? 0} running={tlm?.s === 'RUN'} areas={state?.areas ?? []}
      {...(state?.info?.area ? { area: state.info.area } : {})}
      {...(state?.cart?.max !== undefined ? { cartMax: state.cart.max } : {})}
      message={connected ? message : 'Not connected: connect to a pen (or start a replay) to drive the trainer view.'} busy={busy || !connected}
      onSelectArea={(a) => void run(() => api.setArea(a))}
      onSetDepth={(um) => void run(() => api.setDepth(um))}
    />
  );
}
