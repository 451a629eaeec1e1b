/**
 * PenLink's tightened rules (PROTOCOL.md §3, §6, §7, §9, §10): STOP outside the
 * retransmission memory and honoured with malformed keys (SR-16), the lease
 * renewed only by well-formed host commands (SR-11), the order of checks,
 * answers before the events they cause, `t=` on every ACK, every HELLO reported.
 */
import { describe, expect, it } from 'vitest';
import {
  PenLink, PROTO_VERSION, SCHEMA_HASH, decodeLine, encode, frame,
  type HostMessage, type Message, type PenLinkOptions, type PenReply,
} from '../../protocol/src/index.js';
import { infoFields } from './support/scripted-pen.js';

function setup(over: Partial<PenLinkOptions> = {}, answer?: (m: HostMessage, link: PenLink) => PenReply) {
  const sent: string[] = [];
  const handled: HostMessage[] = [];
  const renewed: string[] = [];
  const hellos: boolean[] = [];
  let clock = 1000;
  const link: PenLink = new PenLink({
    send: (l) => sent.push(l),
    handle: (m) => {
      handled.push(m);
      if (answer) return answer(m, link);
      return m.kind === 'HELLO' || m.kind === 'GET_INFO' ? { kind: 'INFO', fields: infoFields() } : { kind: 'ACK', fields: {} };
    },
    onHostCommand: (m) => renewed.push(m.kind),
    onHello: (matched) => hellos.push(matched),
    now: () => clock,
    ...over,
  });
  const rx = (m: Message | string) => link.receiveLine(typeof m === 'string' ? m : encode(m));
  const decoded = () => sent.map((l) => {
    const r = decodeLine(l);
    if (!r.ok) throw new Error(`sent line does not decode: ${l}`);
    return r.msg as unknown as { seq: number; kind: string; fields: Record<string, unknown> };
  });
  const hello = () => rx({ seq: 0, kind: 'HELLO', fields: { proto: PROTO_VERSION, schema: SCHEMA_HASH } });
  return { link, sent, handled, renewed, hellos, rx, decoded, hello, tick: (ms: number) => (clock += ms) };
}

describe('PenLink: STOP is outside the retransmission memory and the codec (SR-16)', () => {
  it('SR-16 a STOP repeating an earlier STOP\'s seq and body is executed again, never replayed', () => {
    const t = setup();
    t.hello();
    const stop = encode({ seq: 24, kind: 'STOP', fields: {} });
    t.rx(stop);
    t.rx({ seq: 22, kind: 'START', fields: {} });
    t.tick(5);
    t.rx(stop);
    expect(t.handled.map((m) => m.kind)).toEqual(['HELLO', 'STOP', 'START', 'STOP']);
    const acks = t.decoded().filter((f) => f.kind === 'ACK' && f.fields['re'] === 24);
    // Two distinct answers (new pen seq, new time), not one line sent twice.
    expect(acks).toHaveLength(2);
    expect(acks[0]!.seq).not.toBe(acks[1]!.seq);
    expect(acks.map((a) => a.fields['t'])).toEqual([1000, 1005]);
    expect(t.link.stats.rxDuplicates).toBe(0);
  });

  it('SR-16 a CRC-valid STOP with extra or unknown keys stops first and is answered ACK re= t=', () => {
    const t = setup();
    t.hello();
    t.rx(frame('50 STOP why=user'));
    t.rx(frame('51 STOP why=user now=1 x=%ZZ'));
    expect(t.handled.map((m) => [m.kind, m.seq, m.fields])).toEqual([['HELLO', 0, expect.anything()], ['STOP', 50, {}], ['STOP', 51, {}]]);
    const last = t.decoded().slice(-2);
    expect(last.map((f) => [f.kind, f.fields['re'], f.fields['t']])).toEqual([['ACK', 50, 1000], ['ACK', 51, 1000]]);
    expect(t.link.stats.rxBadField).toBe(2);
  });

  it('SR-16 a malformed STOP is honoured before any HELLO; a frame of another kind with bad fields is not', () => {
    const t = setup();
    t.rx(frame('7 STOP please=1'));
    t.rx(frame('8 START please=1'));
    expect(t.handled.map((m) => m.kind)).toEqual(['STOP']);
    expect(t.decoded().map((f) => [f.kind, f.fields['code'] ?? null])).toEqual([['ACK', null], ['NAK', 'BAD_ARGS']]);
  });

  it('SR-16 a STOP with a bad CRC or a broken frame is still dropped: its seq cannot be trusted', () => {
    const t = setup();
    t.hello();
    t.rx(encode({ seq: 9, kind: 'STOP', fields: {} }).replace(/\*..../, '*0000'));
    t.rx('$9 STOP\n');
    expect(t.handled.map((m) => m.kind)).toEqual(['HELLO']);
  });
});

