/**
 * Recordings made with an older protocol schema (59ACB17C, before INFO was
 * split into INFO + STATUS): the fixture is a real recording of that console
 * with the simulated pen. Its INFO answers no longer decode; its TLM and EVT do.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_HASH } from '../../../protocol/src/index.js';
import { PenSession } from '../../../console/session/index.js';
import {
  RecordingsService, ReplayTransport, listRecordings, replaySourceFromFile, replayTarget, schemaOfText, schemaRefusal,
} from '../../../console/session/replay/index.js';
import { parseSessionJson, parseTelemetryCsv } from '../../../console/shared/charts/index.js';
import type { PenPush } from '../../../console/shared/index.js';
import { until } from '../../support/until.js';
import { simSessionRecording } from './support/sim-session.js';

const OLD = 'session-20261121T211425Z-sim.jsonl';
const FIXTURE = fileURLToPath(new URL(`./fixtures/${OLD}`, import.meta.url));
const OLD_SCHEMA = '59ACB17C';

describe('recordings of an older protocol schema', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'penbench-old-schema-'));
    copyFileSync(FIXTURE, join(dir, OLD));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the fixture really is of another schema than this console\'s, and a fresh recording is of this one', () => {
    expect(SCHEMA_HASH).not.toBe(OLD_SCHEMA);
    expect(schemaOfText(readFileSync(FIXTURE, 'utf8'))).toBe(OLD_SCHEMA);
    expect(schemaOfText(simSessionRecording({ durationMs: 1_000 }).text)).toBe(SCHEMA_HASH);
    expect(schemaOfText('{"type":"start","format":1,"wall":1,"target":"sim"}\n')).toBeNull();
  });

  it('is listed with its schema next to the console\'s (the marker), beside a current recording without one', async () => {
    const now = 'session-20261121T230000Z-sim.jsonl';
    writeFileSync(join(dir, now), simSessionRecording({ durationMs: 1_000, wall0: Date.UTC(2026, 10, 21, 23) }).text);
    expect(listRecordings(dir).map((r) => [r.name, r.schema])).toEqual([[now, SCHEMA_HASH], [OLD, OLD_SCHEMA]]);
    const list = await new RecordingsService(dir).list();
    expect(list.map((r) => r.schema !== r.consoleSchema)).toEqual([false, true]);
    expect(list[1]).toMatchObject({ name: OLD, schema: OLD_SCHEMA, consoleSchema: SCHEMA_HASH, target: 'sim' });
  });

  it('opens with the summary and overview from its telemetry, counts the undecodable answers, and exports CSV and JSON', async () => {
    const service = new RecordingsService(dir);
    const d = await service.load(OLD);
    expect(d).toMatchObject({ name: OLD, complete: true, schema: OLD_SCHEMA, consoleSchema: SCHEMA_HASH });
    // The two INFO answers (to HELLO and GET_INFO) are the only lines that no longer decode.
    expect(d.decodeErrors).toBe(2);
    expect(d.summary.tlmFrames).toBe(484);
    expect(d.summary.durationMs).toBeGreaterThan(20_000);
    expect(d.summary.cartridges.map((c) => c.id)).toEqual(['N16-OK-01']);
    expect(d.events.map((e) => e.ev)).toContain('BOOT');
    expect(d.overview.measured.x.length).toBeGreaterThan(0);
    expect(d.overview.x1 - d.overview.x0).toBe(d.summary.durationMs);
    const csv = parseTelemetryCsv((await service.export(OLD, 'csv')).text);
    expect(csv.ok && csv.value.length).toBe(484);
    const json = parseSessionJson((await service.export(OLD, 'json')).text);
    expect(json.ok && json.value.summary).toEqual(d.summary);
  });

  it('refuses the replay with one sentence naming both schema hashes, without disconnecting the pen in use', async () => {
    const sentence = schemaRefusal(OLD, OLD_SCHEMA, SCHEMA_HASH);
    expect(sentence).toBe(
      `Cannot replay ${OLD}: it was recorded with protocol schema ${OLD_SCHEMA} and this console speaks schema ${SCHEMA_HASH}, `
      + 'so the pen\'s recorded answers no longer decode (Open and the CSV/JSON exports still work).',
    );
    const session = new PenSession({ recordingsDir: dir });
    let state = '';
    session.subscribe((p: PenPush) => {
      if (p.type === 'tlm') state = p.sample.s;
    });
    expect(await session.connect({ kind: 'sim' })).toEqual({ ok: true });
    await until(() => state !== '', 'telemetry from the simulated pen');
    expect(await session.replayRecording(OLD, 'full')).toEqual({ ok: false, message: sentence });
    const snap = await session.getSnapshot();
    expect(snap.state.link).toBe('ready');
    expect(snap.state.targetLabel).not.toContain('replay');
    expect(snap.log[snap.log.length - 1]).toMatchObject({ kind: 'error', text: sentence });
    await session.close();
  });

  it('a replay:// target of it fails to open with the same sentence, classed as a schema problem, never a crash', async () => {
    const t = new ReplayTransport(await replaySourceFromFile(join(dir, OLD), OLD), { speed: 1 });
    const opened = await t.open();
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.error.message).toBe(schemaRefusal(OLD, OLD_SCHEMA));
    expect(t.isOpen).toBe(false);

    const session = new PenSession({ recordingsDir: dir });
    const r = await session.connect(replayTarget(OLD, 10));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(schemaRefusal(OLD, OLD_SCHEMA));
    const snap = await session.getSnapshot();
    expect(snap.state).toMatchObject({ link: 'closed', problem: { code: 'VERSION' } });
    await session.close();
  });
});
