/** Fault injection on the simulator, behind the engineering session (SR-17: the pen refuses SIM_* without it). */
import { useState } from 'react';
import { SIM_FAULTS, type SimFault } from '../../../../protocol/src/index.js';
import type { SimCartOp, SimPowerOp, SimSkinMode } from '../../../shared/index.js';
import { useCommand, usePenApi, usePenView } from '../use-pen.js';

const FAULT_HELP: Record<SimFault, string> = {
  DEPTH_DRIFT: 'servo drifts off the setpoint',
  SERVO_STUCK: 'servo stops following',
  STALL: 'motor stalls',
  OVERLOAD: 'motor overloaded',
  FLUID: 'fluid past the membrane',
  OVERTEMP: 'handpiece overheats',
  BATTERY: 'battery level (value = %)',
  SILENCE: 'pen stops transmitting',
  GARBAGE: 'noise on the line',
  DROP_TX: 'pen drops frames',
  CORRUPT_TX: 'pen corrupts frames',
  CLEAR: 'remove injected faults',
  NVM_FAIL: 'non-volatile memory writes fail',
  NVM_WIPE: 'registry erased (seen at next boot)',
  CLOCK: "move the pen's calendar (value = s)",
};

export function EngineeringPanel() {
  const api = usePenApi();
  const { state } = usePenView();
  const { run, busy, refusal } = useCommand();
  const [fault, setFault] = useState<SimFault>('DEPTH_DRIFT');
  const [value, setValue] = useState('');
  const [cartOp, setCartOp] = useState<SimCartOp>('REMOVE');
  const [cartId, setCartId] = useState('');
  const ready = state?.link === 'ready';
  const eng = state?.eng ?? false;
  const isSim = state?.info?.sim === 1;

  const inject = () => {
    const v = value.trim() === '' ? undefined : Number(value);
    void run(() => api.simFault(fault, v !== undefined && Number.isInteger(v) ? v : undefined));
  };

  return (
    <section className="panel" aria-labelledby="eng-title">
      <h2 id="eng-title">Engineering</h2>
      {ready && !isSim && <p className="hint">This pen does not support simulator commands.</p>}
      <div className="row">
        {!eng ? (
          <button type="button" className="btn" disabled={!ready || busy} onClick={() => void run(() => api.engOpen())}>
            Open engineering session
          </button>
        ) : (
          <button type="button" className="btn" disabled={!ready || busy} onClick={() => void run(() => api.engClose())}>
            Close engineering session
          </button>
        )}
        <span className={`pill ${eng ? 'eng-open' : ''}`} data-testid="eng-state">
          {eng ? 'Session open' : 'Locked'}
        </span>
      </div>
      <fieldset disabled={!ready || !eng} className="eng-grid">
        <legend className="sr-only">Fault injection</legend>
        <label htmlFor="sim-fault">Inject fault</label>
        <div className="row">
          <select id="sim-fault" value={fault} onChange={(e) => setFault(e.target.value as SimFault)}>
            {SIM_FAULTS.map((f) => (
              <option key={f} value={f}>
                {f} — {FAULT_HELP[f]}
              </option>
            ))}
          </select>
          <input type="number" aria-label="Fault value (optional)" placeholder="value" className="small-number" value={value} onChange={(e) => setValue(e.target.value)} />
          <button type="button" className="btn btn-warn" disabled={busy} onClick={inject}>
            Inject
          </button>
        </div>
        <label htmlFor="sim-cart">Cartridge</label>
        <div className="row">
          <select id="sim-cart" value={cartOp} onChange={(e) => setCartOp(e.target.value as SimCartOp)}>
            {(['INSERT', 'REMOVE', 'SEAT', 'UNSEAT'] as const).map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
          <input type="text" aria-label="Sample cartridge id (for INSERT)" placeholder="sample id" value={cartId} onChange={(e) => setCartId(e.target.value.toUpperCase())} />
          <button type="button" className="btn" disabled={busy} onClick={() => void run(() => api.simCart(cartOp, cartId.trim() || undefined))}>
            Apply
          </button>
        </div>
        <span className="label">Skin contact</span>
        <div className="row" role="group" aria-label="Skin contact">
          {(['AUTO', 'ON', 'OFF'] as SimSkinMode[]).map((m) => (
            <button type="button" key={m} className="btn" disabled={busy} onClick={() => void run(() => api.simSkin(m))}>
              {m === 'AUTO' ? 'Glide' : m === 'ON' ? 'Hold on skin' : 'Lift off'}
            </button>
          ))}
        </div>
        <span className="label">Power</span>
        <div className="row" role="group" aria-label="Power">
          {(['CYCLE', 'CHARGER_ON', 'CHARGER_OFF'] as SimPowerOp[]).map((o) => (
            <button type="button" key={o} className="btn" disabled={busy} onClick={() => void run(() => api.simPower(o))}>
              {o === 'CYCLE' ? 'Power cycle' : o === 'CHARGER_ON' ? 'Plug charger' : 'Unplug charger'}
            </button>
          ))}
        </div>
      </fieldset>
      {refusal && <p className="refusal" role="alert">{refusal}</p>}
    </section>
  );
}
