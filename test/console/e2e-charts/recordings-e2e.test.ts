/**
 * End to end in headless Debian Chromium: the Recordings view of the console
 * app over the browser-mode bridge. A session on the simulated pen is
 * recorded; the view lists it, opens its summary, exports CSV and JSON that
 * parse back to what was recorded, and replays it into the live charts with
 * its progress in the status bar (seen from the Charts tab) until "Replay
 * finished". A recording of an older protocol schema is listed with a marker,
 * opens, and its replay is refused with the reason.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { McapIndexedReader } from '@mcap/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { viteBuildProduction } from '../../../console/server/build-renderer.js';
import { startWebServer, type WebServer } from '../../../console/server/web-server.js';
import { PenSession } from '../../../console/session/index.js';
import { loadRecording, schemaRefusal } from '../../../console/session/replay/index.js';
import { SCHEMA_HASH } from '../../../protocol/src/index.js';
import { parseSessionJson, parseTelemetryCsv } from '../../../console/shared/charts/index.js';
import type { PenPush } from '../../../console/shared/index.js';
import { HAS_CHROMIUM, needs } from '../../support/requirements.js';
import { launchChromium, watchedPage } from '../../support/browser.js';
import { until } from '../../support/until.js';
import { simSessionRecording } from '../replay/support/sim-session.js';

const OLD = 'session-20261121T211425Z-sim.jsonl';
const OLD_FIXTURE_DIR = '../replay/fixtures/';
/** Screenshots for a look by eye (not compared): .build/test-results. */
const SHOTS = fileURLToPath(new URL('../../../.build/test-results/', import.meta.url));
const OLD_FIXTURE = fileURLToPath(new URL(`${OLD_FIXTURE_DIR}${OLD}`, import.meta.url));

/**
 * A production build of the console app (console/renderer/vite.config.ts) into
 * its own directory, so it never races the other e2e files that (re)build the
 * shared .build/renderer* folders.
 */
async function buildConsoleInto(outDir: string): Promise<string> {
  await viteBuildProduction(fileURLToPath(new URL('../../../console/renderer/vite.config.ts', import.meta.url)), outDir);
  return outDir;
}

/** The row of one recording in the list. */
function rowOf(page: Page, name: string) {
  return page.getByTestId('recordings').locator('tbody tr', { has: page.locator(`td[title="${name}"]`) });
}

