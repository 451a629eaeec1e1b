/**
 * End to end in headless Debian Chromium against the browser mode: the real
 * UI build, the WebSocket bridge with its token, PenSession and the built-in
 * simulated pen (firmware-sim over the serialport binding).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRenderer } from '../../console/server/build-renderer.js';
import { startWebServer, type WebServer } from '../../console/server/web-server.js';
import { PenSession } from '../../console/session/index.js';
import { HAS_CHROMIUM, needs } from '../support/requirements.js';
import { launchChromium, watchedPage } from '../support/browser.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('console in the browser (Playwright, headless Chromium)', () => {
  let browser: Browser | null = null;
  let server: WebServer | null = null;
  let session: PenSession | null = null;
  let dir = '';

  beforeAll(async () => {
    if (!HAS_CHROMIUM) return;
    dir = mkdtempSync(join(tmpdir(), 'penbench-e2e-'));
    // Always rebuild: a stale UI build must never pass (about a second with Vite 8).
    const rendererDir = await ensureRenderer(true);
    session = new PenSession({ recordingsDir: dir });
    server = await startWebServer({ session, rendererDir, port: 0 });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await session?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!HAS_CHROMIUM)('refuses the page and the bridge without the token' + needs.chromium, async () => {
    const page = await browser!.newPage();
    const base = server!.url.replace(/\?.*$/, '');
    const r = await page.goto(base);
    expect(r?.status()).toBe(403);
    const wrong = await page.goto(`${base}?token=wrong`);
    expect(wrong?.status()).toBe(403);
    await page.close();
  });

  it.skipIf(!HAS_CHROMIUM)(
    'connects to the simulated pen, sets area and depth, explains a refusal, runs, shows a fault and stops' + needs.chromium,
    async () => {
      const { page, problems } = await watchedPage(browser!);
      await page.goto(server!.url);
      try {
        await walkThrough(page);
      } catch (e) {
        await page.screenshot({ path: join(root, '.build/test-results/console-failure.png') }).catch(() => undefined);
        console.error('page problems:', problems);
        throw e;
      }
      expect(problems).toEqual([]);
      // The README's copy is refreshed on request only, so a test run does not dirty the work tree.
      const docCopy = join(root, 'console/docs/screenshot-main.png');
      if (!existsSync(docCopy) || process.env.PENBENCH_UPDATE_SCREENSHOT === '1') copyFileSync(join(root, '.build/test-results/console-main.png'), docCopy);
      await page.close();
    },
    60_000,
  );
});

async function walkThrough(page: Page): Promise<void> {

  // Connect: the simulated pen is the default choice.
  await expect.poll(() => page.getByLabel(/Simulated pen/).isChecked()).toBe(true);
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByTestId('link-state').getByText('Connected', { exact: false }).and(page.getByText(/^Connected/)).waitFor();
  await page.getByTestId('device-serial').waitFor();
  await page.getByTestId('pen-state').getByText('Pen: READY').waitFor({ timeout: 10_000 });
  await page.getByTestId('cart-status').getByText('OK').waitFor();

  // Area from the pen's profile: its guidance appears.
  await page.getByLabel('Treatment area').selectOption('FOREHEAD');
  await expect.poll(() => page.getByTestId('area-guide').textContent()).toContain('hard cap 0.75 mm');

  // A depth above the area's cap: the pen refuses, the console explains in words (SR-02).
  const depth = page.getByLabel('Depth (mm)');
  await depth.fill('1.00');
  await expect.poll(() => page.locator('#depth-advice').textContent()).toContain('the pen will refuse it');
  await page.getByRole('button', { name: 'Set depth' }).click();
  const refusal = page.getByTestId('depth-refusal');
  await refusal.waitFor();
  expect(await refusal.textContent()).toMatch(/1\.00 mm is deeper than the hard cap for Forehead \(0\.75 mm\)/);

  // A depth within range, stepped with the arrow key (0.05 mm steps).
  await depth.fill('0.45');
  await depth.press('ArrowUp');
  expect(await depth.inputValue()).toBe('0.5');
  await page.getByRole('button', { name: 'Set depth' }).click();
  await refusal.waitFor({ state: 'detached' });

  // Start: telemetry shows the pen running and the strokes counting.
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByTestId('tlm-state').getByText('RUN').waitFor({ timeout: 10_000 });
  const strokes = async () => Number((await page.getByTestId('tlm-strokes').textContent())?.replace(/,/g, ''));
  const first = await strokes();
  await expect.poll(strokes, { timeout: 5000 }).toBeGreaterThan(first + 20);
  await expect.poll(async () => (await page.getByTestId('tlm-measured').textContent()) ?? '').toMatch(/0\.(4|5)\d mm/);
  await page.waitForTimeout(4000); // let the chart fill for the screenshot
  mkdirSync(join(root, '.build/test-results'), { recursive: true });
  await page.screenshot({ path: join(root, '.build/test-results/console-main.png'), fullPage: true });

  // Fault injection through the simulator's engineering session (SR-17).
  await page.getByRole('button', { name: 'Open engineering session' }).click();
  await page.getByTestId('eng-state').getByText('Session open').waitFor();
  await page.getByLabel('Inject fault').selectOption('STALL');
  await page.getByRole('button', { name: 'Inject', exact: true }).click();
  const banner = page.getByTestId('fault-banner');
  await banner.waitFor({ timeout: 10_000 });
  expect(await banner.textContent()).toContain('RATE DEVIATION');
  expect(await banner.textContent()).toContain('What to do');
  await page.screenshot({ path: join(root, '.build/test-results/console-fault.png'), fullPage: true });

  // SR-14: the fault clears only once its cause is gone; remove the injection, then Clear fault.
  await page.getByRole('button', { name: 'Remove injected faults' }).click();
  await page.getByRole('button', { name: 'Clear fault' }).click();
  await banner.waitFor({ state: 'detached', timeout: 10_000 });

  // Run again and stop with the keyboard: Escape triggers the Stop (SR-16).
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByTestId('tlm-state').getByText('RUN').waitFor({ timeout: 10_000 });
  await page.keyboard.press('Escape');
  await page.getByTestId('tlm-state').getByText(/STOP|READY/).waitFor({ timeout: 5000 });
  await expect.poll(() => page.getByTestId('event-log').textContent()).toContain('Stop accepted');

  // Space is not a Stop key: it stays with the focused button, so Space on Start starts the pen, and sends no STOP.
  const count = async (what: string) => ((await page.getByTestId('event-log').textContent()) ?? '').split(what).length - 1;
  const starts = await count('Start accepted');
  const stops = await count('Stop accepted');
  await page.getByRole('button', { name: 'Start' }).focus();
  await page.keyboard.press('Space');
  await page.getByTestId('tlm-state').getByText('RUN').waitFor({ timeout: 10_000 });
  await expect.poll(() => count('Start accepted')).toBe(starts + 1);
  expect(await count('Stop accepted')).toBe(stops);
  await page.getByRole('button', { name: /STOP/ }).first().click();
  await page.getByTestId('tlm-state').getByText(/STOP|READY/).waitFor({ timeout: 5000 });
}
