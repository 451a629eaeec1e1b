/** Live depth (setpoint vs measured) and stroke rate over the last seconds, plus the latest readings. */
import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { celsius, mm } from '../format.js';
import { usePenView } from '../use-pen.js';

const WINDOW_MS = 10_000;

export function TelemetryPanel() {
  const { state, telemetry } = usePenView();
  const tlm = state?.tlm;
  const data = useMemo(() => {
    const last = telemetry[telemetry.length - 1];
    if (!last) return [];
    return telemetry
      .filter((s) => s.host >= last.host - WINDOW_MS)
      .map((s) => ({ x: (s.host - last.host) / 1000, set: s.d / 1000, measured: s.m / 1000, rate: s.r }));
  }, [telemetry]);

  return (
    <section className="panel" aria-labelledby="tlm-title">
      <h2 id="tlm-title">Telemetry</h2>
      <dl className="readouts" data-testid="telemetry">
        <div>
          <dt>State</dt>
          <dd data-testid="tlm-state">{tlm?.s ?? '—'}</dd>
        </div>
        <div>
          <dt>Depth set</dt>
          <dd>{tlm ? mm(tlm.d) : '—'}</dd>
        </div>
        <div>
          <dt>Depth measured</dt>
          <dd data-testid="tlm-measured">{tlm ? mm(tlm.m) : '—'}</dd>
        </div>
        <div>
          <dt>Stroke rate</dt>
          <dd data-testid="tlm-rate">{tlm ? `${tlm.r} Hz` : '—'}</dd>
        </div>
        <div>
          <dt>Strokes</dt>
          <dd data-testid="tlm-strokes">{tlm ? tlm.n.toLocaleString('en') : '—'}</dd>
        </div>
        <div>
          <dt>Passes</dt>
          <dd>{tlm?.p ?? '—'}</dd>
        </div>
        <div>
          <dt>Temperature</dt>
          <dd>{tlm ? celsius(tlm.c) : '—'}</dd>
        </div>
        <div>
          <dt>Skin contact</dt>
          <dd>{state?.skin === null || state?.skin === undefined ? '—' : state.skin ? 'on skin' : 'lifted'}</dd>
        </div>
      </dl>
      <p className="chart-title">Needle depth, mm</p>
      <div className="chart" role="img" aria-label="Chart of set and measured needle depth over the last 10 seconds">
        <ResponsiveContainer width="100%" height={240}>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid stroke="#c8ccd4" strokeDasharray="3 3" />
            <XAxis dataKey="x" type="number" domain={[-WINDOW_MS / 1000, 0]} ticks={[-10, -8, -6, -4, -2, 0]} unit=" s" stroke="#1f2937" />
            <YAxis domain={[0, 2.5]} ticks={[0, 0.5, 1, 1.5, 2, 2.5]} width={40} stroke="#1f2937" />
            <Legend />
            <Line name="Depth set" dataKey="set" stroke="#1d4ed8" strokeWidth={3} dot={false} isAnimationActive={false} />
            <Line name="Depth measured" dataKey="measured" stroke="#c2410c" strokeWidth={2} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
