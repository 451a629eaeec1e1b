/**
 * SR-17: engineering commands are refused unless a session was opened with
 * the key; the session closes on HELLO. A pen may refuse every SIM_* and
 * ENG_* outright with UNSUPPORTED (PROTOCOL.md §8, §12): the cases accept
 * that answer where the spec does, and skip, naming it, what then cannot run.
 */
import { PROTO_VERSION, SCHEMA_HASH } from '../../../protocol/src/index.js';
import { engMac } from '../../../protocol/node/eng-auth.js';
import type { CaseContext } from '../harness/context.js';
import { check, frameText } from '../harness/link.js';
import type { HilCase } from '../harness/runner.js';
import { settingsNow, statusNow } from './util.js';

/** ENG_OPEN's challenge, or a skip when the pen has no engineering sessions (UNSUPPORTED is allowed). */
async function challenge(ctx: CaseContext): Promise<string> {
  const r = await ctx.link.request('ENG_OPEN', {});
  if (r.msg.kind === 'NAK' && r.msg.fields.code === 'UNSUPPORTED') {
    ctx.skip('needs engineering sessions: the pen refuses ENG_OPEN UNSUPPORTED, which PROTOCOL.md §12 allows a real pen');
  }
  check(r.msg.kind === 'CHAL' && /^[0-9A-F]{16}$/.test(String(r.msg.fields.nonce)), `ENG_OPEN answered ${frameText(r)}, expected CHAL with a 16-hex nonce`);
  return String(r.msg.fields.nonce);
}

export const engSafetyCases: HilCase[] = [
  {
    id: 'SR-17.locked',
    title: 'SR-17 SIM_* and ENG_PROFILE are refused without an engineering session (LOCKED, or UNSUPPORTED on a pen without them) and change nothing',
    async run(ctx) {
      const info = await ctx.connect();
      const before = await settingsNow(ctx);
      // A pen that reports sim=1 implements SIM_*: only LOCKED is right for it.
      const simCodes = info.sim === 1 ? ['LOCKED'] as const : ['LOCKED', 'UNSUPPORTED'] as const;
      await ctx.link.nakAny('SIM_FAULT', { f: 'STALL' }, simCodes);
      await ctx.link.nakAny('SIM_CART', { op: 'REMOVE' }, simCodes);
      await ctx.link.nakAny('SIM_POWER', { op: 'CYCLE' }, simCodes);
      await ctx.link.nakAny('ENG_PROFILE', { name: info.profile }, ['LOCKED', 'UNSUPPORTED']);
      const after = await settingsNow(ctx);
      for (const k of ['st', 'um', 'hz', 'area', 'profile', 'eng', 'faults'] as const) check(after[k] === before[k], `${k} changed from ${String(before[k])} to ${String(after[k])}`);
      await ctx.link.none('a power cycle or a cartridge event', (m) => m.kind === 'EVT' && ['BOOT', 'CART_OUT', 'FAULT'].includes(String(m.fields.ev)), 300);
    },
  },
  {
    id: 'SR-17.wrong-mac',
    title: 'SR-17 a wrong MAC is refused AUTH and the session stays locked; the challenge is consumed and a new one is fresh',
    async run(ctx) {
      await ctx.connect();
      const nonce = await challenge(ctx);
      await ctx.link.nak('ENG_AUTH', { mac: '0123456789ABCDEF' }, 'AUTH');
      await ctx.link.nakAny('SIM_FAULT', { f: 'STALL' }, ['LOCKED', 'UNSUPPORTED']);
      // The wrong MAC consumed the challenge: without a new ENG_OPEN there is nothing to answer (PROTOCOL.md §12).
      await ctx.link.nak('ENG_AUTH', { mac: '0123456789ABCDEF' }, 'AUTH');
      const again = await challenge(ctx);
      check(again !== nonce, `the pen reused its nonce ${nonce}`);
      check((await statusNow(ctx)).eng === 0, 'STATUS eng≠0 after a wrong MAC');
    },
  },
  {
    id: 'SR-17.close-relocks',
    title: 'SR-17 after ENG_CLOSE engineering commands are refused LOCKED again',
    needs: ['eng-key'],
    async run(ctx) {
      await ctx.connect();
      await ctx.engOpen();
      await ctx.link.ok('ENG_CLOSE', {});
      ctx.engForgotten();
      await ctx.link.nak('ENG_PROFILE', { name: ctx.limits.profile }, 'LOCKED');
      await ctx.link.nakAny('SIM_SKIN', { mode: 'ON' }, ctx.limits.sim === 1 ? ['LOCKED'] : ['LOCKED', 'UNSUPPORTED']);
    },
  },
  {
    id: 'SR-17.hello-closes',
    title: 'SR-17 any HELLO closes an open engineering session and drops a pending challenge (a new host never inherits one)',
    needs: ['eng-key'],
    async run(ctx) {
      const info = await ctx.connect();
      await ctx.engOpen();
      check((await statusNow(ctx)).eng === 1, 'STATUS eng≠1 with the session open');
      const since = ctx.link.mark();
      await ctx.link.ok('HELLO', { proto: PROTO_VERSION, schema: SCHEMA_HASH });
      ctx.engForgotten();
      const ev = await ctx.link.event('ENG', {}, { since });
      check(/closed/.test(String(ev.msg.fields.msg ?? '')), `EVT ENG msg=${String(ev.msg.fields.msg)} after HELLO, expected "closed…"`);
      check((await statusNow(ctx)).eng === 0, 'STATUS eng≠0 after HELLO');
      await ctx.link.nak('ENG_PROFILE', { name: info.profile }, 'LOCKED');
      // A pending challenge goes too, with a mismatching HELLO as well.
      const nonce = await challenge(ctx);
      await ctx.link.nak('HELLO', { proto: PROTO_VERSION + 1, schema: SCHEMA_HASH }, 'VERSION');
      await ctx.link.ok('HELLO', { proto: PROTO_VERSION, schema: SCHEMA_HASH });
      await ctx.link.nak('ENG_AUTH', { mac: engMac(ctx.target.engKeyHex!, nonce, info.serial) }, 'AUTH');
      check((await statusNow(ctx)).eng === 0, 'a challenge issued before HELLO opened a session after it');
    },
  },
];
