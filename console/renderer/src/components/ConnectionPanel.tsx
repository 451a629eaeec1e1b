/** Choose the simulated pen, a serial port (VID:PID, serial number) or a typed path, and connect. */
import { useCallback, useEffect, useState } from 'react';
import type { ConnectTarget, PortEntry } from '../../../shared/index.js';
import { replayStatusText } from '../../../shared/charts/index.js';
import { useCommand, usePenApi, usePenState } from '../use-pen.js';

const SIM = 'sim://pen';
const OTHER = '__other__';

function describePort(p: PortEntry): string {
  const ids = p.vidPid ? `USB ${p.vidPid}` : 'no USB ids';
  const sn = p.serialNumber ? ` · S/N ${p.serialNumber}` : '';
  const mf = p.manufacturer ? ` · ${p.manufacturer}` : '';
  return `${ids}${sn}${mf}`;
}

export function ConnectionPanel() {
  const api = usePenApi();
  const state = usePenState();
  const { run, busy, refusal } = useCommand();
  const [ports, setPorts] = useState<PortEntry[]>([]);
  const [portError, setPortError] = useState<string | null>(null);
  const [choice, setChoice] = useState<string>(SIM);
  const [otherPath, setOtherPath] = useState('');
  const link = state?.link ?? 'closed';
  const connected = link !== 'closed';

  const refresh = useCallback(async () => {
    try {
      setPorts(await api.listPorts());
      setPortError(null);
    } catch (e) {
      setPortError(`Could not list serial ports: ${(e as Error).message}`);
    }
  }, [api]);
  useEffect(() => void refresh(), [refresh]);

  const target = (): ConnectTarget =>
    choice === SIM ? { kind: 'sim' } : { kind: 'serial', path: choice === OTHER ? otherPath.trim() : choice };

  return (
    <section className="panel" aria-labelledby="conn-title">
      <h2 id="conn-title">Connection</h2>
      <fieldset disabled={connected} className="port-list">
        <legend>Pen</legend>
        <label className="radio">
          <input type="radio" name="port" value={SIM} checked={choice === SIM} onChange={() => setChoice(SIM)} />
          <span>
            Simulated pen <small>built in, no hardware needed</small>
          </span>
        </label>
        {ports.map((p) => (
          <label className="radio" key={p.path}>
            <input type="radio" name="port" value={p.path} checked={choice === p.path} onChange={() => setChoice(p.path)} />
            <span>
              {p.path} <small>{describePort(p)}</small>
            </span>
          </label>
        ))}
        <label className="radio">
          <input type="radio" name="port" value={OTHER} checked={choice === OTHER} onChange={() => setChoice(OTHER)} />
          <span>Other path</span>
        </label>
        {choice === OTHER && (
          <input
            type="text"
            aria-label="Serial port path"
            placeholder="/dev/ttyACM0, COM3 or a pty like /dev/pts/5"
            value={otherPath}
            onChange={(e) => setOtherPath(e.target.value)}
          />
        )}
        {ports.length === 0 && !portError && <p className="hint">No serial ports found. Plug the pen in and press Refresh.</p>}
        {portError && <p className="refusal">{portError}</p>}
      </fieldset>
      <div className="row">
        {!connected ? (
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy || (choice === OTHER && otherPath.trim() === '')}
            onClick={() => void run(() => api.connect(target()))}
          >
            Connect
          </button>
        ) : (
          <button type="button" className="btn" disabled={busy} onClick={() => void run(() => api.disconnect())}>
            Disconnect
          </button>
        )}
        <button type="button" className="btn" disabled={connected} onClick={() => void refresh()}>
          Refresh ports
        </button>
      </div>
      {state?.replay && connected && (
        <p className="hint" data-testid="connection-replay">
          {replayStatusText(state.replay)}
          {state.replay.done ? '. The charts keep the replayed data; Disconnect to connect a pen.' : ''}
        </p>
      )}
      {(link === 'reconnecting' || link === 'lost') && (
        <p className="hint" role="status">
          The link dropped. Reconnecting automatically (attempt {state?.stats.reconnects ?? 0})… Press Disconnect to give up.
        </p>
      )}
      {state?.problem && (
        <div className="problem" role="alert" data-testid="link-problem">
          <p>
            <strong>{state.problem.message}</strong>
          </p>
          <p>{state.problem.advice}</p>
        </div>
      )}
      {refusal && !state?.problem && <p className="refusal" role="alert">{refusal}</p>}
    </section>
  );
}
