/** Before a pen is connected: what the trainer shows once one is, and a Connect action (the simulated pen or a serial port). */
import { useEffect, useState } from 'react';
import type { ConnectTarget, PenApi, PortEntry } from '../../shared/index.js';

const SIM = 'sim';

/** Props of the prompt. */
export interface ConnectPromptProps {
  api: Pick<PenApi, 'listPorts'>;
  busy: boolean;
  /** The link is up but not ready yet (handshake, reconnecting). */
  linkText?: string | undefined;
  onConnect(target: ConnectTarget): void;
}

/** The empty state. */
export function ConnectPrompt({ api, busy, linkText, onConnect }: ConnectPromptProps) {
  const [ports, setPorts] = useState<PortEntry[]>([]);
  const [choice, setChoice] = useState(SIM);
  useEffect(() => {
    let alive = true;
    api.listPorts().then((p) => alive && setPorts(p), () => undefined);
    return () => {
      alive = false;
    };
  }, [api]);
  return (
    <div className="tr-connect" data-testid="trainer-connect">
      <h2 className="tr-h">No pen connected</h2>
      <p>
        The trainer shows what a pen reports and answers: its depth limits, its treatment areas with their recommended ranges and hard caps,
        and its reason whenever it refuses a depth. Connect a pen to begin.
      </p>
      {linkText ? (
        <p className="tr-small" role="status">
          {linkText}
        </p>
      ) : null}
      <div className="tr-row">
        <select aria-label="Pen to connect" value={choice} onChange={(e) => setChoice(e.target.value)} disabled={busy}>
          <option value={SIM}>Simulated pen (built in)</option>
          {ports.map((p) => (
            <option key={p.path} value={p.path}>
              {p.path}
              {p.vidPid ? ` · USB ${p.vidPid}` : ''}
              {p.serialNumber ? ` · S/N ${p.serialNumber}` : ''}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn-primary tr-connect-btn" disabled={busy} onClick={() => onConnect(choice === SIM ? { kind: 'sim' } : { kind: 'serial', path: choice })}>
          Connect
        </button>
      </div>
      <p className="tr-small">Other paths and link details: the Console tab.</p>
    </div>
  );
}
