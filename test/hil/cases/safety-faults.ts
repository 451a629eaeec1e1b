/** Safety rules about faults: SR-05, SR-06, SR-10, SR-12…SR-14 (link loss, SR-11, is in lease.ts). */
import { reinsertCartridge, removeCartridge } from '../harness/acquire.js';
import { check, frameText } from '../harness/link.js';
import type { HilCase } from '../harness/runner.js';
import { cartNow, codesOf, legalRate, onGrid } from './util.js';

export const faultSafetyCases: HilCase[] = [
  {
    id: 'SR-05.depth-tolerance',
    title: 'SR-05 measured depth off the setpoint by more than 0.15 mm for over 50 ms faults DEPTH_TOLERANCE and retracts',
    needs: ['sim', 'cartridge'],
    async run(ctx) {
      await ctx.connect();
      const um = onGrid(ctx, 1000);
      await ctx.run({ depthUm: um, tlmHz: ctx.needTelemetry(100) });
      await ctx.settled(um, 60);
      // Past SR-05's settling time, so the 50 ms window is the only delay left.
      await ctx.link.pump(400);
      const since = ctx.link.mark();
      await ctx.sim('SIM_FAULT', { f: 'DEPTH_DRIFT', v: 20000 });
      const fault = await ctx.link.event('FAULT', { code: 'DEPTH_TOLERANCE' }, { since, timeoutMs: 2000 });
      const period = 1000 / ctx.needTelemetry(100);
      const off = ctx.link.frames('TLM', since).find((f) => Math.abs(f.msg.fields.m - f.msg.fields.d) > 150);
      if (off) {
        const dt = (fault.msg.fields.t as number) - off.msg.fields.t;
        ctx.measure('out of tolerance → fault', dt, 'ms');
        check(dt <= 50 + period + 5, `fault raised ${dt} ms after the depth left tolerance (limit 50 ms + one TLM period)`);
        check(dt >= 50 - period, `fault raised ${dt} ms after the depth left tolerance, before the 50 ms window`);
      }
      await ctx.link.waitFor('needle retracted (TLM m ≤ 50 µm, s=FAULT)', (m) => m.kind === 'TLM' && m.fields.s === 'FAULT' && m.fields.m <= 50, { since, timeoutMs: 500 });
    },
  },
  {
    id: 'SR-06.stall',
    title: 'SR-06 a stalled motor (measured rate off by >10 % for >200 ms) faults RATE_DEVIATION',
    needs: ['sim', 'cartridge'],
    async run(ctx) {
      await ctx.connect();
      await ctx.run({ rateHz: legalRate(ctx, 120), tlmHz: ctx.needTelemetry(50) });
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
    needs: ['cartridge-swap'],
    async run(ctx) {
      await ctx.connect();
      const um = onGrid(ctx, 1000);
      await ctx.run({ depthUm: um, tlmHz: ctx.needTelemetry(100), cart: { ratedUm: um, consumes: true } });
      await ctx.settled(um);
      const since = ctx.link.mark();
      await removeCartridge(ctx, true);
      const out = ctx.link.frames('EVT', since).find((f) => f.msg.fields.ev === 'CART_OUT')!;
      const fault = await ctx.link.event('FAULT', { code: 'CART_REMOVED' }, { since, timeoutMs: 500 });
      const dt = (fault.msg.fields.t as number) - (out.msg.fields.t as number);
      ctx.measure('removal → fault (device time)', dt, 'ms');
      check(dt <= 2, `fault ${dt} ms after the pen saw the cartridge go (EVT CART_OUT)`);
      await ctx.link.waitFor('needle retracted', (m) => m.kind === 'TLM' && m.fields.s === 'FAULT' && m.fields.m <= 50, { since, timeoutMs: 500 });
    },
  },
  {
    id: 'SR-10.unseated',
    title: 'SR-10 cartridge unseated while running: immediate stop and fault CART_UNSEATED',
    needs: ['cartridge-swap'],
    async run(ctx) {
      await ctx.run();
      const since = ctx.link.mark();
      if (ctx.features.has('sim')) {
        await ctx.sim('SIM_CART', { op: 'UNSEAT' });
        await ctx.link.event('FAULT', { code: 'CART_UNSEATED' }, { since, timeoutMs: 500 });
      } else {
        await ctx.operator({ action: 'unseat-running', text: 'Unseat the cartridge (pull it back until it unlatches, do not take it out) while the pen runs' },
          'EVT FAULT code=CART_UNSEATED', (m) => m.kind === 'EVT' && m.fields.ev === 'FAULT' && m.fields.code === 'CART_UNSEATED');
      }
      await ctx.link.state('FAULT', { since });
    },
  },
  {
    id: 'SR-12.fluid',
    title: 'SR-12 fluid ingress faults FLUID_INGRESS; that cartridge is recorded as contaminated and never runs again (CART_FLUID), a fresh one does',
    needs: ['sim', 'cartridge'],
    async run(ctx) {
      await ctx.run({ cart: { consumes: true } });
      const since = ctx.link.mark();
      await ctx.sim('SIM_FAULT', { f: 'FLUID' });
      await ctx.link.event('FAULT', { code: 'FLUID_INGRESS' }, { since, timeoutMs: 500 });
      check((await cartNow(ctx)).status === 'FLUID', 'GET_CART does not report FLUID');
      await ctx.link.nak('CLEAR_FAULT', {}, 'FAULT_PRESENT');
      await ctx.link.nak('START', {}, 'FAULT_ACTIVE');
      const { id } = await cartNow(ctx);
      await removeCartridge(ctx);
      await ctx.link.pump(20);
      await ctx.link.ok('CLEAR_FAULT', {});
      // Recorded as contaminated in NVM: put back, it never runs again.
      const again = await reinsertCartridge(ctx, id!);
      check(again.msg.fields.ev === 'CART_REJECT' && again.msg.fields.code === 'FLUID', `the contaminated cartridge put back verified ${frameText(again)}, expected CART_REJECT code=FLUID`);
      await ctx.link.ok('SET_AREA', { area: (await ctx.deepestArea()).area });
      await ctx.link.nak('START', {}, 'CART_FLUID');
      await ctx.cartridge();
      await ctx.link.ok('START', {});
      await ctx.link.ok('STOP', {});
    },
  },
  {
    id: 'SR-13.battery-low',
    title: 'SR-13 battery below 10 % refuses START (BATTERY_LOW)',
    needs: ['sim', 'cartridge'],
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
    needs: ['sim', 'cartridge'],
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
    needs: ['sim', 'cartridge'],
    async run(ctx) {
      await ctx.run({ tlmHz: 50 });
      const since = ctx.link.mark();
      await ctx.sim('SIM_FAULT', { f: 'OVERTEMP', v: 20000 });
      await ctx.link.event('FAULT', { code: 'OVER_TEMP' }, { since, timeoutMs: 3000 });
      const hot = ctx.link.frames('TLM', since).filter((f) => f.msg.fields.c > 430);
      check(hot.every((f) => f.msg.fields.s !== 'RUN' || f.msg.fields.c <= 435), 'pen kept running above 43.5 °C');
      await ctx.link.nak('CLEAR_FAULT', {}, 'FAULT_PRESENT');
      // A hot pen refuses START: OVER_TEMP, or FAULT_ACTIVE where over-temperature latches (PROTOCOL.md allows both).
      await ctx.link.nakAny('START', {}, ['FAULT_ACTIVE', 'OVER_TEMP']);
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
    needs: ['sim', 'cartridge'],
    async run(ctx) {
      await ctx.run({ tlmHz: 50 });
      await ctx.link.pump(400);
      let since = ctx.link.mark();
      await ctx.sim('SIM_FAULT', { f: 'STALL' });
      await ctx.link.event('FAULT', { code: 'RATE_DEVIATION' }, { since, timeoutMs: 2000 });
      const present = await ctx.link.nak('CLEAR_FAULT', {}, 'FAULT_PRESENT');
      check(codesOf(present.fields.faults).includes('RATE_DEVIATION'), `NAK FAULT_PRESENT faults=${String(present.fields.faults)} does not name RATE_DEVIATION`);
      const active = await ctx.link.nak('START', {}, 'FAULT_ACTIVE');
      check(codesOf(active.fields.faults).includes('RATE_DEVIATION'), `NAK FAULT_ACTIVE faults=${String(active.fields.faults)} does not name RATE_DEVIATION`);
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
