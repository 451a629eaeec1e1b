/** The pen side of the link: SR-15 gate, handshake gate, retransmission dedupe, seq numbering. */
import { describe, expect, it } from 'vitest';
import {
  PenLink, PROTO_VERSION, SCHEMA_HASH, decodeLine, encode, frame,
  type HostMessage, type Message, type PenLinkOptions, type PenReply,
} from '../../protocol/src/index.js';
import { infoFields } from './support/scripted-pen.js';

function setup(over: Partial<PenLinkOptions> = {}, answer?: (m: HostMessage) => PenReply) {
  const sent: string[] = [];
  const handled: HostMessage[] = [];
  let valid = 0;
  const link = new PenLink({
    send: (l) => sent.push(l),
    handle: (m) => {
      handled.push(m);
      if (answer) return answer(m);
      return m.kind === 'HELLO' || m.kind === 'GET_INFO' ? { kind: 'INFO', fields: infoFields() } : { kind: 'ACK', fields: {} };
    },
    onHostCommand: () => valid++,
    ...over,
  });
  const rx = (m: Message | string) => link.receiveLine(typeof m === 'string' ? m : encode(m));
  const last = () => {
    const r = decodeLine(sent.at(-1) ?? '');
    if (!r.ok) throw new Error(`last sent line does not decode: ${sent.at(-1)}`);
    return r.msg;
  };
  const hello = () => rx({ seq: 0, kind: 'HELLO', fields: { proto: PROTO_VERSION, schema: SCHEMA_HASH } });
  return { link, sent, handled, rx, last, hello, renewals: () => valid };
}

describe('PenLink: SR-15 malformed or unknown input never reaches the handler', () => {
  it('SR-15: a bad CRC is dropped and counted: no answer, handler not called', () => {
    const t = setup();
    t.hello();
    t.sent.length = 0;
    t.rx(encode({ seq: 5, kind: 'SET_DEPTH', fields: { um: 1500 } }).replace(/\*..../, '*0000'));
    expect(t.sent).toEqual([]);
    expect(t.handled.map((m) => m.kind)).toEqual(['HELLO']);
    expect(t.link.stats.rxBadCrc).toBe(1);
  });

  it('SR-15: an over-long line and a frame without CRC are dropped and counted, never answered', () => {
    const t = setup();
    t.hello();
    t.sent.length = 0;
    t.rx(frame(`6 SET_AREA area=${'A'.repeat(16)}${' x=1'.repeat(50)}`));
    t.rx('$7 START\n');
    t.rx('line noise without a dollar\n');
    expect(t.sent).toEqual([]);
    expect(t.handled).toHaveLength(1);
    expect(t.link.stats).toMatchObject({ rxTooLong: 1, rxBadFrame: 2 });
    expect(t.renewals()).toBe(1);
  });

  it('SR-15: an unknown kind gets NAK UNKNOWN_KIND with re=seq and the handler is not called', () => {
    const t = setup();
    t.hello();
    t.rx(frame('9 SELF_DESTRUCT now=1'));
    expect(t.last()).toMatchObject({ kind: 'NAK', fields: { re: 9, code: 'UNKNOWN_KIND' } });
    expect(t.handled).toHaveLength(1);
    expect(t.link.stats.rxUnknownKind).toBe(1);
  });

  it('SR-15: a pen-direction kind sent by the host is not a command: NAK UNKNOWN_KIND', () => {
    const t = setup();
    t.hello();
    t.rx({ seq: 10, kind: 'ACK', fields: { re: 3 } });
    expect(t.last()).toMatchObject({ kind: 'NAK', fields: { re: 10, code: 'UNKNOWN_KIND' } });
    expect(t.handled).toHaveLength(1);
  });

  it('SR-15: a bad field gets NAK BAD_ARGS whose msg names the key, handler not called', () => {
    const t = setup();
    t.hello();
    t.rx(frame('11 SET_DEPTH um=10000'));
    const nak = t.last();
    expect(nak).toMatchObject({ kind: 'NAK', fields: { re: 11, code: 'BAD_ARGS' } });
    expect((nak.fields as { msg?: string }).msg).toMatch(/^um: /);
    t.rx(frame('12 SET_RATE'));
    expect((t.last().fields as { msg?: string }).msg).toMatch(/^hz: missing/);
    expect(t.handled).toHaveLength(1);
    expect(t.link.stats.rxBadField).toBe(2);
  });

  it('ignores empty lines without counting them as errors', () => {
    const t = setup();
    t.rx('\r\n');
    t.rx('');
    expect(t.link.stats.rxLines).toBe(0);
    expect(t.sent).toEqual([]);
  });
});

