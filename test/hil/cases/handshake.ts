/** Handshake, version mismatch and the pre-handshake gate. */
import { PROTO_VERSION, SCHEMA_HASH } from '../../../protocol/src/index.js';
import { check, frameText } from '../harness/link.js';
import type { HilCase } from '../harness/runner.js';
import { settings, settingsNow, twoRates } from './util.js';

export const handshakeCases: HilCase[] = [
  {
    id: 'HS.hello',
    title: 'HELLO with matching proto and schema is answered INFO with identity and limits',
    async run(ctx) {
      const f = await ctx.link.request('HELLO', { proto: PROTO_VERSION, schema: SCHEMA_HASH });
      check(f.msg.kind === 'INFO', `expected INFO, got ${frameText(f)}`);
      const i = f.msg.fields as Record<string, unknown>;
      check(i['proto'] === PROTO_VERSION && i['schema'] === SCHEMA_HASH, `INFO proto/schema ${String(i['proto'])}/${String(i['schema'])}`);
      for (const k of ['fw', 'serial', 'profile', 'phash', 'dmin', 'dmax', 'dstep', 'rmin', 'rmax', 'tmax']) check(i[k] !== undefined, `INFO lacks ${k}`);
      const n = (k: string) => Number(i[k]);
      check(n('dmin') > 0 && n('dmin') <= n('dmax') && n('dmax') <= 2500 && n('dstep') > 0, `INFO depth limits ${n('dmin')}..${n('dmax')}/${n('dstep')}`);
      check(n('rmin') > 0 && n('rmin') <= n('rmax') && n('tmax') > 0, `INFO rate limits ${n('rmin')}..${n('rmax')}, tmax ${n('tmax')}`);
      ctx.measure('fw', String(i['fw']));
      ctx.measure('serial', String(i['serial']));
      ctx.measure('limits', `depth ${n('dmin')}..${n('dmax')}/${n('dstep')} µm, rate ${n('rmin')}..${n('rmax')} Hz, tlm ≤ ${n('tmax')} Hz`);
    },
  },
  {
    id: 'HS.proto-mismatch',
    title: 'HELLO with another protocol version is refused NAK VERSION naming the pen proto and schema',
    async run(ctx) {
      const nak = await ctx.link.nak('HELLO', { proto: PROTO_VERSION + 1, schema: SCHEMA_HASH }, 'VERSION');
      check(nak.fields.proto === PROTO_VERSION, `NAK VERSION proto=${String(nak.fields.proto)}, expected ${PROTO_VERSION}`);
      check(nak.fields.schema === SCHEMA_HASH, `NAK VERSION schema=${String(nak.fields.schema)}`);
    },
  },
  {
    id: 'HS.schema-mismatch',
    title: 'HELLO with another schema hash is refused NAK VERSION; commands stay gated',
    async run(ctx) {
      const other = SCHEMA_HASH === '00000000' ? '11111111' : '00000000';
      await ctx.link.nak('HELLO', { proto: PROTO_VERSION, schema: other }, 'VERSION');
      await ctx.link.nak('SET_DEPTH', { um: 500 }, 'VERSION');
    },
  },
  {
    id: 'HS.gate',
    title: 'Before HELLO only HELLO, GET_INFO, PING and STOP are served; others (GET_STATUS too) get NAK VERSION',
    async run(ctx) {
      // The gate as after power-up: a mismatching HELLO is the documented way to shut it (PROTOCOL.md §6).
      await ctx.link.nak('HELLO', { proto: PROTO_VERSION + 1, schema: SCHEMA_HASH }, 'VERSION');
      await ctx.link.nak('SET_DEPTH', { um: 500 }, 'VERSION');
      await ctx.link.nak('GET_CART', {}, 'VERSION');
      await ctx.link.nak('TLM_RATE', { hz: 10 }, 'VERSION');
      await ctx.link.nak('GET_STATUS', {}, 'VERSION');
      const info = await ctx.link.ok('GET_INFO', {});
      check(info.kind === 'INFO', `GET_INFO before HELLO answered ${info.kind}`);
      await ctx.link.ok('PING', {});
      await ctx.link.ok('STOP', {});
      await ctx.connect();
      await ctx.link.ok('SET_RATE', { hz: twoRates(ctx)[0] });
    },
  },
  {
    id: 'HS.rehello-mismatch',
    title: 'A mismatching HELLO after a good one ends the handshake (commands NAK VERSION again)',
    async run(ctx) {
      await ctx.connect();
      const [a, b] = twoRates(ctx);
      await ctx.link.ok('SET_RATE', { hz: a });
      await ctx.link.nak('HELLO', { proto: PROTO_VERSION + 1, schema: SCHEMA_HASH }, 'VERSION');
      await ctx.link.nak('SET_RATE', { hz: b }, 'VERSION');
      await ctx.connect();
      await ctx.link.ok('SET_RATE', { hz: b });
    },
  },
  {
    id: 'HS.hello-keeps-settings',
    title: 'HELLO (matching or not) changes no setting: a host that reconnects finds the pen as it left it',
    async run(ctx) {
      await ctx.connect();
      const area = await ctx.deepestArea();
      await ctx.link.ok('SET_AREA', { area: area.area });
      await ctx.link.ok('SET_RATE', { hz: twoRates(ctx)[0] });
      const before = await settingsNow(ctx);
      await ctx.link.nak('HELLO', { proto: PROTO_VERSION + 1, schema: SCHEMA_HASH }, 'VERSION');
      await ctx.connect();
      const after = await settingsNow(ctx);
      check(settings(after) === settings(before), `HELLO changed the settings: before ${settings(before)}, after ${settings(after)}`);
    },
  },
];
