/**
 * What the session shows when the pen's answers are lost, when a burst is
 * followed by STOP, when the pen has latched faults or declares limits beyond
 * the protocol, sends control characters, or ends its lines with CR only —
 * over an in-process link to a scripted pen.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryPair, decodeLine } from '../../protocol/src/index.js';
import { PenSession, parseRecording, type PenSessionOptions } from '../../console/session/index.js';
import { replayTarget } from '../../console/session/replay/index.js';
import { hasControl, type CommandResult, type SessionState } from '../../console/shared/index.js';
import { until } from '../support/until.js';
import { ScriptedPen, type ScriptedPenOverrides } from './support/scripted-pen.js';

const kindOf = (line: string) => {
  const r = decodeLine(line);
  return r.ok ? r.msg.kind : null;
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function rig(overrides: ScriptedPenOverrides = {}, opts: PenSessionOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'penbench-outcomes-'));
  const pair = new MemoryPair();
  const pen = new ScriptedPen(pair.b, 'PB-TEST-0001', {}, overrides);
  await pen.start();
  const session = new PenSession({
    recordingsDir: dir, transportFactory: () => () => pair.a, telemetryHz: 50,
    client: { timeoutMs: 60, retries: 1, reconnect: false }, ...opts,
  });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => pen.close(), () => session.close());
  const seen: { state: SessionState | null; log: string[] } = { state: null, log: [] };
  session.subscribe((p) => {
    if (p.type === 'state') seen.state = p.state;
    if (p.type === 'log') seen.log.push(p.entry.text);
  });
  return { dir, pair, pen, session, seen };
}

describe('PenSession: unknown outcomes are re-read, STOP jumps the burst (SR-16)', () => {
  it('a command whose answer is lost is reported with an unknown outcome, and the pen state is read again', async () => {
    const { pair, pen, session, seen } = await rig();
    expect(await session.connect({ kind: 'sim' })).toEqual({ ok: true });
    const statusReads = () => pen.received.filter((l) => kindOf(l) === 'GET_STATUS').length;
    const before = statusReads();
    // The pen executes SET_DEPTH, but its ACKs never arrive.
    pair.setFilter((l, dir) => (dir === 'bToA' && kindOf(l) === 'ACK' && pen.received.at(-1)?.includes('SET_DEPTH') ? null : l));
    const r = await session.setDepth(700);
    expect(r).toMatchObject({ ok: false, code: 'TIMEOUT', delivery: 'unknown' });
    if (!r.ok) expect(r.message).toMatch(/whether it executed the command is unknown/);
    pair.setFilter(undefined);
    await until(() => seen.state?.info?.um === 700, 'the depth read back from STATUS');
    expect(statusReads()).toBe(before + 1);
    const log = (await session.getSnapshot()).log.map((e) => e.text);
    expect(log.some((t) => /^SET_DEPTH outcome unknown: /.test(t))).toBe(true);
    expect(log.some((t) => /^Pen state read again: READY, area Cheeks and chin, 700 µm/.test(t))).toBe(true);
  });

  it('SR-16: 2,000 setDepth calls then stop(): STOP is next on the wire, the rest are refused unsent, and the console shows the pen as it is', async () => {
    const { pen, session } = await rig({}, { client: { reconnect: false } });
    expect(await session.connect({ kind: 'sim' })).toEqual({ ok: true });
    await session.start();
    const from = pen.received.length;
    const burst: Promise<CommandResult>[] = [];
    for (let i = 0; i < 2000; i++) burst.push(session.setDepth(i % 2 ? 400 : 700));
    const stop = await session.stop();
    expect(stop).toEqual({ ok: true });
    const results = await Promise.all(burst);
    const kinds = pen.received.slice(from).map(kindOf).filter((k) => k !== 'PING' && k !== 'TLM_RATE');
    // At most the one command already on the wire went ahead of the STOP; nothing issued before it came after.
    expect(kinds.indexOf('STOP')).toBeLessThanOrEqual(1);
    expect(kinds.slice(kinds.indexOf('STOP') + 1).filter((k) => k === 'SET_DEPTH')).toEqual([]);
    const sent = results.filter((r) => r.ok).length;
    expect(sent).toBe(kinds.filter((k) => k === 'SET_DEPTH').length);
    expect(results.filter((r) => !r.ok && r.delivery === 'not_sent').length).toBe(2000 - sent);
    expect(results.some((r) => !r.ok && r.code === 'HOST_BUSY' && /still waiting for the pen/.test(r.message))).toBe(true);
    expect(results.some((r) => !r.ok && r.code === 'CANCELLED')).toBe(true);
    // What the console believes is what the pen has.
    expect((await session.getSnapshot()).state.info?.um).toBe(pen.depthUm);
  });
});

describe('PenSession: latched faults (SR-14), conformance, and text from the wire', () => {
  it('SR-14: latched faults are read from STATUS on connect and named, unknown bits kept', async () => {
    const { session } = await rig({ status: { st: 'FAULT', faults: '8081', present: '0001' } });
    expect(await session.connect({ kind: 'sim' })).toEqual({ ok: true });
    const { state } = await session.getSnapshot();
    expect(state.faults).toMatchObject({ latched: ['DEPTH_TOLERANCE', 'LINK_LOST', 'BIT_15'], present: ['DEPTH_TOLERANCE'], selftest: 'PASS' });
    expect(state.fault?.code).toBe('DEPTH_TOLERANCE');
  });

  it('a pen declaring dmax=9999, rmax=999 and reporting 150.0 °C while running is marked non-conforming, each once', async () => {
    const { session, seen } = await rig({ info: { dmax: 9999, rmax: 999, dstep: 1 }, tlm: { c: 1500 } });
    expect(await session.connect({ kind: 'sim' })).toEqual({ ok: true });
    await session.start();
    await until(() => seen.state?.conformance?.some((i) => i.key === 'TLM c'), 'the temperature flagged');
    const { state, log } = await session.getSnapshot();
    expect(state.conformance!.map((i) => i.key)).toEqual(['INFO dmax', 'INFO dstep', 'INFO rmax', 'TLM c']);
    expect(state.conformance![0]!.text).toBe('declares depths to 10.00 mm, beyond the 2.50 mm hardware ceiling');
    expect(state.conformance![3]!.text).toBe('reports 150.0 °C while running; a conforming pen stops above 43 °C (SR-13)');
    expect(log.filter((e) => e.tag === 'NONCONFORMING')).toHaveLength(4);
  });

  it('a conforming pen gets no conformance issue', async () => {
    const { session } = await rig();
    expect(await session.connect({ kind: 'sim' })).toEqual({ ok: true });
    await session.start();
    await new Promise((r) => setTimeout(r, 100));
    expect((await session.getSnapshot()).state.conformance).toEqual([]);
  });

  it('control characters a pen puts in an event message are shown as escapes in the log, never raw', async () => {
    const { pen, session, seen } = await rig();
    expect(await session.connect({ kind: 'sim' })).toEqual({ ok: true });
    pen.link.emit('EVT', { ev: 'STATE', t: 1, st: 'READY', msg: '\u001b]0;pwned\u0007\u001b[2J\u001b[32mSTOP ACCEPTED\u009b' });
    await until(() => seen.log.some((t) => t.includes('pwned')), 'the event');
    const text = (await session.getSnapshot()).log.find((e) => e.text.includes('pwned'))!.text;
    expect(text).toBe('State READY — \\x1b]0;pwned\\x07\\x1b[2J\\x1b[32mSTOP ACCEPTED\\x9b');
    expect(hasControl(text)).toBe(false);
  });
});

describe('PenSession: connection problems explained by what arrived', () => {
  it('a pen ending lines with CR only: the problem says so (not "switched on?"), and the recording keeps what arrived', async () => {
    const { pair, session } = await rig();
    pair.setFilter((l, dir) => (dir === 'bToA' ? l.replace(/\n$/, '\r') : l));
    const r = await session.connect({ kind: 'sim' });
    expect(r.ok).toBe(false);
    const { state } = await session.getSnapshot();
    expect(state.problem?.code).toBe('NO_LF');
    expect(state.problem?.message).toMatch(/bytes arrived that were never terminated by LF: its lines end with CR only/);
    expect(state.problem?.advice).not.toMatch(/switched on/);
    const recs = parseRecording(readFileSync(state.recording!, 'utf8'));
    const note = recs.find((x) => x.d === 'note' && x.l.startsWith('dropped '));
    expect(note?.l).toMatch(/^dropped \d+ bytes from the pen \(not terminated by LF: lines end with CR only\), first \d+: \$\d+ INFO re=0 /);
  });

  it('a failed replay is explained as a recording problem, never "replug the pen"', async () => {
    const { session } = await rig({}, { transportFactory: undefined });
    const r = await session.connect(replayTarget('session-20260101T000000Z-missing.jsonl', 1));
    expect(r.ok).toBe(false);
    const { state } = await session.getSnapshot();
    expect(state.problem?.code).toBe('REPLAY');
    expect(state.problem?.advice).not.toMatch(/[Rr]eplug/);
  });
});