describe('PenLink: handshake gate', () => {
  it('before HELLO, a gated command (GET_STATUS too) gets NAK VERSION carrying the pen proto and schema; PING, GET_INFO and STOP pass', () => {
    const t = setup({ proto: 3, schema: '0BADF00D' });
    t.rx({ seq: 1, kind: 'SET_DEPTH', fields: { um: 1500 } });
    expect(t.last()).toMatchObject({ kind: 'NAK', fields: { re: 1, code: 'VERSION', proto: 3, schema: '0BADF00D', msg: 'HELLO first' } });
    t.rx({ seq: 5, kind: 'GET_STATUS', fields: {} });
    expect(t.last()).toMatchObject({ kind: 'NAK', fields: { re: 5, code: 'VERSION' } });
    expect(t.handled).toEqual([]);
    t.rx({ seq: 2, kind: 'PING', fields: {} });
    t.rx({ seq: 3, kind: 'GET_INFO', fields: {} });
    t.rx({ seq: 4, kind: 'STOP', fields: {} });
    expect(t.handled.map((m) => m.kind)).toEqual(['PING', 'GET_INFO', 'STOP']);
    expect(t.link.stats.rxBeforeHandshake).toBe(2);
  });

  it('HELLO with another protocol version gets NAK VERSION with the pen values and leaves the gate shut', () => {
    const t = setup();
    t.rx({ seq: 1, kind: 'HELLO', fields: { proto: PROTO_VERSION + 1, schema: SCHEMA_HASH } });
    expect(t.last()).toMatchObject({ kind: 'NAK', fields: { re: 1, code: 'VERSION', proto: PROTO_VERSION, schema: SCHEMA_HASH } });
    expect(String((t.last().fields as { msg?: string }).msg)).toContain(`proto ${PROTO_VERSION + 1}!=${PROTO_VERSION}`);
    expect(t.link.handshaken).toBe(false);
    expect(t.handled).toEqual([]);
  });

  it('HELLO with another schema hash gets NAK VERSION naming the schema', () => {
    const t = setup({ schema: 'DEADBEEF' });
    t.hello();
    expect(t.last()).toMatchObject({ kind: 'NAK', fields: { code: 'VERSION', schema: 'DEADBEEF' } });
    expect(String((t.last().fields as { msg?: string }).msg)).toContain('schema');
    expect(t.link.handshaken).toBe(false);
  });

  it('a matching HELLO opens the gate and is answered INFO re=seq with the link proto/schema', () => {
    const t = setup({}, (m) => (m.kind === 'HELLO' ? { kind: 'INFO', fields: { ...infoFields(), proto: undefined, schema: undefined } } : { kind: 'ACK', fields: {} }));
    t.rx({ seq: 42, kind: 'HELLO', fields: { proto: PROTO_VERSION, schema: SCHEMA_HASH } });
    expect(t.link.handshaken).toBe(true);
    expect(t.last()).toMatchObject({ kind: 'INFO', fields: { re: 42, proto: PROTO_VERSION, schema: SCHEMA_HASH } });
    t.rx({ seq: 43, kind: 'SET_DEPTH', fields: { um: 1500 } });
    expect(t.last()).toMatchObject({ kind: 'ACK', fields: { re: 43 } });
  });

  it('a later mismatching HELLO shuts the gate again', () => {
    const t = setup();
    t.hello();
    t.rx({ seq: 1, kind: 'HELLO', fields: { proto: PROTO_VERSION, schema: '00000000' } });
    expect(t.link.handshaken).toBe(false);
    t.rx({ seq: 2, kind: 'START', fields: {} });
    expect(t.last()).toMatchObject({ kind: 'NAK', fields: { code: 'VERSION' } });
  });
});

