/** Identity, limits and profile of the connected pen (INFO), with battery and temperature from telemetry. */
import { celsius, mm } from '../format.js';
import { usePenView } from '../use-pen.js';

export function DeviceInfoPanel() {
  const { state } = usePenView();
  const info = state?.info;
  const tlm = state?.tlm;
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
          <dd>
            {mm(info.dmin)}–{mm(info.dmax)} in {info.dstep} µm steps
          </dd>
          <dt>Rate range</dt>
          <dd>
            {info.rmin}–{info.rmax} Hz
          </dd>
          <dt>Battery</dt>
          <dd>{tlm ? `${tlm.b} %` : '—'}</dd>
          <dt>Handpiece</dt>
          <dd>{tlm ? celsius(tlm.c) : '—'}</dd>
          <dt>Kind</dt>
          <dd>{info.sim ? 'Simulator' : 'Hardware'}</dd>
        </dl>
      )}
    </section>
  );
}
