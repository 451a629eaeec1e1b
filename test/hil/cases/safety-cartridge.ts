/** Safety rules about cartridges, observed at the wire: SR-07 (verification, expiry at START), SR-08 (single use), SR-09 (spent). */
import { emptySlot, insertSample, reinsertCartridge, removeCartridge } from '../harness/acquire.js';
import { check, frameText } from '../harness/link.js';
import type { HilCase } from '../harness/runner.js';
import { cartNow, legalRate, statusNow, stopped } from './util.js';

/** A cartridge verification must reject with `status`, so START is refused with `nak`; `what` is how QA recognises the sample. */
function rejectedCart(id: string, status: string, nak: 'CART_AUTH' | 'CART_EXPIRED' | 'CART_RECALLED' | 'CART_UNSEALED' | 'CART_REUSED', what: string): HilCase {
  const sr = nak === 'CART_REUSED' ? 'SR-08' : 'SR-07';
  return {
    id: `${sr}.${status.toLowerCase()}`,
    title: `${sr} ${what}: verification rejects it (${status}) and START is refused NAK ${nak}`,
    needs: ['cartridge-swap'],
    async run(ctx) {
      await ctx.connect();
      await ctx.link.ok('SET_AREA', { area: (await ctx.deepestArea()).area });
      await emptySlot(ctx);
      const ev = await insertSample(ctx, id, `${status} (${what})`);
      check(ev.msg.fields.ev === 'CART_REJECT' && ev.msg.fields.code === status, `expected EVT CART_REJECT code=${status}, got ${frameText(ev)}`);
      const c = await cartNow(ctx);
      check(c.status === status, `GET_CART status=${c.status}, expected ${status}`);
      await ctx.link.nak('START', {}, nak);
      await ctx.link.none('the motor starting', (m) => m.kind === 'TLM' && m.fields.s === 'RUN', 200);
    },
  };
}