describe('PenLink: retransmission dedupe', () => {
  it('same seq and same body: replays the identical first answer and does not call the handler again', () => {
    const t = setup();
    t.hello();
    const cmd = encode({ seq: 7, kind: 'SET_DEPTH', fields: { um: 1500 } });
    t.rx(cmd);
    const first = t.sent.at(-1);
    t.rx(cmd);
    t.rx(cmd.replace('\n', '\r\n'));
    expect(t.sent.slice(-3)).toEqual([first, first, first]);
    expect(t.handled.filter((m) => m.kind === 'SET_DEPTH')).toHaveLength(1);
    expect(t.link.stats.rxDuplicates).toBe(2);
  });

  it('same seq with a different body is a new command', () => {
    const t = setup();
    t.hello();
    t.rx({ seq: 7, kind: 'SET_DEPTH', fields: { um: 1500 } });
    t.rx({ seq: 7, kind: 'SET_DEPTH', fields: { um: 1000 } });
    expect(t.handled.filter((m) => m.kind === 'SET_DEPTH').map((m) => (m.fields as { um: number }).um)).toEqual([1500, 1000]);
    expect(t.link.stats.rxDuplicates).toBe(0);
  });

  it('the dedupe cache is bounded: a command 64 commands old is executed again (PROTOCOL.md §9: the last 64)', () => {
    const t = setup();
    t.hello();
    const old = { seq: 100, kind: 'SET_DEPTH', fields: { um: 500 } } as const;
    t.rx(old);
    for (let i = 0; i < 63; i++) t.rx({ seq: 200 + i, kind: 'PING', fields: {} });
    t.rx(old);
    expect(t.link.stats.rxDuplicates).toBe(1);
    t.rx({ seq: 300, kind: 'PING', fields: {} });
    t.rx({ seq: 301, kind: 'PING', fields: {} });
    t.rx(old);
    expect(t.handled.filter((m) => m.kind === 'SET_DEPTH')).toHaveLength(2);
  });

  it('a HELLO starts a new session: the same (seq, body) from a restarted host is executed, not replayed', () => {
    const t = setup();
    t.hello();
    const cmd = encode({ seq: 1, kind: 'SET_DEPTH', fields: { um: 1500 } });
    t.rx(cmd);
    t.rx({ seq: 2, kind: 'SET_DEPTH', fields: { um: 500 } });
    // The console restarts and counts from 0 again.
    t.hello();
    t.rx(cmd);
    expect(t.handled.filter((m) => m.kind === 'SET_DEPTH').map((m) => (m.fields as { um: number }).um)).toEqual([1500, 500, 1500]);
    expect(t.handled.filter((m) => m.kind === 'HELLO')).toHaveLength(2);
    expect(t.link.stats.rxDuplicates).toBe(0);
  });

  it('a refused command is replayed too (the NAK is its first answer)', () => {
    const t = setup({}, (m) => (m.kind === 'HELLO' ? { kind: 'INFO', fields: infoFields() } : { kind: 'NAK', fields: { code: 'DEPTH_RANGE', min: 250, max: 2500 } }));
    t.hello();
    const cmd = encode({ seq: 8, kind: 'SET_DEPTH', fields: { um: 3000 } });
    t.rx(cmd);
    t.rx(cmd);
    expect(t.sent.at(-1)).toBe(t.sent.at(-2));
    expect(t.handled).toHaveLength(2);
  });
});

