/** Every command's accepted path, observed at the wire. */
import type { Fields } from '../../../protocol/src/index.js';
import { check, frameText } from '../harness/link.js';
import type { HilCase } from '../harness/runner.js';
import { cartNow, infoNow, statusNow } from './util.js';

export const commandCases: HilCase[] = [
  {
    id: 'CMD.ping',
    title: 'PING is acknowledged with the device time',
    async run(ctx) {
      await ctx.connect();
      const a = await ctx.link.ok('PING', {});
      check(a.kind === 'ACK' && typeof a.fields.t === 'number', `PING answered ${frameText(a)}`);
      const b = await ctx.link.ok('PING', {});
      check(b.kind === 'ACK' && (b.fields.t ?? 0) >= (a.fields.t ?? 0), 'device time went backwards between two PINGs');
    },
  },
  {
    id: 'CMD.settings',
    title: 'SET_DEPTH, SET_RATE and SET_AREA are accepted and reported back in STATUS',
    async run(ctx) {
      await ctx.connect();
      await ctx.link.ok('SET_DEPTH', { um: 600 });
      await ctx.link.ok('SET_RATE', { hz: 100 });
      const since = ctx.link.mark();
      await ctx.link.ok('SET_AREA', { area: 'CHEEK' });
      await ctx.link.event('AREA', { area: 'CHEEK' }, { since });
      const s = await statusNow(ctx);
      check(s.um === 600 && s.hz === 100 && s.area === 'CHEEK', `STATUS um=${s.um} hz=${s.hz} area=${String(s.area)}`);
    },
  },
  {
    id: 'CMD.status',
    title: 'GET_STATUS reports the state and the settings; INFO carries the limits the pen enforces (SR-01, SR-06)',
    async run(ctx) {
      const info = await ctx.connect();
      const s = await statusNow(ctx);
      check(s.st !== 'BOOT' && s.um >= info.dmin && s.um <= info.dmax && s.hz >= info.rmin && s.hz <= info.rmax,
        `STATUS st=${s.st} um=${s.um} hz=${s.hz} outside INFO limits`);
      await ctx.link.ok('SET_DEPTH', { um: info.dmax });
      await ctx.link.nak('SET_DEPTH', { um: info.dmax + info.dstep }, 'DEPTH_RANGE');
      await ctx.link.ok('SET_DEPTH', { um: info.dmin });
      await ctx.link.ok('SET_RATE', { hz: info.rmax });
      await ctx.link.nak('SET_RATE', { hz: info.rmax + 1 }, 'RATE_RANGE');
      const after = await statusNow(ctx);
      check(after.um === info.dmin && after.hz === info.rmax, `STATUS um=${after.um} hz=${after.hz} after setting ${info.dmin} µm, ${info.rmax} Hz`);
    },
  },
  {
    id: 'CMD.get-area',
    title: 'GET_AREA walks the loaded profile; the row past the end is refused AREA_UNKNOWN',
    async run(ctx) {
      const info = await ctx.connect();
      check(info.areas > 0, 'profile has no rows');
      const seen = new Set<string>();
      for (let i = 0; i < info.areas; i++) {
        const a = await ctx.link.ok('GET_AREA', { i });
        check(a.kind === 'AREA', `GET_AREA i=${i} answered ${a.kind}`);
        const f = a.fields as Fields<'AREA'>;
        check(f.i === i && f.n === info.areas, `AREA i=${f.i} n=${f.n}`);
        check(f.lo <= f.hi && f.hi <= f.cap && f.cap <= 2500, `AREA ${f.area}: lo ${f.lo} hi ${f.hi} cap ${f.cap} not ordered or above 2500`);
        seen.add(f.area);
      }
      check(seen.size === info.areas, 'duplicate area ids');
      await ctx.link.nak('GET_AREA', { i: info.areas }, 'AREA_UNKNOWN');
    },
  },
  {
    id: 'CMD.get-cart',
    title: 'GET_CART reports NONE without a cartridge and the record once one is verified',
    needs: ['sim'],
    async run(ctx) {
      await ctx.connect();
      const none = await cartNow(ctx);
      check(none.status === 'NONE', `expected status NONE, got ${none.status}`);
      await ctx.ready({ cart: 'N24-OK-01' });
      const c = await cartNow(ctx);
      check(c.status === 'OK' && c.id === 'N24-OK-01' && c.max === 1500 && c.needles === 24 && c.seated === 1,
        `CART ${JSON.stringify(c)}`);
    },
  },
  {
    id: 'CMD.start-stop',
    title: 'START runs the needle to the setpoint; STOP returns to READY',
    needs: ['sim'],
    async run(ctx) {
      await ctx.run({ depthUm: 800, rateHz: 120 });
      await ctx.settled(800);
      const since = ctx.link.mark();
      await ctx.link.ok('STOP', {});
      await ctx.link.state('READY', { since, timeoutMs: 1000 });
      const s = await statusNow(ctx);
      check(s.st === 'READY', `STATUS st=${s.st} after STOP`);
    },
  },
  {
    id: 'CMD.tlm-rate',
    title: 'TLM_RATE starts and stops telemetry (0 = none)',
    async run(ctx) {
      await ctx.connect();
      const since = ctx.link.mark();
      await ctx.link.ok('TLM_RATE', { hz: 20 });
      await ctx.link.pump(500);
      const n = ctx.link.frames('TLM', since).length;
      check(n >= 5, `only ${n} TLM in 500 ms at 20 Hz`);
      await ctx.link.ok('TLM_RATE', { hz: 0 });
      await ctx.link.pump(100 + ctx.latencyMs);
      await ctx.link.none('TLM after TLM_RATE hz=0', (m) => m.kind === 'TLM', 500);
    },
  },
  {
    id: 'CMD.eng-session',
    title: 'ENG_OPEN gives a nonce, ENG_AUTH with the right MAC opens the session, ENG_CLOSE closes it',
    needs: ['eng-key'],
    async run(ctx) {
      await ctx.connect();
      const since = ctx.link.mark();
      await ctx.engOpen();
      await ctx.link.event('ENG', {}, { since });
      check((await statusNow(ctx)).eng === 1, 'STATUS eng≠1 with the session open');
      await ctx.link.ok('ENG_CLOSE', {});
      check((await statusNow(ctx)).eng === 0, 'STATUS eng≠0 after ENG_CLOSE');
    },
  },
  {
    id: 'CMD.eng-profile',
    title: 'ENG_PROFILE loads a stored profile (INFO and EVT PROFILE report it)',
    needs: ['eng-key'],
    async run(ctx) {
      const before = await ctx.connect();
      await ctx.engOpen();
      const since = ctx.link.mark();
      await ctx.link.ok('ENG_PROFILE', { name: 'TRAINING' });
      await ctx.link.event('PROFILE', {}, { since });
      const i = await infoNow(ctx);
      check(i.profile === 'TRAINING' && i.phash !== before.phash, `INFO profile=${i.profile} phash=${i.phash}`);
    },
  },
  {
    id: 'CMD.sim',
    title: 'SIM_CART, SIM_SKIN, SIM_FAULT and SIM_POWER are accepted in an engineering session',
    needs: ['sim'],
    async run(ctx) {
      await ctx.connect();
      let since = ctx.link.mark();
      await ctx.sim('SIM_CART', { op: 'INSERT', id: 'N16-OK-01' });
      await ctx.link.event('CART_IN', { id: 'N16-OK-01' }, { since });
      await ctx.link.event('CART_OK', { id: 'N16-OK-01' }, { since });
      await ctx.sim('SIM_SKIN', { mode: 'ON' });
      await ctx.sim('SIM_FAULT', { f: 'CLEAR' });
      since = ctx.link.mark();
      await ctx.sim('SIM_POWER', { op: 'CHARGER_ON' });
      await ctx.link.state('CHARGE', { since });
      await ctx.link.nak('START', {}, 'BAD_STATE');
      since = ctx.link.mark();
      await ctx.sim('SIM_POWER', { op: 'CHARGER_OFF' });
      await ctx.link.state('READY', { since });
      since = ctx.link.mark();
      await ctx.sim('SIM_CART', { op: 'REMOVE' });
      await ctx.link.event('CART_OUT', { id: 'N16-OK-01' }, { since });
    },
  },
];
