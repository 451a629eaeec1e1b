/**
 * The C pen (host board, ASan+UBSan) on the rules PROTOCOL.md tightened that
 * the HIL suite does not yet check: STOP outside the gate and the
 * retransmission memory and honoured with extra keys (SR-16), the lease
 * renewed only by well-formed host commands (SR-11), t= on every ACK, answers
 * before the events they cause, HELLO closing the engineering session and
 * changing no setting (SR-17), NO_AREA and RESET_SETTINGS (SR-02), fault
 * masks, BAD_STATE's message, the profile hash, expiry at every START (SR-07).
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { frame, type Fields } from '../../../protocol/src/index.js';
import type { HilLink } from '../../hil/harness/link.js';
import { HAS_GCC, needs } from '../../support/requirements.js';
import { engOpen, hello, penOnLink, status, type PenOnLink } from './support/c-pen-link.js';

describe.skipIf(!HAS_GCC)('C pen protocol on the host board' + needs.gcc, () => {
  let p: PenOnLink;
  let link: HilLink;
  let info: Fields<'INFO'>;

  beforeEach(async () => {
    p = await penOnLink({ cartridge: 'N16-OK-03' });
    link = p.link;
    info = await hello(link);
    for (let i = 0; i < 40 && (await link.ok('GET_CART', {})).fields.status === 'VERIFYING'; i++) await link.pump(25);
  });
  afterEach(async () => {
    await p.dispose();
    expect(p.log.join('\n')).not.toMatch(/Sanitizer|runtime error/);
  });

  it('SR-16 a STOP with extra keys stops a running pen first, answers ACK t=, and a repeated STOP line is executed again', async () => {
    await link.ok('SET_AREA', { area: 'CHEEK' });
    await link.ok('TLM_RATE', { hz: 100 });
    await link.ok('START', {});
    await link.pump(200);
    const seq = link.takeSeq();
    const line = frame(`${seq} STOP why=user`);
    let since = link.mark();
    link.writeRaw(line);
    const ack = await link.waitAnswer(seq, 'STOP why=user', since);
    expect(ack.msg.kind).toBe('ACK');
    expect(typeof ack.msg.fields.t).toBe('number');
    await link.state('READY', { since });
    await link.ok('START', {});
    await link.state('RUN', { since: link.mark() });
    // Same seq, same body: a STOP is never answered from the retransmission memory.
    since = link.mark();
    link.writeRaw(line);
    const again = await link.waitAnswer(seq, 'STOP again', since);
    expect(again.line).not.toBe(ack.line);
    await link.state('READY', { since });
  });

  it('SR-16 STOP is served before HELLO, like HELLO, GET_INFO and PING; everything else is refused VERSION', async () => {
    await link.nak('HELLO', { proto: 2, schema: info.schema }, 'VERSION');
    await link.ok('STOP', {});
    await link.ok('PING', {});
    await link.ok('GET_INFO', {});
    const nak = await link.nak('GET_STATUS', {}, 'VERSION');
    expect(nak.fields.proto).toBe(1);
    expect(nak.fields.schema).toBe(info.schema);
  });

  it('SR-11 garbage, unknown kinds, malformed fields, gated commands and echoed pen frames do not renew the lease', async () => {
    await link.ok('SET_AREA', { area: 'CHEEK' });
    await link.ok('TLM_RATE', { hz: 20 });
    await link.ok('START', {});
    await link.pump(300);
    link.heartbeatMs = 0;
    const since = link.mark();
    const last = link.lastWriteAt;
    const echo = link.frames('TLM', 0).at(-1)!.line;
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setTimeout(r, 90));
      link.writeRaw(echo);
      link.writeBody(`${link.takeSeq()} FROB`);
      link.writeBody(`${link.takeSeq()} SET_DEPTH um=abc`);
      link.writeRaw('hello pen');
    }
    const lease = await link.event('LEASE', {}, { since, timeoutMs: 1500 });
    expect(lease.at - last).toBeLessThan(500 + 100);
    await link.event('FAULT', { code: 'LINK_LOST' }, { since });
  });

  it('every ACK carries t=, and answers come before the events they cause (START, SET_AREA, CLEAR_FAULT)', async () => {
    const since = link.mark();
    await link.ok('SET_AREA', { area: 'NECK' });
    await link.ok('TLM_RATE', { hz: 10 });
    await link.ok('START', {});
    await link.state('RUN', { since });
    link.heartbeatMs = 0;
    await link.event('FAULT', { code: 'LINK_LOST' }, { since, timeoutMs: 2000 });
    link.heartbeatMs = 200;
    await link.ok('CLEAR_FAULT', {});
    await link.state('READY', { since });
    const frames = link.rx.slice(since).filter((f) => f.msg);
    for (const f of frames.filter((x) => x.msg!.kind === 'ACK')) expect(f.msg!.fields.t, f.line).toEqual(expect.any(Number));
    const idx = (pred: (m: NonNullable<(typeof frames)[number]['msg']>) => boolean) => frames.findIndex((f) => pred(f.msg!));
    const ackOf = (kind: string) => idx((m) => m.kind === 'ACK' && link.tx.some((t) => t.line.includes(` ${kind}`) && t.line.startsWith(`$${m.fields.re} `)));
    expect(ackOf('SET_AREA')).toBeLessThan(idx((m) => m.kind === 'EVT' && m.fields.ev === 'AREA'));
    expect(ackOf('START')).toBeLessThan(idx((m) => m.kind === 'EVT' && m.fields.ev === 'STATE' && m.fields.st === 'RUN'));
    const clear = ackOf('CLEAR_FAULT');
    const cleared = idx((m) => m.kind === 'EVT' && m.fields.ev === 'FAULT_CLEAR');
    expect(clear).toBeGreaterThanOrEqual(0);
    expect(clear).toBeLessThan(cleared);
    expect(frames[cleared]!.msg!.fields.faults).toBe('0080');
    expect(cleared).toBeLessThan(frames.findIndex((f, i) => i > cleared && f.msg!.kind === 'EVT' && f.msg!.fields.ev === 'STATE'));
  });

  it('SR-17 a HELLO closes an open engineering session and changes no setting', async () => {
    await engOpen(link, info.serial);
    await link.ok('SET_AREA', { area: 'SCALP' });
    await link.ok('SET_DEPTH', { um: 1200 });
    await link.ok('SET_RATE', { hz: 90 });
    const since = link.mark();
    await hello(link);
    await link.event('ENG', { msg: 'closed: HELLO' }, { since });
    const s = await status(link);
    expect([s.eng, s.area, s.um, s.hz]).toEqual([0, 'SCALP', 1200, 90]);
    await link.nak('SIM_SKIN', { mode: 'ON' }, 'LOCKED');
  });

  it('SR-02 START is refused NO_AREA until an area is selected; RESET_SETTINGS restores the power-on settings', async () => {
    await link.nak('START', {}, 'NO_AREA');
    await link.ok('SET_AREA', { area: 'BODY' });
    await link.ok('SET_DEPTH', { um: 2000 });
    await link.ok('TLM_RATE', { hz: 5 });
    const since = link.mark();
    await link.ok('RESET_SETTINGS', {});
    await link.event('AREA', { area: 'NONE', n: 0 }, { since });
    const s = await status(link);
    expect([s.area, s.um, s.hz]).toEqual([undefined, 250, 120]);
    await link.none('telemetry after RESET_SETTINGS', (m) => m.kind === 'TLM', 400, link.mark());
    await link.nak('START', {}, 'NO_AREA');
  });

  it('fault masks: EVT FAULT faults=, STATUS faults=/present=, NAK FAULT_ACTIVE and FAULT_PRESENT faults=', async () => {
    await engOpen(link, info.serial);
    await link.ok('SET_AREA', { area: 'CHEEK' });
    await link.ok('START', {});
    await link.pump(300);
    const since = link.mark();
    await link.ok('SIM_FAULT', { f: 'OVERLOAD' });
    const ev = await link.event('FAULT', { code: 'RATE_DEVIATION' }, { since, timeoutMs: 2000 });
    expect(ev.msg.fields.faults).toBe('0002');
    const s = await status(link);
    expect([s.st, s.faults, s.present]).toEqual(['FAULT', '0002', '0002']);
    expect((await link.nak('START', {}, 'FAULT_ACTIVE')).fields.faults).toBe('0002');
    expect((await link.nak('CLEAR_FAULT', {}, 'FAULT_PRESENT')).fields.faults).toBe('0002');
    await link.ok('SIM_FAULT', { f: 'CLEAR' });
    expect((await status(link)).present).toBe('0000');
    await link.ok('CLEAR_FAULT', {});
  });

  it('BAD_STATE names the state the command needs and the state the pen is in', async () => {
    const nak = await link.nak('CLEAR_FAULT', {}, 'BAD_STATE');
    expect(nak.fields.msg).toBe('CLEAR_FAULT needs FAULT; pen is READY');
  });

  it('INFO phash is the first 4 bytes of SHA-256 of the profile JSON, rebuilt here from the rows GET_AREA reports', async () => {
    const phashOf = async (i: Fields<'INFO'>) => {
      const rows = [];
      for (let k = 0; k < i.areas; k++) {
        const a = (await link.ok('GET_AREA', { i: k })).fields as Fields<'AREA'>;
        rows.push({ area: a.area, name: a.name, lo: a.lo, hi: a.hi, cap: a.cap });
      }
      const json = JSON.stringify({ name: i.profile, version: i.pver, rows });
      return createHash('sha256').update(json, 'utf8').digest('hex').slice(0, 8).toUpperCase();
    };
    expect(await phashOf(info)).toBe(info.phash);
    await engOpen(link, info.serial);
    await link.ok('ENG_PROFILE', { name: 'TRAINING' });
    const training = (await link.ok('GET_INFO', {})).fields as Fields<'INFO'>;
    expect(training.profile).toBe('TRAINING');
    expect(await phashOf(training)).toBe(training.phash);
    expect(training.phash).not.toBe(info.phash);
  });

  it('SR-07 expiry is checked at every START: after the calendar passes the expiry date, START is refused CART_EXPIRED', async () => {
    await engOpen(link, info.serial);
    await link.ok('SET_AREA', { area: 'CHEEK' });
    await link.ok('START', {});
    await link.ok('STOP', {});
    const cart = (await link.ok('GET_CART', {})).fields as Fields<'CART'>;
    const exp = String(cart.exp);
    const expiry = Date.UTC(Number(exp.slice(0, 4)), Number(exp.slice(4, 6)) - 1, Number(exp.slice(6, 8)) + 1);
    // One SIM_FAULT CLOCK moves the calendar at most 1 000 000 s (11.5 days): enough of them to pass the expiry day.
    const steps = Math.ceil((expiry - Date.now()) / 1e9) + 1;
    for (let i = 0; i < steps; i++) await link.ok('SIM_FAULT', { f: 'CLOCK', v: 1_000_000 });
    await link.nak('START', {}, 'CART_EXPIRED');
    expect((await link.ok('GET_CART', {})).fields.status).toBe('EXPIRED');
  });
});
