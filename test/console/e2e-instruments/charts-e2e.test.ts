/**
 * The Charts tab's instruments and a replay driven like a log viewer, in
 * headless Chromium over the browser bridge and the simulated pen: series
 * chosen, the depth axis autoscaled and zoomed, a readout under the mouse,
 * the pen's events and a fault marked on the time axis, the telemetry rate
 * asked of the pen with its answer; then the recording of that run replayed:
 * no "live" pill, the recorded set rate in the rate band, pause, seek by the
 * timeline, and jumps to the previous fault and the next event.
 */
import { basename, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, needs } from '../../support/requirements.js';
import { axeSerious } from '../e2e-trainer/harness.js';
import { Bench, SHOTS } from './harness.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('charts instruments and replay in the browser', () => {
  const bench = new Bench();
  let recording = '';
  beforeAll(async () => {
    if (HAS_CHROMIUM) await bench.start({ telemetryHz: 50 });
  }, 90_000);
  afterAll(async () => {
    if (HAS_CHROMIUM) await bench.stop();
  });

  const domain = async (page: Page): Promise<[number, number]> =>
    (await page.getByLabel(/^Needle depth/).getAttribute('data-domain'))!.split('|').map(Number) as [number, number];

  it.skipIf(!HAS_CHROMIUM)('series, depth axis auto and zoom, hover readout, event and fault markers, telemetry rate with the pen\'s answer' + needs.chromium, async () => {
    const s = bench.session;
    const { page, problems } = await bench.open('charts');
    try {
      recording = basename(s.recordingPath!);
      expect((await s.setArea('CHEEK')).ok).toBe(true);
      expect((await s.setDepth(1000)).ok).toBe(true);
      expect((await s.setRate(100)).ok).toBe(true);
      expect((await s.start()).ok).toBe(true);
      const startedAt = (await s.getSnapshot()).state.tlm!.t;
      // A 10 s window that, once full, holds only the steady run (not the 1 mm/s slew from 0 of SR-04).
      await page.getByLabel('Chart window length').selectOption('10000');
      await sleep(2500);
      // Series: temperature on, rate off.
      await page.getByLabel('Show Temperature').check();
      await expect.poll(async () => Number(await page.getByTestId('series-c').getAttribute('data-points'))).toBeGreaterThan(10);
      await page.getByLabel('Show Depth error').check();
      await expect.poll(async () => Number(await page.getByTestId('series-e').getAttribute('data-points'))).toBeGreaterThan(10);
      await page.getByLabel('Show Rate').uncheck();
      await expect.poll(() => page.getByTestId('series-rate').count()).toBe(0);
      // Depth axis: full 0–2.5 mm, then fitted to the window (setpoint 1.00 ± the tolerance), then zoomed in.
      expect(await domain(page)).toEqual([-0.1, 2.7]);
      await page.getByRole('button', { name: 'Auto', exact: true }).click();
      await expect.poll(async () => (await s.getSnapshot()).state.tlm!.t, { timeout: 15_000 }).toBeGreaterThan(startedAt + 11_500);
      await expect.poll(async () => { const [a, b] = await domain(page); return b - a; }).toBeLessThan(0.6);
      const [a, b] = await domain(page);
      expect(a).toBeLessThanOrEqual(0.85);
      expect(b).toBeGreaterThanOrEqual(1.15);
      await page.getByRole('button', { name: 'Zoom the depth axis in' }).click();
      await expect.poll(async () => { const [c, d] = await domain(page); return d - c; }).toBeLessThan((b - a) * 0.6);
      // Hover: the readout names the frame under the mouse.
      const surface = page.getByTestId('hover-surface').first();
      const box = (await surface.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2);
      await expect.poll(() => page.getByTestId('hover-readout').textContent()).toMatch(/^at \d+\.\d s · set 1\.00 mm · measured [01]\.\d\d mm · error [+-]0\.\d{3} mm · \d+ Hz · \d+\.\d °C · battery \d+ % · [\d,]+ strokes$/);
      expect(await page.getByTestId('hover-cursor').count()).toBeGreaterThan(0);
      await page.mouse.move(0, 0);
      // A fault: the motor stalls (SR-06 RATE_DEVIATION), marked red on the time axis with its name.
      expect((await s.engOpen()).ok).toBe(true);
      expect((await s.simFault('STALL')).ok).toBe(true);
      await expect.poll(async () => (await s.getSnapshot()).state.fault?.code, { timeout: 5000 }).toBe('RATE_DEVIATION');
      await expect.poll(() => page.locator('[data-testid="event-marks"] .mark-fault').count(), { timeout: 5000 }).toBeGreaterThan(0);
      expect(await page.locator('.mark-fault').first().locator('text').first().textContent()).toBe('FAULT');
      expect(await page.locator('.mark-event').count()).toBeGreaterThan(0);
      await page.screenshot({ path: join(SHOTS, 'charts-instruments.png') });
      expect(await axeSerious(page, '#charts-panel')).toEqual([]);
      await s.stop();
      await s.simFault('CLEAR');
      await sleep(300);
      await s.clearFault();
      // Telemetry rate: asked of the pen, its answer shown; beyond INFO tmax not sent.
      const rate = page.getByLabel(/^Telemetry rate, Hz \(0 to 200\)$/);
      await rate.fill('100');
      await page.getByRole('button', { name: 'Set rate' }).click();
      await expect.poll(() => page.getByTestId('tlm-rate-answer').textContent()).toBe('The pen accepted 100 Hz.');
      await expect.poll(() => page.getByTestId('tlm-rate-status').textContent(), { timeout: 6000 }).toMatch(/^pen sends 100 Hz \(max 200\); measured (9\d|10\d)\/s$/);
      await rate.fill('500');
      await page.getByRole('button', { name: 'Set rate' }).click();
      await expect.poll(() => page.getByTestId('tlm-rate-answer').textContent()).toBe('Not sent: the pen takes 0–200 Hz (its INFO tmax).');
      expect((await s.getSnapshot()).state.tlmHz).toBe(100);
      await s.setTelemetryRate(50);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);

  it.skipIf(!HAS_CHROMIUM)('replay like a log viewer: no live pill, the recorded set rate, pause, seek by the timeline, previous fault and next event' + needs.chromium, async () => {
    await bench.session.disconnect();
    const { page, problems } = await bench.open('recordings');
    try {
      const row = page.getByTestId('recordings').locator('tbody tr', { has: page.locator(`td[title="${recording}"]`) });
      await row.getByRole('button', { name: 'Replay 1×' }).click();
      await expect.poll(() => page.getByRole('tab', { name: 'Charts' }).getAttribute('aria-selected')).toBe('true');
      await expect.poll(() => page.getByTestId('replay-pill').textContent()).toBe('replay 1×');
      expect(await page.getByTestId('chart-mode').textContent()).toBe('following the replay');
      expect(await page.locator('.chart-live').count()).toBe(0);
      // The rate band: the set rate the recording shows (100 Hz after SET_RATE), not the simulator's 120.
      await expect.poll(() => page.getByLabel(/^Stroke rate/).getAttribute('data-set-hz'), { timeout: 8000 }).toBe('100');
      await page.getByRole('button', { name: 'Pause the replay' }).click();
      await expect.poll(() => page.getByTestId('replay-pill').textContent()).toBe('replay paused');
      const held = await page.getByTestId('replay-position').textContent();
      await sleep(800);
      expect(await page.getByTestId('replay-position').textContent()).toBe(held);
      // Drag to the end (the keyboard's End on the timeline): the replay seeks there.
      const timeline = page.getByLabel('Replay position (device time)');
      await timeline.focus();
      await page.keyboard.press('End');
      await expect.poll(async () => (await bench.session.getSnapshot()).state.replay?.done, { timeout: 8000 }).toBe(true);
      const total = (await bench.session.getSnapshot()).state.replay!.totalDeviceMs;
      // Back to the fault: the position is the fault's, and its marker is in the charts.
      await page.getByRole('button', { name: 'Previous fault' }).click();
      await expect.poll(async () => (await bench.session.getSnapshot()).state.replay!.deviceMs).toBeLessThan(total);
      const atFault = (await bench.session.getSnapshot()).state.replay!.deviceMs;
      await expect.poll(() => page.locator('.mark-fault').count()).toBeGreaterThan(0);
      await page.getByRole('button', { name: 'Next event' }).click();
      await expect.poll(async () => (await bench.session.getSnapshot()).state.replay!.deviceMs).toBeGreaterThan(atFault);
      // Nothing before the first fault: said so, position unchanged.
      await page.getByRole('button', { name: 'Previous fault' }).click();
      await page.getByRole('button', { name: 'Previous fault' }).click();
      await expect.poll(() => page.getByTestId('replay-said').textContent()).toBe('No earlier fault in this recording.');
      await page.screenshot({ path: join(SHOTS, 'replay-bar.png') });
      expect(await axeSerious(page, '.replay-bar')).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);
});
