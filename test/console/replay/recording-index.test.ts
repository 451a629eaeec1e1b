/**
 * Recordings management on disk: the index written when the recorder closes
 * equals a fresh scan of the file and makes the next open read only it; a
 * recording being written is listed in progress (its delete refused), one
 * whose writer died is cut short; a changed recording is scanned again;
 * names are kept beside the file; delete removes everything beside it.
 */
import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PenSession } from '../../../console/session/index.js';
import {
  RecordingsService, indexPathOf, labelPathOf, lockPathOf, readIndex, recordingDetail,
} from '../../../console/session/replay/index.js';
import type { PenPush } from '../../../console/shared/index.js';
import { validateArgs } from '../../../console/shared/index.js';
import { until } from '../../support/until.js';
import { simSessionRecording } from './support/sim-session.js';

describe('recording index, status, names and delete', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'penbench-index-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a live recording is in progress (its delete refused); at close the index equals a fresh scan and the next open reads only it', async () => {
    const session = new PenSession({ recordingsDir: dir, telemetryHz: 50 });
    let st = '';
    session.subscribe((p: PenPush) => {
      if (p.type === 'tlm') st = p.sample.s;
    });
    try {
      expect((await session.connect({ kind: 'sim' })).ok).toBe(true);
      const path = session.recordingPath!;
      const name = basename(path);
      await until(() => st === 'READY', 'boot');
      await session.setArea('CHEEK');
      await session.setDepth(1000);
      await session.start();
      await new Promise((r) => setTimeout(r, 600));
      expect(existsSync(lockPathOf(path))).toBe(true);
      const live = (await session.listRecordings()).find((r) => r.name === name)!;
      expect(live.status).toBe('in-progress');
      expect(live.serial).toBe('PB-SIM-0001');
      expect(live.wallMs).toBeGreaterThan(0);
      expect(await session.deleteRecording(name)).toEqual({ ok: false, message: `Cannot delete ${name}: it is still being written (a session is recording it); disconnect first.` });
      await session.stop();
      await session.disconnect();
      expect(existsSync(lockPathOf(path))).toBe(false);
      const index = readIndex(path)!;
      expect(index).not.toBeNull();
      const listed = (await session.listRecordings()).find((r) => r.name === name)!;
      expect(listed).toMatchObject({ status: 'complete', serial: index.facts.serial, fw: index.facts.fw, faults: 0 });
      expect(listed.durationMs).toBeGreaterThan(500);
      // The index the recorder built as it wrote equals a scan of the file.
      rmSync(indexPathOf(path));
      const { loadMs: _a, ...scanned } = await recordingDetail(path, name, false);
      expect(index.detail).toEqual(scanned);
      const first = await session.loadRecording(name);
      expect(first.fromIndex).toBeUndefined();
      const second = await session.loadRecording(name);
      expect(second.fromIndex).toBe(true);
      const { loadMs: _b, fromIndex: _c, ...fromIndex } = second;
      expect(fromIndex).toEqual(scanned);
    } finally {
      await session.close();
    }
  }, 30_000);

  it('a recording whose writer died is cut short; a changed one is scanned again; names and delete', async () => {
    const name = 'session-20261121T090000Z-sim.jsonl';
    const path = join(dir, name);
    const { text } = simSessionRecording({ durationMs: 20_000 });
    // No end record and a lock of a process that is gone: a crash.
    writeFileSync(path, text.split('\n').filter((l) => !l.startsWith('{"type":"end"')).join('\n'));
    writeFileSync(lockPathOf(path), JSON.stringify({ pid: 2 ** 22 + 12345 }));
    const service = new RecordingsService(dir);
    const [r] = await service.list();
    expect(r).toMatchObject({ name, status: 'cut-short', durationMs: null, faults: null });
    expect(r!.wallMs).toBeGreaterThan(15_000);
    const d = await service.load(name);
    expect(d.complete).toBe(false);
    expect((await service.load(name)).fromIndex).toBe(true);
    expect((await service.list())[0]).toMatchObject({ status: 'cut-short', faults: 0 });
    // Appended to: the index no longer matches, the next open scans again.
    appendFileSync(path, `${JSON.stringify({ type: 'end', wall: 1, lines: 1 })}\n`);
    const again = await service.load(name);
    expect(again.fromIndex).toBeUndefined();
    expect(again.complete).toBe(true);
    // Names.
    expect(service.rename(name, 'Pen 12 bring-up, servo retune')).toEqual({ ok: true });
    expect((await service.list())[0]!.label).toBe('Pen 12 bring-up, servo retune');
    expect(validateArgs('renameRecording', [name, 'bad\u001b[2J']).ok).toBe(false);
    expect(service.rename(name, '')).toEqual({ ok: true });
    expect((await service.list())[0]!.label).toBeNull();
    service.rename(name, 'to delete');
    // Delete: the recording and everything beside it.
    expect(service.delete(name)).toEqual({ ok: true });
    for (const p of [path, indexPathOf(path), labelPathOf(path), lockPathOf(path)]) expect(existsSync(p)).toBe(false);
    expect(await service.list()).toEqual([]);
    expect(service.delete(name)).toEqual({ ok: false, message: `Cannot delete ${name}: it does not exist.` });
  });
});
