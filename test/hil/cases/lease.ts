/**
 * SR-11, the heartbeat lease: 500 ms without a well-formed host command
 * while running stops the pen. Only a frame that decodes, is a host command
 * and passes the gate renews it (PROTOCOL.md §10): these cases send each
 * thing that must not (bad CRC, garbage, unknown kinds, malformed fields, the
 * pen's own frames echoed back) and one that must (a refused but well-formed
 * command). They need only a cartridge: they run on a real pen.
 */
import { frame } from '../../../protocol/src/index.js';
import type { CaseContext } from '../harness/context.js';
import { check, frameText, HEARTBEAT_MS, HilFailure } from '../harness/link.js';
import type { HilCase } from '../harness/runner.js';
import { codesOf, onGrid, statusNow } from './util.js';

/** How late, in device ms, a lease expiry may come after its 500 ms (a pen's tick); a renewal shows as ≥ 100 ms more. */
const LEASE_SLACK_MS = 20;

/**
 * Stop the heartbeat and send one last PING: its ACK's t= is the device time
 * of the last well-formed command, from which the lease runs (PROTOCOL.md
 * §7: timing from t=, so a busy host does not blur it).
 */
async function lastCommand(ctx: CaseContext): Promise<number> {
  ctx.link.heartbeatMs = 0;
  const ack = await ctx.link.ok('PING', {});
  check(typeof ack.fields.t === 'number', `PING answered ${frameText(ack)}: an ACK must carry t= (PROTOCOL.md §7)`);
  return ack.fields.t as number;
}

/** The LEASE event must come 500 ms (device time) after `t0`, give or take the pen's tick; returns it. */
async function leaseAfter(ctx: CaseContext, t0: number, since: number, what: string) {
  const lease = await ctx.link.event('LEASE', {}, { since, timeoutMs: 2000 });
  const dt = (lease.msg.fields.t as number) - t0;
  ctx.measure(`last well-formed command → LEASE (device time${what ? `, ${what} in between` : ''})`, dt, 'ms');
  check(dt >= 495, `the pen stopped ${dt} ms (device time) after the last well-formed command, before the 500 ms lease`);
  check(dt <= 500 + LEASE_SLACK_MS, `the lease expired ${dt} ms (device time) after the last well-formed command${what ? `: ${what} renewed it` : ''}`);
  return lease;
}

/** Run, stop the heartbeat, send `noise()` every 100 ms; the lease must still expire 500 ms after the last well-formed command. */
async function leaseExpiresDespite(ctx: CaseContext, what: string, noise: (i: number) => void): Promise<void> {
  await ctx.connect();
  await ctx.run({ tlmHz: ctx.needTelemetry(50) });
  const since = ctx.link.mark();
  const t0 = await lastCommand(ctx);
  for (let i = 0; i < 8 && !ctx.link.rx.slice(since).some((f) => f.msg?.kind === 'EVT' && f.msg.fields.ev === 'LEASE'); i++) {
    await ctx.link.pump(100);
    noise(i);
  }
  await leaseAfter(ctx, t0, since, what);
  await ctx.link.event('FAULT', { code: 'LINK_LOST' }, { since, timeoutMs: 200 });
  ctx.link.heartbeatMs = HEARTBEAT_MS;
}

