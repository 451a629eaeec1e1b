/** Protocol robustness: garbage, bad CRC, over-long lines, duplicate seq replay, unknown kinds. */
import { frame } from '../../../protocol/src/index.js';
import { check, frameText } from '../harness/link.js';
import type { HilCase } from '../harness/runner.js';
import { statusNow, twoRates } from './util.js';

export const robustnessCases: HilCase[] = [
  {
    id: 'ROB.garbage',
    title: 'Garbage lines are ignored and the link keeps working',
    async run(ctx) {
      await ctx.connect();
      const since = ctx.link.mark();
      for (const g of ['hello pen', '\x00\x01\x02\xff\xfe', '****', '=== ===', 'SET_DEPTH um=2500', '$', '$$$$']) ctx.link.writeRaw(g);
      await ctx.link.pump(100 + ctx.latencyMs);
      const answers = ctx.link.rx.slice(since).filter((f) => f.msg && f.msg.kind !== 'TLM' && f.msg.kind !== 'EVT' && f.msg.kind !== 'ACK');
      check(answers.length === 0, `garbage was answered: ${answers.map((f) => frameText(f)).join('; ')}`);
      await ctx.link.ok('PING', {});
      check((await statusNow(ctx)).um === ctx.powerOn.um, 'unframed text changed the depth');
    },
  },
  {
    id: 'ROB.resync',
    title: 'Garbage before a $ is skipped: the frame after it is decoded and answered',
    async run(ctx) {
      await ctx.connect();
      const [hz] = twoRates(ctx);
      const seq = ctx.link.takeSeq();
      const since = ctx.link.mark();
      ctx.link.writeRaw('xx#noise!!' + frame(`${seq} SET_RATE hz=${hz}`));
      const a = await ctx.link.waitAnswer(seq, 'SET_RATE after garbage', since);
      check(a.msg.kind === 'ACK', `expected ACK, got ${frameText(a)}`);
      check((await statusNow(ctx)).hz === hz, 'rate not set by the resynced frame');
    },
  },
  {
    id: 'ROB.bad-crc',
    title: 'A bad CRC is dropped silently (no answer); the next good frame with the same seq is executed',
    async run(ctx) {
      await ctx.connect();
      const [hz, other] = twoRates(ctx);
      const seq = ctx.link.takeSeq();
      const good = frame(`${seq} SET_RATE hz=${hz}`);
      const crc = good.slice(-5, -1);
      const bad = good.slice(0, -5) + (crc === '0000' ? '0001' : '0000') + '\n';
      const since = ctx.link.mark();
      ctx.link.writeRaw(bad);
      ctx.link.writeRaw(good.replace(`hz=${hz}`, `hz=${other}`));
      await ctx.link.pump(150 + ctx.latencyMs);
      check(ctx.link.answerTo(seq, since) === undefined, 'a bad-CRC frame was answered');
      ctx.link.writeRaw(good);
      const a = await ctx.link.waitAnswer(seq, `SET_RATE hz=${hz}`, since);
      check(a.msg.kind === 'ACK', `good frame after bad CRC: ${frameText(a)}`);
      check((await statusNow(ctx)).hz === hz, `rate not ${hz} after the good frame`);
    },
  },
  {
    id: 'ROB.too-long',
    title: 'An over-long line (> 200 bytes) is dropped whole, even with a valid CRC',
    async run(ctx) {
      await ctx.connect();
      const seq = ctx.link.takeSeq();
      const long = frame(`${seq} SET_AREA area=CHEEK ${'x'.repeat(230)}`);
      check(long.length > 201, 'test line not over-long');
      const since = ctx.link.mark();
      ctx.link.writeRaw(long);
      await ctx.link.pump(150 + ctx.latencyMs);
      check(ctx.link.answerTo(seq, since) === undefined, `over-long line answered: ${frameText(ctx.link.answerTo(seq, since))}`);
      await ctx.link.ok('PING', {});
    },
  },
  {
    id: 'ROB.duplicate-replay',
    title: 'A retransmitted command (same seq, same body) is not executed twice: the first answer is replayed',
    async run(ctx) {
      await ctx.connect();
      const area = (await ctx.deepestArea()).area;
      const seq = ctx.link.takeSeq();
      const line = frame(`${seq} SET_AREA area=${area}`);
      const since = ctx.link.mark();
      ctx.link.writeRaw(line);
      const first = await ctx.link.waitAnswer(seq, 'SET_AREA', since);
      const since2 = ctx.link.mark();
      ctx.link.writeRaw(line);
      const second = await ctx.link.waitAnswer(seq, 'SET_AREA (retransmitted)', since2);
      check(second.line === first.line, `replay differs: first ${first.line}, then ${second.line}`);
      await ctx.link.pump(100 + ctx.latencyMs);
      const areaEvents = ctx.link.frames('EVT', since).filter((f) => f.msg.fields.ev === 'AREA');
      check(areaEvents.length === 1, `SET_AREA executed ${areaEvents.length} times (EVT AREA count)`);
    },
  },
  {
    id: 'ROB.same-seq-new-body',
    title: 'The same seq with a different body is a new command, executed',
    async run(ctx) {
      await ctx.connect();
      const [first, second] = twoRates(ctx);
      const seq = ctx.link.takeSeq();
      let since = ctx.link.mark();
      ctx.link.writeBody(`${seq} SET_RATE hz=${first}`);
      await ctx.link.waitAnswer(seq, `SET_RATE ${first}`, since);
      since = ctx.link.mark();
      ctx.link.writeBody(`${seq} SET_RATE hz=${second}`);
      const a = await ctx.link.waitAnswer(seq, `SET_RATE ${second}`, since);
      check(a.msg.kind === 'ACK', frameText(a));
      check((await statusNow(ctx)).hz === second, 'second body was not executed');
    },
  },
  {
    id: 'ROB.unknown-kind',
    title: 'An unknown kind with a good CRC is NAKed UNKNOWN_KIND with its seq',
    async run(ctx) {
      await ctx.connect();
      for (const body of ['FIRE_LASER', 'ACK re=1']) {
        const seq = ctx.link.takeSeq();
        const since = ctx.link.mark();
        ctx.link.writeBody(`${seq} ${body}`);
        const a = await ctx.link.waitAnswer(seq, body, since);
        check(a.msg.kind === 'NAK' && a.msg.fields.code === 'UNKNOWN_KIND', `${body}: ${frameText(a)}`);
      }
    },
  },
  {
    id: 'ROB.bad-args',
    title: 'A bad field (unknown key, out of codec range, twice) is NAKed BAD_ARGS naming the key',
    async run(ctx) {
      await ctx.connect();
      for (const [body, key] of [['SET_DEPTH um=10000', 'um'], ['SET_DEPTH mm=1', 'mm'], ['SET_RATE hz=100 hz=100', 'hz'], ['TLM_RATE hz=201', 'hz']] as const) {
        const seq = ctx.link.takeSeq();
        const since = ctx.link.mark();
        ctx.link.writeBody(`${seq} ${body}`);
        const a = await ctx.link.waitAnswer(seq, body, since);
        check(a.msg.kind === 'NAK' && a.msg.fields.code === 'BAD_ARGS', `${body}: ${frameText(a)}`);
        check(String(a.msg.fields.msg ?? '').includes(key), `${body}: NAK msg "${String(a.msg.fields.msg)}" does not name ${key}`);
      }
    },
  },
  {
    id: 'ROB.crlf-burst',
    title: 'CR LF line ends are tolerated and a burst of 20 commands is answered in order',
    async run(ctx) {
      await ctx.connect();
      const seqs: number[] = [];
      const since = ctx.link.mark();
      for (let i = 0; i < 20; i++) {
        const seq = ctx.link.takeSeq();
        seqs.push(seq);
        ctx.link.writeRaw(frame(`${seq} PING`).replace('\n', '\r\n'));
      }
      for (const s of seqs) await ctx.link.waitAnswer(s, 'PING in burst', since);
      const order = ctx.link.rx.slice(since).filter((f) => f.msg?.kind === 'ACK' && seqs.includes((f.msg.fields as { re: number }).re))
        .map((f) => (f.msg!.fields as { re: number }).re);
      check(order.join(',') === seqs.join(','), `answers out of order: ${order.join(',')}`);
    },
  },
];
