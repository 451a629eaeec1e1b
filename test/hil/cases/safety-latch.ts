/**
 * What a latched fault leaves behind (SR-14, SR-08): fault masks a host reads
 * after reconnecting, hazard faults that survive a power cycle while event
 * faults do not, a failed self-test that is never lost, and a first fire
 * whose NVM write fails. Where PROTOCOL.md allows more than one answer the
 * case accepts exactly those.
 */
import { faultMask } from '../../../protocol/src/index.js';
import { emptySlot } from '../harness/acquire.js';
import type { CaseContext } from '../harness/context.js';
import { check, frameText, HEARTBEAT_MS, HilFailure } from '../harness/link.js';
import type { HilCase } from '../harness/runner.js';
import { cartNow, clearFaultWithin, codesOf, statusNow, stopped } from './util.js';

/** Poll STATUS until `pred` holds (≤ `ms`); returns the last STATUS. */
async function statusUntil(ctx: CaseContext, pred: (s: Awaited<ReturnType<typeof statusNow>>) => boolean, ms: number) {
  const end = ctx.link.now() + ms;
  let s = await statusNow(ctx);
  while (!pred(s) && ctx.link.now() < end) {
    await ctx.link.pump(50);
    s = await statusNow(ctx);
  }
  return s;
}

export const latchSafetyCases: HilCase[] = [
  {
    id: 'SR-14.masks-after-reconnect',
    title: 'SR-14 a host that reconnects reads the latched faults from STATUS (faults=, present=) and START names them',
    needs: ['cartridge'],
    async run(ctx) {
      await ctx.run();
      ctx.link.heartbeatMs = 0;
      const since = ctx.link.mark();
      const ev = await ctx.link.event('FAULT', { code: 'LINK_LOST' }, { since, timeoutMs: 1500 });
      check(codesOf(ev.msg.fields.faults).includes('LINK_LOST'), `EVT FAULT code=LINK_LOST faults=${String(ev.msg.fields.faults)} does not name LINK_LOST`);
      ctx.link.heartbeatMs = HEARTBEAT_MS;
      // A new host: HELLO again, then STATUS (PROTOCOL.md §6: the pen is as it was left).
      await ctx.connect();
      const s = await statusNow(ctx);
      check(s.st === 'FAULT', `STATUS st=${s.st} after reconnecting to a faulted pen`);
      check(codesOf(s.faults).includes('LINK_LOST'), `STATUS faults=${s.faults} after LINK_LOST (mask ${faultMask(['LINK_LOST'])})`);
      check(!codesOf(s.present).includes('LINK_LOST'), `STATUS present=${s.present}: LINK_LOST's condition is gone at once`);
      const nak = await ctx.link.nak('START', {}, 'FAULT_ACTIVE');
      check(codesOf(nak.fields.faults).includes('LINK_LOST'), `NAK FAULT_ACTIVE faults=${String(nak.fields.faults)} does not name LINK_LOST`);
      const cleared = ctx.link.mark();
      await ctx.link.ok('CLEAR_FAULT', {});
      const fc = await ctx.link.event('FAULT_CLEAR', {}, { since: cleared });
      check(codesOf(fc.msg.fields.faults).includes('LINK_LOST'), `EVT FAULT_CLEAR faults=${String(fc.msg.fields.faults)} does not name LINK_LOST`);
      check((await statusNow(ctx)).faults === '0000', 'faults still latched after CLEAR_FAULT');
    },
  },
  {
    id: 'SR-14.power-cycle',
    title: 'SR-14 a hazard fault (OVER_TEMP) stays latched across a power cycle; an event fault (BATTERY_CRITICAL) does not',
    needs: ['sim', 'power-cycle'],
    async run(ctx) {
      await ctx.connect();
      let since = ctx.link.mark();
      await ctx.sim('SIM_FAULT', { f: 'OVERTEMP', v: 20000 });
      await ctx.link.event('FAULT', { code: 'OVER_TEMP' }, { since, timeoutMs: 5000 });
      since = ctx.link.mark();
      await ctx.sim('SIM_FAULT', { f: 'BATTERY', v: 2 });
      await ctx.link.event('FAULT', { code: 'BATTERY_CRITICAL' }, { since, timeoutMs: 1000 });
      const hot = await statusNow(ctx);
      check(codesOf(hot.faults).includes('OVER_TEMP') && codesOf(hot.faults).includes('BATTERY_CRITICAL'), `STATUS faults=${hot.faults}`);
      await ctx.sim('SIM_FAULT', { f: 'OVERTEMP', v: -20000 });
      const cool = await statusUntil(ctx, (s) => !codesOf(s.present).includes('OVER_TEMP'), 10_000);
      check(!codesOf(cool.present).includes('OVER_TEMP'), `the handpiece did not cool: present=${cool.present}`);
      await ctx.sim('SIM_FAULT', { f: 'CLEAR' });
      await ctx.sim('SIM_FAULT', { f: 'BATTERY', v: 100 });
      await ctx.link.pump(50);
      since = ctx.link.mark();
      await ctx.powerCycle();
      const s = await statusNow(ctx);
      ctx.measure('faults after power cycle', s.faults);
      check(s.st === 'FAULT' && codesOf(s.faults).includes('OVER_TEMP'), `after the power cycle STATUS st=${s.st} faults=${s.faults}: OVER_TEMP must persist (a hazard fault)`);
      check(!codesOf(s.faults).includes('BATTERY_CRITICAL'), `after the power cycle STATUS faults=${s.faults}: BATTERY_CRITICAL is an event fault a power cycle clears`);
      await ctx.link.event('FAULT', { code: 'OVER_TEMP' }, { since, timeoutMs: 1000 });
      await ctx.link.ok('CLEAR_FAULT', {});
      check((await statusNow(ctx)).faults === '0000', 'faults still latched after CLEAR_FAULT');
    },
  },
  {
    id: 'SR-14.self-test',
    title: 'SR-14 a failed boot self-test is never lost: START stays refused until a self-test passes (again at CLEAR_FAULT, or at the next power-up)',
    needs: ['sim', 'power-cycle'],
    async run(ctx) {
      await ctx.connect();
      await ctx.sim('SIM_FAULT', { f: 'STALL' });
      await ctx.powerCycle();
      const failed = await statusNow(ctx);
      check(failed.selftest === 'FAIL' && codesOf(failed.faults).includes('SELF_TEST'), `with the motor stalled the boot self-test reports selftest=${failed.selftest} faults=${failed.faults}`);
      const active = await ctx.link.nak('START', {}, 'FAULT_ACTIVE');
      check(codesOf(active.fields.faults).includes('SELF_TEST'), `NAK FAULT_ACTIVE faults=${String(active.fields.faults)} does not name SELF_TEST`);
      await ctx.link.nak('CLEAR_FAULT', {}, 'FAULT_PRESENT');
      // The area first: a pen that runs its self-test again at CLEAR_FAULT refuses settings while it does (BOOT).
      await ctx.link.ok('SET_AREA', { area: (await ctx.deepestArea()).area });
      await ctx.sim('SIM_FAULT', { f: 'CLEAR' });
      await clearFaultWithin(ctx, 1000);
      const early = await ctx.link.request('START', {});
      check(early.msg.kind === 'NAK', `START right after clearing a failed self-test answered ${frameText(early)}: no self-test has passed yet`);
      const after = await statusUntil(ctx, (s) => s.st !== 'BOOT', 1000);
      if (after.selftest === 'PASS') {
        ctx.measure('self-test passed again', 'at CLEAR_FAULT');
        return;
      }
      // The other answer PROTOCOL.md allows: refused until the next power-up passes the self-test.
      check(after.selftest === 'FAIL', `STATUS selftest=${after.selftest} after CLEAR_FAULT`);
      const still = await ctx.link.nak('START', {}, 'FAULT_ACTIVE');
      check(codesOf(still.fields.faults).includes('SELF_TEST'), `NAK FAULT_ACTIVE faults=${String(still.fields.faults)} while the self-test has not passed`);
      await ctx.powerCycle();
      const s = await statusNow(ctx);
      check(s.selftest === 'PASS' && s.faults === '0000', `after a power-up with the motor fixed: selftest=${s.selftest} faults=${s.faults}`);
      ctx.measure('self-test passed again', 'at the next power-up');
    },
  },
  {
    id: 'SR-08.first-fire-nvm-fails',
    title: 'SR-08 a first fire whose NVM write fails never moves the needle: NVM_WRITE latches (ACK then FAULT, or NAK FAULT_ACTIVE)',
    needs: ['sim', 'cartridge'],
    async run(ctx) {
      await ctx.connect();
      const c = await ctx.cartridge({ fresh: true, consumes: true });
      await ctx.link.ok('SET_AREA', { area: (await ctx.deepestArea()).area });
      await ctx.link.ok('TLM_RATE', { hz: ctx.needTelemetry(100) });
      await ctx.sim('SIM_FAULT', { f: 'NVM_FAIL' });
      const since = ctx.link.mark();
      const r = await ctx.link.request('START', {});
      if (r.msg.kind === 'NAK' && r.msg.fields.code !== 'FAULT_ACTIVE') throw new HilFailure(`START with a failing NVM answered ${frameText(r)}; PROTOCOL.md allows ACK then EVT FAULT NVM_WRITE, or NAK FAULT_ACTIVE faults⊇NVM_WRITE`);
      const ev = await ctx.link.event('FAULT', { code: 'NVM_WRITE' }, { since, timeoutMs: 500 });
      if (r.msg.kind === 'ACK') {
        check(ev.msg.fields.t === r.msg.fields.t, `EVT FAULT NVM_WRITE at t=${String(ev.msg.fields.t)}, START ACKed at t=${String(r.msg.fields.t)}: the spec asks for the same millisecond, before any motion`);
      } else if (!(r.msg.kind === 'NAK' && r.msg.fields.code === 'FAULT_ACTIVE' && codesOf(r.msg.fields.faults).includes('NVM_WRITE'))) {
        throw new HilFailure(`START with a failing NVM answered ${frameText(r)}; PROTOCOL.md allows ACK then EVT FAULT NVM_WRITE, or NAK FAULT_ACTIVE faults⊇NVM_WRITE`);
      }
      ctx.measure('first fire with NVM failing', r.msg.kind === 'ACK' ? 'ACK, then FAULT NVM_WRITE' : 'NAK FAULT_ACTIVE');
      await ctx.link.pump(300);
      const moved = ctx.link.frames('TLM', since).filter((f) => f.msg.fields.s === 'RUN' || f.msg.fields.m > 20 || f.msg.fields.r > 0);
      check(moved.length === 0, `the needle or motor moved although the first fire was not recorded: ${frameText(moved[0])}`);
      const s = await statusNow(ctx);
      check(s.st === 'FAULT' && codesOf(s.faults).includes('NVM_WRITE'), `STATUS st=${s.st} faults=${s.faults}`);
      await ctx.link.nak('START', {}, 'FAULT_ACTIVE');
      await ctx.link.nak('CLEAR_FAULT', {}, 'FAULT_PRESENT');
      await ctx.sim('SIM_FAULT', { f: 'CLEAR' });
      // The condition goes when a write succeeds: a retry every second, or a test write at CLEAR_FAULT (PROTOCOL.md).
      await clearFaultWithin(ctx, 1500);
      await ctx.link.ok('START', {});
      await stopped(ctx);
      // The retried write recorded the fire: out and in again, the cartridge is REUSED (SR-08).
      await emptySlot(ctx);
      const since2 = ctx.link.mark();
      await ctx.sim('SIM_CART', { op: 'INSERT', id: c.id! });
      const again = await ctx.link.waitFor(`verdict for ${c.id}`, (m) => m.kind === 'EVT' && (m.fields.ev === 'CART_OK' || m.fields.ev === 'CART_REJECT'), { since: since2, timeoutMs: 2000 });
      check(again.msg.fields.ev === 'CART_REJECT' && again.msg.fields.code === 'REUSED', `after the recovered first fire, re-inserted: ${frameText(again)}`);
      check((await cartNow(ctx)).status === 'REUSED', 'GET_CART does not report REUSED');
    },
  },
];
