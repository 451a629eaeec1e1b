/**
 * The trainer on a projector: at 1024×768 and 1280×800, in full screen and
 * not, the whole section (0 to 3 mm), the depth controls, the presets, every
 * area and the Stop control are on screen with nothing cut and no page
 * scrolling; Stop works in full screen. Full-screen screenshots go to the README.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, needs } from '../../support/requirements.js';
import { until } from '../../support/until.js';
import { toDocs } from '../../support/docs-screenshot.js';
import { RESULTS, openTrainer, startHarness, type Harness } from './harness.js';

/** What must be on screen, by selector (each match must be, and at least `min` matches). */
const REQUIRED: readonly { what: string; sel: string; min: number }[] = [
  { what: 'the section', sel: 'svg.skin-section', min: 1 },
  { what: 'ruler labels 0.0 to 3.0 mm', sel: 'svg.skin-section text.ruler-mm', min: 7 },
  { what: 'labels on the section', sel: 'svg.skin-section text', min: 14 },
  { what: 'the legend', sel: '.tr-legend', min: 1 },
  { what: 'the scale bar', sel: 'svg.skin-section [data-testid="scale-bar"]', min: 1 },
  { what: 'the depth field and steps', sel: '.tr-depth-row > *', min: 5 },
  { what: 'the depth slider', sel: '.tr-slider', min: 1 },
  { what: 'presets', sel: '.tr-preset', min: 5 },
  { what: 'areas', sel: '.area-list .area-btn', min: 12 },
  { what: 'the face map', sel: 'svg.face-map', min: 1 },
  { what: 'Stop', sel: '.btn-stop', min: 1 },
  { what: 'Full screen', sel: '.tr-full', min: 1 },
];

/** Elements of REQUIRED that are missing, off screen or clipped by a scrolling or hidden-overflow ancestor; and the page's scroll size. */
async function measure(page: Page) {
  return page.evaluate((required) => {
    const cut: string[] = [];
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    for (const r of required) {
      const els = Array.from(document.querySelectorAll(r.sel));
      if (els.length < r.min) cut.push(`${r.what}: ${els.length} of ${r.min}`);
      for (const el of els) {
        const b = el.getBoundingClientRect();
        const label = `${r.what} (${(el.textContent ?? '').trim().slice(0, 20) || el.tagName})`;
        if (b.width <= 0 || b.height <= 0) cut.push(`${label}: not drawn`);
        else if (b.left < -0.5 || b.top < -0.5 || b.right > vw + 0.5 || b.bottom > vh + 0.5) cut.push(`${label}: off screen ${JSON.stringify([b.left, b.top, b.right, b.bottom].map(Math.round))}`);
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
          if (getComputedStyle(a).overflow === 'visible') continue;
          const c = a.getBoundingClientRect();
          if (b.top < c.top - 0.5 || b.bottom > c.bottom + 0.5 || b.left < c.left - 0.5 || b.right > c.right + 0.5) cut.push(`${label}: clipped by ${a.getAttribute('class') ?? a.tagName}`);
        }
      }
    }
    const root = document.scrollingElement!;
    return { cut, scroll: { w: root.scrollWidth - vw, h: root.scrollHeight - vh }, full: document.fullscreenElement?.getAttribute('data-testid') ?? null };
  }, REQUIRED);
}

/** Rendered sizes of the main text, px (for the README's readability note). */
async function textSizes(page: Page) {
  return page.evaluate(() => {
    const px = (sel: string) => Math.round(parseFloat(getComputedStyle(document.querySelector(sel)!).fontSize) * 10) / 10;
    const svgText = (sel: string) => Math.round((document.querySelector(sel) as SVGTextElement).getBoundingClientRect().height * 10) / 10;
    return {
      depth: px('[data-testid="trainer-depth"] strong'), caption: px('[data-testid="trainer-layer"]'), body: px('[data-testid="trainer"]'),
      buttons: px('.area-btn'), card: px('.tr-card-facts dd'), sectionLabelBox: svgText('svg.skin-section .layer-name'),
    };
  });
}

describe('trainer layout at projector sizes (Playwright, headless Chromium, simulated pen)', () => {
  let h: Harness | null = null;

  beforeAll(async () => {
    if (!HAS_CHROMIUM) return;
    h = await startHarness(true, 'renderer-trainer-layout');
    expect((await h.session.setArea('CHEEK')).ok).toBe(true);
    expect((await h.session.setDepth(1500)).ok).toBe(true);
  }, 90_000);

  afterAll(async () => {
    await h?.close();
  });

  for (const [width, height] of [[1024, 768], [1280, 800]] as const) {
    it.skipIf(!HAS_CHROMIUM)(`at ${width}×${height}, windowed and full screen, nothing is cut and the page does not scroll, and Stop stops the pen in full screen` + needs.chromium, async () => {
      const { page, problems } = await openTrainer(h!, width, height);
      try {
        await expect.poll(() => page.getByTestId('trainer-area').textContent(), { timeout: 8000 }).toBe('Cheeks and chin');
        await expect.poll(() => page.getByTestId('trainer-depth').textContent(), { timeout: 8000 }).toBe('Set to 1.50 mm');
        const windowed = await measure(page);
        expect(windowed).toEqual({ cut: [], scroll: { w: 0, h: 0 }, full: null });
        await page.screenshot({ path: join(RESULTS, `trainer-${width}x${height}.png`) });
        await page.getByRole('button', { name: 'Full screen' }).click();
        await expect.poll(async () => (await measure(page)).full, { timeout: 5000 }).toBe('trainer');
        expect(await measure(page)).toEqual({ cut: [], scroll: { w: 0, h: 0 }, full: 'trainer' });
        console.log(`trainer text sizes at ${width}×${height} full screen (px): ${JSON.stringify(await textSizes(page))}`);
        const shot = join(RESULTS, `trainer-${width}x${height}-full.png`);
        await page.screenshot({ path: shot });
        toDocs(shot, `screenshot-trainer-${width}x${height}.png`);
        // Stop in full screen: the pen runs, the Stop on the trainer stops it.
        expect((await h!.session.start()).ok).toBe(true);
        await until(() => h!.penState() === 'RUN', 'the pen to run');
        await page.getByRole('button', { name: /STOP/ }).click();
        await until(() => h!.penState() === 'READY', 'the pen to stop after Stop in full screen');
        await page.evaluate(() => document.exitFullscreen());
        expect(problems).toEqual([]);
      } finally {
        await h!.session.stop();
        await page.close();
      }
    }, 60_000);
  }
});
