/**
 * Heavy recordings work runs off the thread that owns the link: a one-hour
 * 200 Hz export or load during a live 200 Hz session never starves the
 * heartbeat, and odd files (a FIFO, a symbolic link, a file without line
 * breaks) are refused quickly with a clear error while the session lives on.
 * The streamed detail and exports give what the whole-file loader gives.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { ExportedFile } from '../../console/shared/charts/index.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryPair } from '../../protocol/src/index.js';
import { PenSession } from '../../console/session/index.js';
import {
  exportLoaded, exportRecordingFile, loadRecording, overviewOf, recordingDetail,
} from '../../console/session/replay/index.js';
import { writeTelemetryRecording } from './support/hour-recording.js';
import { simSessionRecording } from './replay/support/sim-session.js';
import { ScriptedPen } from './support/scripted-pen.js';

const HOUR = 'session-20261121T090000Z-sim.jsonl';
let dir: string;
let pair: MemoryPair;
let pen: ScriptedPen;
let session: PenSession;
/** Longest time the pen went without a command from the host, since the last reset. */
let longestSilence = 0;
let lastCommand = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'penbench-offthread-'));
  writeTelemetryRecording(join(dir, HOUR));
  pair = new MemoryPair();
  pen = new ScriptedPen(pair.b);
  await pen.start();
  pair.b.on('line', () => {
    const now = performance.now();
    if (lastCommand) longestSilence = Math.max(longestSilence, now - lastCommand);
    lastCommand = now;
  });
  session = new PenSession({ recordingsDir: dir, transportFactory: () => () => pair.a, telemetryHz: 200 });
  expect(await session.connect({ kind: 'sim' })).toEqual({ ok: true });
  expect(await session.start()).toEqual({ ok: true });
}, 60_000);

afterAll(async () => {
  await session.close();
  await pen.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Replays `name` in a second session (the live one keeps its pen); the refusal's message. */
async function replayIn(name: string): Promise<string> {
  const other = new PenSession({ recordingsDir: dir });
  try {
    const r = await other.replayRecording(name, 'full');
    return r.ok ? 'replayed' : r.message;
  } finally {
    await other.close();
  }
}

/** Runs `f` and returns the longest silence the pen saw from its start until 400 ms after it ended. */
async function silenceDuring(f: () => Promise<unknown>): Promise<number> {
  await new Promise((r) => setTimeout(r, 300));
  longestSilence = 0;
  await f();
  // The tick that was overdue during a stall only runs after it: wait for it before reading.
  await new Promise((r) => setTimeout(r, 400));
  return longestSilence;
}

describe('recordings off the link thread (SR-11: the heartbeat never stalls)', () => {
  it('SR-11: exporting a one-hour 200 Hz recording as CSV during a live 200 Hz session keeps the pen hearing the host well within its 500 ms lease', async () => {
    let f: ExportedFile | null = null;
    const silence = await silenceDuring(async () => {
      f = await session.exportRecording(HOUR, 'csv');
    });
    // Written to the exports folder for the page to download: its size never crossed to the link's thread.
    expect(f!.download).toBe(`exports/${f!.filename}`);
    // Read and counted after the measured window: that is the test's work, not the console's.
    const text = readFileSync(join(session.exportsDir, f!.filename), 'utf8');
    expect(text.split('\n').length - 2).toBe(720_000);
    expect(silence, `longest silence ${Math.round(silence)} ms`).toBeLessThan(500);
    expect(session.clientStats?.hostStalls).toBe(0);
    expect((await session.getSnapshot()).state.link).toBe('ready');
  }, 60_000);

  it('SR-11: opening the one-hour recording (summary and overview) during the live session keeps the lease too', async () => {
    let frames = 0;
    const silence = await silenceDuring(async () => {
      frames = (await session.loadRecording(HOUR)).summary.tlmFrames;
    });
    expect(frames).toBe(720_000);
    expect(silence, `longest silence ${Math.round(silence)} ms`).toBeLessThan(500);
  }, 60_000);
});

describe('odd files are refused quickly, never hang the session', () => {
  it('a FIFO named like a recording is not listed, and opening, exporting or replaying it fails at once naming it', async () => {
    const fifo = 'session-20261121T100000Z-fifo.jsonl';
    execFileSync('mkfifo', [join(dir, fifo)]);
    expect((await session.listRecordings()).map((r) => r.name)).not.toContain(fifo);
    const t0 = performance.now();
    await expect(session.loadRecording(fifo)).rejects.toThrow(`${fifo} is a FIFO, not a regular file`);
    await expect(session.exportRecording(fifo, 'csv')).rejects.toThrow(/is a FIFO/);
    expect(await replayIn(fifo)).toMatch(/is a FIFO, not a regular file/);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect((await session.getSnapshot()).state.link).toBe('ready');
    rmSync(join(dir, fifo));
  });

  it('a symbolic link named like a recording is not followed', async () => {
    const link = 'session-20261121T110000Z-link.jsonl';
    symlinkSync(join(dir, HOUR), join(dir, link));
    expect((await session.listRecordings()).map((r) => r.name)).not.toContain(link);
    await expect(session.loadRecording(link)).rejects.toThrow(`${link} is a symbolic link; only regular files are read as recordings`);
    rmSync(join(dir, link));
  });

  it('a 20 MB file without line breaks fails after the first 64 KiB with a clear error, not after reading it all', async () => {
    const flat = 'session-20261121T120000Z-flat.jsonl';
    writeFileSync(join(dir, flat), Buffer.alloc(20 * 1024 * 1024, 0x7a));
    await expect(session.loadRecording(flat)).rejects.toThrow(/line 1 is longer than 65536 bytes \(\d+ read so far\); a recording's lines are far shorter, so this is not a penbench recording/);
    await expect(session.exportRecording(flat, 'json')).rejects.toThrow(/line 1 is longer than 65536 bytes/);
    expect(await replayIn(flat)).toMatch(/line 1 is longer than 65536 bytes/);
    expect((await session.getSnapshot()).state.link).toBe('ready');
    rmSync(join(dir, flat));
  });
});

describe('streamed detail and exports equal the whole-file loader', () => {
  it('a simulator session with events: same CSV and JSON; the overview keeps every extreme of the whole-file one', async () => {
    const name = 'session-20261121T130000Z-sim.jsonl';
    writeFileSync(join(dir, name), simSessionRecording({ durationMs: 60_000 }).text);
    const whole = await loadRecording(join(dir, name));
    expect((await exportRecordingFile(join(dir, name), 'csv')).text).toBe(exportLoaded(whole, 'csv').text);
    expect((await exportRecordingFile(join(dir, name), 'json')).text).toBe(exportLoaded(whole, 'json').text);
    const detail = await recordingDetail(join(dir, name));
    expect(detail.summary).toEqual(whole.summary);
    const ov = overviewOf(whole, 600);
    for (const k of ['measured', 'setpoint', 'rate'] as const) {
      const s = detail.overview[k];
      expect(s.x.length).toBeLessThanOrEqual(2 * 600 + 2);
      expect(Math.max(...s.y)).toBe(Math.max(...ov[k].y));
      expect(Math.min(...s.y)).toBe(Math.min(...ov[k].y));
      expect(s.x[0]).toBe(ov.x[0]);
      expect(s.x.at(-1)).toBe(ov.x[1]);
    }
    expect(await exportRecordingFile(join(dir, name), 'csv', 1000).catch((e: Error) => e.message)).toMatch(/would exceed 0 MiB; it is too large to export in one piece/);
  });
});
