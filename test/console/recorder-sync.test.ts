/**
 * The session recorder's periodic fdatasync runs off the event loop (the loop that also sends the heartbeat
 * keeping the pen's 500 ms lease, SR-11), one at a time, and a close that comes during one waits for it
 * before the final sync and the close of the descriptor.
 */
import { fstatSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRecording, SessionRecorder } from '../../console/session/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isOpen = (fd: number) => {
  try {
    fstatSync(fd);
    return true;
  } catch {
    return false;
  }
};

describe('recording durability without blocking the heartbeat', () => {
  it('the periodic sync runs on the thread pool, one at a time; a close during one waits for it, then syncs and closes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'penbench-rec-'));
    dirs.push(dir);
    const syncs: { fd: number; done: () => void }[] = [];
    const rec = new SessionRecorder({ dir, target: 'sim', syncMs: 10, sync: (fd, done) => syncs.push({ fd, done: () => done(null) }) });
    rec.record('out', '$0 PING*0000');
    await pause(40);
    // Started and still running: the recorder went on (this test's timers fired) and more records are written.
    expect(syncs).toHaveLength(1);
    const fd = syncs[0]!.fd;
    rec.record('in', '$0 ACK re=0 t=1*0000');
    await pause(40);
    expect(syncs).toHaveLength(1);
    syncs[0]!.done();
    await pause(40);
    // The records written during the first sync get one of their own.
    expect(syncs).toHaveLength(2);
    rec.record('note', 'link closed');
    rec.close();
    expect(rec.isOpen).toBe(false);
    expect(isOpen(fd)).toBe(true);
    syncs[1]!.done();
    expect(syncs).toHaveLength(3);
    expect(syncs[2]!.fd).toBe(fd);
    expect(isOpen(fd)).toBe(true);
    syncs[2]!.done();
    await pause(20);
    expect(isOpen(fd)).toBe(false);
    const text = readFileSync(rec.path, 'utf8');
    expect(parseRecording(text).map((r) => r.l)).toEqual(['$0 PING*0000', '$0 ACK re=0 t=1*0000', 'link closed']);
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^\{"type":"end","wall":\d+,"lines":3\}$/);
  });

  it('a close with no sync running syncs and closes at once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'penbench-rec-'));
    dirs.push(dir);
    const rec = new SessionRecorder({ dir, target: 'sim', sync: () => { throw new Error('no periodic sync expected'); } });
    rec.record('out', '$0 PING*0000');
    rec.close();
    expect(rec.isOpen).toBe(false);
    expect(readFileSync(rec.path, 'utf8')).toMatch(/"type":"end"/);
  });
});
