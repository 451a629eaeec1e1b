/** Safety rules about faults and link loss: SR-05, SR-06, SR-10…SR-14. */
import { check } from '../harness/link.js';
import type { HilCase } from '../harness/runner.js';
import { cartNow, statusNow } from './util.js';

export const faultSafetyCases: HilCase[] = [
  {
    id: 'SR-05.depth-tolerance',
    title: 'SR-05 measured depth off the setpoint by more than 0.15 mm for over 50 ms faults DEPTH_TOLERANCE and retracts',
    needs: ['sim'],
    async run(ctx) {
      await ctx.run({ depthUm: 1000, tlmHz: 100 });
      await ctx.settled(1000, 60);
      // Past SR-05's settling time, so the 50 ms window is the only delay left.
      await ctx.link.pump(400);
      const since = ctx.link.mark();
      await ctx.sim('SIM_FAULT', { f: 'DEPTH_DRIFT', v: 20000 });
      const fault = await ctx.link.event('FAULT', { code: 'DEPTH_TOLERANCE' }, { since, timeoutMs: 2000 });
      const off = ctx.link.frames('TLM', since).find((f) => Math.abs(f.msg.fields.m - f.msg.fields.d) > 150);
      if (off) {
        const dt = (fault.msg.fields.t as number) - off.msg.fields.t;
        ctx.measure('out of tolerance → fault', dt, 'ms');
        check(dt <= 50 + 10 + 5, `fault raised ${dt} ms after the depth left tolerance (limit 50 ms + one TLM period)`);
        check(dt >= 50 - 10, `fault raised ${dt} ms after the depth left tolerance, before the 50 ms window`);
      }
      await ctx.link.waitFor('needle retracted (TLM m ≤ 50 µm, s=FAULT)', (m) => m.kind === 'TLM' && m.fields.s === 'FAULT' && m.fields.m <= 50, { since, timeoutMs: 500 });
    },
  },
  {
    id: 'SR-06.stall',
    title: 'SR-06 a stalled motor (measured rate off by >10 % for >200 ms) faults RATE_DEVIATION',
    needs: ['sim'],
    async run(ctx) {
      await ctx.run({ rateHz: 120, tlmHz: 50 });
      await ctx.link.pump(500);
      const since = ctx.link.mark();
      const t0 = ctx.link.now();
      await ctx.sim('SIM_FAULT', { f: 'STALL' });
      const fault = await ctx.link.event('FAULT', { code: 'RATE_DEVIATION' }, { since, timeoutMs: 2000 });
      ctx.measure('stall → fault', fault.at - t0, 'ms');
      check(fault.at - t0 >= 200, `RATE_DEVIATION after only ${Math.round(fault.at - t0)} ms (must persist 200 ms)`);
      await ctx.link.waitFor('motor stopped (TLM r=0, s=FAULT)', (m) => m.kind === 'TLM' && m.fields.s === 'FAULT' && m.fields.r === 0, { since, timeoutMs: 1000 });
    },
  },
  {
    id: 'SR-10.removed',
    title: 'SR-10 cartridge removed while running: immediate stop and fault CART_REMOVED',
    needs: ['sim'],
    async run(ctx) {
      await ctx.run({ depthUm: 1000, tlmHz: 100 });
      await ctx.settled(1000);
      const since = ctx.link.mark();
      const ack = await ctx.sim('SIM_CART', { op: 'REMOVE' });
      const fault = await ctx.link.event('FAULT', { code: 'CART_REMOVED' }, { since, timeoutMs: 500 });
      const t = (ack.fields as { t?: number }).t;
      if (t !== undefined) {
        ctx.measure('removal → fault (device time)', (fault.msg.fields.t as number) - t, 'ms');
        check((fault.msg.fields.t as number) - t <= 2, `fault ${(fault.msg.fields.t as number) - t} ms after the removal`);
      }
      await ctx.link.waitFor('needle retracted', (m) => m.kind === 'TLM' && m.fields.s === 'FAULT' && m.fields.m <= 50, { since, timeoutMs: 500 });
    },
  },
  {
    id: 'SR-10.unseated',
    title: 'SR-10 cartridge unseated while running: immediate stop and fault CART_UNSEATED',
    needs: ['sim'],
    async run(ctx) {
      await ctx.run();
      const since = ctx.link.mark();
      await ctx.sim('SIM_CART', { op: 'UNSEAT' });
      await ctx.link.event('FAULT', { code: 'CART_UNSEATED' }, { since, timeoutMs: 500 });
      await ctx.link.state('FAULT', { since });
    },
  },
  {
    id: 'SR-11.lease',
    title: 'SR-11 no valid host frame for 500 ms while running: the pen stops (LEASE, FAULT LINK_LOST) within the lease',
    needs: ['sim'],
    async run(ctx) {
      await ctx.run({ depthUm: 1000, tlmHz: 50 });
      await ctx.settled(1000);
      ctx.link.heartbeatMs = 0;
      const since = ctx.link.mark();
      const last = ctx.link.lastWriteAt;
      const lease = await ctx.link.event('LEASE', {}, { since, timeoutMs: 2000 });
      const dt = lease.at - last;
      ctx.measure('last host frame → LEASE', dt, 'ms');
      await ctx.link.event('FAULT', { code: 'LINK_LOST' }, { since, timeoutMs: 200 });
      check(dt >= 495, `the pen stopped ${Math.round(dt)} ms after the last host frame, before the 500 ms lease`);
      check(dt <= 500 + 15 + ctx.latencyMs, `the pen stopped ${Math.round(dt)} ms after the last host frame (lease 500 ms + ${15 + ctx.latencyMs} ms slack)`);
      ctx.link.heartbeatMs = 200;
      await ctx.link.waitFor('needle retracted after the lease', (m) => m.kind === 'TLM' && m.fields.s === 'FAULT' && m.fields.m <= 50, { since, timeoutMs: 500 });
      await ctx.link.ok('CLEAR_FAULT', {});
    },
  },
  {
    id: 'SR-11.heartbeat-holds',
    title: 'SR-11 a PING every 200 ms keeps a running pen running (no LEASE for 1.2 s)',
    needs: ['sim'],
    async run(ctx) {
      await ctx.run();
      await ctx.link.none('lease expiry while PINGing', (m) => m.kind === 'EVT' && (m.fields.ev === 'LEASE' || m.fields.ev === 'FAULT'), 1200);
      check((await statusNow(ctx)).st === 'RUN', 'pen no longer running');
    },
  },
  {
    id: 'SR-11.bad-crc-no-renew',
    title: 'SR-11 frames with a bad CRC do not renew the lease: the pen still stops after 500 ms',
    needs: ['sim'],
    async run(ctx) {
      await ctx.run();
      ctx.link.heartbeatMs = 0;
      const since = ctx.link.mark();
      const last = ctx.link.lastWriteAt;
      for (let i = 0; i < 8; i++) {
        await ctx.link.pump(100);
        ctx.link.writeRaw(`$${60000 + i} PING*0000`);
      }
      const lease = await ctx.link.event('LEASE', {}, { since, timeoutMs: 500 });
      const dt = lease.at - last;
      ctx.measure('last valid frame → LEASE', dt, 'ms');
      check(dt <= 500 + 15 + ctx.latencyMs, `lease expired ${Math.round(dt)} ms after the last valid frame`);
    },
  },
  {
    id: 'SR-12.fluid',
    title: 'SR-12 fluid ingress faults FLUID_INGRESS; that cartridge must be replaced before running again',
    needs: ['sim'],
    async run(ctx) {
      await ctx.run();
      const since = ctx.link.mark();
      await ctx.sim('SIM_FAULT', { f: 'FLUID' });
      await ctx.link.event('FAULT', { code: 'FLUID_INGRESS' }, { since, timeoutMs: 500 });
      check((await cartNow(ctx)).status === 'FLUID', 'GET_CART does not report FLUID');
      await ctx.link.nak('CLEAR_FAULT', {}, 'FAULT_PRESENT');
      await ctx.link.nak('START', {}, 'FAULT_ACTIVE');
      await ctx.sim('SIM_CART', { op: 'REMOVE' });
      await ctx.link.pump(20);
      await ctx.link.ok('CLEAR_FAULT', {});
      const ev = await ctx.insert('N12-OK-02');
      check(ev.msg.fields.ev === 'CART_OK', 'fresh cartridge rejected');
      await ctx.link.ok('START', {});
      await ctx.link.ok('STOP', {});
    },
  },
  {
    id: 'SR-13.battery-low',
    title: 'SR-13 battery below 10 % refuses START (BATTERY_LOW)',
    needs: ['sim'],
    async run(ctx) {
      await ctx.ready();
      const since = ctx.link.mark();
      await ctx.sim('SIM_FAULT', { f: 'BATTERY', v: 8 });
      await ctx.link.state('LOWBAT', { since, timeoutMs: 500 });
      await ctx.link.nak('START', {}, 'BATTERY_LOW');
    },
  },
  {
    id: 'SR-13.battery-critical',
    title: 'SR-13 battery below 3 % while running stops the pen (BATTERY_CRITICAL)',
    needs: ['sim'],
    async run(ctx) {
      await ctx.run();
      const since = ctx.link.mark();
      await ctx.sim('SIM_FAULT', { f: 'BATTERY', v: 2 });
      await ctx.link.event('FAULT', { code: 'BATTERY_CRITICAL' }, { since, timeoutMs: 500 });
      await ctx.link.waitFor('motor stopped', (m) => m.kind === 'TLM' && m.fields.s === 'FAULT' && m.fields.r === 0, { since, timeoutMs: 1000 });
    },
  },
  {
    id: 'SR-13.over-temp',
    title: 'SR-13 handpiece above 43 °C stops the pen (OVER_TEMP); the fault clears only once cool',
    needs: ['sim'],
    async run(ctx) {
      await ctx.run({ tlmHz: 50 });
      const since = ctx.link.mark();
      await ctx.sim('SIM_FAULT', { f: 'OVERTEMP', v: 20000 });
      await ctx.link.event('FAULT', { code: 'OVER_TEMP' }, { since, timeoutMs: 3000 });
      const hot = ctx.link.frames('TLM', since).filter((f) => f.msg.fields.c > 430);
      check(hot.every((f) => f.msg.fields.s !== 'RUN' || f.msg.fields.c <= 435), 'pen kept running above 43.5 °C');
      await ctx.link.nak('CLEAR_FAULT', {}, 'FAULT_PRESENT');
      // Cool the handpiece quickly so the case (and a shared pen) ends at room temperature.
      await ctx.sim('SIM_FAULT', { f: 'OVERTEMP', v: -20000 });
      await ctx.link.waitFor('handpiece below 30 °C', (m) => m.kind === 'TLM' && m.fields.c <= 300, { timeoutMs: 3000 });
      await ctx.sim('SIM_FAULT', { f: 'CLEAR' });
      await ctx.link.ok('CLEAR_FAULT', {});
    },
  },
  {
    id: 'SR-14.latch',
    title: 'SR-14 a fault latches: no restart while the condition persists, none by itself once gone, only after CLEAR_FAULT',
    needs: ['sim'],
    async run(ctx) {
      await ctx.run({ tlmHz: 50 });
      await ctx.link.pump(400);
      let since = ctx.link.mark();
      await ctx.sim('SIM_FAULT', { f: 'STALL' });
      await ctx.link.event('FAULT', { code: 'RATE_DEVIATION' }, { since, timeoutMs: 2000 });
      await ctx.link.nak('CLEAR_FAULT', {}, 'FAULT_PRESENT');
      await ctx.link.nak('START', {}, 'FAULT_ACTIVE');
      await ctx.sim('SIM_FAULT', { f: 'CLEAR' });
      since = ctx.link.mark();
      await ctx.link.pump(300);
      await ctx.link.none('leaving FAULT without CLEAR_FAULT', (m) => m.kind === 'TLM' && m.fields.s !== 'FAULT', 0, since);
      await ctx.link.nak('START', {}, 'FAULT_ACTIVE');
      since = ctx.link.mark();
      await ctx.link.ok('CLEAR_FAULT', {});
      await ctx.link.event('FAULT_CLEAR', {}, { since });
      await ctx.link.state('READY', { since });
      await ctx.link.ok('START', {});
      await ctx.link.ok('STOP', {});
    },
  },
];