describe('recordings view in the browser (Playwright, headless Chromium)', () => {
  let browser: Browser | null = null;
  let server: WebServer | null = null;
  let session: PenSession | null = null;
  let dir = '';
  let buildDir = '';
  let recording = '';

  beforeAll(async () => {
    if (!HAS_CHROMIUM) return;
    dir = mkdtempSync(join(tmpdir(), 'penbench-e2e-rec-'));
    buildDir = mkdtempSync(join(tmpdir(), 'penbench-e2e-rec-ui-'));
    const rendererDir = await buildConsoleInto(buildDir);
    session = new PenSession({ recordingsDir: dir, telemetryHz: 50 });
    let state = '';
    session.subscribe((p: PenPush) => {
      if (p.type === 'tlm') state = p.sample.s;
    });
    // Record a short treatment: CHEEK at 1.00 mm.
    expect(await session.connect({ kind: 'sim' })).toEqual({ ok: true });
    recording = session.recordingPath!;
    await until(() => state === 'READY', 'the simulated pen to finish booting');
    expect((await session.setArea('CHEEK')).ok).toBe(true);
    expect((await session.setDepth(1000)).ok).toBe(true);
    expect((await session.start()).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    await session.stop();
    await session.disconnect();
    copyFileSync(OLD_FIXTURE, join(dir, OLD));
    mkdirSync(SHOTS, { recursive: true });
    server = await startWebServer({ session, rendererDir, port: 0 });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await session?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (buildDir) rmSync(buildDir, { recursive: true, force: true });
  });

  it.skipIf(!HAS_CHROMIUM)('lists the recording, shows its summary, exports CSV and JSON that parse back, and replays it into the charts with its progress until "Replay finished"' + needs.chromium, async () => {
    const { page, problems } = await watchedPage(browser!, { acceptDownloads: true });
    try {
      await page.goto(`${server!.url}&view=recordings`);
      const row = rowOf(page, basename(recording));
      await expect.poll(() => row.textContent()).toContain('sim');
      await row.getByRole('button', { name: 'Open' }).click();
      // Area names, not ids (issue 16).
      await expect.poll(() => page.getByTestId('summary-areas').textContent()).toContain('Cheeks and chin');
      const loaded = await loadRecording(recording);
      // CSV: the download parses back to exactly the recorded telemetry.
      const [csvDl] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'CSV' }).click()]);
      const csv = parseTelemetryCsv(readFileSync((await csvDl.path())!, 'utf8'));
      expect(csv.ok).toBe(true);
      if (csv.ok) expect(csv.value.map((r) => r.tlm)).toEqual([...loaded.tlm.rows()]);
      const [jsonDl] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'JSON' }).click()]);
      const json = parseSessionJson(readFileSync((await jsonDl.path())!, 'utf8'));
      expect(json.ok).toBe(true);
      if (json.ok) {
        expect(json.value.events).toEqual(loaded.events);
        expect(json.value.summary).toEqual(loaded.summary);
      }
      // MCAP: every telemetry frame is in the download, as @mcap/core reads it.
      const [mcapDl] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'MCAP' }).click()]);
      expect(mcapDl.suggestedFilename()).toBe(basename(recording).replace(/\.jsonl$/, '.mcap'));
      const bytes = new Uint8Array(readFileSync((await mcapDl.path())!));
      const mcap = await McapIndexedReader.Initialize({ readable: { size: async () => BigInt(bytes.length), read: async (o, n) => bytes.subarray(Number(o), Number(o + n)) } });
      const tlmChannel = [...mcap.channelsById.values()].find((c) => c.topic === '/pen/telemetry')!.id;
      let frames = 0;
      for await (const m of mcap.readMessages()) if (m.channelId === tlmChannel) frames++;
      expect(frames).toBe(loaded.tlm.length);
      // Replay at 1×: the shell switches to the charts; the status bar above them follows the replay.
      await row.getByRole('button', { name: 'Replay 1×' }).click();
      await expect.poll(() => page.getByRole('tab', { name: 'Charts' }).getAttribute('aria-selected')).toBe('true');
      const status = page.getByTestId('status-replay');
      const during = new RegExp(`^replay of ${basename(recording).replace(/\./g, '\\.')} at 1×: \\d:\\d\\d / \\d:\\d\\d, \\d+ %$`);
      await expect.poll(() => status.textContent(), { timeout: 5_000 }).toMatch(during);
      await page.screenshot({ path: join(SHOTS, 'replay-progress.png') });
      await expect.poll(() => page.getByTestId('link-state').textContent()).toMatch(/^Replaying/);
      // The end: said plainly, once every line has played (the recording is a few seconds long).
      await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/^Replay finished: \d+ lines, device time 0:0\d$/);
      await expect.poll(() => page.getByTestId('link-state').textContent()).toMatch(/^Replay finished/);
      await expect.poll(() => page.getByTestId('chart-readout').textContent()).toMatch(/set 1\.00 mm/);
      // The Recordings view says the same; the charts kept the replayed run.
      await page.getByRole('tab', { name: 'Recordings' }).click();
      await expect.poll(() => page.getByTestId('replay-progress').textContent()).toMatch(/^Replay finished: \d+ lines/);
      await page.screenshot({ path: join(SHOTS, 'replay-finished.png') });
      await page.waitForTimeout(1200);
      expect(await page.getByTestId('link-state').textContent()).toMatch(/^Replay finished/);
      expect(await page.getByTestId('pen-state').textContent()).toMatch(/^Recorded pen: [A-Z]+$/);
      await page.getByRole('tab', { name: 'Charts' }).click();
      await expect.poll(() => page.getByTestId('chart-readout').textContent()).toMatch(/set 1\.00 mm/);
      // Disconnect (on the console tab) closes it like a pen.
      await page.getByRole('tab', { name: 'Console' }).click();
      await expect.poll(() => page.getByTestId('connection-replay').textContent()).toMatch(/^Replay finished: \d+ lines, .*Disconnect to connect a pen\.$/);
      await page.getByRole('button', { name: 'Disconnect' }).click();
      await expect.poll(() => page.getByTestId('link-state').textContent()).toMatch(/^Not connected/);
      expect(await page.getByTestId('status-replay').count()).toBe(0);
      // Without a link the pen's last state is shown as history, never as the pen's state now.
      expect(await page.getByTestId('pen-state').textContent()).toMatch(/^Pen last seen: [A-Z]+$/);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it.skipIf(!HAS_CHROMIUM)('marks a recording of an older protocol schema, opens its summary, and refuses its replay with both schema hashes' + needs.chromium, async () => {
    const { page, problems } = await watchedPage(browser!);
    try {
      await page.goto(`${server!.url}&view=recordings`);
      const row = rowOf(page, OLD);
      await expect.poll(() => row.getByTestId('schema-marker').textContent()).toBe(`schema 59ACB17C ≠ console ${SCHEMA_HASH}`);
      // The current recording has no marker.
      expect(await rowOf(page, basename(recording)).getByTestId('schema-marker').count()).toBe(0);
      await row.getByRole('button', { name: 'Open' }).click();
      await expect.poll(() => page.getByLabel('Session summary').textContent()).toContain('484 frames');
      await row.getByRole('button', { name: 'Replay 10×' }).click();
      await expect.poll(() => page.locator('.recordings .refusal[role=alert]').textContent()).toBe(schemaRefusal(OLD, '59ACB17C', SCHEMA_HASH));
      // Refused: still on the Recordings tab, nothing connected.
      expect(await page.getByRole('tab', { name: 'Recordings' }).getAttribute('aria-selected')).toBe('true');
      await page.screenshot({ path: join(SHOTS, 'replay-old-schema.png') });
      expect(await page.getByTestId('link-state').textContent()).toMatch(/^Not connected/);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it.skipIf(!HAS_CHROMIUM)('opens a one-hour 200 Hz recording (~720,000 lines) with its summary and the whole-session charts' + needs.chromium, async () => {
    // The replay bench's session: three areas of 20 minutes each, generated by the simulator.
    const hour = 'session-20261121T090000Z-sim.jsonl';
    const { text, linesIn } = simSessionRecording({ durationMs: 3_600_000, tlmHz: 200 });
    expect(linesIn).toBeGreaterThan(700_000);
    writeFileSync(join(dir, hour), text);
    const { page, problems } = await watchedPage(browser!);
    try {
      await page.goto(`${server!.url}&view=recordings`);
      const row = rowOf(page, hour);
      await row.getByRole('button', { name: 'Open' }).click();
      const summary = page.getByLabel('Session summary');
      await expect.poll(() => summary.textContent(), { timeout: 20_000 }).toMatch(/^Session summary1:00:00 of telemetry \(7\d\d,\d{3} frames/);
      for (const area of ['Forehead', 'Cheeks and chin', 'Facial acne scars']) expect(await page.getByTestId('summary-areas').textContent()).toContain(area);
      // The overview spans the hour on the device-time axis, decimated to a bounded number of points.
      const measured = page.getByTestId('series-measured');
      const points = Number(await measured.getAttribute('data-points'));
      expect(points).toBeGreaterThan(100);
      expect(points).toBeLessThanOrEqual(2 * 600 + 2); // the overview's 600 columns (recordings-service.ts)
      const labels = await page.getByTestId('time-axis').first().locator('text').allTextContents();
      expect(labels.at(-1)).toMatch(/^(5\d|60):\d\d$/);
      await page.screenshot({ path: join(SHOTS, 'recording-1h.png') });
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);
});
