/**
 * End to end in headless Debian Chromium: the Recordings view over the
 * browser-mode bridge. A session on the simulated pen is recorded; the view
 * lists it, opens its summary, exports CSV and JSON that parse back to what
 * was recorded, and replays it into the live charts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../../console/server/web-server.js';
import { PenSession } from '../../../console/session/index.js';
import { loadRecording } from '../../../console/session/replay/index.js';
import { parseSessionJson, parseTelemetryCsv } from '../../../console/shared/charts/index.js';
import type { PenPush } from '../../../console/shared/index.js';
import { buildViews } from '../../bench/sections/views-build.js';
import { CHROMIUM_PATH, HAS_CHROMIUM, needs } from '../../support/requirements.js';
import { until } from '../../support/until.js';

describe('recordings view in the browser (Playwright, headless Chromium)', () => {
  let browser: Browser | null = null;
  let server: WebServer | null = null;
  let session: PenSession | null = null;
  let dir = '';
  let recording = '';

  beforeAll(async () => {
    if (!HAS_CHROMIUM) return;
    dir = mkdtempSync(join(tmpdir(), 'penbench-e2e-rec-'));
    const rendererDir = await buildViews();
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
    server = await startWebServer({ session, rendererDir, port: 0 });
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH!, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await session?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!HAS_CHROMIUM)('lists the recording, shows its summary, exports CSV and JSON that parse back, and replays it into the charts' + needs.chromium, async () => {
    const page = await browser!.newPage({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    try {
      await page.goto(`${server!.url}&view=recordings`);
      const row = page.getByTestId('recordings').locator('tbody tr').first();
      await expect.poll(() => row.textContent()).toContain('sim');
      await row.getByRole('button', { name: 'Open' }).click();
      await expect.poll(() => page.getByTestId('summary-areas').textContent()).toContain('CHEEK');
      const loaded = await loadRecording(recording);
      // CSV: the download parses back to exactly the recorded telemetry.
      const [csvDl] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'CSV' }).click()]);
      const csv = parseTelemetryCsv(readFileSync((await csvDl.path())!, 'utf8'));
      expect(csv.ok).toBe(true);
      if (csv.ok) expect(csv.value).toEqual([...loaded.tlm.rows()]);
      const [jsonDl] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'JSON' }).click()]);
      const json = parseSessionJson(readFileSync((await jsonDl.path())!, 'utf8'));
      expect(json.ok).toBe(true);
      if (json.ok) {
        expect(json.value.events).toEqual(loaded.events);
        expect(json.value.summary).toEqual(loaded.summary);
      }
      // Replay at full speed: the shell switches to the charts, which show the recorded run.
      await row.getByRole('button', { name: 'Replay full speed' }).click();
      await expect.poll(() => page.getByTestId('chart-readout').textContent(), { timeout: 10_000 }).toMatch(/set 1\.00 mm/);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
