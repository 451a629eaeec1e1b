/** Every command's accepted path, observed at the wire, within the limits and profile the pen reports. */
import type { Fields } from '../../../protocol/src/index.js';
import { RATED_MAX_UM } from '../harness/cartridges.js';
import { check, frameText, type HilMsg } from '../harness/link.js';
import { expectBadState } from './naks.js';
import type { HilCase } from '../harness/runner.js';
import { cartNow, depthCeiling, infoNow, legalRate, onGrid, statusNow } from './util.js';

const NEEDLES: Readonly<Record<string, number>> = { N12: 12, N16: 16, N24: 24, N36: 36, N42: 42 };

export const commandCases: HilCase[] = [
  {
    id: 'CMD.ping',
    title: 'PING is acknowledged with the device time (ACK t=, a MUST)',
    async run(ctx) {
      await ctx.connect();
      const a = await ctx.link.ok('PING', {});
      check(a.kind === 'ACK' && typeof a.fields.t === 'number', `PING answered ${frameText(a)}: an ACK must carry t= (PROTOCOL.md §7)`);
      const b = await ctx.link.ok('PING', {});
      check(b.kind === 'ACK' && typeof b.fields.t === 'number' && b.fields.t >= a.fields.t, `device time went backwards between two PINGs: ${frameText(a)}, then ${frameText(b)}`);
    },
  },
  {
    id: 'CMD.settings',
    title: 'SET_DEPTH, SET_RATE and SET_AREA are accepted and reported back in STATUS',
    async run(ctx) {
      await ctx.connect();
      const area = await ctx.deepestArea();
      const um = onGrid(ctx, 600, await depthCeiling(ctx, area.cap));
      const hz = legalRate(ctx, 100);
      await ctx.link.ok('SET_DEPTH', { um });
      await ctx.link.ok('SET_RATE', { hz });
      const since = ctx.link.mark();
      await ctx.link.ok('SET_AREA', { area: area.area });
      await ctx.link.event('AREA', { area: area.area }, { since });
      const s = await statusNow(ctx);
      check(s.um === um && s.hz === hz && s.area === area.area, `STATUS um=${s.um} hz=${s.hz} area=${String(s.area)}, expected ${um}, ${hz}, ${area.area}`);
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
      await ctx.link.nak('SET_DEPTH', { um: info.dmax + info.dstep }, 'DEPTH_RANGE');
      await ctx.link.nak('SET_DEPTH', { um: info.dmin - info.dstep }, 'DEPTH_RANGE');
      const top = await depthCeiling(ctx);
      // dmax itself, unless a fitted cartridge is rated shallower: then SR-03 refuses it first.
      if (top < info.dmax) await ctx.link.nak('SET_DEPTH', { um: info.dmax }, 'DEPTH_CART_LIMIT');
      await ctx.link.ok('SET_DEPTH', { um: onGrid(ctx, top, top) });
      await ctx.link.ok('SET_DEPTH', { um: info.dmin });
      await ctx.link.ok('SET_RATE', { hz: info.rmax });
      await ctx.link.nak('SET_RATE', { hz: info.rmax + 1 }, 'RATE_RANGE');
      const after = await statusNow(ctx);
      check(after.um === info.dmin && after.hz === info.rmax, `STATUS um=${after.um} hz=${after.hz} after setting ${info.dmin} µm, ${info.rmax} Hz`);
    },
  },
  {
    id: 'CMD.reset-settings',
    title: 'RESET_SETTINGS restores the power-on area (none), depth, rate and telemetry rate; the engineering session and faults stay',
    async run(ctx) {
      await ctx.connect();
      const area = await ctx.deepestArea();
      const um = onGrid(ctx, ctx.powerOn.um + 2 * ctx.limits.dstep, await depthCeiling(ctx, area.cap));
      await ctx.link.ok('SET_AREA', { area: area.area });
      await ctx.link.ok('SET_DEPTH', { um });
      await ctx.link.ok('SET_RATE', { hz: ctx.limits.rmin === ctx.powerOn.hz ? ctx.limits.rmax : ctx.limits.rmin });
      if (ctx.limits.tmax > 0) await ctx.link.ok('TLM_RATE', { hz: ctx.needTelemetry(20) });
      const eng = ctx.target.engKeyHex !== null;
      if (eng) await ctx.engOpen();
      const since = ctx.link.mark();
      await ctx.link.ok('RESET_SETTINGS', {});
      await ctx.link.event('AREA', { area: 'NONE' }, { since });
      const s = await statusNow(ctx);
      check(s.area === undefined && s.um === ctx.powerOn.um && s.hz === ctx.powerOn.hz,
        `STATUS area=${String(s.area)} um=${s.um} hz=${s.hz} after RESET_SETTINGS, expected no area, ${ctx.powerOn.um} µm, ${ctx.powerOn.hz} Hz`);
      check(s.eng === (eng ? 1 : 0), `STATUS eng=${s.eng}: RESET_SETTINGS must leave the engineering session as it was`);
      await ctx.link.pump(100 + ctx.latencyMs);
      await ctx.link.none('TLM after RESET_SETTINGS (telemetry off)', (m) => m.kind === 'TLM', 400);
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
    title: 'GET_CART reports the verified cartridge\'s record (id, type, needles, rating, seal, seating)',
    needs: ['cartridge'],
    async run(ctx) {
      await ctx.connect();
      const c = await ctx.cartridge();
      const again = await cartNow(ctx);
      check(again.status === 'OK' && again.id === c.id && again.seated === 1 && again.sealed === 1, `CART ${JSON.stringify(again)}`);
      check(again.type !== undefined && again.max !== undefined && again.max <= 2500, `CART type=${String(again.type)} max=${String(again.max)}`);
      if (again.type && again.type in NEEDLES) check(again.needles === NEEDLES[again.type], `CART type=${again.type} needles=${String(again.needles)}`);
      if (again.type && again.id?.startsWith(`${again.type}-OK-`)) {
        check(again.max === RATED_MAX_UM[again.type], `sample ${again.id}: max=${again.max}, PROTOCOL.md rates ${again.type} at ${RATED_MAX_UM[again.type]} µm`);
      }
    },
  },
  {
    id: 'CMD.start-stop',
    title: 'START runs the needle to the setpoint; STOP returns to READY',
    needs: ['cartridge'],
    async run(ctx) {
      await ctx.connect();
      const um = onGrid(ctx, 800);
      await ctx.run({ depthUm: um, rateHz: legalRate(ctx, 120), tlmHz: ctx.needTelemetry(50) });
      await ctx.settled(um);
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
      const hz = ctx.needTelemetry(20);
      const since = ctx.link.mark();
      await ctx.link.ok('TLM_RATE', { hz });
      // Counted against the pen's own clock (TLM t=): a busy host must not make a pen look slow.
      const want = Math.max(3, Math.floor(hz / 2));
      let n = 0;
      await ctx.link.waitFor(`${want} TLM frames at ${hz} Hz`, (m) => m.kind === 'TLM' && ++n >= want, { since, timeoutMs: 3000 });
      const tlm = ctx.link.frames('TLM', since);
      const rate = ((tlm.length - 1) * 1000) / (tlm.at(-1)!.msg.fields.t - tlm[0]!.msg.fields.t);
      ctx.measure('device-time rate', rate, 'Hz');
      check(Math.abs(rate - hz) <= hz * 0.1, `TLM at ${rate.toFixed(1)} Hz (device time) for TLM_RATE hz=${hz}`);
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
      ctx.engForgotten();
      check((await statusNow(ctx)).eng === 0, 'STATUS eng≠0 after ENG_CLOSE');
    },
  },
  {
    id: 'CMD.eng-profile',
    title: 'ENG_PROFILE loads a stored profile (INFO and EVT PROFILE report it), and the first one back',
    needs: ['eng-key'],
    async run(ctx) {
      const before = await ctx.connect();
      await ctx.engOpen();
      const other = before.profile === 'TRAINING' ? 'DEFAULT' : 'TRAINING';
      const since = ctx.link.mark();
      const r = await ctx.link.request('ENG_PROFILE', { name: other });
      if (r.msg.kind === 'NAK' && r.msg.fields.code === 'PROFILE_UNKNOWN') {
        ctx.skip(`needs a second stored profile: the pen refuses ENG_PROFILE name=${other} PROFILE_UNKNOWN (PROTOCOL.md names DEFAULT and TRAINING; a pen's stored profiles are its own)`);
      }
      check(r.msg.kind === 'ACK', `ENG_PROFILE name=${other} answered ${frameText(r)}`);
      await ctx.link.event('PROFILE', {}, { since });
      ctx.profileChanged();
      const i = await infoNow(ctx);
      check(i.profile === other && i.phash !== before.phash, `INFO profile=${i.profile} phash=${i.phash} after loading ${other} (was ${before.profile} ${before.phash})`);
      await ctx.link.ok('ENG_PROFILE', { name: before.profile });
      const back = await infoNow(ctx);
      check(back.profile === before.profile && back.phash === before.phash, `INFO profile=${back.profile} phash=${back.phash} after loading ${before.profile} again`);
    },
  },
  {
    id: 'CMD.charger',
    title: 'SR-13 on the charger START is refused (BAD_STATE, state CHARGE); unplugged, the pen is back to its state',
    needs: ['charger'],
    async run(ctx) {
      await ctx.connect();
      await ctx.link.ok('SET_AREA', { area: (await ctx.deepestArea()).area });
      const before = (await statusNow(ctx)).st;
      let since = ctx.link.mark();
      const charge = (m: HilMsg) => (m.kind === 'EVT' && m.fields.ev === 'STATE' && m.fields.st === 'CHARGE') || (m.kind === 'TLM' && m.fields.s === 'CHARGE');
      if (ctx.features.has('sim')) {
        await ctx.sim('SIM_POWER', { op: 'CHARGER_ON' });
        await ctx.link.waitFor('state CHARGE', charge, { since });
      } else {
        await ctx.operator({ action: 'charger-on', text: 'Plug the charger in' }, 'state CHARGE', charge);
      }
      check((await statusNow(ctx)).st === 'CHARGE', 'STATUS does not report CHARGE on the charger');
      // On the charger START is refused before the cartridge checks (PROTOCOL.md, START).
      await expectBadState(ctx, 'START', {}, 'READY', 'CHARGE');
      since = ctx.link.mark();
      const back = (m: HilMsg) => m.kind === 'EVT' && m.fields.ev === 'STATE' && m.fields.st !== 'CHARGE';
      if (ctx.features.has('sim')) {
        await ctx.sim('SIM_POWER', { op: 'CHARGER_OFF' });
        await ctx.link.waitFor('a state other than CHARGE', back, { since });
      } else {
        await ctx.operator({ action: 'charger-off', text: 'Unplug the charger' }, 'a state other than CHARGE', back);
      }
      check((await statusNow(ctx)).st === before, `after unplugging the charger STATUS st=${(await statusNow(ctx)).st}, before it was ${before}`);
    },
  },
  {
    id: 'CMD.sim',
    title: 'SIM_CART, SIM_SKIN, SIM_FAULT and SIM_POWER are accepted in an engineering session',
    needs: ['sim', 'cartridge'],
    async run(ctx) {
      await ctx.connect();
      const c = await ctx.cartridge();
      await ctx.sim('SIM_CART', { op: 'UNSEAT' });
      check((await cartNow(ctx)).status === 'UNSEATED', 'GET_CART does not report UNSEATED after SIM_CART UNSEAT');
      await ctx.sim('SIM_CART', { op: 'SEAT' });
      check((await cartNow(ctx)).status === 'OK', `GET_CART does not report ${c.id} OK after SIM_CART SEAT`);
      await ctx.sim('SIM_SKIN', { mode: 'ON' });
      await ctx.sim('SIM_FAULT', { f: 'CLEAR' });
      let since = ctx.link.mark();
      await ctx.sim('SIM_POWER', { op: 'CHARGER_ON' });
      await ctx.link.state('CHARGE', { since });
      // On the charger START is refused before any other check (PROTOCOL.md, START).
      await ctx.link.nak('START', {}, 'BAD_STATE');
      since = ctx.link.mark();
      await ctx.sim('SIM_POWER', { op: 'CHARGER_OFF' });
      await ctx.link.state('READY', { since });
    },
  },
];
