/** Identity, limits and profile of the connected pen (INFO), with battery and temperature from telemetry. */
import { celsius, mm } from '../format.js';
import { usePenState } from '../use-pen.js';

export function DeviceInfoPanel() {
  const state = usePenState();
  const info = state?.info;
  const tlm = state?.tlm;
  // A value the pen declares beyond the protocol's bounds is shown as its claim, never as a safe limit.
  const claimed = (prefix: string) => (state?.conformance ?? []).some((i) => i.key.startsWith(prefix));
  const mark = (prefix: string) => (claimed(prefix) ? { className: 'claimed', title: 'Claimed by the pen; outside the protocol bounds' } : {});
  return (
    <section className="panel" aria-labelledby="dev-title">
      <h2 id="dev-title">Device</h2>
      {!info ? (
        <p className="hint">Connect to see the pen's identity.</p>
      ) : (
        <dl className="kv">
          <dt>Serial</dt>
          <dd data-testid="device-serial">{info.serial}</dd>
          <dt>Firmware</dt>
          <dd>{info.fw}</dd>
          <dt>Protocol</dt>
          <dd>
            v{info.proto} · schema {info.schema}
          </dd>
          <dt>Profile</dt>
          <dd>
            {info.profile} v{info.pver} · {info.areas} areas · {info.phash}
          </dd>
          <dt>Depth range</dt>
          <dd {...mark('INFO d')}>
            {mm(info.dmin)}–{mm(info.dmax)} in {info.dstep} µm steps{claimed('INFO d') ? ' (claimed, non-conforming)' : ''}
          </dd>
          <dt>Rate range</dt>
          <dd {...mark('INFO r')}>
            {info.rmin}–{info.rmax} Hz{claimed('INFO r') ? ' (claimed, non-conforming)' : ''}
          </dd>
          <dt>Battery</dt>
          <dd>{tlm ? `${tlm.b} %` : '—'}</dd>
          <dt>Handpiece</dt>
          <dd {...mark('TLM c')}>{tlm ? celsius(tlm.c) : '—'}</dd>
          <dt>Kind</dt>
          <dd>{info.sim ? 'Simulator' : 'Hardware'}</dd>
        </dl>
      )}
    </section>
  );
}
