import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryPair } from '../../protocol/src/index.js';
import { PenSession, parseRecording } from '../../console/session/index.js';
import type { PenPush, SessionState } from '../../console/shared/index.js';
import { ScriptedPen } from './support/scripted-pen.js';
import { until } from '../support/until.js';

describe('PenSession over an in-process link to a scripted pen', () => {
  let dir: string;
  let pair: MemoryPair;
  let pen: ScriptedPen;
  let session: PenSession;
  let last: SessionState | null;
  let tlmPushes: number;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'penbench-rec-'));
    pair = new MemoryPair();
    pen = new ScriptedPen(pair.b);
    await pen.start();
    session = new PenSession({ recordingsDir: dir, transportFactory: () => () => pair.a, telemetryHz: 50 });
    last = null;
    tlmPushes = 0;
    session.subscribe((p: PenPush) => {
      if (p.type === 'state') last = p.state;
      if (p.type === 'tlm') tlmPushes++;
    });
  });

  afterEach(async () => {
    await session.close();
    await pen.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('connects, reads INFO, STATUS, the profile areas and the cartridge, and streams telemetry', async () => {
    expect(await session.connect({ kind: 'sim' })).toEqual({ ok: true });
    const snap = await session.getSnapshot();
    expect(snap.state.link).toBe('ready');
    expect(snap.state.info?.serial).toBe('PB-TEST-0001');
    // Limits as the pen reported them in INFO; state and settings from its STATUS.
    expect(snap.state.info).toMatchObject({ dmin: 250, dmax: 2500, dstep: 50, rmin: 50, rmax: 150, tmax: 200 });
    expect(snap.state.info).toMatchObject({ st: 'READY', area: 'CHEEK', um: 500, hz: 120, eng: 0 });
    expect(pen.received.some((l) => / GET_STATUS\*/.test(l))).toBe(true);
    expect(snap.state.areas.map((a) => a.area)).toEqual(['FOREHEAD', 'CHEEK']);
    expect(snap.state.cart).toMatchObject({ status: 'OK', id: 'C16-TEST-01', max: 2500, exp: 20271231 });
    await until(() => tlmPushes >= 3, 'telemetry');
    await until(() => last?.tlm, 'state push with telemetry');
    expect((await session.getSnapshot()).telemetry.length).toBeGreaterThanOrEqual(3);
  });

  it('explains a refused depth in words with the area and its cap (SR-02 refusal shown, not enforced, by the console)', async () => {
    await session.connect({ kind: 'sim' });
    expect(await session.setArea('FOREHEAD')).toEqual({ ok: true });
    const r = await session.setDepth(1000);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('DEPTH_AREA_LIMIT');
    expect(r.message).toContain('1.00 mm');
    expect(r.message).toContain('Forehead');
    expect(r.message).toContain('0.75 mm');
    const log = (await session.getSnapshot()).log;
    expect(log.some((e) => e.kind === 'nak' && e.tag === 'DEPTH_AREA_LIMIT')).toBe(true);
  });

  it('refuses SIM_FAULT without the engineering session, opens it with the dev key MAC, then tracks and clears the fault (SR-17, SR-14)', async () => {
    await session.connect({ kind: 'sim' });
    const locked = await session.simFault('DEPTH_DRIFT');
    expect(locked).toMatchObject({ ok: false, code: 'LOCKED' });
    expect(await session.engOpen()).toEqual({ ok: true });
    expect((await session.getSnapshot()).state.eng).toBe(true);
    expect(await session.simFault('DEPTH_DRIFT')).toEqual({ ok: true });
    await until(() => last?.fault?.code === 'DEPTH_TOLERANCE', 'fault in state');
    expect(await session.start()).toMatchObject({ ok: false, code: 'FAULT_ACTIVE' });
    expect(await session.clearFault()).toEqual({ ok: true });
    await until(() => last && last.fault === null, 'fault cleared');
  });

  it('records every raw line in and out with host timestamps, and loses nothing on disconnect', async () => {
    await session.connect({ kind: 'sim' });
    const path = session.recordingPath;
    expect(path).toBeTruthy();
    await until(() => tlmPushes >= 5, 'telemetry');
    await session.setDepth(750);
    await session.disconnect();
    const text = readFileSync(path!, 'utf8');
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ type: 'start', format: 1 });
    expect(lines[lines.length - 1]).toMatchObject({ type: 'end' });
    const recs = parseRecording(text);
    const ins = recs.filter((r) => r.d === 'in').map((r) => r.l);
    const outs = recs.filter((r) => r.d === 'out').map((r) => r.l);
    // Everything the pen sent before the disconnect arrived and is recorded, in order; same for what it received.
    expect(ins).toEqual(pen.sent.slice(0, ins.length));
    expect(ins.length).toBeGreaterThanOrEqual(pen.sent.length - 1);
    expect(outs.slice(0, pen.received.length)).toEqual(pen.received);
    expect(outs.some((l) => / SET_DEPTH um=750\*/.test(l))).toBe(true);
    const walls = recs.map((r) => r.w);
    expect(walls.every((w, i) => typeof w === 'number' && (i === 0 || w >= walls[i - 1]!))).toBe(true);
    expect(recs.some((r) => r.d === 'note' && r.l.startsWith('link ready'))).toBe(true);
  });

  it('spells out a protocol mismatch in the handshake and what to do', async () => {
    const p2 = new MemoryPair();
    const oldPen = new ScriptedPen(p2.b, 'PB-OLD', { schema: 'DEADBEEF' });
    await oldPen.start();
    const other = new PenSession({ recordingsDir: null, transportFactory: () => () => p2.a });
    const r = await other.connect({ kind: 'serial', path: '/dev/ttyACM0' });
    expect(r.ok).toBe(false);
    const s = (await other.getSnapshot()).state;
    expect(s.link).toBe('closed');
    expect(s.problem?.code).toBe('VERSION');
    expect(s.problem?.message).toMatch(/schema hash differs \(pen DEADBEEF/);
    expect(s.problem?.advice).toMatch(/Update the console or the pen firmware/);
    await other.close();
    await oldPen.close();
  });

  it('reports a handshake failure with what to do, and closes', async () => {
    const other = new PenSession({ recordingsDir: null, transportFactory: () => () => new MemoryPair().a, client: { timeoutMs: 30, retries: 1 } });
    const r = await other.connect({ kind: 'serial', path: '/dev/null-pen' });
    expect(r.ok).toBe(false);
    const s = (await other.getSnapshot()).state;
    expect(s.link).toBe('closed');
    expect(s.problem?.code).toBe('TIMEOUT');
    expect(s.problem?.advice).toMatch(/switched on/);
    await other.close();
  });
});
