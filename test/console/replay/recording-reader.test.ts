import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseRecording, SessionRecorder, type RecordLine } from '../../../console/session/index.js';
import { isRecordingName, listRecordings, readRecordingFile, readRecordingText, recordingPath } from '../../../console/session/replay/index.js';
import { simSessionRecording } from './support/sim-session.js';

function collect(text: string): RecordLine[] {
  const out: RecordLine[] = [];
  readRecordingText(text, (d, l, w, t) => out.push(Number.isNaN(t) ? { w, d, l } : { w, t, d, l }));
  return out;
}

describe('recording reader', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'penbench-replay-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads exactly what parseRecording reads: escaped lines, notes, garbage and a torn last line', () => {
    const rec = new SessionRecorder({ dir, target: 'sim' });
    rec.record('out', '$0 HELLO proto=1 schema=1A2B3C4D*5E6F', 1000, 1.5);
    rec.record('in', 'garbage "quoted" \\ back$1 INFO re=0*ABCD', 1001, 2.25);
    rec.record('note', 'link lost: no frame from the pen for 1000 ms …', 1002);
    rec.record('in', '$2 TLM t=5 s=RUN d=500 m=498 r=120 n=1 p=0 c=300 b=90*0000', 1003, 4);
    rec.close();
    const text = readFileSync(rec.path, 'utf8') + '{"w":1004,"t":5,"d":"in","l":"$3 TL';
    expect(collect(text)).toEqual(parseRecording(text));
    expect(collect(text)).toHaveLength(4);
  });

  it('streams a file with the same records as parseRecording, and reports header, completeness and bad lines', async () => {
    const { text, records } = simSessionRecording({ durationMs: 5_000 });
    const path = join(dir, 'session-x.jsonl');
    writeFileSync(path, text);
    const got: RecordLine[] = [];
    const stats = await readRecordingFile(path, (d, l, w, t) => got.push({ w, t, d, l }));
    expect(got).toEqual(parseRecording(text));
    expect(stats.records).toBe(records);
    expect(stats.complete).toBe(true);
    expect(stats.header).toMatchObject({ format: 1, target: 'sim' });
    writeFileSync(path, text.slice(0, text.length - 80));
    const cut = await readRecordingFile(path, () => undefined);
    expect(cut.complete).toBe(false);
    expect(cut.badLines).toBe(1);
  });

  it('lists the recorder\'s files newest first and refuses names outside the directory', () => {
    const a = new SessionRecorder({ dir, target: 'sim', now: () => Date.UTC(2026, 0, 1) });
    a.close();
    const b = new SessionRecorder({ dir, target: '/dev/ttyACM0', now: () => Date.UTC(2026, 0, 2) });
    b.close();
    writeFileSync(join(dir, 'notes.txt'), 'not a recording');
    const list = listRecordings(dir);
    expect(list.map((e) => e.target)).toEqual(['/dev/ttyACM0', 'sim']);
    expect(list[0]!.startedAt).toBe(Date.UTC(2026, 0, 2));
    expect(listRecordings(join(dir, 'missing'))).toEqual([]);
    expect(isRecordingName('../session-x.jsonl')).toBe(false);
    expect(isRecordingName('session-../../etc.jsonl')).toBe(false);
    expect(recordingPath(dir, '/etc/passwd')).toBeNull();
    expect(recordingPath(dir, list[0]!.name)).toBe(join(dir, list[0]!.name));
  });
});
