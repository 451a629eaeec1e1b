/**
 * Fault injection on the simulator, behind the engineering session (SR-17: the pen refuses SIM_* without it).
 * The session opens with the key typed here — a real pen has its own; the documented development key is
 * filled in only for the built-in simulated pen — and what the panel says about the session is the pen's word:
 * it closes the session itself on HELLO (every reconnection), on link loss and when idle.
 */
import { useEffect, useState } from 'react';
import { SIM_FAULTS, type SimFault } from '../../../../protocol/src/index.js';
import { SIM_DEV_KEY_HEX, isEngKeyHex, type SimCartOp, type SimPowerOp, type SimSkinMode } from '../../../shared/index.js';
import { useCommand, usePenApi, usePenState } from '../use-pen.js';

/** What each injection does, and what its value means when it takes one. */
const FAULT_HELP: Record<Exclude<SimFault, 'CLEAR'>, { what: string; value?: string }> = {
  DEPTH_DRIFT: { what: 'the depth stop slips: the servo drifts off the setpoint', value: 'µm/s (default 2000)' },
  SERVO_STUCK: { what: 'the depth servo stops following' },
  STALL: { what: 'the motor stalls' },
  OVERLOAD: { what: 'the motor is overloaded (loses 30 %)' },
  FLUID: { what: 'fluid gets past the cartridge membrane' },
  OVERTEMP: { what: 'the handpiece heats up', value: '0.1 °C of extra heat (default 300)' },
  BATTERY: { what: 'the battery level is set', value: '% (default 5)' },
  SILENCE: { what: 'the pen stops transmitting', value: 'ms (default 1000)' },
  GARBAGE: { what: 'noise on the line', value: 'bytes (default 64)' },
  DROP_TX: { what: 'the pen drops some of its frames', value: '% of frames (default 10)' },
  CORRUPT_TX: { what: 'the pen corrupts some of its frames', value: '% of frames (default 10)' },
  NVM_FAIL: { what: 'non-volatile memory writes fail' },
  NVM_WIPE: { what: 'the used-cartridge registry is erased (seen at the next write or boot)' },
  CLOCK: { what: "the pen's calendar moves", value: 'seconds (required)' },
};
const INJECTIONS = SIM_FAULTS.filter((f): f is Exclude<SimFault, 'CLEAR'> => f !== 'CLEAR');

export function EngineeringPanel() {
  const api = usePenApi();
  const state = usePenState();
  const { run, busy, refusal } = useCommand();
  const builtInSim = state?.target?.kind === 'sim';
  const [key, setKey] = useState(() => (builtInSim ? SIM_DEV_KEY_HEX : ''));
  const [fault, setFault] = useState<Exclude<SimFault, 'CLEAR'>>('DEPTH_DRIFT');
  const [value, setValue] = useState('');
  const [cartOp, setCartOp] = useState<SimCartOp>('REMOVE');
  const [cartId, setCartId] = useState('');
  useEffect(() => setKey(builtInSim ? SIM_DEV_KEY_HEX : ''), [builtInSim]);
  const ready = state?.link === 'ready';
  const eng = ready && (state?.eng ?? false);
  const isSim = state?.info?.sim === 1;
  const help = FAULT_HELP[fault];

  const inject = () => {
    const v = value.trim() === '' ? undefined : Number(value);
    void run(() => api.simFault(fault, v !== undefined && Number.isInteger(v) ? v : undefined));
  };
  const sessionText = !state || state.link === 'closed' ? 'Not connected' : !ready ? 'Closed (link down: the pen closes it)' : eng ? 'Session open' : 'Locked';

  return (
    <section className="panel" aria-labelledby="eng-title">
      <h2 id="eng-title">Engineering</h2>
      {ready && !isSim && <p className="hint">This pen does not support simulator commands.</p>}
      <div className="row">
        <input
          className="eng-key" type="password" autoComplete="off" spellCheck={false} aria-label="Engineering key (hex)" placeholder="this pen's key, hex"
          value={key} onChange={(e) => setKey(e.target.value)} disabled={!ready || eng}
        />
        {!eng ? (
          <button type="button" className="btn" disabled={!ready || busy || !isEngKeyHex(key)} onClick={() => void run(() => api.engOpen(key.trim()))}>
            Open engineering session
          </button>
        ) : (
          <button type="button" className="btn" disabled={busy} onClick={() => void run(() => api.engClose())}>
            Close engineering session
          </button>
        )}
        <span className={`pill ${eng ? 'eng-open' : ''}`} data-testid="eng-state">
          {sessionText}
        </span>
      </div>
      <p className="hint">{builtInSim ? 'The built-in simulated pen takes the documented development key, filled in.' : 'Type or paste this pen’s engineering key.'}</p>
      <fieldset disabled={!eng} className="eng-grid">
        <legend className="sr-only">Fault injection</legend>
        <label htmlFor="sim-fault">Inject fault</label>
        <select id="sim-fault" value={fault} onChange={(e) => setFault(e.target.value as typeof fault)} aria-describedby="sim-fault-help">
          {INJECTIONS.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
        <p id="sim-fault-help" className="hint" data-testid="sim-fault-help">
          {help.what}
          {help.value ? `; value: ${help.value}` : ''}.
        </p>
        <div className="row">
          <input
            type="number" aria-label={help.value ? `Value, ${help.value}` : 'Value (not used by this fault)'} placeholder="value" className="small-number"
            value={value} onChange={(e) => setValue(e.target.value)} disabled={!help.value}
          />
          <button type="button" className="btn btn-warn" disabled={busy} onClick={inject}>
            Inject
          </button>
          <button type="button" className="btn" disabled={busy} onClick={() => void run(() => api.simFault('CLEAR'))} data-testid="sim-clear">
            Remove injected faults
          </button>
        </div>
        <p className="hint">Removing the injections takes their causes away; faults the pen latched stay until Clear fault.</p>
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