describe('PenLink: only a well-formed host command renews the lease (SR-11)', () => {
  it('SR-11 bad CRC, broken frames, unknown kinds, bad fields and pen→host kinds renew nothing', () => {
    const t = setup();
    t.hello();
    t.renewed.length = 0;
    t.rx(encode({ seq: 4, kind: 'PING', fields: {} }).replace(/\*..../, '*0000'));
    t.rx('$5 PING\n');
    t.rx(frame('9 FROB'));
    t.rx(frame('10 SET_DEPTH um=fast'));
    t.rx(frame('11 SET_DEPTH'));
    t.rx(encode({ seq: 12, kind: 'TLM', fields: { t: 1, s: 'RUN', d: 500, m: 500, r: 120, n: 1, p: 0, c: 300, b: 90 } }));
    t.rx(encode({ seq: 13, kind: 'ACK', fields: { re: 3, t: 5 } }));
    expect(t.renewed).toEqual([]);
  });

  it('SR-11 a command refused VERSION renews nothing; PING, GET_INFO and STOP before HELLO do', () => {
    const t = setup();
    t.rx({ seq: 1, kind: 'GET_STATUS', fields: {} });
    t.rx({ seq: 2, kind: 'START', fields: {} });
    t.rx({ seq: 3, kind: 'HELLO', fields: { proto: PROTO_VERSION + 1, schema: SCHEMA_HASH } });
    expect(t.renewed).toEqual([]);
    t.rx({ seq: 4, kind: 'PING', fields: {} });
    t.rx({ seq: 5, kind: 'GET_INFO', fields: {} });
    t.rx({ seq: 6, kind: 'STOP', fields: {} });
    t.hello();
    expect(t.renewed).toEqual(['PING', 'GET_INFO', 'STOP', 'HELLO']);
  });

  it('SR-11 a well-formed command renews even when the firmware refuses it, and a retransmission renews too', () => {
    const t = setup({}, (m) => (m.kind === 'HELLO' ? { kind: 'INFO', fields: infoFields() } : { kind: 'NAK', fields: { code: 'BAD_STATE' } }));
    t.hello();
    const cmd = encode({ seq: 8, kind: 'START', fields: {} });
    t.rx(cmd);
    t.rx(cmd);
    expect(t.renewed).toEqual(['HELLO', 'START', 'START']);
    expect(t.handled.filter((m) => m.kind === 'START')).toHaveLength(1);
  });
});

describe('PenLink: order of checks (PROTOCOL.md §3)', () => {
  it('before HELLO a malformed command is BAD_ARGS and an unknown kind UNKNOWN_KIND, not VERSION', () => {
    const t = setup();
    t.rx(frame('1 SET_DEPTH um=fast'));
    t.rx(frame('2 FROB'));
    t.rx(encode({ seq: 3, kind: 'TLM', fields: { t: 1, s: 'RUN', d: 500, m: 500, r: 120, n: 1, p: 0, c: 300, b: 90 } }));
    t.rx({ seq: 4, kind: 'SET_DEPTH', fields: { um: 500 } });
    expect(t.decoded().map((f) => f.fields['code'])).toEqual(['BAD_ARGS', 'UNKNOWN_KIND', 'UNKNOWN_KIND', 'VERSION']);
  });

  it('the gate comes before the retransmission memory: a command refused VERSION is executed once the gate opens', () => {
    const t = setup();
    const cmd = encode({ seq: 5, kind: 'SET_DEPTH', fields: { um: 500 } });
    t.rx(cmd);
    expect(t.decoded().at(-1)?.fields['code']).toBe('VERSION');
    // A matching HELLO opens the gate; a (seq, body) refused before is a new command.
    t.hello();
    t.rx(cmd);
    t.rx(cmd);
    expect(t.handled.filter((m) => m.kind === 'SET_DEPTH')).toHaveLength(1);
    expect(t.link.stats.rxDuplicates).toBe(1);
  });
});

