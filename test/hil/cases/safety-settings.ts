/** Safety rules about settings and cartridges, observed at the wire: SR-01…SR-04, SR-06 (range), SR-07…SR-09. */
import { check } from '../harness/link.js';
import type { HilCase } from '../harness/runner.js';
import { cartNow, expectUnchanged, settingsNow, statusNow } from './util.js';

/** A sample cartridge that verification must reject with `status`, so START is refused with `nak`. */
function rejectedCart(id: string, status: string, nak: 'CART_AUTH' | 'CART_EXPIRED' | 'CART_RECALLED' | 'CART_UNSEALED' | 'CART_REUSED', why: string): HilCase {
  return {
    id: `SR-${nak === 'CART_REUSED' ? '08' : '07'}.${status.toLowerCase()}`,
    title: `SR-${nak === 'CART_REUSED' ? '08' : '07'} ${why}: verification rejects it (${status}) and START is refused NAK ${nak}`,
    needs: ['sim'],
    async run(ctx) {
      await ctx.connect();
      await ctx.link.ok('SET_AREA', { area: 'BODY' });
      const ev = await ctx.insert(id);
      check(ev.msg.fields.ev === 'CART_REJECT' && ev.msg.fields.code === status, `expected EVT CART_REJECT code=${status}, got ${ev.msg.fields.ev} ${String(ev.msg.fields.code)}`);
      const c = await cartNow(ctx);
      check(c.status === status, `GET_CART status=${c.status}, expected ${status}`);
      await ctx.link.nak('START', {}, nak);
      await ctx.link.none('the motor starting', (m) => m.kind === 'TLM' && m.fields.s === 'RUN', 200);
    },
  };
}

