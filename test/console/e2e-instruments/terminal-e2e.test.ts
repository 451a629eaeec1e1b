/**
 * The protocol terminal and the message inspector, driven as a bench
 * engineer would in headless Chromium: raw lines with time, direction and
 * meaning; a kind filtered out; a command typed with Tab completion, sent,
 * answered by the pen (and refused by it), recalled with ↑; the inspector's
 * counts and rates, and a numeric field plotted by a click.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, needs } from '../../support/requirements.js';
import { axeSerious } from '../e2e-trainer/harness.js';
import { Bench, SHOTS } from './harness.js';

describe('protocol terminal and message inspector in the browser', () => {
  const bench = new Bench();
  beforeAll(async () => {
    if (HAS_CHROMIUM) await bench.start({ telemetryHz: 50 });
  }, 90_000);
  afterAll(async () => {
    if (HAS_CHROMIUM) await bench.stop();
  });

  it.skipIf(!HAS_CHROMIUM)('terminal: raw lines with time, direction and meaning; filter by kind; a typed command completed with Tab, sent, answered and recalled with ↑' + needs.chromium, async () => {
    const { page, problems } = await bench.open('terminal');
    try {
      const lines = page.getByTestId('terminal-lines');
      // Telemetry arrives at 50 Hz: decoded, with the pen as its source.
      const tlm = lines.locator('[data-kind="TLM"][data-dir="in"]').last();
      await expect.poll(() => tlm.textContent(), { timeout: 10_000 }).toMatch(/^\d\d:\d\d:\d\d\.\d{3}← pen\$\d+ TLM t=\d+ s=READY .*\*[0-9A-F]{4}TLM #\d+ t=\d+ s=READY d=\d+ m=\d+/);
      // Heartbeat PINGs go out.
      await expect.poll(() => lines.locator('[data-kind="PING"][data-dir="out"]').count()).toBeGreaterThan(0);
      // Filter TLM out: none left in the view.
      await page.getByLabel('Show TLM').uncheck();
      await expect.poll(() => lines.locator('[data-kind="TLM"]').count()).toBe(0);
      // Type with Tab completion: "SET_D" → "SET_DEPTH ", "u" → "um=".
      const input = page.getByLabel('Command to send');
      await input.click();
      await page.keyboard.type('SET_D');
      await page.keyboard.press('Tab');
      await expect.poll(() => input.inputValue()).toBe('SET_DEPTH ');
      await page.keyboard.type('u');
      await page.keyboard.press('Tab');
      await expect.poll(() => input.inputValue()).toBe('SET_DEPTH um=');
      await page.keyboard.type('1200');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('command-outcome').last().textContent()).toMatch(/^✓ SET_DEPTH um=1200 → ACK re=\d+/);
      // The line went out and its ACK came back, both in the terminal; the pen has the depth.
      await expect.poll(() => lines.locator('[data-kind="SET_DEPTH"][data-dir="out"]').last().textContent()).toMatch(/→ pen\$\d+ SET_DEPTH um=1200\*/);
      await expect.poll(async () => (await bench.session.getSnapshot()).state.info?.um).toBe(1200);
      // The pen refuses an impossible depth: its NAK and the reason in words.
      await input.fill('SET_DEPTH um=3000');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('command-outcome').last().textContent()).toMatch(/^✗ SET_DEPTH um=3000: NAK re=\d+ code=DEPTH_RANGE.* — /);
      await expect.poll(() => lines.locator('[data-kind="NAK"]').last().textContent()).toContain('DEPTH_RANGE');
      // A typo is named before anything is sent.
      await input.fill('SET_DEPTH mm=1');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('command-outcome').last().textContent()).toContain('mm: not a key of SET_DEPTH; keys: um');
      // ↑ recalls the history, newest first.
      await page.keyboard.press('ArrowUp');
      await expect.poll(() => input.inputValue()).toBe('SET_DEPTH mm=1');
      await page.keyboard.press('ArrowUp');
      await expect.poll(() => input.inputValue()).toBe('SET_DEPTH um=3000');
      // Several candidates: Tab lists them.
      await input.fill('GET_');
      await page.keyboard.press('Tab');
      await expect.poll(() => page.getByTestId('completions').textContent()).toMatch(/GET_INFO.*GET_STATUS/);
      await page.screenshot({ path: join(SHOTS, 'terminal.png') });
      // Checked once the lines overflow: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable).
      await expect.poll(() => lines.evaluate((el) => el.scrollHeight > el.clientHeight), { timeout: 20_000 }).toBe(true);
      expect(await axeSerious(page, '.terminal')).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it.skipIf(!HAS_CHROMIUM)('inspector: count, rate and last values per kind; a click on a numeric field plots it' + needs.chromium, async () => {
    const { page, problems } = await bench.open('inspector');
    try {
      const row = page.getByTestId('inspector').locator('tr[data-key="in TLM"]');
      await expect.poll(async () => Number((await row.getByTestId('count').textContent())?.replace(/,/g, '')), { timeout: 10_000 }).toBeGreaterThan(100);
      // 50 Hz asked of the pen.
      await expect.poll(async () => Number((await row.getByTestId('rate').textContent())?.replace('/s', ''))).toBeGreaterThan(40);
      expect(Number((await row.getByTestId('rate').textContent())?.replace('/s', ''))).toBeLessThan(60);
      expect(await page.getByTestId('inspector').locator('tr[data-key="out PING"]').count()).toBe(1);
      await row.getByRole('button', { name: /^b=\d+$/ }).click();
      const plot = page.getByTestId('field-plot-path');
      await expect.poll(async () => Number(await plot.getAttribute('data-points'))).toBeGreaterThan(20);
      const latest = Number(await page.getByTestId('plot-latest').textContent());
      expect(latest).toBeGreaterThan(0);
      expect(latest).toBeLessThanOrEqual(100);
      await page.screenshot({ path: join(SHOTS, 'inspector.png') });
      expect(await axeSerious(page, '.inspector')).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);
});
