/**
 * The trainer by keyboard and by count: Tab and Enter reach and work every
 * control, axe-core finds nothing serious or critical, and the clicks and keys
 * each trainer task takes, counted as the test performs them.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, needs } from '../../support/requirements.js';
import { until } from '../../support/until.js';
import { Actions, axeSerious, openTrainer, startHarness, type Harness } from './harness.js';

describe('trainer by keyboard, for axe-core, and in clicks (Playwright, headless Chromium, simulated pen)', () => {
  let h: Harness | null = null;
  let page: Page;
  let problems: string[] = [];

  beforeAll(async () => {
    if (!HAS_CHROMIUM) return;
    h = await startHarness(true, 'renderer-trainer-keys');
    ({ page, problems } = await openTrainer(h, 1280, 800));
  }, 90_000);

  afterAll(async () => {
    await h?.close();
  });

  // The pen answers within milliseconds; the default 1 s is too short on a machine shared with other test files.
  const poll = <T,>(f: () => T | Promise<T>, opts: { timeout?: number } = {}) => expect.poll(f, { timeout: 8000, ...opts });
  const depth = () => page.getByTestId('trainer-depth').textContent();
  const info = async () => (await h!.session.getSnapshot()).state.info!;

  it.skipIf(!HAS_CHROMIUM)('keyboard only: Tab reaches the depth field, presets, areas, face map and tabs; Enter selects an area on the face map' + needs.chromium, async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    const reached = new Set<string>();
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      const what = await page.evaluate(() => {
        const e = document.activeElement as HTMLElement | null;
        if (!e || !e.closest('[data-testid="trainer"]')) return '';
        return e.getAttribute('data-area') ? `area:${e.closest('svg') ? 'map' : 'list'}` : e.getAttribute('data-preset') ? 'preset' : e.getAttribute('role') === 'tab' ? 'tab' : e.getAttribute('aria-label') ?? e.textContent ?? '';
      });
      reached.add(what);
      if (what === 'area:map' && !reached.has('map-enter')) {
        const id = await page.evaluate(() => document.activeElement!.getAttribute('data-area'));
        await page.keyboard.press('Enter');
        await poll(async () => (await info()).area).toBe(id);
        reached.add('map-enter');
      }
    }
    for (const k of ['Depth in millimetres', 'Depth slider', 'preset', 'area:list', 'area:map', 'map-enter', 'tab']) expect([...reached]).toContain(k);
    expect(problems).toEqual([]);
  }, 60_000);

  it.skipIf(!HAS_CHROMIUM)('the tasks take few actions: clicks and keys per trainer task, counted as the test performs them' + needs.chromium, async () => {
    const ui = new Actions(page);
    const counts: Record<string, { clicks: number; keys: number }> = {};
    await page.reload();
    await page.getByTestId('trainer-depth').waitFor();
    // From 0.25 mm on the cheek to 1.50 mm.
    await h!.session.setDepth(250);
    await ui.click(page.locator('.area-list [data-area="CHEEK"]'));
    await poll(depth).toBe('Set to 0.25 mm');
    ui.take();
    await ui.type(page.getByLabel('Depth in millimetres'), '1.5');
    await ui.press('Enter');
    await poll(depth).toBe('Set to 1.50 mm');
    counts['show 0.25 → 1.50 mm on the cheek (typed)'] = ui.take();
    // An indication's depth: one preset.
    await ui.click(page.locator('[data-preset="stretch-marks"]'));
    await poll(depth).toBe('Set to 2.00 mm');
    counts['show the stretch-marks depth (area and depth)'] = ui.take();
    // Compare 0.50 and 2.00 mm on the cheek (the fields hold 0.50 and 2.00 to start with).
    await ui.click(page.locator('.area-list [data-area="CHEEK"]'));
    await ui.click(page.getByRole('tab', { name: 'Compare' }));
    await ui.click(page.getByRole('button', { name: 'Compare', exact: true }));
    await poll(() => page.getByTestId('compare-b').textContent()).toContain('2.00 mm');
    counts['compare 0.50 and 2.00 mm on the cheek'] = ui.take();
    // The whole lesson from a presenter remote.
    for (let i = 0; i < 5; i++) {
      await ui.press('PageDown');
      await poll(() => page.getByTestId('lesson-step').locator('h3').textContent()).toMatch(new RegExp(`^${i + 1}\\. `));
      await poll(() => page.getByTestId('lesson-refused').count()).toBe(1);
    }
    counts['the guided lesson, five steps'] = ui.take();
    // The engineering session for a profile change, on the built-in simulator (key prefilled).
    await ui.click(page.getByRole('tab', { name: 'Profile' }));
    await ui.click(page.getByRole('button', { name: 'Open session' }));
    await poll(() => page.getByTestId('trainer-eng').textContent()).toBe('Session open');
    counts['open the engineering session'] = ui.take();
    await page.getByRole('button', { name: 'Close session' }).click();
    await ui.click(page.getByRole('tab', { name: 'Card' }));
    counts['show the teaching card'] = ui.take();
    console.log(`trainer task counts: ${JSON.stringify(counts)}`);
    expect(counts).toEqual({
      'show 0.25 → 1.50 mm on the cheek (typed)': { clicks: 1, keys: 4 },
      'show the stretch-marks depth (area and depth)': { clicks: 1, keys: 0 },
      'compare 0.50 and 2.00 mm on the cheek': { clicks: 3, keys: 0 },
      'the guided lesson, five steps': { clicks: 0, keys: 5 },
      'open the engineering session': { clicks: 2, keys: 0 },
      'show the teaching card': { clicks: 1, keys: 0 },
    });
    expect(problems).toEqual([]);
  }, 90_000);
  it.skipIf(!HAS_CHROMIUM)('axe-core finds nothing serious or critical on the trainer, on each of its tabs and before connecting' + needs.chromium, async () => {
    for (const tab of ['Card', 'Lesson', 'Compare', 'Profile']) {
      await page.getByRole('tab', { name: tab }).click();
      expect({ tab, found: await axeSerious(page, '[data-testid="trainer"]') }).toEqual({ tab, found: [] });
    }
    await page.getByRole('tab', { name: 'Card' }).click();
    const fresh = await openTrainer(h!, 1024, 768);
    try {
      await h!.session.disconnect();
      await fresh.page.getByTestId('trainer-connect').waitFor();
      expect(await axeSerious(fresh.page, '[data-testid="trainer"]')).toEqual([]);
      await fresh.page.getByRole('button', { name: 'Connect', exact: true }).click();
      await poll(() => fresh.page.getByTestId('trainer-depth').textContent(), { timeout: 10_000 }).toMatch(/^Set to/);
      await until(() => h!.penState() === 'READY', 'the pen to report READY again');
    } finally {
      await fresh.page.close();
    }
    expect(problems).toEqual([]);
  }, 60_000);

});