export const settingsSafetyCases: HilCase[] = [
  {
    id: 'SR-01.range',
    title: 'SR-01 depth outside 250..2500 µm or off the 50 µm grid is refused DEPTH_RANGE, never clamped',
    async run(ctx) {
      await ctx.connect();
      await ctx.link.ok('SET_DEPTH', { um: 700 });
      const before = await settingsNow(ctx);
      for (const um of [0, 200, 249, 2550, 9999, 1525, 1510]) {
        const nak = await ctx.link.nak('SET_DEPTH', { um }, 'DEPTH_RANGE');
        check(nak.fields.max === undefined || nak.fields.max === 2500, `NAK DEPTH_RANGE max=${String(nak.fields.max)}`);
      }
      await expectUnchanged(ctx, before, 'refused SET_DEPTH');
      await ctx.link.ok('SET_DEPTH', { um: 250 });
      await ctx.link.ok('SET_DEPTH', { um: 2500 });
      check((await statusNow(ctx)).um === 2500, 'accepted 2500 µm not reported back');
    },
  },
  {
    id: 'SR-02.depth-above-area-cap',
    title: "SR-02 a depth above the selected area's hard cap is refused DEPTH_AREA_LIMIT with the cap",
    async run(ctx) {
      await ctx.connect();
      await ctx.link.ok('SET_AREA', { area: 'PERIORBITAL' });
      const cap = await areaCap(ctx, 'PERIORBITAL');
      const nak = await ctx.link.nak('SET_DEPTH', { um: cap + 50 }, 'DEPTH_AREA_LIMIT');
      check(nak.fields.max === cap, `NAK max=${String(nak.fields.max)}, cap ${cap}`);
      await ctx.link.ok('SET_DEPTH', { um: cap });
    },
  },
  {
    id: 'SR-02.area-below-setpoint',
    title: 'SR-02 selecting an area whose cap is below the current setpoint is refused; the area stays',
    async run(ctx) {
      await ctx.connect();
      await ctx.link.ok('SET_AREA', { area: 'BODY' });
      await ctx.link.ok('SET_DEPTH', { um: 1500 });
      const before = await settingsNow(ctx);
      await ctx.link.nak('SET_AREA', { area: 'FOREHEAD' }, 'DEPTH_AREA_LIMIT');
      await expectUnchanged(ctx, before, 'refused SET_AREA');
    },
  },
  {
    id: 'SR-03.depth-above-cart',
    title: "SR-03 a depth above the cartridge's rated max is refused DEPTH_CART_LIMIT",
    needs: ['sim'],
    async run(ctx) {
      await ctx.ready({ cart: 'N36-OK-01' });
      const c = await cartNow(ctx);
      const nak = await ctx.link.nak('SET_DEPTH', { um: c.max! + 50 }, 'DEPTH_CART_LIMIT');
      check(nak.fields.max === c.max, `NAK max=${String(nak.fields.max)}, cartridge max ${String(c.max)}`);
      await ctx.link.ok('SET_DEPTH', { um: c.max! });
    },
  },
  {
    id: 'SR-03.start-above-cart',
    title: "SR-03 START is refused while the setpoint exceeds the newly inserted cartridge's max",
    needs: ['sim'],
    async run(ctx) {
      await ctx.connect();
      await ctx.link.ok('SET_AREA', { area: 'BODY' });
      await ctx.link.ok('SET_DEPTH', { um: 1500 });
      const ev = await ctx.insert('N42-OK-01');
      check(ev.msg.fields.ev === 'CART_OK', 'N42 cartridge not accepted');
      await ctx.link.nak('START', {}, 'DEPTH_CART_LIMIT');
      await ctx.link.ok('SET_DEPTH', { um: 500 });
      await ctx.link.ok('START', {});
      await ctx.link.ok('STOP', {});
    },
  },
  {
    id: 'SR-04.slew',
    title: 'SR-04 while running a depth change slews at most 1 mm/s and does not overshoot the setpoint',
    needs: ['sim'],
    async run(ctx) {
      await ctx.run({ depthUm: 500, tlmHz: 100 });
      await ctx.settled(500, 60);
      const since = ctx.link.mark();
      const ack = await ctx.link.ok('SET_DEPTH', { um: 2000 });
      await ctx.settled(2000, 60, 4000);
      await ctx.link.pump(300);
      const tlm = ctx.link.frames('TLM', since).map((f) => ({ t: f.msg.fields.t as number, m: f.msg.fields.m as number }));
      check(tlm.length > 50, `only ${tlm.length} TLM frames`);
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
      const reach = tlm.find((p) => p.m >= 1900);
      ctx.measure('max slew', worst * 1000, 'µm/s');
      ctx.measure('peak depth', peak, 'µm');
      check(worst <= 1.05, `depth rose at ${Math.round(worst * 1000)} µm/s, limit 1000 µm/s`);
      check(peak <= 2000 + 150, `measured depth peaked at ${peak} µm for a 2000 µm setpoint`);
      const t0 = (ack.fields as { t?: number }).t;
      if (reach && t0 !== undefined) {
        ctx.measure('500→1900 µm time', reach.t - t0, 'ms');
        check(reach.t - t0 >= 1250, `reached 1900 µm ${reach.t - t0} ms after the change: faster than 1 mm/s`);
      }
    },
  },
  {
    id: 'SR-06.range',
    title: 'SR-06 a stroke rate outside 50..150 Hz is refused RATE_RANGE; the limits are accepted',
    async run(ctx) {
      await ctx.connect();
      const before = await settingsNow(ctx);
      for (const hz of [0, 49, 151, 999]) await ctx.link.nak('SET_RATE', { hz }, 'RATE_RANGE');
      await expectUnchanged(ctx, before, 'refused SET_RATE');
      await ctx.link.ok('SET_RATE', { hz: 50 });
      await ctx.link.ok('SET_RATE', { hz: 150 });
    },
  },
  {
    id: 'SR-07.no-cartridge',
    title: 'SR-07 START without a cartridge is refused NO_CARTRIDGE',
    async run(ctx) {
      await ctx.connect();
      const { st } = await statusNow(ctx);
      if (st !== 'NOCART') ctx.skip(`the pen reports ${st}, not NOCART: remove the cartridge to run this case`);
      await ctx.link.ok('SET_AREA', { area: 'BODY' });
      await ctx.link.nak('START', {}, 'NO_CARTRIDGE');
    },
  },
  rejectedCart('N12-FORGED', 'AUTH', 'CART_AUTH', 'a cartridge whose record MAC does not verify'),
  rejectedCart('N16-EXPIRED', 'EXPIRED', 'CART_EXPIRED', 'an expired cartridge'),
  rejectedCart('N24-RECALLED', 'RECALLED', 'CART_RECALLED', 'a cartridge from a recalled lot'),
  rejectedCart('N16-UNSEALED', 'UNSEALED', 'CART_UNSEALED', 'a cartridge whose seal is broken'),
  rejectedCart('N12-REUSED', 'REUSED', 'CART_REUSED', 'a cartridge the pen recorded as fired'),
  {
    id: 'SR-07.unseated',
    title: 'SR-07 START with an unseated cartridge is refused CART_UNSEATED; seated again it starts',
    needs: ['sim'],
    async run(ctx) {
      await ctx.ready();
      await ctx.sim('SIM_CART', { op: 'UNSEAT' });
      check((await cartNow(ctx)).status === 'UNSEATED', 'GET_CART does not report UNSEATED');
      await ctx.link.nak('START', {}, 'CART_UNSEATED');
      await ctx.sim('SIM_CART', { op: 'SEAT' });
      await ctx.link.ok('START', {});
      await ctx.link.ok('STOP', {});
    },
  },
  {
    id: 'SR-08.reinsert',
    title: 'SR-08 a fired cartridge may restart while inserted, but once removed it is refused CART_REUSED',
    needs: ['sim'],
    async run(ctx) {
      await ctx.run();
      await ctx.link.pump(200);
      let since = ctx.link.mark();
      await ctx.link.ok('STOP', {});
      await ctx.link.state('READY', { since });
      await ctx.link.ok('START', {});
      since = ctx.link.mark();
      await ctx.link.ok('STOP', {});
      await ctx.link.state('READY', { since });
      await ctx.sim('SIM_CART', { op: 'REMOVE' });
      const ev = await ctx.insert('N12-OK-01');
      check(ev.msg.fields.ev === 'CART_REJECT' && ev.msg.fields.code === 'REUSED', `re-inserted fired cartridge: ${String(ev.msg.fields.ev)} ${String(ev.msg.fields.code ?? '')}`);
      await ctx.link.nak('START', {}, 'CART_REUSED');
    },
  },
  {
    id: 'SR-08.power-cycle',
    title: 'SR-08 a fired cartridge is refused CART_REUSED after the pen powers off, across power cycles (NVM)',
    needs: ['sim', 'power-cycle'],
    async run(ctx) {
      await ctx.run();
      await ctx.link.pump(200);
      await ctx.link.ok('STOP', {});
      for (let cycle = 1; cycle <= 2; cycle++) {
        const since = ctx.link.mark();
        await ctx.powerCycle();
        const ev = await ctx.link.waitFor('EVT CART_OK or CART_REJECT after boot', (m) =>
          m.kind === 'EVT' && (m.fields.ev === 'CART_OK' || m.fields.ev === 'CART_REJECT'), { since, timeoutMs: 2000 });
        check(ev.msg.fields.ev === 'CART_REJECT' && ev.msg.fields.code === 'REUSED',
          `after power cycle ${cycle} the fired cartridge verified ${String(ev.msg.fields.ev)} ${String(ev.msg.fields.code ?? '')}`);
        // Settings are volatile: the area goes with the power (START needs one, SR-02).
        await ctx.link.ok('SET_AREA', { area: 'BODY' });
        await ctx.link.nak('START', {}, 'CART_REUSED');
      }
    },
  },
  {
    id: 'SR-09.needle-on-limit',
    title: 'SR-09 after 60 min of needle-on time the cartridge is spent: the pen stops and never runs it again',
    needs: ['sim', 'compressed-time', 'power-cycle'],
    wallTimeoutMs: 120_000,
    async run(ctx) {
      await ctx.run({ tlmHz: 1, rateHz: 50 });
      const since = ctx.link.mark();
      const t0 = ctx.link.now();
      const spent = await ctx.link.event('CART_SPENT', {}, { since, timeoutMs: 60 * 60_000 + 5000 });
      ctx.measure('needle-on time to CART_SPENT', (spent.at - t0) / 60_000, 'min');
      check(spent.at - t0 >= 60 * 60_000 - 5000, `spent after ${Math.round((spent.at - t0) / 1000)} s, before 60 min`);
      await ctx.link.waitFor('the pen stopped', (m) => m.kind === 'TLM' && m.fields.s !== 'RUN', { since: ctx.link.mark(), timeoutMs: 3000 });
      await ctx.link.nak('START', {}, 'CART_SPENT');
      await ctx.powerCycle();
      await ctx.link.pump(400);
      await ctx.link.ok('SET_AREA', { area: 'BODY' });
      await ctx.link.nak('START', {}, 'CART_SPENT');
    },
  },
  {
    id: 'SR-09.removal',
    title: 'SR-09 a cartridge is spent after removal: re-inserted it never runs again',
    needs: ['sim'],
    async run(ctx) {
      await ctx.run();
      await ctx.link.pump(300);
      await ctx.link.ok('STOP', {});
      await ctx.sim('SIM_CART', { op: 'REMOVE' });
      const ev = await ctx.insert('N12-OK-01');
      check(ev.msg.fields.ev === 'CART_REJECT', 'a removed, fired cartridge verified OK');
      const r = await ctx.link.request('START', {});
      check(r.msg.kind === 'NAK' && (r.msg.fields.code === 'CART_SPENT' || r.msg.fields.code === 'CART_REUSED'),
        `START with the removed cartridge: ${r.msg.kind} ${String((r.msg.fields as { code?: string }).code ?? '')}`);
    },
  },
];

async function areaCap(ctx: Parameters<HilCase['run']>[0], area: string): Promise<number> {
  const info = ctx.info ?? (await ctx.connect());
  for (let i = 0; i < info.areas; i++) {
    const a = await ctx.link.ok('GET_AREA', { i });
    if (a.kind === 'AREA' && a.fields.area === area) return a.fields.cap;
  }
  throw new Error(`area ${area} not in the profile`);
}
