import { mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SerialTransport } from '../../protocol/node/serial-transport.js';
import { openPtyPair } from '../../protocol/node/pty-pair.js';
import { PenSession, parseRecording } from '../../console/session/index.js';
import type { LinkState, SessionState } from '../../console/shared/index.js';
import { HAS_SOCAT, needs } from '../support/requirements.js';
import { ScriptedPen } from './support/scripted-pen.js';

async function until(f: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('PenSession on a pty', () => {
  it.skipIf(!HAS_SOCAT)('reconnects after the pty goes away and comes back, reads the fault that latched meanwhile (SR-14), and records both connections' + needs.socat, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'penbench-reconnect-'));
    // The console opens a stable path (like /dev/serial/by-id/…); the pty behind it is replaced.
    const stable = join(dir, 'pen');
    let pair = await openPtyPair();
    symlinkSync(pair.a, stable);
    const pen = new ScriptedPen(new SerialTransport({ path: pair.b }));
    await pen.start();
    const session = new PenSession({ recordingsDir: dir, client: { reconnect: { initialMs: 100, maxMs: 400 } } });
    const states: LinkState[] = [];
    let latest: SessionState | null = null;
    session.subscribe((p) => {
      if (p.type === 'state') latest = p.state;
      if (p.type === 'state' && states[states.length - 1] !== p.state.link) states.push(p.state.link);
    });
    try {
      expect(await session.connect({ kind: 'serial', path: stable })).toEqual({ ok: true });
      const path = session.recordingPath!;
      await session.setDepth(700);

      // Unplug: socat dies, both ptys vanish.
      await pen.close();
      await pair.close();
      await until(() => states.includes('reconnecting'), 'reconnecting');
      expect((await session.getSnapshot()).state.problem?.code).toBe('LOST');

      // Plug back in: a new pty pair behind the same path, the pen (re)booted on it.
      pair = await openPtyPair();
      unlinkSync(stable);
      symlinkSync(pair.a, stable);
      // While the console was away the pen stopped on its lease and latched LINK_LOST (SR-11, SR-14).
      pen.overrides.status = { st: 'FAULT', faults: '0080', present: '0000' };
      pen.overrides.tlm = { s: 'FAULT' }; // a consistent pen: its telemetry says FAULT too
      await pen.moveTo(new SerialTransport({ path: pair.b }));
      await until(() => states.lastIndexOf('ready') > states.indexOf('reconnecting'), 'ready again');
      await until(() => latest?.faults?.latched.includes('LINK_LOST') === true, 'the latched fault read from STATUS');
      const snap = await session.getSnapshot();
      expect(snap.state.link).toBe('ready');
      expect(snap.state.problem).toBeNull();
      expect(snap.state.faults?.latched).toEqual(['LINK_LOST']);
      expect(snap.state.fault?.code).toBe('LINK_LOST');
      expect(snap.state.stats.reconnects).toBeGreaterThanOrEqual(1);
      expect(snap.state.areas.length).toBe(2);
      expect(await session.setDepth(800)).toEqual({ ok: true });
      // Settings come from STATUS, read again after the reconnection (the pen may have rebooted).
      await until(() => pen.received.filter((l) => / GET_STATUS\*/.test(l)).length >= 2, 'GET_STATUS after the reconnection');

      await session.disconnect();
      const recs = parseRecording(readFileSync(path, 'utf8'));
      const notes = recs.filter((r) => r.d === 'note').map((r) => r.l);
      expect(notes.some((n) => n.startsWith('link lost'))).toBe(true);
      expect(notes.filter((n) => n.startsWith('link ready')).length).toBeGreaterThanOrEqual(2);
      const outs = recs.filter((r) => r.d === 'out').map((r) => r.l);
      expect(outs.some((l) => / SET_DEPTH um=700\*/.test(l))).toBe(true);
      expect(outs.some((l) => / SET_DEPTH um=800\*/.test(l))).toBe(true);
      expect(outs.filter((l) => / HELLO /.test(l)).length).toBeGreaterThanOrEqual(2);
    } finally {
      await session.close();
      await pen.close();
      await pair.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!HAS_SOCAT)('keeps what the transport threw away (a babbling over-long line) in the recording as a note, and carries on' + needs.socat, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'penbench-dropped-'));
    const pair = await openPtyPair();
    const penSide = new SerialTransport({ path: pair.b });
    const pen = new ScriptedPen(penSide);
    await pen.start();
    const session = new PenSession({ recordingsDir: dir });
    try {
      expect(await session.connect({ kind: 'serial', path: pair.a })).toEqual({ ok: true });
      const path = session.recordingPath!;
      await penSide.write(`garbage-start ${'z'.repeat(20_000)}`);
      await until(() => (session.clientStats?.droppedLines ?? 0) >= 1, 'the over-long line to be dropped');
      expect(await session.setDepth(700)).toEqual({ ok: true });
      await session.disconnect();
      const notes = parseRecording(readFileSync(path, 'utf8')).filter((r) => r.d === 'note').map((r) => r.l);
      const dropped = notes.filter((n) => n.startsWith('dropped '));
      expect(dropped.length).toBeGreaterThanOrEqual(1);
      // How many bytes, why, and the first 200 of them exactly as received.
      expect(dropped[0]).toMatch(/^dropped \d+ bytes from the pen \(line too long\), first 200: garbage-start z{186}$/);
      const total = dropped.reduce((a, n) => a + Number(/^dropped (\d+)/.exec(n)![1]), 0);
      expect(total).toBeGreaterThan(10_000);
    } finally {
      await session.close();
      await pen.close();
      await pair.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
