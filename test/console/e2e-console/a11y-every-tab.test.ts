/**
 * Accessibility of every tab (issue 14), in headless Chromium on the production UI, the simulated pen
 * connected and running: axe-core finds nothing serious or critical and no landmark finding of any impact,
 * and the focus ring of every control reached with Tab has at least 3:1 against what surrounds it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, needs } from '../../support/requirements.js';
import { until } from '../../support/until.js';
import { watchedPage } from '../../support/browser.js';
import { axeFindings, startHarness, type Harness } from '../e2e-trainer/harness.js';

const VIEWS = ['', 'charts', 'trainer', 'recordings'] as const;

/** In the page: the focused element's ring colours and the colour behind it, and the best contrast between them. */
const RING = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body || !(el instanceof HTMLElement)) return null;
  const rgb = (s) => { const m = /rgba?\\(([^)]+)\\)/.exec(s); if (!m) return null; const p = m[1].split(',').map(Number); return p.length > 3 && p[3] === 0 ? null : p.slice(0, 3); };
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  let bg = null;
  for (let n = el.parentElement; n && !bg; n = n.parentElement) bg = rgb(getComputedStyle(n).backgroundColor);
  bg = bg || [255, 255, 255];
  const cs = getComputedStyle(el);
  const rings = [];
  if (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) rings.push(rgb(cs.outlineColor));
  for (const m of cs.boxShadow.matchAll(/rgba?\\([^)]+\\)/g)) rings.push(rgb(m[0]));
  const own = rgb(cs.backgroundColor) || bg;
  const best = Math.max(0, ...rings.filter(Boolean).map((c) => Math.max(ratio(c, bg), ratio(c, own))));
  return { what: el.tagName + (el.getAttribute('aria-label') ? ' ' + el.getAttribute('aria-label') : ' ' + (el.textContent || '').trim().slice(0, 20)), best: Math.round(best * 100) / 100 };
})()`;

describe('accessibility of every tab (Playwright, headless Chromium, simulated pen running)', () => {
  let h: Harness | null = null;
  let page: Page;
  let problems: string[] = [];

  beforeAll(async () => {
    if (!HAS_CHROMIUM) return;
    h = await startHarness(true, 'renderer-e2e-a11y');
    expect((await h.session.setArea('BODY')).ok).toBe(true);
    expect((await h.session.start()).ok).toBe(true);
    await until(() => h!.penState() === 'RUN', 'the pen to run');
    ({ page, problems } = await watchedPage(h.browser, { viewport: { width: 1280, height: 800 } }));
  }, 90_000);

  afterAll(async () => {
    await h?.session.stop();
    await h?.close();
  });

  const open = async (view: string) => {
    await page.goto(view ? `${h!.server.url}&view=${view}` : h!.server.url);
    await page.getByTestId('stop-button').first().waitFor();
    await page.waitForTimeout(500);
  };

  it.skipIf(!HAS_CHROMIUM)('axe-core: nothing serious or critical, and no landmark finding, on every tab' + needs.chromium, async () => {
    for (const view of VIEWS) {
      await open(view);
      const found = (await axeFindings(page, 'body')).filter(
        (v) => v.impact === 'serious' || v.impact === 'critical' || v.id === 'region' || v.id.startsWith('landmark'),
      );
      expect({ view: view || 'console', found }).toEqual({ view: view || 'console', found: [] });
    }
    expect(problems).toEqual([]);
  }, 90_000);

  it.skipIf(!HAS_CHROMIUM)('the focus ring has at least 3:1 against its surroundings, on every control Tab reaches' + needs.chromium, async () => {
    const weak: unknown[] = [];
    let seen = 0;
    for (const view of VIEWS) {
      await open(view);
      await page.locator('body').click({ position: { x: 2, y: 2 } });
      for (let i = 0; i < 30; i++) {
        await page.keyboard.press('Tab');
        const r = (await page.evaluate(RING)) as { what: string; best: number } | null;
        if (!r) continue;
        seen++;
        if (r.best < 3) weak.push({ view: view || 'console', ...r });
      }
    }
    expect(seen).toBeGreaterThan(60);
    expect(weak).toEqual([]);
    expect(problems).toEqual([]);
  }, 120_000);
});
