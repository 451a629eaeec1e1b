/**
 * Every export a user starts streams to a file with no size limit: the
 * Recordings tab's (browser and Electron, through RecordingsService.exportToFile
 * in the recordings worker) and `penbench export`. The events JSON is written
 * event by event and is the same text as the in-one-piece export; only text
 * returned in one piece keeps a cap, and its error names the streamed export.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCliMain } from '../../../console/cli/export.js';
import { exportLoaded, exportRecordingFile, loadRecording, RecordingsService, streamEventsJson } from '../../../console/session/replay/index.js';
import { parseSessionJson } from '../../../console/shared/charts/index.js';
import { simSessionRecording } from '../replay/support/sim-session.js';

const NAME = 'session-20261121T090000Z-sim.jsonl';

describe('streamed exports', () => {
  let dir = '';
  let rec = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'penbench-streamed-export-'));
    rec = join(dir, NAME);
    // Quiet spans fault the running pen (LINK_LOST): events of several kinds, faults among them.
    writeFileSync(rec, simSessionRecording({ durationMs: 60_000, tlmHz: 50, quiet: [{ from: 12_000, to: 13_500 }, { from: 40_000, to: 41_000 }] }).text);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the events JSON streamed event by event is the same text as the whole-file export, also with no events', async () => {
    const whole = exportLoaded(await loadRecording(rec), 'json').text;
    let streamed = '';
    const n = await streamEventsJson(rec, (t) => (streamed += t));
    expect(streamed).toBe(whole);
    const parsed = parseSessionJson(streamed);
    expect(parsed.ok && parsed.value.events.length).toBe(n);
    expect(parsed.ok && parsed.value.events.some((e) => e.ev === 'FAULT')).toBe(true);
    const empty = join(dir, 'session-20261121T100000Z-sim.jsonl');
    writeFileSync(empty, '{"type":"start","format":1,"wall":1,"target":"sim","console":"penbench"}\n');
    let none = '';
    expect(await streamEventsJson(empty, (t) => (none += t))).toBe(0);
    expect(none).toBe(exportLoaded(await loadRecording(empty), 'json').text);
  });

  it('past the in-one-piece cap, the text export names the streamed one; the Recordings tab\'s export and the CLI write the whole file', async () => {
    // A cap of 1 000 bytes holds 10 events: this recording has more.
    const events = (parseSessionJson(exportLoaded(await loadRecording(rec), 'json').text) as { ok: true; value: { events: unknown[] } }).value.events.length;
    expect(events).toBeGreaterThan(10);
    const refused = await exportRecordingFile(rec, 'json', 1000).catch((e: Error) => e.message);
    expect(refused).toMatch(/too large to export in one piece: export it to a file instead .*penbench export <recording> --csv OUT \/ --events OUT.*no size limit/);
    expect(await exportRecordingFile(rec, 'csv', 1000).catch((e: Error) => e.message)).toMatch(/too large to export in one piece: export it to a file instead/);

    const service = new RecordingsService(dir);
    for (const format of ['json', 'csv'] as const) {
      const f = await service.exportToFile(NAME, format);
      const text = readFileSync(join(service.exportsDir, f.filename), 'utf8');
      expect(f.bytes).toBe(Buffer.byteLength(text));
      expect(text).toBe((await exportRecordingFile(rec, format)).text);
    }

    const out = join(dir, 'events.json');
    const stdout = new PassThrough();
    let said = '';
    stdout.on('data', (b: Buffer) => (said += b.toString()));
    expect(await exportCliMain([rec, '--events', out, '--json'], { stdout, stderr: new PassThrough() })).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe((await exportRecordingFile(rec, 'json')).text);
    expect(JSON.parse(said)).toMatchObject({ written: [{ format: 'events', file: out, events }] });
  });
});
