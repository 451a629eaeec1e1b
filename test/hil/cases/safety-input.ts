/** SR-15: a malformed, unknown, out-of-range or out-of-state command never changes state. */
import type { CaseContext } from '../harness/context.js';
import { check, frameText } from '../harness/link.js';
import type { HilCase } from '../harness/runner.js';
import { depthCeiling, onGrid, settingsNow, type PenSettings } from './util.js';

async function expectNoChange(ctx: CaseContext, before: PenSettings): Promise<void> {
  const after = await settingsNow(ctx);
  for (const k of ['st', 'um', 'hz', 'area', 'profile', 'eng', 'faults'] as const) {
    check(after[k] === before[k], `${k} changed from ${String(before[k])} to ${String(after[k])} after refused commands`);
  }
}

/** Send a raw body with a fresh seq; the answer must be a NAK with `code`. */
async function rawNak(ctx: CaseContext, body: string, code: string): Promise<void> {
  const seq = ctx.link.takeSeq();
  const since = ctx.link.mark();
  ctx.link.writeBody(`${seq} ${body}`);
  const a = await ctx.link.waitAnswer(seq, body, since);
  check(a.msg.kind === 'NAK' && a.msg.fields.code === code, `${body}: ${frameText(a)}, expected NAK ${code}`);
}

export const inputSafetyCases: HilCase[] = [
  {
    id: 'SR-15.refused-no-change',
    title: 'SR-15 out-of-range, malformed, unknown and out-of-state commands are NAKed and change nothing',
    async run(ctx) {
      const { dmax, dstep, rmin } = await ctx.connect();
      const area = await ctx.deepestArea();
      await ctx.link.ok('SET_DEPTH', { um: onGrid(ctx, 600, await depthCeiling(ctx, area.cap)) });
      await ctx.link.ok('SET_AREA', { area: area.area });
      const before = await settingsNow(ctx);
      const ids = new Set((await ctx.areas()).map((a) => a.area));
      await ctx.link.nak('SET_DEPTH', { um: dmax + dstep }, 'DEPTH_RANGE');
      if (rmin > 0) await ctx.link.nak('SET_RATE', { hz: rmin - 1 }, 'RATE_RANGE');
      await ctx.link.nak('SET_AREA', { area: ['ELBOW', 'NO_SUCH_AREA'].find((a) => !ids.has(a))! }, 'AREA_UNKNOWN');
      await ctx.link.nak('CLEAR_FAULT', {}, 'BAD_STATE');
      await rawNak(ctx, 'SET_DEPTH um=abc', 'BAD_ARGS');
      await rawNak(ctx, 'SET_DEPTH', 'BAD_ARGS');
      await rawNak(ctx, 'SET_AREA area=cheek', 'BAD_ARGS');
      await rawNak(ctx, 'SET_DEPTHS um=500', 'UNKNOWN_KIND');
      await rawNak(ctx, 'ACK re=1', 'UNKNOWN_KIND');
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
      ctx.link.writeRaw(`$${seq} SET_DEPTH um=${ctx.limits.dmax}*0000`);
      await ctx.link.pump(200 + ctx.latencyMs);
      check(ctx.link.answerTo(seq) === undefined, 'a bad-CRC frame was answered');
      await expectNoChange(ctx, before);
    },
  },
];
