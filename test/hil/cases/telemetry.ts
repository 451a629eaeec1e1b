/** Telemetry rate accuracy and loss, measured from TLM device times and seq gaps. */
import { check, HEARTBEAT_MS, seqLosses } from '../harness/link.js';
import type { HilCase } from '../harness/runner.js';
import { legalRate, onGrid } from './util.js';

function rateCase(hz: number, seconds: number): HilCase {
  return {
    id: `TLM.rate-${hz}`,
    title: `Telemetry at ${hz} Hz: device-time rate within ±2 %, no frame lost`,
    async run(ctx) {
      const { tmax } = await ctx.connect();
      if (hz > tmax) ctx.skip(`needs telemetry at ${hz} Hz, and the pen's INFO tmax is ${tmax} Hz (NAK.TLM_RANGE checks the refusal)`);
      const since = ctx.link.mark();
      await ctx.link.ok('TLM_RATE', { hz });
      await ctx.link.pump(seconds * 1000 + 100);
      await ctx.link.ok('TLM_RATE', { hz: 0 });
      await ctx.link.pump(50 + ctx.latencyMs);
      const tlm = ctx.link.frames('TLM', since);
      check(tlm.length >= 3, `only ${tlm.length} TLM frames`);
      const span = tlm[tlm.length - 1]!.msg.fields.t - tlm[0]!.msg.fields.t;
      const rate = ((tlm.length - 1) * 1000) / span;
      const lost = seqLosses(ctx.link.rx.slice(since));
      const hostSpan = tlm[tlm.length - 1]!.at - tlm[0]!.at;
      ctx.measure('device-time rate', rate, 'Hz');
      ctx.measure('host arrival rate', ((tlm.length - 1) * 1000) / hostSpan, 'Hz');
      ctx.measure('frames lost', lost);
      check(Math.abs(rate - hz) <= hz * 0.02, `TLM rate ${rate.toFixed(2)} Hz, asked ${hz} Hz`);
      check(lost === 0, `${lost} pen frames lost (seq gaps)`);
    },
  };
}

export const telemetryCases: HilCase[] = [
  rateCase(10, 1.2),
  rateCase(50, 1),
  rateCase(100, 1),
  {
    id: 'TLM.fields',
    title: 'TLM while running reports state, setpoint, measured depth and rate, battery and temperature sensibly',
    needs: ['cartridge'],
    async run(ctx) {
      await ctx.connect();
      const um = onGrid(ctx, 1200);
      const hz = legalRate(ctx, 100);
      await ctx.run({ depthUm: um, rateHz: hz, tlmHz: ctx.needTelemetry(50) });
      await ctx.settled(um);
      await ctx.link.pump(200);
      const last = ctx.link.frames('TLM').at(-1)!.msg.fields;
      check(last.s === 'RUN' && last.d === um, `TLM s=${last.s} d=${last.d}, expected RUN and ${um}`);
      check(Math.abs(last.m - um) <= 150, `TLM m=${last.m} for ${um} µm`);
      check(Math.abs(last.r - hz) <= hz * 0.1, `TLM r=${last.r} for ${hz} Hz`);
      check(last.n > 0 && last.b > 0 && last.b <= 100 && last.c > 100 && last.c < 430, `TLM n=${last.n} b=${last.b} c=${last.c}`);
    },
  },
  {
    id: 'TLM.saturated-link',
    title: 'At its highest telemetry rate the pen sheds telemetry, never answers: STOP is ACKed promptly and frames stay in order',
    needs: ['cartridge'],
    async run(ctx) {
      await ctx.connect();
      const tmax = ctx.needTelemetry(200);
      await ctx.run({ depthUm: onGrid(ctx, 1000), tlmHz: tmax });
      await ctx.link.pump(1000);
      const since = ctx.link.mark();
      ctx.wire.maxLagMs = 0;
      const t0 = ctx.link.now();
      const ack = await ctx.link.request('STOP', {}, { timeoutMs: 1000 });
      const waited = ack.at - t0;
      // A busy host reads late: what it overran its own sleeps by is not the pen's delay.
      const lag = ctx.wire.maxLagMs ?? 0;
      ctx.measure(`STOP to ACK at ${tmax} Hz TLM`, waited, 'ms');
      ctx.measure('host lag meanwhile', lag, 'ms');
      await ctx.link.ok('TLM_RATE', { hz: 0 });
      check(ack.msg.kind === 'ACK', `STOP answered ${ack.msg.kind}`);
      check(waited <= 30 + ctx.latencyMs + lag, `STOP's ACK took ${waited.toFixed(1)} ms behind telemetry (allowed 30 ms + ${ctx.latencyMs} ms transport + ${lag.toFixed(0)} ms the host was late)`);
      const seqs = ctx.link.rx.slice(since).flatMap((f) => (f.msg ? [f.msg.seq] : []));
      for (let i = 1; i < seqs.length; i++) {
        const step = (seqs[i]! - seqs[i - 1]! + 65536) % 65536;
        check(step > 0 && step < 1000, `pen frames out of order: seq ${seqs[i - 1]} then ${seqs[i]}`);
      }
    },
  },
  {
    id: 'TLM.loss-detected',
    title: 'Lost telemetry shows as seq gaps: 20 % of frames dropped on the pen side are counted',
    needs: ['sim'],
    async run(ctx) {
      await ctx.connect();
      await ctx.engOpen();
      await ctx.link.ok('TLM_RATE', { hz: 100 });
      await ctx.sim('SIM_FAULT', { f: 'DROP_TX', v: 20 });
      const since = ctx.link.mark();
      await ctx.link.pump(2000);
      ctx.link.heartbeatMs = 0;
      // Answers may be dropped too: ask until one arrives.
      for (let i = 0; i < 10; i++) {
        const r = await ctx.link.request('SIM_FAULT', { f: 'CLEAR' }, { timeoutMs: 300 }).catch(() => null);
        if (r) break;
      }
      ctx.link.heartbeatMs = HEARTBEAT_MS;
      const got = ctx.link.frames('TLM', since).length;
      const lost = seqLosses(ctx.link.rx.slice(since));
      const pct = (100 * lost) / (got + lost);
      ctx.measure('frames received', got);
      ctx.measure('frames lost (seq gaps)', lost);
      ctx.measure('loss', pct, '%');
      check(pct >= 12 && pct <= 28, `measured ${pct.toFixed(1)} % loss for 20 % dropped`);
    },
  },
];
