/**
 * Treatment area, depth, stroke rate, Start and Stop. Every bound and every word about a limit comes from the
 * pen: its INFO (`dmin dmax dstep`, `rmin rmax`), the area's AREA row, the cartridge's CART; none is a
 * constant of this console. The console advises (recommended range, cap); the pen refuses, and its refusals
 * are shown under the control.
 */
import { useEffect, useState } from 'react';
import type { AreaRow } from '../../../shared/index.js';
import { mm } from '../format.js';
import { depthAdvice, type Limits } from '../pen-words.js';
import { useCommand, useLatestTlm, usePenApi, usePenState } from '../use-pen.js';
import { AreaSelect } from './AreaSelect.js';
import { DepthScale } from './DepthScale.js';
import { StopButton } from './StopButton.js';

/** The scale with the live setpoint and needle (re-renders with telemetry, the rest of the panel does not). */
function LiveDepthScale({ area, cartMax, setUm }: { area: AreaRow | undefined; cartMax: number | undefined; setUm: number | undefined }) {
  const tlm = useLatestTlm();
  return <DepthScale lo={area?.lo} hi={area?.hi} cap={area?.cap} cartMax={cartMax} set={tlm?.d ?? setUm} measured={tlm?.m} />;
}

export function Controls() {
  const api = usePenApi();
  const state = usePenState();
  const depthCmd = useCommand();
  const rateCmd = useCommand();
  const startCmd = useCommand();
  const ready = state?.link === 'ready';
  const info = state?.info;
  const lim: Limits | null = info ? { dmin: info.dmin, dmax: info.dmax, dstep: info.dstep, rmin: info.rmin, rmax: info.rmax } : null;
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
  const adv = depthAdvice(depthUm, lim, current, state?.cart);
  const stepMm = lim ? lim.dstep / 1000 : undefined;

  const stepDepth = (dir: 1 | -1) => {
    if (!lim) return;
    const base = Number.isFinite(depthUm) ? depthUm : lim.dmin;
    const next = Math.min(lim.dmax, Math.max(lim.dmin, Math.round(base / lim.dstep + dir) * lim.dstep));
    setDepthText((next / 1000).toFixed(2));
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
      <AreaSelect areas={areas} selected={info?.area} disabled={!ready || areas.length === 0} cartMax={state?.cart?.max} />

      <div className="control">
        <label htmlFor="depth">Depth (mm)</label>
        <div className="row">
          <button type="button" className="btn btn-step" aria-label={stepMm ? `Shallower by ${mm(lim!.dstep)}` : 'Shallower'} disabled={!ready || !lim} onClick={() => stepDepth(-1)}>
            −
          </button>
          <input
            id="depth"
            className="big-number"
            type="number"
            inputMode="decimal"
            {...(lim ? { min: lim.dmin / 1000, max: lim.dmax / 1000, step: lim.dstep / 1000 } : {})}
            disabled={!ready}
            value={depthText}
            onChange={(e) => setDepthText(e.target.value)}
            onBlur={() => Number.isFinite(depthUm) && setDepthText((depthUm / 1000).toFixed(2))}
            onKeyDown={(e) => e.key === 'Enter' && sendDepth()}
            aria-describedby="depth-advice depth-range"
          />
          <button type="button" className="btn btn-step" aria-label={stepMm ? `Deeper by ${mm(lim!.dstep)}` : 'Deeper'} disabled={!ready || !lim} onClick={() => stepDepth(1)}>
            +
          </button>
          <button type="button" className="btn btn-primary" disabled={!ready || depthCmd.busy} onClick={sendDepth}>
            Set depth
          </button>
        </div>
        <p id="depth-range" className="hint" data-testid="depth-range">
          {lim ? `This pen: ${(lim.dmin / 1000).toFixed(2)}–${mm(lim.dmax)} in ${mm(lim.dstep)} steps.` : '\u00a0'}
        </p>
        <LiveDepthScale area={current} cartMax={state?.cart?.max} setUm={info?.um} />
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
            {...(lim ? { min: lim.rmin, max: lim.rmax } : {})}
            step={1}
            disabled={!ready}
            value={rateText}
            onChange={(e) => setRateText(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && sendRate()}
            aria-describedby="rate-range"
          />
          <button type="button" className="btn btn-primary" disabled={!ready || rateCmd.busy} onClick={sendRate}>
            Set rate
          </button>
        </div>
        <p id="rate-range" className="hint" data-testid="rate-range">
          {lim ? `This pen: ${lim.rmin}–${lim.rmax} Hz.` : '\u00a0'}
        </p>
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
