/**
 * The MCAP export read back with @mcap/core (the library Foxglove's own
 * readers use): an indexed reader finds every channel with its JSON schema,
 * and every TLM frame of the recording is present on /pen/telemetry, in
 * order, with its raw values and engineering units; a streaming reader
 * validates every record's CRC end to end. The export CLI writes the same
 * files without the GUI, and names a bad argument (exit 2).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { McapIndexedReader, McapStreamReader, type McapTypes } from '@mcap/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCliMain } from '../../../console/cli/export.js';
import { loadRecording, MCAP_TOPICS, writeMcapFile } from '../../../console/session/replay/index.js';
import { parseTelemetryCsv, parseSessionJson } from '../../../console/shared/charts/index.js';
import { simSessionRecording } from '../replay/support/sim-session.js';

function readable(bytes: Uint8Array): McapTypes.IReadable {
  return {
    size: async () => BigInt(bytes.length),
    read: async (offset, size) => bytes.subarray(Number(offset), Number(offset + size)),
  };
}

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (b: Buffer) => (out += b.toString()));
  stderr.on('data', (b: Buffer) => (err += b.toString()));
  const code = await exportCliMain(argv, { stdout, stderr });
  return { code, out, err };
}

describe('MCAP export', () => {
  let dir = '';
  let rec = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'penbench-mcap-'));
    rec = join(dir, 'session-20261121T090000Z-sim.jsonl');
    writeFileSync(rec, simSessionRecording({ durationMs: 60_000, tlmHz: 200 }).text);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back with @mcap/core: every TLM frame on /pen/telemetry in order, JSON-schema\'d channels, events and the wire log', async () => {
    const out = join(dir, 'a.mcap');
    const counts = await writeMcapFile(rec, out);
    const loaded = await loadRecording(rec);
    const frames = [...loaded.tlm.rows()];
    expect(frames.length).toBeGreaterThan(11_000);
    expect(counts.telemetry).toBe(frames.length);
    const bytes = new Uint8Array(readFileSync(out));
    const reader = await McapIndexedReader.Initialize({ readable: readable(bytes) });
    const channels = [...reader.channelsById.values()];
    expect(channels.map((c) => c.topic).sort()).toEqual([MCAP_TOPICS.events, MCAP_TOPICS.telemetry, MCAP_TOPICS.wire].sort());
    for (const c of channels) {
      expect(c.messageEncoding).toBe('json');
      const schema = reader.schemasById.get(c.schemaId)!;
      expect(schema.encoding).toBe('jsonschema');
      expect(JSON.parse(new TextDecoder().decode(schema.data))).toHaveProperty('properties');
    }
    expect(reader.schemasById.get(channels.find((c) => c.topic === MCAP_TOPICS.wire)!.schemaId)!.name).toBe('foxglove.Log');
    const tlmCh = channels.find((c) => c.topic === MCAP_TOPICS.telemetry)!.id;
    const got: Record<string, unknown>[] = [];
    let events = 0;
    for await (const m of reader.readMessages({ validateCrcs: true })) {
      if (m.channelId === tlmCh) got.push(JSON.parse(new TextDecoder().decode(m.data)) as Record<string, unknown>);
      else if (reader.channelsById.get(m.channelId)!.topic === MCAP_TOPICS.events) events++;
    }
    expect(got.length).toBe(frames.length);
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i]!;
      const g = got[i]!;
      expect(g.raw).toEqual(f);
      expect(g.depth_measured_mm).toBeCloseTo(f.m / 1000, 9);
      expect(g.temperature_c).toBeCloseTo(f.c / 10, 9);
    }
    expect(events).toBe(loaded.events.length);
    // Context columns: the areas of the plan by their display names.
    expect(new Set(got.map((g) => g.area_name))).toEqual(new Set(['', 'Forehead', 'Cheeks and chin', 'Facial acne scars']));
    expect(reader.statistics!.messageCount).toBe(BigInt(counts.telemetry + counts.events + counts.wire));
    // The whole file, record by record, with CRCs checked.
    const stream = new McapStreamReader({ validateCrcs: true });
    stream.append(bytes);
    let records = 0;
    while (stream.nextRecord()) records++;
    expect(stream.done()).toBe(true);
    expect(records).toBeGreaterThan(counts.telemetry);
  });

  it('the export CLI writes CSV, MCAP and JSON from a recording, and names a bad argument with the allowed values (exit 2)', async () => {
    const csv = join(dir, 'b.csv');
    const mcap = join(dir, 'b.mcap');
    const json = join(dir, 'b.json');
    const r = await cli([rec, '--csv', csv, '--mcap', mcap, '--events', json]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const loaded = await loadRecording(rec);
    const parsed = parseTelemetryCsv(readFileSync(csv, 'utf8'));
    expect(parsed.ok && parsed.value.map((x) => x.tlm)).toEqual([...loaded.tlm.rows()]);
    expect(parseSessionJson(readFileSync(json, 'utf8')).ok).toBe(true);
    expect(r.out).toMatch(new RegExp(`b\\.mcap: MCAP, ${loaded.tlm.length} telemetry`));
    expect(await cli([rec, '--pdf', 'x'])).toMatchObject({ code: 2, err: expect.stringContaining('unknown option "--pdf"; allowed: --csv OUT, --mcap OUT, --events OUT, --json') });
    expect(await cli([rec])).toMatchObject({ code: 2, err: expect.stringContaining('no output: give at least one of --csv OUT, --mcap OUT, --events OUT') });
    expect(await cli([rec, '--csv'])).toMatchObject({ code: 2, err: expect.stringContaining('--csv') });
    expect(await cli(['--csv', csv])).toMatchObject({ code: 2, err: expect.stringContaining('<recording.jsonl>') });
    const j = await cli([rec, '--csv', csv, '--json']);
    expect(j.code).toBe(0);
    expect(JSON.parse(j.out)).toMatchObject({ recording: rec, written: [{ format: 'csv', file: csv, rows: loaded.tlm.length }] });
    expect(await cli([join(dir, 'nope.jsonl'), '--csv', csv])).toMatchObject({ code: 1, err: expect.stringContaining('does not exist') });
  });
});
