/**
 * Stop everywhere (issue 14), in headless Chromium on the production UI over the browser-mode bridge, against
 * the built-in simulated pen: with the pen running, every tab shows one Stop control and it stops the pen, Esc
 * stops it from every tab (also with a control focused, also in the trainer's full screen), and Space stays
 * with the focused control. The pen's own telemetry says READY afterwards.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, needs } from '../../support/requirements.js';
import { until } from '../../support/until.js';
import { RESULTS, startHarness, type Harness } from '../e2e-trainer/harness.js';
import { toDocs } from '../../support/docs-screenshot.js';
import { watchedPage } from '../../support/browser.js';

const TABS = [
  { tab: 'Console', view: '' },
  { tab: 'Charts', view: 'charts' },
  { tab: 'Trainer', view: 'trainer' },
  { tab: 'Recordings', view: 'recordings' },
] as const;

describe('Stop on every tab (Playwright, headless Chromium, simulated pen)', () => {
  let h: Harness | null = null;
  let page: Page;
  let problems: string[] = [];

  beforeAll(async () => {
    if (!HAS_CHROMIUM) return;
    h = await startHarness(true, 'renderer-e2e-stop');
    expect((await h.session.setArea('BODY')).ok).toBe(true);
    expect((await h.session.setDepth(1000)).ok).toBe(true);
    ({ page, problems } = await watchedPage(h.browser, { viewport: { width: 1280, height: 800 } }));
  }, 90_000);

  afterAll(async () => {
    await h?.close();
  });

  const run = async () => {
    expect((await h!.session.start()).ok).toBe(true);
    await until(() => h!.penState() === 'RUN', 'the pen to run');
  };
  const stopped = () => until(() => h!.penState() === 'READY', 'the pen to report READY after Stop', 5000);
  const open = async (view: string) => {
    await page.goto(view ? `${h!.server.url}&view=${view}` : h!.server.url);
    await page.getByTestId('stop-button').first().waitFor();
  };

  it.skipIf(!HAS_CHROMIUM)('SR-16 every tab shows one Stop while the pen runs, and it stops the pen: READY afterwards' + needs.chromium, async () => {
    for (const { tab, view } of TABS) {
      await open(view);
      await run();
      const stop = page.getByTestId('stop-button');
      await expect.poll(() => stop.isEnabled(), { timeout: 5000 }).toBe(true);
      expect({ tab, stops: await stop.count(), visible: await stop.isVisible() }).toEqual({ tab, stops: 1, visible: true });
      expect(await stop.textContent()).toContain('Esc');
      // The README's pictures of the Stop on every tab (refreshed on request only: PENBENCH_UPDATE_SCREENSHOT=1).
      await page.waitForTimeout(1500);
      const shot = join(RESULTS, `tab-${tab.toLowerCase()}.png`);
      await page.screenshot({ path: shot });
      toDocs(shot, `screenshot-tab-${tab.toLowerCase()}.png`);
      await stop.click();
      await stopped();
    }
    expect(problems).toEqual([]);
  }, 90_000);

  it.skipIf(!HAS_CHROMIUM)('SR-16 Esc stops the pen from every tab, with a control focused, and Space stays with that control' + needs.chromium, async () => {
    for (const { tab, view } of TABS) {
      await open(view);
      await run();
      // Space on a focused control does what the control does, never Stop.
      if (tab === 'Charts') {
        const pause = page.getByRole('button', { name: /Pause/ });
        await pause.focus();
        await page.keyboard.press('Space');
        await expect.poll(() => page.getByRole('button', { name: /Live/ }).getAttribute('aria-pressed')).toBe('true');
      } else if (tab === 'Recordings') {
        await page.getByRole('button', { name: 'Refresh', exact: true }).focus();
        await page.keyboard.press('Space');
      } else if (tab === 'Trainer') {
        await page.getByRole('tab', { name: 'Lesson' }).focus();
        await page.keyboard.press('Space');
        await expect.poll(() => page.getByRole('tab', { name: 'Lesson' }).getAttribute('aria-selected')).toBe('true');
      } else {
        await page.getByLabel('Treatment area').focus();
      }
      await page.waitForTimeout(300);
      expect({ tab, state: h!.penState() }).toEqual({ tab, state: 'RUN' });
      await page.keyboard.press('Escape');
      await stopped();
    }
    expect(problems).toEqual([]);
  }, 90_000);

  it.skipIf(!HAS_CHROMIUM)('SR-16 in the trainer\'s full screen Esc stops the pen' + needs.chromium, async () => {
    await open('trainer');
    await page.getByRole('button', { name: 'Full screen' }).click();
    await expect.poll(() => page.evaluate(() => document.fullscreenElement?.getAttribute('data-testid') ?? null)).toBe('trainer');
    await run();
    // The Stop inside the full-screen element is the one on screen.
    expect(await page.locator('[data-testid="trainer"] [data-testid="stop-button"]').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await stopped();
    await page.evaluate(() => (document.fullscreenElement ? document.exitFullscreen() : undefined));
    expect(problems).toEqual([]);
  }, 60_000);
});
