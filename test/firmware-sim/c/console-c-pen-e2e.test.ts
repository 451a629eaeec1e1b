/**
 * End to end in headless Debian Chromium: the console's browser mode (real
 * UI build, WebSocket bridge, PenSession, SerialTransport over serialport)
 * connects to the C reference pen on the host board through "Other path",
 * as to any USB pen: handshake, area, a refusal shown in words, depth, start,
 * telemetry in the charts, stop. No console code knows this pen.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRenderer } from '../../../console/server/build-renderer.js';
import { startWebServer, type WebServer } from '../../../console/server/web-server.js';
import { PenSession } from '../../../console/session/index.js';
import { startCPen, type CPen } from '../../../firmware-sim/c/tools/c-pen.js';
import { launchChromium, watchedPage } from '../../support/browser.js';
import { HAS_CHROMIUM, HAS_GCC, needs } from '../../support/requirements.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const usable = HAS_CHROMIUM && HAS_GCC;

describe('console in the browser against the C pen (host board)', () => {
  let browser: Browser | null = null;
  let server: WebServer | null = null;
  let session: PenSession | null = null;
  let pen: CPen | null = null;
  const penLog: string[] = [];
  let dir = '';

  beforeAll(async () => {
    if (!usable) return;
    dir = mkdtempSync(join(tmpdir(), 'penbench-e2e-cpen-'));
    pen = await startCPen({ board: 'host', sanitized: true, cartridge: 'N12-OK-01', nvm: join(dir, 'registry.nvm'), onLog: (l) => penLog.push(l) });
    const rendererDir = await ensureRenderer(true);
    session = new PenSession({ recordingsDir: dir });
    server = await startWebServer({ session, rendererDir, port: 0 });
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await session?.close();
    await server?.close();
    await pen?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!usable)('connects through "Other path", sets area and depth, shows a refusal in words, runs with telemetry in the charts, stops' + needs.chromium + needs.gcc, async () => {
    const { page, problems } = await watchedPage(browser!);
    await page.goto(server!.url);
    try {
      await walkThrough(page, pen!.ptyPath);
    } catch (e) {
      mkdirSync(join(root, '.build/test-results'), { recursive: true });
      await page.screenshot({ path: join(root, '.build/test-results/console-c-pen-failure.png'), fullPage: true }).catch(() => undefined);
      console.error('page problems:', problems, 'pen log:', penLog);
      throw e;
    }
    expect(problems).toEqual([]);
    expect(penLog.join('\n')).not.toMatch(/Sanitizer|runtime error/);
    await page.close();
  }, 90_000);
});

async function walkThrough(page: Page, ptyPath: string): Promise<void> {
  // Connect: "Other path", the pen's pty.
  await page.getByLabel('Other path').check();
  await page.getByLabel('Serial port path').fill(ptyPath);
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByTestId('link-state').getByText(/^Connected/).waitFor({ timeout: 10_000 });
  await expect.poll(() => page.getByTestId('device-serial').textContent()).toContain('PB-C-HOST-01');
  await page.getByTestId('pen-state').getByText('Pen: READY').waitFor({ timeout: 10_000 });
  await page.getByTestId('cart-status').getByText('OK').waitFor();

  // Area from the pen's own profile: its guidance appears.
  await page.getByLabel('Treatment area').selectOption('FOREHEAD');
  await expect.poll(() => page.getByTestId('area-guide').textContent()).toContain('hard cap 0.75 mm');

  // A depth above the area's cap: the C pen refuses (SR-02) and the console says why in words.
  const depth = page.getByLabel('Depth (mm)');
  await depth.fill('1.00');
  await page.getByRole('button', { name: 'Set depth' }).click();
  const refusal = page.getByTestId('depth-refusal');
  await refusal.waitFor();
  expect(await refusal.textContent()).toMatch(/1\.00 mm is deeper than the hard cap for Forehead \(0\.75 mm\)/);

  // A depth the pen accepts.
  await depth.fill('0.50');
  await page.getByRole('button', { name: 'Set depth' }).click();
  await refusal.waitFor({ state: 'detached' });

  // Start: the pen runs, strokes count, the needle reaches the setpoint.
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByTestId('tlm-state').getByText('RUN').waitFor({ timeout: 10_000 });
  const strokes = async () => Number((await page.getByTestId('tlm-strokes').textContent())?.replace(/,/g, ''));
  const first = await strokes();
  await expect.poll(strokes, { timeout: 5000 }).toBeGreaterThan(first + 20);
  await expect.poll(async () => (await page.getByTestId('tlm-measured').textContent()) ?? '', { timeout: 5000 }).toMatch(/0\.(4|5)\d mm/);

  // The charts draw the pen's telemetry.
  await page.getByRole('tab', { name: 'Charts' }).click();
  const measured = page.getByTestId('series-measured');
  await expect.poll(async () => Number(await measured.getAttribute('data-points')), { timeout: 10_000 }).toBeGreaterThan(20);
  await expect.poll(() => page.getByTestId('chart-readout').textContent(), { timeout: 5000 }).toMatch(/set 0\.50 mm · measured 0\.(4|5)\d mm/);
  mkdirSync(join(root, '.build/test-results'), { recursive: true });
  await page.screenshot({ path: join(root, '.build/test-results/console-c-pen-charts.png'), fullPage: true });

  // Stop from the keyboard (Escape triggers the big Stop, SR-16).
  await page.getByRole('tab', { name: 'Console' }).click();
  await page.keyboard.press('Escape');
  await page.getByTestId('tlm-state').getByText(/STOP|READY/).waitFor({ timeout: 5000 });
  await expect.poll(() => page.getByTestId('event-log').textContent()).toContain('Stop accepted');
}
