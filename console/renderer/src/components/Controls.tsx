/**
 * Treatment area, depth (0.05 mm steps; arrow keys step the field), stroke rate, Start and Stop.
 * The console advises (recommended range, cap); the pen refuses, and its refusals are shown under the control.
 */
import { useEffect, useState } from 'react';
import type { AreaRow, CartInfo } from '../../../shared/index.js';
import { mm } from '../format.js';
import { useCommand, usePenApi, usePenView } from '../use-pen.js';
import { DepthScale } from './DepthScale.js';
import { StopButton } from './StopButton.js';

const STEP_MM = 0.05;

function advice(um: number, area: AreaRow | undefined, cart: CartInfo | null | undefined): { text: string; level: 'ok' | 'warn' | 'bad' } | null {
  if (!Number.isFinite(um)) return null;
  if (um < 250 || um > 2500 || um % 50 !== 0) return { text: 'The pen accepts 0.25–2.50 mm in 0.05 mm steps; it will refuse this.', level: 'bad' };
  if (area && um > area.cap) return { text: `Above the hard cap for ${area.name} (${mm(area.cap)}); the pen will refuse it.`, level: 'bad' };
  if (cart?.max !== undefined && um > cart.max) return { text: `Deeper than the cartridge's rating (${mm(cart.max)}); the pen will refuse it.`, level: 'bad' };
  if (area && (um < area.lo || um > area.hi)) return { text: `Outside the recommended ${mm(area.lo)}–${mm(area.hi)} for ${area.name}.`, level: 'warn' };
  if (area) return { text: `Within the recommended range for ${area.name}.`, level: 'ok' };
  return null;
}

export function Controls() {
  const api = usePenApi();
  const { state } = usePenView();
  const areaCmd = useCommand();
  const depthCmd = useCommand();
  const rateCmd = useCommand();
  const startCmd = useCommand();
  const ready = state?.link === 'ready';
  const info = state?.info;
  const areas = state?.areas ?? [];
  const current = areas.find((a) => a.area === info?.area);
  const [depthText, setDepthText] = useState('');
  const [rateText, setRateText] = useState('');
  const [inputError, setInputError] = useState<string | null>(null);

  // Take the pen's setpoints once after connecting; afterwards the field is the operator's.
  useEffect(() => {
    if (info && depthText === '') setDepthText((info.um / 1000).toFixed(2));
    if (info && rateText === '') setRateText(String(info.hz));
  }, [info, depthText, rateText]);
  useEffect(() => {
    if (!ready) {
      setDepthText('');
      setRateText('');
    }
  }, [ready]);

  const depthUm = Math.round(Number.parseFloat(depthText) * 1000);
  const adv = advice(depthUm, current, state?.cart);

  const stepDepth = (dir: 1 | -1) => {
    const base = Number.isFinite(depthUm) ? depthUm / 1000 : 0.25;
    setDepthText(Math.min(2.5, Math.max(0.25, Math.round((base + dir * STEP_MM) * 20) / 20)).toFixed(2));
  };
  const sendDepth = () => {
    if (!Number.isFinite(depthUm)) {
      setInputError('Type a depth in millimetres, for example 0.50.');
      return;
    }
    setInputError(null);
    void depthCmd.run(() => api.setDepth(depthUm));
  };
  const sendRate = () => {
    const hz = Number(rateText);
    if (!Number.isInteger(hz) || hz < 0 || hz > 999) {
      setInputError('Type a stroke rate in whole hertz, for example 120.');
      return;
    }
    setInputError(null);
    void rateCmd.run(() => api.setRate(hz));
  };

  return (
    <section className="panel controls" aria-labelledby="ctl-title">
      <h2 id="ctl-title">Controls</h2>
      <div className="control">
        <label htmlFor="area">Treatment area</label>
        <select
          id="area"
          disabled={!ready || areas.length === 0}
          value={info?.area ?? ''}
          onChange={(e) => void areaCmd.run(() => api.setArea(e.target.value))}
        >
          <option value="" disabled>
            {areas.length ? 'Choose an area…' : 'No profile loaded'}
          </option>
          {areas.map((a) => (
            <option key={a.area} value={a.area}>
              {a.name} — recommended {a.lo === a.hi ? mm(a.lo) : `${mm(a.lo)}–${mm(a.hi)}`}, cap {mm(a.cap)}
            </option>
          ))}
        </select>
        {current && (
          <p className="area-guide" data-testid="area-guide">
            Recommended <strong>{current.lo === current.hi ? mm(current.lo) : `${mm(current.lo)}–${mm(current.hi)}`}</strong> · hard cap{' '}
            <strong>{mm(current.cap)}</strong>
            {state?.cart?.max !== undefined && (
              <>
                {' '}
                · cartridge max <strong>{mm(state.cart.max)}</strong>
              </>
            )}
          </p>
        )}
        {areaCmd.refusal && <p className="refusal" role="alert">{areaCmd.refusal}</p>}
      </div>

      <div className="control">
        <label htmlFor="depth">Depth (mm)</label>
        <div className="row">
          <button type="button" className="btn btn-step" aria-label="Shallower by 0.05 mm" disabled={!ready} onClick={() => stepDepth(-1)}>
            −
          </button>
          <input
            id="depth"
            className="big-number"
            type="number"
            inputMode="decimal"
            min={0.25}
            max={2.5}
            step={STEP_MM}
            disabled={!ready}
            value={depthText}
            onChange={(e) => setDepthText(e.target.value)}
            onBlur={() => Number.isFinite(depthUm) && setDepthText((depthUm / 1000).toFixed(2))}
            onKeyDown={(e) => e.key === 'Enter' && sendDepth()}
            aria-describedby="depth-advice"
          />
          <button type="button" className="btn btn-step" aria-label="Deeper by 0.05 mm" disabled={!ready} onClick={() => stepDepth(1)}>
            +
          </button>
          <button type="button" className="btn btn-primary" disabled={!ready || depthCmd.busy} onClick={sendDepth}>
            Set depth
          </button>
        </div>
        <DepthScale lo={current?.lo} hi={current?.hi} cap={current?.cap} cartMax={state?.cart?.max} set={state?.tlm?.d ?? info?.um} measured={state?.tlm?.m} />
        <p id="depth-advice" className={`advice ${adv?.level ?? ''}`}>
          {adv?.text ?? '\u00a0'}
        </p>
        {depthCmd.refusal && (
          <p className="refusal" role="alert" data-testid="depth-refusal">
            {depthCmd.refusal}
          </p>
        )}
      </div>

      <div className="control">
        <label htmlFor="rate">Stroke rate (Hz)</label>
        <div className="row">
          <input
            id="rate"
            className="big-number"
            type="number"
            min={50}
            max={150}
            step={1}
            disabled={!ready}
            value={rateText}
            onChange={(e) => setRateText(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && sendRate()}
          />
          <button type="button" className="btn btn-primary" disabled={!ready || rateCmd.busy} onClick={sendRate}>
            Set rate
          </button>
        </div>
        {rateCmd.refusal && <p className="refusal" role="alert">{rateCmd.refusal}</p>}
      </div>
      {inputError && <p className="refusal" role="alert">{inputError}</p>}

      <div className="run-row">
        <button type="button" className="btn btn-start" disabled={!ready || startCmd.busy} onClick={() => void startCmd.run(() => api.start())}>
          Start
        </button>
        <StopButton />
      </div>
      {startCmd.refusal && (
        <p className="refusal" role="alert" data-testid="start-refusal">
          {startCmd.refusal}
        </p>
      )}
    </section>
  );
}
