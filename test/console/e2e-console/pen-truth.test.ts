/**
 * The truth about any pen on the Console tab (issue 14), in headless Chromium on the production UI against
 * the built-in simulated pen with narrower limits (`sim://pen?dmax=2000&rmax=140&tmax=100`, which it reports
 * in INFO and enforces): every bound, range and refusal in the pen's words; the area drop-down browsed with
 * the arrow keys sends nothing until Enter; a fired cartridge is in use, its needle-on time and strokes grow;
 * the engineering drop-down is not cut off at 1280 px.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, needs } from '../../support/requirements.js';
import { until } from '../../support/until.js';
import { watchedPage } from '../../support/browser.js';
import { startHarness, type Harness } from '../e2e-trainer/harness.js';

describe('the Console tab tells the truth about the pen (Playwright, headless Chromium, a pen with narrower limits)', () => {
  let h: Harness | null = null;
  let page: Page;
  let problems: string[] = [];

  beforeAll(async () => {
    if (!HAS_CHROMIUM) return;
    h = await startHarness(true, 'renderer-e2e-truth', { simPath: 'sim://pen?dmax=2000&rmax=140&tmax=100' });
    ({ page, problems } = await watchedPage(h.browser, { viewport: { width: 1280, height: 800 } }));
    await page.goto(h.server.url);
    await page.getByTestId('device-serial').waitFor();
  }, 90_000);

  afterAll(async () => {
    await h?.close();
  });

  const poll = <T,>(f: () => T | Promise<T>) => expect.poll(f, { timeout: 8000 });
  const setAreaLogs = async () => (await h!.session.getSnapshot()).log.filter((e) => e.tag === 'SET_AREA').length;

  it.skipIf(!HAS_CHROMIUM)('SR-01 SR-06 a pen reporting dmax=2000 rmax=140: its bounds on the inputs, its range in the words of every refusal' + needs.chromium, async () => {
    const dd = page.locator('dl.kv');
    await poll(() => dd.first().textContent()).toContain('0.25 mm–2.00 mm in 50 µm steps');
    const depth = page.getByLabel('Depth (mm)');
    expect(await depth.getAttribute('max')).toBe('2');
    expect(await depth.getAttribute('min')).toBe('0.25');
    expect(await page.getByLabel('Stroke rate (Hz)').getAttribute('max')).toBe('140');
    expect(await page.getByTestId('depth-range').textContent()).toBe('This pen: 0.25–2.00 mm in 0.05 mm steps.');
    await page.getByLabel('Treatment area').selectOption('BODY');
    await poll(async () => (await h!.session.getSnapshot()).state.info?.area).toBe('BODY');
    // 2.10 mm: below BODY's 2.50 mm cap but above this pen's maximum.
    await depth.fill('2.10');
    await poll(() => page.locator('#depth-advice').textContent()).toBe('This pen accepts 0.25–2.00 mm in 0.05 mm steps; it will refuse this.');
    await page.getByRole('button', { name: 'Set depth' }).click();
    await poll(() => page.getByTestId('depth-refusal').textContent()).toBe(
      "Depth 2.10 mm is outside the pen's range of 0.25–2.00 mm in 0.05 mm steps. Choose a depth within that range.",
    );
    // + stops at the pen's maximum.
    await depth.fill('1.95');
    await page.getByRole('button', { name: 'Deeper by 0.05 mm' }).click();
    await page.getByRole('button', { name: 'Deeper by 0.05 mm' }).click();
    expect(await depth.inputValue()).toBe('2.00');
    const rate = page.getByLabel('Stroke rate (Hz)');
    await rate.fill('145');
    await page.getByRole('button', { name: 'Set rate' }).click();
    await poll(() => page.getByText(/^Stroke rate 145 Hz is outside/).textContent()).toBe(
      "Stroke rate 145 Hz is outside the pen's range of 50–140 Hz. Choose a rate within that range.",
    );
    expect(await page.locator('body').innerText()).not.toMatch(/2\.50 mm in|50–150 Hz/);
    expect(problems).toEqual([]);
  }, 60_000);

  it.skipIf(!HAS_CHROMIUM)('arrowing through the area drop-down sends no SET_AREA per key press: the area goes to the pen on Enter' + needs.chromium, async () => {
    const select = page.getByLabel('Treatment area');
    await select.selectOption('FOREHEAD');
    await poll(async () => (await h!.session.getSnapshot()).state.info?.area).toBe('FOREHEAD');
    const before = await setAreaLogs();
    await select.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    await page.waitForTimeout(500);
    expect(await setAreaLogs()).toBe(before);
    expect((await h!.session.getSnapshot()).state.info?.area).toBe('FOREHEAD');
    const chosen = await select.inputValue();
    expect(chosen).not.toBe('FOREHEAD');
    expect(await page.getByTestId('area-pending').textContent()).toMatch(/^Press Enter to select .+ on the pen\.$/);
    await page.keyboard.press('Enter');
    await poll(async () => (await h!.session.getSnapshot()).state.info?.area).toBe(chosen);
    expect(await setAreaLogs()).toBe(before + 1);
    expect(problems).toEqual([]);
  }, 60_000);

  it.skipIf(!HAS_CHROMIUM)('SR-08 a fired cartridge is in use, never "never used"; its needle-on time and strokes grow while it runs' + needs.chromium, async () => {
    const s = h!.session;
    expect((await s.setArea('BODY')).ok).toBe(true);
    expect((await s.setDepth(1000)).ok).toBe(true);
    expect((await s.start()).ok).toBe(true);
    await until(() => h!.penState() === 'RUN', 'the pen to run');
    const status = page.getByTestId('cart-status');
    await poll(() => status.textContent()).toMatch(/^IN USE — In use since its first start \(single use\)/);
    expect(await status.textContent()).not.toContain('never used');
    await poll(async () => Number((await page.getByTestId('cart-strokes').textContent())?.replace(/,/g, ''))).toBeGreaterThan(100);
    await poll(() => page.getByTestId('cart-needle-on').textContent()).toMatch(/^[2-9] s$|^\d\d s$/);
    expect((await s.stop()).ok).toBe(true);
    await until(() => h!.penState() === 'READY', 'the pen to stop');
    // Stopped and read again: still in use (single use), with the pen's own needle-on count.
    await poll(() => status.textContent()).toMatch(/^IN USE/);
    expect(problems).toEqual([]);
  }, 60_000);

  it.skipIf(!HAS_CHROMIUM)('at 1280 px the engineering drop-down shows its whole choice, and the key field is there for a pen of its own' + needs.chromium, async () => {
    const fit = await page.evaluate(() => {
      const sel = document.getElementById('sim-fault') as HTMLSelectElement;
      const ctx = document.createElement('canvas').getContext('2d')!;
      ctx.font = getComputedStyle(sel).font;
      const widest = Math.max(...Array.from(sel.options).map((o) => ctx.measureText(o.text).width));
      return { widest, room: sel.clientWidth - 40 };
    });
    expect(fit.widest).toBeLessThan(fit.room);
    expect(await page.getByLabel('Engineering key (hex)').inputValue()).toMatch(/^70656e/); // built-in simulator: the development key, filled in
    expect(problems).toEqual([]);
  }, 30_000);
});