describe('PenLink: answers, events and time (PROTOCOL.md §6, §7)', () => {
  it('events emitted while a command is handled go out after its answer, numbered after it', () => {
    const t = setup({}, (m, link) => {
      if (m.kind === 'START') {
        link.emit('EVT', { ev: 'STATE', t: 5, st: 'RUN' });
        link.emit('EVT', { ev: 'SKIN', t: 5, on: 1 });
      }
      return m.kind === 'HELLO' ? { kind: 'INFO', fields: infoFields() } : { kind: 'ACK', fields: {} };
    });
    t.hello();
    t.rx({ seq: 22, kind: 'START', fields: {} });
    const out = t.decoded().slice(-3);
    expect(out.map((f) => [f.kind, f.fields['re'] ?? f.fields['ev']])).toEqual([['ACK', 22], ['EVT', 'STATE'], ['EVT', 'SKIN']]);
    expect(out.map((f) => f.seq)).toEqual([1, 2, 3]);
    // Outside a command, an emit goes out at once.
    t.link.emit('EVT', { ev: 'LEASE', t: 9 });
    expect(t.decoded().at(-1)).toMatchObject({ seq: 4, kind: 'EVT' });
  });

  it('every HELLO is reported, matching or not, and its events follow its answer', () => {
    const t = setup({ onHello: (matched) => link.emit('EVT', { ev: 'ENG', t: 1, msg: matched ? 'closed: HELLO' : 'closed: HELLO?' }) });
    const link = t.link;
    t.rx({ seq: 1, kind: 'HELLO', fields: { proto: PROTO_VERSION, schema: '00000000' } });
    t.hello();
    expect(t.decoded().map((f) => f.kind)).toEqual(['NAK', 'EVT', 'INFO', 'EVT']);
  });

  it('an ACK the firmware built without t= gets the device time; one with t= keeps it', () => {
    const t = setup({}, (m) => (m.kind === 'HELLO' ? { kind: 'INFO', fields: infoFields() } : { kind: 'ACK', fields: m.kind === 'PING' ? {} : { t: 7 } }));
    t.hello();
    t.tick(234);
    t.rx({ seq: 1, kind: 'PING', fields: {} });
    t.rx({ seq: 2, kind: 'START', fields: {} });
    expect(t.decoded().slice(-2).map((f) => f.fields['t'])).toEqual([1234, 7]);
  });
});

describe('PenLink: what the mutation run of pen-link.ts found untested', () => {
  it('SR-16 STOPs take no room in the retransmission memory: a command answered before more STOPs than it holds is still replayed, not run again', () => {
    const t = setup({ dedupeSize: 4 });
    t.hello();
    const depth = { seq: 1, kind: 'SET_DEPTH', fields: { um: 500 } } as Message;
    t.rx(depth);
    const answer = t.sent.at(-1);
    for (let seq = 2; seq <= 9; seq++) t.rx({ seq, kind: 'STOP', fields: {} });
    t.rx(depth);
    expect(t.handled.filter((m) => m.kind === 'SET_DEPTH')).toHaveLength(1);
    expect(t.sent.at(-1)).toBe(answer);
  });

  it('an event emitted while an answer is being built is taken (emit returns true) and sent right after the answer', () => {
    let taken: boolean | null = null;
    const t = setup({}, (m, link) => {
      if (m.kind === 'START') taken = link.emit('EVT', { ev: 'STATE', st: 'RUN', t: 5 });
      return m.kind === 'HELLO' ? { kind: 'INFO', fields: infoFields() } : { kind: 'ACK', fields: {} };
    });
    t.hello();
    t.rx({ seq: 1, kind: 'START', fields: {} });
    expect(taken).toBe(true);
    expect(t.decoded().slice(-2).map((f) => f.kind)).toEqual(['ACK', 'EVT']);
  });

  it.each([
    ['proto alone', 1, 'DEADBEEF', 'proto 1!=2'],
    ['schema alone', 2, SCHEMA_HASH, `schema ${SCHEMA_HASH}!=DEADBEEF`],
    ['both', 1, SCHEMA_HASH, `proto 1!=2 schema ${SCHEMA_HASH}!=DEADBEEF`],
  ] as const)('a HELLO of another protocol is refused VERSION naming what differs: %s', (_what, proto, schema, msg) => {
    const t = setup({ proto: 2, schema: 'DEADBEEF' });
    t.rx({ seq: 7, kind: 'HELLO', fields: { proto, schema } } as Message);
    expect(t.decoded().at(-1)).toMatchObject({ kind: 'NAK', fields: { re: 7, code: 'VERSION', msg } });
  });
});
