/** NAK reasons not already proven by a safety-rule case, each reached at the wire, with the texts the spec fixes. */
import type { PenState } from '../../../protocol/src/index.js';
import { emptySlot, verdict } from '../harness/acquire.js';
import type { CaseContext } from '../harness/context.js';
import { check, frameText } from '../harness/link.js';
import type { HilCase } from '../harness/runner.js';
import { statusNow } from './util.js';

/**
 * A BAD_STATE refusal must name the state the command needs and the state the
 * pen is in (PROTOCOL.md §8), never only the current one; the wording is free.
 * `needs` is the one state the command needs where the spec names one (START:
 * READY); otherwise (an idle pen, not BOOT/RUN/STOP) the text must say more
 * than the current state.
 */
export async function expectBadState(ctx: CaseContext, kind: 'START' | 'CLEAR_FAULT' | 'RESET_SETTINGS' | 'ENG_PROFILE', fields: Record<string, string>, needs: PenState | null, current: PenState): Promise<void> {
  const nak = await ctx.link.nak(kind, fields as never, 'BAD_STATE');
  const msg = String(nak.fields.msg ?? '');
  check(new RegExp(`\\b${current}\\b`).test(msg), `BAD_STATE for ${kind} says "${msg}": it must name the pen's state ${current}`);
  if (needs) check(new RegExp(`\\b${needs}\\b`).test(msg), `BAD_STATE for ${kind} says "${msg}": it must name the state ${kind} needs, ${needs}`);
  else check(/[A-Za-z]{3,}/.test(msg.replace(new RegExp(`\\b${current}\\b|\\bpen\\b|\\bis\\b|\\b${kind}\\b`, 'g'), '')), `BAD_STATE for ${kind} says "${msg}": it names only the current state`);
}

export const nakCases: HilCase[] = [
  {
    id: 'NAK.BUSY',
    title: 'START while the cartridge is still being verified is refused BUSY',
    needs: ['sim', 'cartridge-swap'],
    async run(ctx) {
      await ctx.connect();
      await ctx.link.ok('SET_AREA', { area: (await ctx.deepestArea()).area });
      await emptySlot(ctx);
      // A reject sample: it is verified (150 ms) like any other and leaves nothing spent behind.
      const since = ctx.link.mark();
      await ctx.sim('SIM_CART', { op: 'INSERT', id: 'N16-EXPIRED' });
      await ctx.link.nak('START', {}, 'BUSY');
      await verdict(ctx, since, 2000, 'N16-EXPIRED');
    },
  },
  {
    id: 'NAK.BAD_STATE',
    title: 'Out-of-state commands are refused BAD_STATE naming the state needed and the state the pen is in',
    needs: ['cartridge'],
    async run(ctx) {
      await ctx.connect();
      await expectBadState(ctx, 'CLEAR_FAULT', {}, 'FAULT', (await statusNow(ctx)).st);
      await ctx.run();
      await expectBadState(ctx, 'START', {}, 'READY', 'RUN');
      await expectBadState(ctx, 'RESET_SETTINGS', {}, null, 'RUN');
      if (ctx.target.engKeyHex !== null) {
        await ctx.engOpen();
        await expectBadState(ctx, 'ENG_PROFILE', { name: ctx.limits.profile }, null, 'RUN');
      }
      await ctx.link.ok('STOP', {});
    },
  },
  {
    id: 'NAK.AREA_UNKNOWN',
    title: 'SET_AREA with an area not in the profile is refused AREA_UNKNOWN',
    async run(ctx) {
      await ctx.connect();
      const ids = new Set((await ctx.areas()).map((a) => a.area));
      const unknown = ['ELBOW', 'NO_SUCH_AREA', 'X_UNKNOWN_AREA'].find((a) => !ids.has(a))!;
      await ctx.link.nak('SET_AREA', { area: unknown }, 'AREA_UNKNOWN');
      const s = await statusNow(ctx);
      check(s.area === undefined, `a refused SET_AREA left area=${String(s.area)}`);
    },
  },
  {
    id: 'NAK.PROFILE_UNKNOWN',
    title: 'ENG_PROFILE with a profile the pen does not store is refused PROFILE_UNKNOWN',
    needs: ['eng-key'],
    async run(ctx) {
      await ctx.connect();
      await ctx.engOpen();
      await ctx.link.nak('ENG_PROFILE', { name: 'NO_SUCH' }, 'PROFILE_UNKNOWN');
    },
  },
  {
    id: 'NAK.TLM_RANGE',
    title: 'TLM_RATE above the pen\'s tmax is refused TLM_RANGE max=tmax (above the codec\'s 200 Hz: BAD_ARGS); tmax itself is accepted',
    async run(ctx) {
      const { tmax } = await ctx.connect();
      if (tmax < 200) {
        const nak = await ctx.link.nak('TLM_RATE', { hz: tmax + 1 }, 'TLM_RANGE');
        check(nak.fields.max === tmax, `NAK TLM_RANGE max=${String(nak.fields.max)}, INFO tmax=${tmax}`);
      } else {
        const seq = ctx.link.takeSeq();
        const since = ctx.link.mark();
        ctx.link.writeBody(`${seq} TLM_RATE hz=201`);
        const a = await ctx.link.waitAnswer(seq, 'TLM_RATE hz=201', since);
        check(a.msg.kind === 'NAK' && a.msg.fields.code === 'BAD_ARGS', `TLM_RATE hz=201 answered ${frameText(a)}`);
      }
      if (tmax > 0) await ctx.link.ok('TLM_RATE', { hz: tmax });
      await ctx.link.ok('TLM_RATE', { hz: 0 });
    },
  },
];
