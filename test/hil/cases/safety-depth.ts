/** Safety rules about depth and rate settings, against the limits, profile and cartridge the pen reports: SR-01…SR-04, SR-06 (range). */
import { emptySlot } from '../harness/acquire.js';
import { check } from '../harness/link.js';
import type { HilCase } from '../harness/runner.js';
import { depthCeiling, expectUnchanged, onGrid, settingsNow, statusNow, stopped } from './util.js';

export const depthSafetyCases: HilCase[] = [
  {
    id: 'SR-01.range',
    title: 'SR-01 a depth outside the pen\'s dmin..dmax or off its grid is refused DEPTH_RANGE, never clamped',
    async run(ctx) {
      const { dmin, dmax, dstep } = await ctx.connect();
      const top = await depthCeiling(ctx);
      const first = onGrid(ctx, dmin + dstep, top);
      await ctx.link.ok('SET_DEPTH', { um: first });
      const before = await settingsNow(ctx);
      const bad = [0, dmin - 1, dmin - dstep, 200, dmax + dstep, dmax + 1, 9999, first + Math.floor(dstep / 2), 1525, 1510]
        .filter((um) => um >= 0 && (um < dmin || um > dmax || (um - dmin) % dstep !== 0 || um % 50 !== 0));
      for (const um of [...new Set(bad)]) {
        const nak = await ctx.link.nak('SET_DEPTH', { um }, 'DEPTH_RANGE');
        check(nak.fields.max === undefined || nak.fields.max === dmax, `NAK DEPTH_RANGE max=${String(nak.fields.max)}, INFO dmax=${dmax}`);
        check(nak.fields.min === undefined || nak.fields.min === dmin, `NAK DEPTH_RANGE min=${String(nak.fields.min)}, INFO dmin=${dmin}`);
      }
      await expectUnchanged(ctx, before, 'refused SET_DEPTH');
      await ctx.link.ok('SET_DEPTH', { um: dmin });
      await ctx.link.ok('SET_DEPTH', { um: onGrid(ctx, top, top) });
      check((await statusNow(ctx)).um === onGrid(ctx, top, top), `accepted ${onGrid(ctx, top, top)} µm not reported back`);
    },
  },
  {
    id: 'SR-02.depth-above-area-cap',
    title: "SR-02 a depth above the selected area's hard cap is refused DEPTH_AREA_LIMIT with the cap",
    async run(ctx) {
      const { dmax, dstep } = await ctx.connect();
      const um0 = (await statusNow(ctx)).um;
      const rows = (await ctx.areas()).filter((a) => a.cap >= um0 && a.cap + dstep <= dmax).sort((a, b) => a.cap - b.cap);
      if (rows.length === 0) ctx.skip(`needs an area whose cap is below dmax (${dmax} µm); every row of the pen's profile allows dmax`);
      const area = rows[0]!;
      await ctx.link.ok('SET_AREA', { area: area.area });
      const nak = await ctx.link.nak('SET_DEPTH', { um: area.cap + dstep }, 'DEPTH_AREA_LIMIT');
      check(nak.fields.max === area.cap, `NAK max=${String(nak.fields.max)}, ${area.area}'s cap (GET_AREA) ${area.cap}`);
      const ok = onGrid(ctx, area.cap, await depthCeiling(ctx, area.cap));
      await ctx.link.ok('SET_DEPTH', { um: ok });
    },
  },
  {
    id: 'SR-02.area-below-setpoint',
    title: 'SR-02 selecting an area whose cap is below the current setpoint is refused; the area stays',
    async run(ctx) {
      const { dstep } = await ctx.connect();
      const deep = await ctx.deepestArea();
      const low = await ctx.shallowestArea();
      // A fitted cartridge rated too shallow for a setpoint above the lowest cap is swapped (or the case skipped naming it).
      if (low.cap + dstep > (await depthCeiling(ctx))) await ctx.cartridge({ ratedUm: low.cap + dstep });
      const top = await depthCeiling(ctx, deep.cap);
      if (low.cap + dstep > top) ctx.skip(`needs a setpoint above ${low.area}'s cap (${low.cap} µm), and the pen accepts at most ${top} µm (dmax, ${deep.area}'s cap)`);
      await ctx.link.ok('SET_AREA', { area: deep.area });
      await ctx.link.ok('SET_DEPTH', { um: onGrid(ctx, low.cap + dstep, top) });
      const before = await settingsNow(ctx);
      const nak = await ctx.link.nak('SET_AREA', { area: low.area }, 'DEPTH_AREA_LIMIT');
      check(nak.fields.max === undefined || nak.fields.max === low.cap, `NAK max=${String(nak.fields.max)}, ${low.area}'s cap ${low.cap}`);
      await expectUnchanged(ctx, before, 'refused SET_AREA');
    },
  },
  {
    id: 'SR-02.no-area',
    title: 'SR-02 START is refused NO_AREA until a treatment area is selected, and again after RESET_SETTINGS',
    async run(ctx) {
      await ctx.connect();
      check((await statusNow(ctx)).area === undefined, 'STATUS reports an area after RESET_SETTINGS');
      // NO_AREA comes before the cartridge checks (PROTOCOL.md, START): no cartridge needed.
      await ctx.link.nak('START', {}, 'NO_AREA');
      const area = (await ctx.deepestArea()).area;
      await ctx.link.ok('SET_AREA', { area });
      const r = await ctx.link.request('START', {});
      check(!(r.msg.kind === 'NAK' && r.msg.fields.code === 'NO_AREA'), `START with ${area} selected is still refused NO_AREA`);
      if (r.msg.kind === 'ACK') await stopped(ctx);
      const since = ctx.link.mark();
      await ctx.link.ok('RESET_SETTINGS', {});
      await ctx.link.event('AREA', { area: 'NONE' }, { since });
      await ctx.link.nak('START', {}, 'NO_AREA');
    },
  },
  {
    id: 'SR-03.depth-above-cart',
    title: "SR-03 a depth above the cartridge's rated max is refused DEPTH_CART_LIMIT",
    needs: ['cartridge'],
    async run(ctx) {
      const { dmax, dstep } = await ctx.connect();
      const deep = await ctx.deepestArea();
      const c = await ctx.cartridge({ ratedUm: ctx.limits.dmin, ratedBelowUm: Math.min(dmax, deep.cap) - dstep + 1 });
      await ctx.link.ok('SET_AREA', { area: deep.area });
      const nak = await ctx.link.nak('SET_DEPTH', { um: onGrid(ctx, c.max! + dstep) }, 'DEPTH_CART_LIMIT');
      check(nak.fields.max === c.max, `NAK max=${String(nak.fields.max)}, cartridge max ${String(c.max)}`);
      await ctx.link.ok('SET_DEPTH', { um: onGrid(ctx, c.max!, c.max!) });
    },
  },
  {
    id: 'SR-03.start-above-cart',
    title: "SR-03 START is refused while the setpoint exceeds the newly inserted cartridge's max",
    needs: ['cartridge-swap'],
    async run(ctx) {
      const { dmax, dstep } = await ctx.connect();
      const deep = await ctx.deepestArea();
      await ctx.link.ok('SET_AREA', { area: deep.area });
      await emptySlot(ctx);
      const depth = onGrid(ctx, Math.min(dmax, deep.cap));
      await ctx.link.ok('SET_DEPTH', { um: depth });
      const c = await ctx.cartridge({ ratedUm: ctx.limits.dmin, ratedBelowUm: depth - dstep + 1, consumes: true });
      const nak = await ctx.link.nak('START', {}, 'DEPTH_CART_LIMIT');
      check(nak.fields.max === undefined || nak.fields.max === c.max, `NAK max=${String(nak.fields.max)}, cartridge max ${String(c.max)}`);
      await ctx.link.ok('SET_DEPTH', { um: onGrid(ctx, c.max!, c.max!) });
      await ctx.link.ok('START', {});
      await stopped(ctx);
    },
  },
  {
    id: 'SR-04.slew',
    title: 'SR-04 while running a depth change slews at most 1 mm/s and does not overshoot the setpoint',
    needs: ['cartridge'],
    async run(ctx) {
      await ctx.connect();
      const tlmHz = ctx.needTelemetry(100);
      const low = onGrid(ctx, 500);
      const high = onGrid(ctx, Math.min(2000, (await ctx.deepestArea()).cap));
      if (high - low < 500) ctx.skip(`needs a depth step of at least 0.5 mm, and the pen's range here is ${low}..${high} µm`);
      await ctx.run({ depthUm: low, tlmHz, cart: { ratedUm: high } });
      await ctx.settled(low, 60);
      const since = ctx.link.mark();
      const ack = await ctx.link.ok('SET_DEPTH', { um: high });
      await ctx.settled(high, 60, 4000);
      await ctx.link.pump(300);
      const tlm = ctx.link.frames('TLM', since).map((f) => ({ t: f.msg.fields.t as number, m: f.msg.fields.m as number }));
      check(tlm.length > tlmHz / 2, `only ${tlm.length} TLM frames`);
      let worst = 0;
      for (let i = 0; i < tlm.length; i++) {
        for (let j = i + 1; j < tlm.length; j++) {
          const dt = tlm[j]!.t - tlm[i]!.t;
          if (dt < 100) continue;
          // Sensor noise (±8 µm) allowed on both samples.
          worst = Math.max(worst, (tlm[j]!.m - tlm[i]!.m - 20) / dt);
          break;
        }
      }
      const peak = Math.max(...tlm.map((p) => p.m));
      const near = high - 100;
      const reach = tlm.find((p) => p.m >= near);
      ctx.measure('max slew', worst * 1000, 'µm/s');
      ctx.measure('peak depth', peak, 'µm');
      check(worst <= 1.05, `depth rose at ${Math.round(worst * 1000)} µm/s, limit 1000 µm/s`);
      check(peak <= high + 150, `measured depth peaked at ${peak} µm for a ${high} µm setpoint`);
      const t0 = ack.fields.t as number | undefined;
      check(typeof t0 === 'number', 'SET_DEPTH ACK without t= (PROTOCOL.md §7: a MUST)');
      check(reach !== undefined, `the needle never came within 100 µm of ${high} µm`);
      ctx.measure(`${low}→${near} µm time`, reach.t - t0, 'ms');
      check(reach.t - t0 >= near - low - 150, `reached ${near} µm ${reach.t - t0} ms after the change: faster than 1 mm/s`);
    },
  },
  {
    id: 'SR-06.range',
    title: 'SR-06 a stroke rate outside the pen\'s rmin..rmax is refused RATE_RANGE; the limits are accepted',
    async run(ctx) {
      const { rmin, rmax } = await ctx.connect();
      const before = await settingsNow(ctx);
      for (const hz of [...new Set([0, rmin - 1, 49, rmax + 1, 151, 999])].filter((h) => h >= 0 && (h < rmin || h > rmax))) {
        const nak = await ctx.link.nak('SET_RATE', { hz }, 'RATE_RANGE');
        check(nak.fields.max === undefined || nak.fields.max === rmax, `NAK RATE_RANGE max=${String(nak.fields.max)}, INFO rmax=${rmax}`);
        check(nak.fields.min === undefined || nak.fields.min === rmin, `NAK RATE_RANGE min=${String(nak.fields.min)}, INFO rmin=${rmin}`);
      }
      await expectUnchanged(ctx, before, 'refused SET_RATE');
      await ctx.link.ok('SET_RATE', { hz: rmin });
      await ctx.link.ok('SET_RATE', { hz: rmax });
    },
  },
];
