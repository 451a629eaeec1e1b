/**
 * Managing recordings as a bench engineer would, in headless Chromium: the
 * session being recorded shows as in progress (no delete); after it closes
 * the list shows its pen serial, firmware, duration and faults; a recording
 * is named and found by the filter; another is deleted after a confirmation;
 * a one-hour 200 Hz recording opens the second time from its index, at once.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, needs } from '../../support/requirements.js';
import { simSessionRecording } from '../replay/support/sim-session.js';
import { writeTelemetryRecording } from '../support/hour-recording.js';
import { axeSerious } from '../e2e-trainer/harness.js';
import { Bench, SHOTS } from './harness.js';

describe('recordings management in the browser', () => {
  const bench = new Bench();
  beforeAll(async () => {
    if (HAS_CHROMIUM) await bench.start({ telemetryHz: 50 });
  }, 90_000);
  afterAll(async () => {
    if (HAS_CHROMIUM) await bench.stop();
  });

  it.skipIf(!HAS_CHROMIUM)('in progress while recorded; pen, duration and faults once closed; rename, filter, delete with confirmation' + needs.chromium, async () => {
    const s = bench.session;
    const live = basename(s.recordingPath!);
    const other = 'session-20261121T080000Z-sim.jsonl';
    writeFileSync(join(bench.dir, other), simSessionRecording({ durationMs: 10_000, wall0: Date.UTC(2026, 10, 21, 8) }).text);
    const { page, problems } = await bench.open('recordings');
    try {
      const row = (name: string) => page.locator(`tr[data-name="${name}"]`);
      await expect.poll(() => row(live).getByTestId('recording-status').textContent()).toBe('in progress (being recorded)');
      expect(await row(live).getByRole('button', { name: 'Delete…' }).isDisabled()).toBe(true);
      await s.setArea('CHEEK');
      await s.setDepth(1000);
      await s.start();
      await new Promise((r) => setTimeout(r, 1500));
      await s.stop();
      await s.disconnect();
      await page.getByRole('button', { name: 'Refresh' }).click();
      await expect.poll(() => row(live).getByTestId('recording-status').textContent()).toBe('complete');
      expect(await row(live).getByTestId('recording-pen').textContent()).toMatch(/^PB-SIM-0001 · \S+/);
      expect(await row(live).getByTestId('recording-duration').textContent()).toMatch(/^0:0\d$/);
      expect(await row(live).getByTestId('recording-faults').textContent()).toBe('0');
      // Rename, then find it by a word of its name.
      await row(live).getByRole('button', { name: 'Rename' }).click();
      await page.getByLabel(`New name for ${live}`).fill('Cheek 1.00 mm, servo check');
      await page.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => row(live).getByTestId('recording-name').textContent()).toBe('Cheek 1.00 mm, servo check');
      await page.getByLabel('Filter recordings').fill('servo');
      await expect.poll(() => page.getByTestId('filter-count').textContent()).toBe(' 1 of 2');
      expect(await row(other).count()).toBe(0);
      await page.getByLabel('Filter recordings').fill('');
      // Delete the other one: asked first, kept on "Keep it", gone on "Delete".
      await row(other).getByRole('button', { name: 'Delete…' }).click();
      await row(other).getByRole('button', { name: 'Keep it' }).click();
      expect(existsSync(join(bench.dir, other))).toBe(true);
      await row(other).getByRole('button', { name: 'Delete…' }).click();
      await expect.poll(() => page.getByRole('alertdialog').textContent()).toContain(`Delete ${other} for good?`);
      await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
      await expect.poll(() => row(other).count()).toBe(0);
      expect(existsSync(join(bench.dir, other))).toBe(false);
      await page.screenshot({ path: join(SHOTS, 'recordings-manage.png') });
      expect(await axeSerious(page, '.recordings')).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it.skipIf(!HAS_CHROMIUM)('a one-hour 200 Hz recording: the first open scans and indexes it, the second reads the index at once' + needs.chromium, async () => {
    const hour = 'session-20261121T090000Z-sim.jsonl';
    // Telemetry only, written fast (test/console/support/hour-recording.ts): the index is what is tested here.
    writeTelemetryRecording(join(bench.dir, hour));
    const { page, problems } = await bench.open('recordings');
    try {
      const row = page.locator(`tr[data-name="${hour}"]`);
      await expect.poll(() => row.getByTestId('recording-faults').textContent()).toBe('—');
      await row.getByRole('button', { name: 'Open' }).click();
      await expect.poll(() => page.getByLabel('Session summary').textContent(), { timeout: 30_000 }).toMatch(/1:00:00 of telemetry/);
      const first = Number((await page.getByTestId('load-time').textContent())!.replace(' s', ''));
      await page.getByRole('button', { name: 'Refresh' }).click();
      await expect.poll(() => row.getByTestId('recording-duration').textContent()).toMatch(/^(59:59|60:00)$/);
      await row.getByRole('button', { name: 'Open' }).click();
      await expect.poll(() => page.getByLabel('Whole session').textContent()).toContain('from its index in');
      const second = Number((await page.getByTestId('load-time').textContent())!.replace(' s', ''));
      expect(second).toBeLessThan(0.2);
      expect(second).toBeLessThan(first / 5);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);
});
