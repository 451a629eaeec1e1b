/** Safety rules about refusing bad input, STOP, and engineering access: SR-15, SR-16, SR-17. */
import { check, frameText } from '../harness/link.js';
import type { HilCase } from '../harness/runner.js';
import { settingsNow, statusNow, type PenSettings } from './util.js';

export const accessSafetyCases: HilCase[] = [
  {
    id: 'SR-15.refused-no-change',
    title: 'SR-15 out-of-range, malformed, unknown and out-of-state commands are NAKed and change nothing',
    async run(ctx) {
      await ctx.connect();
      await ctx.link.ok('SET_DEPTH', { um: 600 });
      await ctx.link.ok('SET_AREA', { area: 'CHEEK' });
      const before = await settingsNow(ctx);
      await ctx.link.nak('SET_DEPTH', { um: 2600 }, 'DEPTH_RANGE');
      await ctx.link.nak('SET_RATE', { hz: 10 }, 'RATE_RANGE');
      await ctx.link.nak('SET_AREA', { area: 'ELBOW' }, 'AREA_UNKNOWN');
      await ctx.link.nak('CLEAR_FAULT', {}, 'BAD_STATE');
      let seq = ctx.link.takeSeq();
      ctx.link.writeBody(`${seq} SET_DEPTH um=abc`);
      let a = await ctx.link.waitAnswer(seq, 'SET_DEPTH um=abc', 0);
      check(a.msg.kind === 'NAK' && a.msg.fields.code === 'BAD_ARGS', `malformed value: ${frameText(a)}`);
      seq = ctx.link.takeSeq();
      ctx.link.writeBody(`${seq} SET_DEPTH`);
      a = await ctx.link.waitAnswer(seq, 'SET_DEPTH without um', 0);
      check(a.msg.kind === 'NAK' && a.msg.fields.code === 'BAD_ARGS', `missing key: ${frameText(a)}`);
      seq = ctx.link.takeSeq();
      ctx.link.writeBody(`${seq} SET_DEPTHS um=500`);
      a = await ctx.link.waitAnswer(seq, 'SET_DEPTHS', 0);
      check(a.msg.kind === 'NAK' && a.msg.fields.code === 'UNKNOWN_KIND', `unknown kind: ${frameText(a)}`);
      await expectNoChange(ctx, before);
    },
  },
  {
    id: 'SR-15.bad-crc-dropped',
    title: 'SR-15 a frame with a bad CRC is dropped without an answer and never acted on',
    async run(ctx) {
      await ctx.connect();
      const before = await settingsNow(ctx);
      const seq = ctx.link.takeSeq();
      ctx.link.writeRaw(`$${seq} SET_DEPTH um=1500*0000`);
      await ctx.link.pump(200 + ctx.latencyMs);
      check(ctx.link.answerTo(seq) === undefined, 'a bad-CRC frame was answered');
      await expectNoChange(ctx, before);
    },
  },
  {
    id: 'SR-16.every-state',
    title: 'SR-16 STOP is accepted in every state and is idempotent',
    needs: ['sim'],
    async run(ctx) {
      await ctx.link.ok('STOP', {});
      await ctx.connect();
      await ctx.link.ok('STOP', {});
      await ctx.link.ok('STOP', {});
      await ctx.ready();
      await ctx.link.ok('STOP', {});
      await ctx.link.ok('START', {});
      let since = ctx.link.mark();
      await ctx.link.ok('STOP', {});
      await ctx.link.ok('STOP', {});
      await ctx.link.state('READY', { since });
      await ctx.link.ok('START', {});
      since = ctx.link.mark();
      await ctx.sim('SIM_CART', { op: 'UNSEAT' });
      await ctx.link.state('FAULT', { since });
      await ctx.link.ok('STOP', {});
      await ctx.link.ok('STOP', {});
      check((await statusNow(ctx)).st === 'FAULT', 'STOP cleared a latched fault');
    },
  },
  {
    id: 'SR-16.retract-time',
    title: 'SR-16 STOP retracts the needle within one stroke period',
    needs: ['sim'],
    async run(ctx) {
      const hz = 120;
      await ctx.run({ depthUm: 1000, rateHz: hz, tlmHz: 100 });
      await ctx.settled(1000, 60, 5000);
      const since = ctx.link.mark();
      const ack = await ctx.link.ok('STOP', {});
      const idle = await ctx.link.state('READY', { since, timeoutMs: 500 });
      const t0 = (ack.fields as { t?: number }).t;
      const t1 = idle.msg.kind === 'EVT' ? (idle.msg.fields.t as number) : idle.msg.kind === 'TLM' ? idle.msg.fields.t : undefined;
      check(t0 !== undefined && t1 !== undefined, 'no device times on the STOP ACK or the READY frame');
      ctx.measure('STOP → retracted (device time)', t1 - t0, 'ms');
      check(t1 - t0 <= 1000 / hz, `retracted ${t1 - t0} ms after STOP; one stroke at ${hz} Hz is ${(1000 / hz).toFixed(1)} ms`);
      const after = ctx.link.frames('TLM', since).filter((f) => f.msg.fields.t > t0 + 1000 / hz);
      check(after.every((f) => f.msg.fields.m <= 50), `TLM shows the needle out after STOP: m=${after.map((f) => f.msg.fields.m).join(',')}`);
    },
  },
  {
    id: 'SR-17.locked',
    title: 'SR-17 SIM_* and ENG_PROFILE are refused LOCKED without an engineering session',
    async run(ctx) {
      await ctx.connect();
      const before = await settingsNow(ctx);
      await ctx.link.nak('SIM_FAULT', { f: 'STALL' }, 'LOCKED');
      await ctx.link.nak('SIM_CART', { op: 'INSERT', id: 'N12-OK-01' }, 'LOCKED');
      await ctx.link.nak('SIM_POWER', { op: 'CYCLE' }, 'LOCKED');
      await ctx.link.nak('ENG_PROFILE', { name: 'TRAINING' }, 'LOCKED');
      await expectNoChange(ctx, before);
    },
  },
  {
    id: 'SR-17.wrong-mac',
    title: 'SR-17 a wrong MAC is refused AUTH and the session stays locked; a new challenge is needed',
    async run(ctx) {
      await ctx.connect();
      const chal = await ctx.link.ok('ENG_OPEN', {});
      check(chal.kind === 'CHAL' && /^[0-9A-F]{16}$/.test(String(chal.fields.nonce)), 'ENG_OPEN did not answer CHAL with a 16-hex nonce');
      await ctx.link.nak('ENG_AUTH', { mac: '0123456789ABCDEF' }, 'AUTH');
      await ctx.link.nak('SIM_FAULT', { f: 'STALL' }, 'LOCKED');
      // The wrong MAC consumed the challenge: without a new ENG_OPEN there is nothing to answer (PROTOCOL.md §7).
      await ctx.link.nak('ENG_AUTH', { mac: '0123456789ABCDEF' }, 'AUTH');
      const again = await ctx.link.ok('ENG_OPEN', {});
      check(again.kind === 'CHAL' && again.fields.nonce !== chal.fields.nonce, 'the pen reused its nonce');
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
      await ctx.link.nak('ENG_PROFILE', { name: 'TRAINING' }, 'LOCKED');
      await ctx.link.nak('SIM_SKIN', { mode: 'ON' }, 'LOCKED');
    },
  },
];

async function expectNoChange(ctx: Parameters<HilCase['run']>[0], before: PenSettings): Promise<void> {
  const after = await settingsNow(ctx);
  const keys = ['st', 'um', 'hz', 'area', 'profile', 'eng'] as const;
  for (const k of keys) check(after[k] === before[k], `${k} changed from ${String(before[k])} to ${String(after[k])} after refused commands`);
}