describe('PenLink: pen frames', () => {
  it('numbers every pen frame 0..65535 and wraps to 0', () => {
    const t = setup();
    t.hello();
    const tlm = { t: 1, s: 'RUN', d: 1500, m: 1500, r: 120, n: 1, p: 0, c: 300, b: 90 };
    for (let i = 0; i < 65534; i++) t.link.emit('TLM', tlm);
    expect(t.link.nextSeq).toBe(65535);
    t.link.emit('TLM', tlm);
    t.link.emit('EVT', { ev: 'SKIN', t: 5, on: 1 });
    expect(t.last()).toMatchObject({ seq: 0, kind: 'EVT' });
    expect(t.link.stats.txFrames).toBe(65537);
  });

  it('an emit that does not encode is refused, counted, and does not use up a seq', () => {
    const t = setup();
    expect(t.link.emit('TLM', { t: 1 })).toBe(false);
    expect(t.link.stats.txInvalid).toBe(1);
    expect(t.link.nextSeq).toBe(0);
    expect(t.sent).toEqual([]);
  });

  it('an EVT too long for the line sheds its msg', () => {
    const t = setup();
    const evt = { ev: 'CART_REJECT', t: 4294967295, st: 'REJECT', code: 'X'.repeat(24), id: 'Y'.repeat(24), area: 'Z'.repeat(16), n: 99, on: 1, msg: ' '.repeat(21) };
    expect(t.link.emit('EVT', evt)).toBe(true);
    expect(t.last().fields).not.toHaveProperty('msg');
    expect(t.last().fields).toMatchObject({ code: 'X'.repeat(24) });
  });

  it('an INFO with every value at its longest goes out whole: the pen always reports its limits', () => {
    const longest = {
      ...infoFields(), proto: 65535, fw: 'FW-12.34', serial: 'PB-2026-0001', profile: 'TRAINING', pver: 65535,
      dmin: 9999, dmax: 9999, dstep: 999, rmin: 999, rmax: 999, tmax: 999, areas: 64,
    };
    const t = setup({}, () => ({ kind: 'INFO', fields: longest }));
    t.hello();
    expect(t.sent.at(-1)!.length - 1).toBeLessThanOrEqual(200);
    expect(t.last()).toEqual({ seq: 0, kind: 'INFO', fields: { ...longest, re: 0, schema: SCHEMA_HASH } });
  });

  it('an INFO whose fw is longer than the catalogue allows is not trimmed to fit: it is answered NAK UNSUPPORTED', () => {
    const t = setup({}, () => ({ kind: 'INFO', fields: { ...infoFields(), fw: 'FW-1.2.3-BUILD77' } }));
    t.hello();
    expect(t.last()).toMatchObject({ kind: 'NAK', fields: { re: 0, code: 'UNSUPPORTED' } });
    expect(t.link.stats.txInvalid).toBe(1);
  });

  it('a reply the firmware built wrong is answered NAK UNSUPPORTED and counted, so the host does not retry forever', () => {
    const t = setup({}, (m) => (m.kind === 'HELLO' ? { kind: 'INFO', fields: infoFields() } : { kind: 'ACK', fields: { t: -5 } }));
    t.hello();
    t.rx({ seq: 3, kind: 'START', fields: {} });
    expect(t.last()).toMatchObject({ kind: 'NAK', fields: { re: 3, code: 'UNSUPPORTED' } });
    expect(t.link.stats.txInvalid).toBe(1);
  });

  it('reset() forgets handshake, dedupe cache and seq (power cycle)', () => {
    const t = setup();
    t.hello();
    const cmd = encode({ seq: 7, kind: 'START', fields: {} });
    t.rx(cmd);
    t.link.reset();
    expect(t.link.handshaken).toBe(false);
    expect(t.link.nextSeq).toBe(0);
    t.hello();
    t.rx(cmd);
    expect(t.handled.filter((m) => m.kind === 'START')).toHaveLength(2);
  });
});
