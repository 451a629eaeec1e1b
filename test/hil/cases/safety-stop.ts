/**
 * SR-16: STOP is accepted in every state, is idempotent, executes every time
 * it arrives (never from the retransmission memory, honoured with extra
 * keys), and retracts the needle within one stroke period, timed from the
 * ACK's t= (a MUST, PROTOCOL.md §7).
 */
import { frame, PROTO_VERSION, SCHEMA_HASH } from '../../../protocol/src/index.js';
import type { CaseContext } from '../harness/context.js';
import { check, frameText, HEARTBEAT_MS, type HilMsg, type RxFrame } from '../harness/link.js';
import type { HilCase } from '../harness/runner.js';
import { onGrid, statusNow } from './util.js';

/** Write `line` (a STOP frame with seq `seq`) and return its answer. */
async function rawStop(ctx: CaseContext, seq: number, line: string): Promise<RxFrame & { msg: HilMsg }> {
  const since = ctx.link.mark();
  ctx.link.writeRaw(line);
  const a = await ctx.link.waitAnswer(seq, line.trim(), since);
  check(a.msg.kind === 'ACK' && typeof a.msg.fields.t === 'number', `${line.trim()} answered ${frameText(a)}, expected ACK with t= (SR-16)`);
  return a;
}

export const stopSafetyCases: HilCase[] = [
  {
    id: 'SR-16.every-state',
    title: 'SR-16 STOP is accepted in every state (before HELLO, idle, READY, RUN, FAULT) and is idempotent',
    needs: ['cartridge'],
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
      // FAULT by a lease expiry: no fault injection needed.
      ctx.link.heartbeatMs = 0;
      since = ctx.link.mark();
      await ctx.link.state('FAULT', { since, timeoutMs: 1500 });
      ctx.link.heartbeatMs = HEARTBEAT_MS;
      await ctx.link.ok('STOP', {});
      await ctx.link.ok('STOP', {});
      check((await statusNow(ctx)).st === 'FAULT', 'STOP cleared a latched fault');
    },
  },
  {
    id: 'SR-16.retract-time',
    title: 'SR-16 STOP retracts the needle within one stroke period at the pen\'s highest rate, timed from the ACK\'s t=',
    needs: ['cartridge'],
    async run(ctx) {
      const { rmax } = await ctx.connect();
      const um = onGrid(ctx, 1000);
      await ctx.run({ depthUm: um, rateHz: rmax, tlmHz: ctx.needTelemetry(100) });
      await ctx.settled(um, 60, 5000);
      const since = ctx.link.mark();
      const ack = await ctx.link.ok('STOP', {});
      const t0 = ack.fields.t as number | undefined;
      check(typeof t0 === 'number', `STOP answered ${frameText(ack)}: an ACK must carry t= (PROTOCOL.md §7), and SR-16's timing is measured from it`);
      const idle = await ctx.link.state('READY', { since, timeoutMs: 500 });
      const t1 = idle.msg.fields.t as number;
      ctx.measure('STOP → retracted (device time)', t1 - t0, 'ms');
      check(t1 - t0 <= 1000 / rmax, `retracted ${t1 - t0} ms after STOP; one stroke at ${rmax} Hz is ${(1000 / rmax).toFixed(1)} ms`);
      const after = ctx.link.frames('TLM', since).filter((f) => f.msg.fields.t > t0 + 1000 / rmax);
      check(after.every((f) => f.msg.fields.m <= 50), `TLM shows the needle out after STOP: m=${after.map((f) => f.msg.fields.m).join(',')}`);
    },
  },
  {
    id: 'SR-16.stop-extra-keys',
    title: 'SR-16 a STOP with keys STOP does not have is still executed and ACKed (while running, and before HELLO)',
    needs: ['cartridge'],
    async run(ctx) {
      await ctx.run();
      const seq = ctx.link.takeSeq();
      const since = ctx.link.mark();
      await rawStop(ctx, seq, frame(`${seq} STOP why=user`));
      await ctx.link.state('READY', { since, timeoutMs: 500 });
      await ctx.link.nak('HELLO', { proto: PROTO_VERSION + 1, schema: SCHEMA_HASH }, 'VERSION');
      const s2 = ctx.link.takeSeq();
      await rawStop(ctx, s2, frame(`${s2} STOP now=1 x=y`));
    },
  },
  {
    id: 'SR-16.stop-repeated',
    title: 'SR-16 a STOP repeating an earlier STOP\'s seq and body is executed again, never answered from the retransmission memory',
    needs: ['cartridge'],
    async run(ctx) {
      await ctx.run();
      const seq = ctx.link.takeSeq();
      const line = frame(`${seq} STOP`);
      let since = ctx.link.mark();
      const first = await rawStop(ctx, seq, line);
      await ctx.link.state('READY', { since, timeoutMs: 500 });
      since = ctx.link.mark();
      await ctx.link.ok('START', {});
      await ctx.link.state('RUN', { since, timeoutMs: 1000 });
      since = ctx.link.mark();
      const second = await rawStop(ctx, seq, line);
      check(second.line !== first.line, `the repeated STOP was answered from the retransmission memory: ${second.line.trim()} again`);
      await ctx.link.state('READY', { since, timeoutMs: 500 });
      check((await statusNow(ctx)).st !== 'RUN', 'the repeated STOP did not stop the pen');
    },
  },
];
