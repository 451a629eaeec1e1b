/**
 * Leaving a live pen (issue 14): the session sends STOP and waits for its ACK before it lets go of a live pen
 * for a replay or a Disconnect, and keeps a pen that does not confirm its Stop rather than replaying over it;
 * ENG_PROFILE through the session API answers with the new profile's rows already read. Scripted pen on an
 * in-process link, and the built-in simulator.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryPair, decodeLine, type LineTransport } from '../../protocol/src/index.js';
import { PenSession } from '../../console/session/index.js';
import { validateArgs, type PenPush } from '../../console/shared/index.js';
import { until } from '../support/until.js';
import { ScriptedPen } from './support/scripted-pen.js';

const kindOf = (line: string) => {
  const r = decodeLine(line);
  return r.ok ? r.msg.kind : null;
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A transport that swallows the host's STOP lines (a pen that never hears them). */
function deafToStop(t: LineTransport): LineTransport {
  return new Proxy(t, {
    get(target, key) {
      if (key === 'write') return (line: string) => (/ STOP\*/.test(line) ? Promise.resolve({ ok: true }) : target.write(line));
      const v = Reflect.get(target, key) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

async function rig(deaf = false) {
  const dir = mkdtempSync(join(tmpdir(), 'penbench-leave-'));
  const pair = new MemoryPair();
  const pen = new ScriptedPen(pair.b);
  await pen.start();
  const session = new PenSession({
    recordingsDir: dir, transportFactory: () => () => (deaf ? deafToStop(pair.a) : pair.a), telemetryHz: 50,
    client: { timeoutMs: 60, retries: 1, reconnect: false },
  });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }), () => pen.close(), () => session.close());
  expect(await session.connect({ kind: 'sim' })).toEqual({ ok: true });
  expect((await session.start()).ok).toBe(true);
  return { dir, pen, session, recording: readdirSync(dir).find((f) => f.endsWith('.jsonl'))! };
}

describe('leaving a live pen', () => {
  it('SR-16 a replay from a running pen: STOP goes out and is answered before the console lets go, then the replay plays', async () => {
    const { pen, session, recording } = await rig();
    const r = await session.replayRecording(recording, 'full');
    expect(r).toEqual({ ok: true });
    const kinds = pen.received.map(kindOf);
    const stop = kinds.lastIndexOf('STOP');
    expect(stop).toBeGreaterThan(kinds.indexOf('START'));
    // The pen answered it (the scripted pen's ACK of that STOP is in what it sent).
    const seq = /^\$(\d+) /.exec(pen.received[stop]!)![1];
    expect(pen.sent.some((l) => new RegExp(`^\\$\\d+ ACK re=${seq}\\b`).test(l))).toBe(true);
    expect((await session.getSnapshot()).state.target).toEqual({ kind: 'serial', path: `replay://${recording}?speed=full` });
  });

  it('SR-16 a pen that does not confirm its Stop is not left for a replay: refused with the reason, still connected', async () => {
    const { session, recording } = await rig(true);
    const r = await session.replayRecording(recording, 'full');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/^Not replaying: the pen did not confirm Stop\. .+ The console stays connected to it; stop it, then replay\.$/);
    const state = (await session.getSnapshot()).state;
    expect(state.link).toBe('ready');
    expect(state.target).toEqual({ kind: 'sim' });
  });

  it('SR-16 Disconnect stops a live pen first', async () => {
    const { pen, session } = await rig();
    expect(await session.disconnect()).toEqual({ ok: true });
    expect(pen.received.map(kindOf).slice(-1)).toEqual(['STOP']);
  });
});

describe('engProfile', () => {
  it('SR-17 ENG_PROFILE from the session API: refused without the engineering session; with it, answered with the new rows read', async () => {
    const session = new PenSession({ recordingsDir: null, telemetryHz: 20 });
    cleanups.push(() => session.close());
    let st = '';
    session.subscribe((p: PenPush) => {
      if (p.type === 'tlm') st = p.sample.s;
    });
    expect(await session.connect({ kind: 'sim' })).toEqual({ ok: true });
    await until(() => st === 'READY', 'the simulated pen to boot');
    const locked = await session.engProfile('TRAINING');
    expect(locked).toMatchObject({ ok: false, code: 'LOCKED' });
    expect((await session.engOpen()).ok).toBe(true);
    const before = (await session.getSnapshot()).state;
    expect(before.info?.profile).toBe('DEFAULT');
    expect(await session.engProfile('TRAINING')).toEqual({ ok: true });
    const after = (await session.getSnapshot()).state;
    expect(after.info?.profile).toBe('TRAINING');
    expect(after.info?.phash).not.toBe(before.info?.phash);
    // TRAINING caps each area at the top of its recommended range.
    expect(after.areas.find((a) => a.area === 'FOREHEAD')?.cap).toBe(500);
    expect(await session.engProfile('NOSUCH')).toMatchObject({ ok: false, code: 'PROFILE_UNKNOWN' });
  });

  it('the bridge and IPC refuse a profile name that is not a token of at most 8 characters', () => {
    expect(validateArgs('engProfile', ['TRAINING'])).toEqual({ ok: true, value: ['TRAINING'] });
    expect(validateArgs('engProfile', ['TOOLONGNAME']).ok).toBe(false);
    expect(validateArgs('engProfile', ['bad name']).ok).toBe(false);
    expect(validateArgs('engProfile', []).ok).toBe(false);
  });
});