export const leaseCases: HilCase[] = [
  {
    id: 'SR-11.lease',
    title: 'SR-11 no valid host frame for 500 ms while running: the pen stops (LEASE, FAULT LINK_LOST) 500 ms after the last one (device time)',
    needs: ['cartridge'],
    async run(ctx) {
      await ctx.connect();
      const um = onGrid(ctx, 1000);
      await ctx.run({ depthUm: um, tlmHz: ctx.needTelemetry(50) });
      await ctx.settled(um);
      const since = ctx.link.mark();
      const t0 = await lastCommand(ctx);
      const last = ctx.link.lastWriteAt;
      const lease = await leaseAfter(ctx, t0, since, '');
      ctx.measure('last host frame → LEASE (host time)', lease.at - last, 'ms');
      const fault = await ctx.link.event('FAULT', { code: 'LINK_LOST' }, { since, timeoutMs: 200 });
      check(codesOf(fault.msg.fields.faults).includes('LINK_LOST'), `EVT FAULT code=LINK_LOST faults=${String(fault.msg.fields.faults)} does not name LINK_LOST`);
      ctx.link.heartbeatMs = HEARTBEAT_MS;
      await ctx.link.waitFor('needle retracted after the lease', (m) => m.kind === 'TLM' && m.fields.s === 'FAULT' && m.fields.m <= 50, { since, timeoutMs: 500 });
      await ctx.link.ok('CLEAR_FAULT', {});
    },
  },
  {
    id: 'SR-11.heartbeat-holds',
    title: 'SR-11 a PING every 200 ms keeps a running pen running (no LEASE for 1.2 s)',
    needs: ['cartridge'],
    async run(ctx) {
      await ctx.run();
      // The period PROTOCOL.md §10 asks of a host (the harness's own is shorter).
      ctx.link.heartbeatMs = 200;
      ctx.wire.maxLagMs = 0;
      try {
        await ctx.link.none('lease expiry while PINGing', (m) => m.kind === 'EVT' && (m.fields.ev === 'LEASE' || m.fields.ev === 'FAULT'), 1200);
      } catch (e) {
        // A host that stalls past the lease sent no PING: say so, the pen did its job.
        const lag = ctx.wire.maxLagMs ?? 0;
        if (lag > 250) throw new HilFailure(`${e instanceof Error ? e.message : String(e)} — but the host itself stalled ${Math.round(lag)} ms, so its heartbeat was late: rerun on a less busy host`);
        throw e;
      }
      check((await statusNow(ctx)).st === 'RUN', 'pen no longer running');
    },
  },
  {
    id: 'SR-11.refused-renews',
    title: 'SR-11 a well-formed command renews the lease even when refused (DEPTH_RANGE every 200 ms keeps the pen running)',
    needs: ['cartridge'],
    async run(ctx) {
      const { dmax, dstep } = await ctx.connect();
      await ctx.run();
      ctx.link.heartbeatMs = 0;
      const since = ctx.link.mark();
      for (let i = 0; i < 6; i++) {
        await ctx.link.nak('SET_DEPTH', { um: dmax + dstep }, 'DEPTH_RANGE');
        await ctx.link.pump(200);
      }
      ctx.link.heartbeatMs = HEARTBEAT_MS;
      await ctx.link.none('lease expiry', (m) => m.kind === 'EVT' && m.fields.ev === 'LEASE', 0, since);
      check((await statusNow(ctx)).st === 'RUN', 'the pen stopped although refused commands kept arriving');
    },
  },
  {
    id: 'SR-11.bad-crc-no-renew',
    title: 'SR-11 frames with a bad CRC do not renew the lease: the pen still stops after 500 ms',
    needs: ['cartridge'],
    run: (ctx) => leaseExpiresDespite(ctx, 'bad-CRC PINGs', (i) => ctx.link.writeRaw(`$${60000 + i} PING*0000`)),
  },
  {
    id: 'SR-11.garbage-no-renew',
    title: 'SR-11 garbage lines do not renew the lease: the pen still stops after 500 ms',
    needs: ['cartridge'],
    run: (ctx) => leaseExpiresDespite(ctx, 'garbage lines', (i) => ctx.link.writeRaw(['PING', 'hello pen', '$$$$', '\x00\x01\xfe', '*1234', 'SET_DEPTH um=500', '=', '$'][i % 8]!)),
  },
  {
    id: 'SR-11.unknown-kind-no-renew',
    title: 'SR-11 frames of an unknown kind (good CRC, answered UNKNOWN_KIND) do not renew the lease',
    needs: ['cartridge'],
    run: (ctx) => leaseExpiresDespite(ctx, 'unknown kinds', () => ctx.link.writeBody(`${ctx.link.takeSeq()} KEEP_ALIVE`)),
  },
  {
    id: 'SR-11.bad-args-no-renew',
    title: 'SR-11 malformed commands (good CRC, answered BAD_ARGS) do not renew the lease',
    needs: ['cartridge'],
    run: (ctx) => leaseExpiresDespite(ctx, 'malformed PINGs', () => ctx.link.writeBody(`${ctx.link.takeSeq()} PING x=1`)),
  },
  {
    id: 'SR-11.echo-no-renew',
    title: 'SR-11 the pen\'s own frames echoed back (a looped-back line) do not renew the lease',
    needs: ['cartridge'],
    run: (ctx) => leaseExpiresDespite(ctx, 'echoed pen frames', () => {
      const own = [...ctx.link.rx].reverse().find((f) => f.msg && (f.msg.kind === 'TLM' || f.msg.kind === 'EVT' || f.msg.kind === 'ACK'));
      ctx.link.writeRaw(own ? own.line : frame('1 TLM t=1 s=RUN d=500 m=500 r=120 n=1 p=0 c=250 b=90'));
    }),
  },
];
