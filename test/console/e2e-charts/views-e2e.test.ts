/**
 * End to end in headless Debian Chromium: the charts view (the real
 * production build) over the browser-mode bridge, a PenSession and the
 * built-in simulated pen: the charts draw a bounded number of points. The
 * trainer's own end-to-end tests are in test/console/e2e-trainer.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../../console/server/web-server.js';
import { PenSession } from '../../../console/session/index.js';
import type { PenPush } from '../../../console/shared/index.js';
import { buildViews } from '../../bench/sections/views-build.js';
import { HAS_CHROMIUM, needs } from '../../support/requirements.js';
import { launchChromium, watchedPage } from '../../support/browser.js';
import { toDocs } from '../../support/docs-screenshot.js';
import { until } from '../../support/until.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('charts view in the browser (Playwright, headless Chromium)', () => {
  let browser: Browser | null = null;
  let server: WebServer | null = null;
  let session: PenSession | null = null;
  let dir = '';
  let penState = '';

  beforeAll(async () => {
    if (!HAS_CHROMIUM) return;
    dir = mkdtempSync(join(tmpdir(), 'penbench-e2e-charts-'));
    mkdirSync(join(root, '.build/test-results'), { recursive: true });
    const rendererDir = await buildViews();
    session = new PenSession({ recordingsDir: dir, telemetryHz: 50 });
    session.subscribe((p: PenPush) => {
      if (p.type === 'tlm') penState = p.sample.s;
    });
    server = await startWebServer({ session, rendererDir, port: 0 });
    browser = await launchChromium();
    expect(await session.connect({ kind: 'sim' })).toEqual({ ok: true });
    await until(() => penState === 'READY', 'the simulated pen to finish booting');
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await session?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(view: string): Promise<{ page: Page; problems: string[] }> {
    const { page, problems } = await watchedPage(browser!);
    await page.goto(`${server!.url}&view=${view}`);
    return { page, problems };
  }

  it.skipIf(!HAS_CHROMIUM)('the charts draw live telemetry with a bounded number of points, pause and scroll back' + needs.chromium, async () => {
    expect((await session!.setArea('CHEEK')).ok).toBe(true);
    expect((await session!.setDepth(1000)).ok).toBe(true);
    const { page, problems } = await open('charts');
    try {
      // 10 s window: the session's snapshot brings the last 24 s, so there is history to scroll back into.
      await page.getByLabel('Chart window length').selectOption('10000');
      expect((await session!.start()).ok).toBe(true);
      await page.waitForTimeout(2500);
      expect((await session!.setDepth(1500)).ok).toBe(true);
      await page.waitForTimeout(5000);
      const measured = page.getByTestId('series-measured');
      await expect.poll(async () => Number(await measured.getAttribute('data-points'))).toBeGreaterThan(50);
      const points = Number(await measured.getAttribute('data-points'));
      expect(points).toBeLessThanOrEqual(2 * 400 + 2);
      // Named if the pen faulted meanwhile (a CI run once showed it in FAULT here without saying which fault).
      expect((await session!.getSnapshot()).state.faults?.latched ?? []).toEqual([]);
      await expect.poll(() => page.getByTestId('chart-readout').textContent()).toMatch(/set 1\.50 mm · measured 1\.[45]\d mm/);
      // The device-time axis: labels in seconds of pen time, inside the last 10 s, sliding as telemetry arrives
      // (once there is more than one window of history: a shorter one fills the window from the left).
      const penMs = async (): Promise<number> => (await session!.getSnapshot()).state.tlm!.t;
      await expect.poll(penMs, { timeout: 15_000 }).toBeGreaterThan(12_000);
      const axisSeconds = async (): Promise<number[]> =>
        (await page.getByTestId('time-axis').first().locator('text').allTextContents()).map((t) => Number(t.replace(' s', '')));
      const ticks = await axisSeconds();
      const newest = (await penMs()) / 1000;
      expect(ticks.length).toBeGreaterThanOrEqual(4);
      for (const t of ticks) expect(t % 2).toBe(0);
      for (const t of ticks) expect(t).toBeGreaterThan(newest - 11);
      for (const t of ticks) expect(t).toBeLessThan(newest + 1);
      await expect.poll(async () => (await axisSeconds())[0], { timeout: 5000 }).toBeGreaterThan(ticks[0]!);
      // The passes bar shows what the pen counts in the area.
      const bar = page.locator('[data-testid="pass-bars"] [data-area="CHEEK"]');
      await expect.poll(async () => Number(await bar.getAttribute('data-passes'))).toBe((await session!.getSnapshot()).state.tlm!.p);
      await page.screenshot({ path: join(root, '.build/test-results/charts.png') });
      toDocs(join(root, '.build/test-results/charts.png'), 'screenshot-charts.png');
      // Pause freezes the chart; scroll back moves into the history.
      await page.getByRole('button', { name: '❚❚ Pause' }).click();
      await expect.poll(() => page.getByTestId('chart-mode').textContent()).toMatch(/^paused/);
      const pathBefore = await measured.locator('path').getAttribute('d');
      await page.waitForTimeout(500);
      expect(await measured.locator('path').getAttribute('d')).toBe(pathBefore);
      const behind = Number((await page.getByTestId('chart-mode').textContent())?.match(/([\d.]+) s behind/)?.[1] ?? 0);
      await page.getByRole('button', { name: /Scroll back/ }).click();
      // Back by a quarter of the 10 s window, or as far as the history kept reaches.
      const behindNow = async () => Number((await page.getByTestId('chart-mode').textContent())?.match(/([\d.]+) s behind/)?.[1] ?? 0);
      await expect.poll(behindNow).toBeGreaterThan(behind + 0.5);
      await page.getByRole('button', { name: '▶ Live' }).click();
      await expect.poll(() => page.getByTestId('chart-mode').textContent()).toBe('live');
      expect(problems).toEqual([]);
    } finally {
      await session!.stop();
      await page.close();
    }
  }, 60_000);
});