export const cartridgeSafetyCases: HilCase[] = [
  {
    id: 'SR-07.no-cartridge',
    title: 'SR-07 START without a cartridge is refused NO_CARTRIDGE; GET_CART reports NONE',
    needs: ['cartridge-swap'],
    async run(ctx) {
      await ctx.connect();
      await emptySlot(ctx);
      check((await cartNow(ctx)).status === 'NONE', 'GET_CART does not report NONE with the slot empty');
      await ctx.link.ok('SET_AREA', { area: (await ctx.deepestArea()).area });
      await ctx.link.nak('START', {}, 'NO_CARTRIDGE');
    },
  },
  rejectedCart('N12-FORGED', 'AUTH', 'CART_AUTH', 'a cartridge whose record MAC does not verify (forged)'),
  rejectedCart('N16-EXPIRED', 'EXPIRED', 'CART_EXPIRED', 'an expired cartridge'),
  rejectedCart('N24-RECALLED', 'RECALLED', 'CART_RECALLED', 'a cartridge from a recalled lot'),
  rejectedCart('N16-UNSEALED', 'UNSEALED', 'CART_UNSEALED', 'a cartridge whose seal is broken'),
  rejectedCart('N12-REUSED', 'REUSED', 'CART_REUSED', 'a cartridge the pen recorded as fired'),
  {
    id: 'SR-07.unseated',
    title: 'SR-07 START with an unseated cartridge is refused CART_UNSEATED; seated again it starts',
    needs: ['sim', 'cartridge'],
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
    id: 'SR-07.expiry-at-start',
    title: 'SR-07 a cartridge verified in date is refused CART_EXPIRED at START once the pen\'s calendar passes its expiry (SIM_FAULT CLOCK)',
    needs: ['sim', 'cartridge'],
    async run(ctx) {
      await ctx.connect();
      const c = await ctx.cartridge({ consumes: true });
      await ctx.link.ok('SET_AREA', { area: (await ctx.deepestArea()).area });
      await ctx.engOpen();
      const since = ctx.link.mark();
      const expired = () => ctx.link.rx.slice(since).some((f) => f.msg?.kind === 'EVT' && f.msg.fields.ev === 'CART_REJECT' && f.msg.fields.code === 'EXPIRED');
      let moved = 0;
      try {
        // Forward in the largest steps SIM_FAULT CLOCK takes (10^6 s), ten per round trip, at most ~60 years.
        for (let round = 0; round < 200 && !expired(); round++) {
          await ctx.link.batch(Array.from({ length: 10 }, () => ['SIM_FAULT', { f: 'CLOCK', v: 1_000_000 }] as const));
          moved += 10;
          await ctx.link.pump(5);
        }
        check(expired(), `no EVT CART_REJECT code=EXPIRED after moving the calendar ${moved * 1e6} s past the cartridge's exp=${String(c.exp)}`);
        ctx.measure('calendar moved', moved * 1e6 / 86400, 'days');
        check((await cartNow(ctx)).status === 'EXPIRED', 'GET_CART does not report EXPIRED');
        await ctx.link.nak('START', {}, 'CART_EXPIRED');
        await ctx.link.none('the motor starting', (m) => m.kind === 'TLM' && m.fields.s === 'RUN', 200);
      } finally {
        // Back to today: the cartridges later cases use are in date.
        for (let left = moved; left > 0; left -= 10) {
          await ctx.link.batch(Array.from({ length: Math.min(10, left) }, () => ['SIM_FAULT', { f: 'CLOCK', v: -1_000_000 }] as const));
        }
        await emptySlot(ctx);
      }
    },
  },
  {
    id: 'SR-08.reinsert',
    title: 'SR-08 a fired cartridge may restart while inserted, but once removed it is refused CART_REUSED',
    needs: ['cartridge-swap'],
    async run(ctx) {
      await ctx.run({ cart: { consumes: true } });
      await ctx.link.pump(200);
      await stopped(ctx);
      await ctx.link.ok('START', {});
      const { id } = await cartNow(ctx);
      await stopped(ctx);
      await removeCartridge(ctx);
      const ev = await reinsertCartridge(ctx, id!);
      check(ev.msg.fields.ev === 'CART_REJECT' && ev.msg.fields.code === 'REUSED', `re-inserted fired cartridge: ${frameText(ev)}`);
      await ctx.link.nak('START', {}, 'CART_REUSED');
    },
  },
  {
    id: 'SR-08.power-cycle',
    title: 'SR-08 a fired cartridge is refused CART_REUSED after the pen powers off, across power cycles (NVM)',
    needs: ['power-cycle', 'cartridge'],
    async run(ctx) {
      await ctx.run({ cart: { consumes: true } });
      await ctx.link.pump(200);
      await stopped(ctx);
      for (let cycle = 1; cycle <= 2; cycle++) {
        const since = ctx.link.mark();
        await ctx.powerCycle();
        const ev = await ctx.link.waitFor('EVT CART_OK or CART_REJECT after boot', (m) =>
          m.kind === 'EVT' && (m.fields.ev === 'CART_OK' || m.fields.ev === 'CART_REJECT'), { since, timeoutMs: 2000 });
        check(ev.msg.fields.ev === 'CART_REJECT' && ev.msg.fields.code === 'REUSED', `after power cycle ${cycle} the fired cartridge verified ${frameText(ev)}`);
        // Settings are volatile: the area goes with the power (START needs one, SR-02).
        await ctx.link.ok('SET_AREA', { area: (await ctx.deepestArea()).area });
        await ctx.link.nak('START', {}, 'CART_REUSED');
      }
    },
  },
  {
    id: 'SR-09.needle-on-limit',
    title: 'SR-09 after 60 min of needle-on time the cartridge is spent: the pen stops and never runs it again',
    needs: ['sim', 'compressed-time', 'power-cycle'],
    tags: ['slow'],
    wallTimeoutMs: 120_000,
    async run(ctx) {
      await ctx.connect();
      await ctx.run({ tlmHz: 1, rateHz: legalRate(ctx, 50), cart: { fresh: true, consumes: true } });
      const since = ctx.link.mark();
      const t0 = ctx.link.now();
      const spent = await ctx.link.event('CART_SPENT', {}, { since, timeoutMs: 60 * 60_000 + 5000 });
      ctx.measure('needle-on time to CART_SPENT', (spent.at - t0) / 60_000, 'min');
      check(spent.at - t0 >= 60 * 60_000 - 5000, `spent after ${Math.round((spent.at - t0) / 1000)} s, before 60 min`);
      await ctx.link.waitFor('the pen stopped', (m) => m.kind === 'TLM' && m.fields.s !== 'RUN', { since: ctx.link.mark(), timeoutMs: 3000 });
      await ctx.link.nak('START', {}, 'CART_SPENT');
      await ctx.powerCycle();
      await ctx.link.pump(400);
      await ctx.link.ok('SET_AREA', { area: (await ctx.deepestArea()).area });
      // Spent is recorded in NVM and checked before "fired" (PROTOCOL.md, Cartridges).
      await ctx.link.nak('START', {}, 'CART_SPENT');
    },
  },
  {
    id: 'SR-09.removal',
    title: 'SR-09 a cartridge is spent by its removal even unfired: re-inserted it verifies SPENT and START is refused CART_SPENT',
    needs: ['cartridge-swap'],
    async run(ctx) {
      await ctx.connect();
      const c = await ctx.cartridge({ fresh: true, consumes: true });
      await removeCartridge(ctx);
      const ev = await reinsertCartridge(ctx, c.id!);
      check(ev.msg.fields.ev === 'CART_REJECT' && ev.msg.fields.code === 'SPENT', `a verified, never fired cartridge taken out and put back verified ${frameText(ev)}, expected CART_REJECT code=SPENT`);
      check((await cartNow(ctx)).status === 'SPENT', 'GET_CART does not report SPENT');
      await ctx.link.ok('SET_AREA', { area: (await ctx.deepestArea()).area });
      await ctx.link.nak('START', {}, 'CART_SPENT');
      check((await statusNow(ctx)).st !== 'RUN', 'the pen runs a spent cartridge');
    },
  },
];
