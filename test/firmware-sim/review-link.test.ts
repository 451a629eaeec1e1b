/**
 * Issue 10, through the wire (encoded lines in, decoded frames out): STOP is
 * never swallowed by the retransmission memory nor refused for extra keys
 * (SR-16), and only a well-formed host command renews the lease (SR-11).
 */
import { describe, expect, it } from 'vitest';
import { encode, frame, type Message } from '../../protocol/src/index.js';
import { running } from './support/running.js';

const line = (seq: number, kind: string, fields: Record<string, unknown> = {}) => encode({ seq, kind, fields } as unknown as Message);

/** Five times: wait `everyMs`, then send the line `make(i)` makes; returns the answers' codes. */
function every(h: ReturnType<typeof running>, everyMs: number, make: (i: number) => string): unknown[] {
  const codes: unknown[] = [];
  for (let i = 0; i < 5; i++) {
    h.pen.advance(everyMs);
    codes.push(h.line(make(i))?.fields['code']);
  }
  return codes;
}

describe('issue 10: STOP and the heartbeat lease at the wire', () => {
  it('SR-16 a STOP reusing an earlier STOP\'s seq and body stops a pen that started since: executed, not replayed', () => {
    const h = running();
    const stop = line(24, 'STOP');
    expect(h.line(stop, 24)?.kind).toBe('ACK');
    h.pen.advance(20);
    const first = h.raw.at(-1);
    expect(h.state).toBe('READY');
    expect(h.line(line(22, 'START'), 22)?.kind).toBe('ACK');
    h.run(300);
    expect(h.pen.snapshot().motorOn).toBe(true);
    const again = h.line(stop, 24)!;
    expect(again.kind).toBe('ACK');
    expect(`${h.raw.findLast((l) => / ACK re=24 /.test(l))}`).not.toBe(first);
    expect(h.pen.snapshot().motorOn).toBe(false);
    h.pen.advance(7);
    expect(h.pen.snapshot().trueDepthUm).toBe(0);
  });

  it('SR-16 a CRC-valid STOP with extra keys ($50 STOP why=user) stops the pen first, answered ACK re= t=', () => {
    const h = running();
    const t0 = h.pen.now();
    const ack = h.line(frame('50 STOP why=user'), 50)!;
    expect(ack.kind).toBe('ACK');
    expect(ack.fields).toMatchObject({ re: 50, t: t0 });
    expect(h.pen.snapshot().motorOn).toBe(false);
    h.pen.advance(7);
    expect(h.pen.snapshot().trueDepthUm).toBe(0);
  });

  it('SR-16 the ACK of a command goes out before the events it causes, and every ACK carries t=', () => {
    const h = running();
    const from = h.frames.length;
    h.line(line(60, 'STOP'));
    const out = h.since(from).filter((f) => f.kind !== 'TLM');
    expect(out[0]?.kind).toBe('ACK');
    expect(out.filter((f) => f.fields['ev'] === 'STATE').map((f) => f.fields['st'])).toEqual(['STOP']);
    expect(h.since(0, 'ACK').every((f) => typeof f.fields['t'] === 'number')).toBe(true);
  });

  it('SR-11 a host sending only `$9 FROB` every 400 ms does not keep a running pen alive', () => {
    const h = running();
    expect(every(h, 400, () => frame('9 FROB'))).toEqual(Array(5).fill('UNKNOWN_KIND'));
    expect(h.evts('LEASE')).toHaveLength(1);
    expect(h.evts('FAULT').at(-1)?.fields['code']).toBe('LINK_LOST');
    expect(h.pen.snapshot().motorOn).toBe(false);
  });

  it('SR-11 on a looped-back line the pen\'s own TLM frames coming back do not renew its lease', () => {
    const h = running();
    let echoed = 0;
    const back: string[] = [];
    // The line echoes the pen's telemetry and events back to it, a byte time later.
    h.pen.onOutput((text) => {
      if (/^\$\d+ (TLM|EVT) /.test(text)) back.push(text);
    });
    for (let ms = 0; ms < 1000; ms++) {
      h.pen.advance(1);
      for (const l of back.splice(0)) {
        echoed++;
        h.pen.receiveLine(l);
      }
    }
    expect(echoed).toBeGreaterThan(100);
    expect(h.evts('LEASE')).toHaveLength(1);
    expect(h.pen.snapshot().motorOn).toBe(false);
  });

  it('SR-11 malformed fields and gated commands renew nothing; a well-formed command refused for its state does', () => {
    const bad = running();
    expect(every(bad, 300, () => frame('10 SET_DEPTH um=fast'))).toContain('BAD_ARGS');
    expect(bad.evts('LEASE')).toHaveLength(1);
    const gated = running();
    gated.line(line(900, 'HELLO', { proto: 1, schema: '00000000' }));
    expect(every(gated, 300, (i) => line(20 + i, 'GET_STATUS'))).toContain('VERSION');
    expect(gated.evts('LEASE')).toHaveLength(1);
    const good = running();
    expect(every(good, 300, (i) => line(11 + i, 'START'))).toEqual(Array(5).fill('BAD_STATE'));
    expect(good.evts('LEASE')).toHaveLength(0);
    expect(good.pen.snapshot().motorOn).toBe(true);
  });

  it('SR-11 a mismatching HELLO every 300 ms is refused with VERSION and does not keep a running pen alive', () => {
    const h = running();
    expect(every(h, 300, (i) => line(40 + i, 'HELLO', { proto: 1, schema: 'DEADBEEF' }))).toContain('VERSION');
    expect(h.evts('LEASE')).toHaveLength(1);
    expect(h.pen.snapshot().motorOn).toBe(false);
  });
});

