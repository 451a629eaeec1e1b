/**
 * Truth about a pen the console leaves and comes back to, in headless Chromium against the simulator as its
 * own process on a socat pty (so the pen outlives the console's connections, as a real one does):
 * - a replay started from a running pen asks first, then STOPs the pen and waits for the ACK before letting
 *   go: connected again, the pen has latched nothing (no LINK_LOST);
 * - a link the console loses while the pen runs: the pen's lease stops it and latches LINK_LOST meanwhile;
 *   after the reconnection the fault banner names it from the pen's STATUS, with every latched fault.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_CHROMIUM, HAS_SOCAT, needs } from '../../support/requirements.js';
import { startPtySim, type PtySim } from '../../support/pty-sim.js';
import { until } from '../../support/until.js';
import { watchedPage } from '../../support/browser.js';
import { startHarness, type Harness } from '../e2e-trainer/harness.js';

const ok = HAS_CHROMIUM && HAS_SOCAT;

// Retried: in full CI runs (2 cores, another browser test beside it) it failed in 4 of 5 runs, with the pen no
// longer running on the Recordings tab, and never alone or beside the heaviest tests. A failed wait prints what
// the page, the session and the host saw (explain below) even when a retry then passes.
describe('leaving and finding a pen again (Playwright, headless Chromium, simulator on a pty)', { retry: 2 }, () => {
  let h: Harness | null = null;
  let sim: PtySim | null = null;
  let page: Page;
  let problems: string[] = [];

  beforeAll(async () => {
    if (!ok) return;
    sim = await startPtySim(['--cartridge', 'N16-OK-01']);
    // A reconnection waits 1.5 s: longer than the pen's 500 ms lease, so a lost link while running latches LINK_LOST.
    h = await startHarness(false, 'renderer-e2e-leave', { session: { client: { reconnect: { initialMs: 1500, maxMs: 3000 } } } });
    ({ page, problems } = await watchedPage(h.browser, { viewport: { width: 1280, height: 800 } }));
  }, 90_000);

  afterAll(async () => {
    await h?.close();
    await sim?.stop();
  });

  const connectAndRun = async () => {
    const s = h!.session;
    if (s.clientStats) await s.disconnect();
    expect(await s.connect({ kind: 'serial', path: sim!.path })).toEqual({ ok: true });
    await until(() => h!.penState() === 'READY' || h!.penState() === 'FAULT', 'the pen to report its state');
    // (A retry finds the pen as the failed attempt left it.)
    if (h!.penState() === 'FAULT') expect((await s.clearFault()).ok).toBe(true);
    expect((await s.setArea('BODY')).ok).toBe(true);
    expect((await s.setDepth(1000)).ok).toBe(true);
    expect((await s.start()).ok).toBe(true);
    await until(() => h!.penState() === 'RUN', 'the pen to run');
  };

  it.skipIf(!ok)('SR-16 a replay from a running pen asks first, sends STOP and waits for its ACK: the pen latched nothing' + needs.chromium + needs.socat, async () => {
    // A finished recording to replay (the live session's own is still being written: it cannot be replayed).
    if (h!.session.clientStats) await h!.session.disconnect();
    expect(await h!.session.connect({ kind: 'serial', path: sim!.path })).toEqual({ ok: true });
    await until(() => h!.penState() === 'READY' || h!.penState() === 'FAULT', 'the pen to report its state');
    expect((await h!.session.disconnect()).ok).toBe(true);
    await connectAndRun();
    const liveRecording = h!.session.recordingPath!;
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    // A wait that fails says what the page showed, what the session knows of the pen, and how the host fared.
    const explain = (what: string) => async (e: unknown) => {
      const st = (await h!.session.getSnapshot()).state;
      const why = new Error(`${what}: the page said "${await page.getByTestId('pen-state').textContent()}", ` +
        `the session ${st.link} ${st.info?.st ?? '?'} latched [${(st.faults?.latched ?? []).join(',')}] tlm ${st.tlm?.s ?? '?'}, ` +
        `host stalls ${h!.session.clientStats?.hostStalls ?? '?'}, this process's event loop blocked up to ${Math.round(loopDelay.max / 1e6)} ms`, { cause: e });
      console.log(`leave-and-reconnect: ${why.message}`);
      throw why;
    };
    await page.goto(`${h!.server.url}&view=recordings`);
    // The question below names a running pen: wait until the page knows it runs (before its first state arrives the
    // page asks "The pen may be running").
    await page.getByTestId('pen-state').getByText('Pen: RUN').waitFor({ timeout: 15_000 }).catch(explain('no "Pen: RUN" on the Recordings tab'));
    const replay1 = page.locator('button:enabled', { hasText: 'Replay 1×' }).first();
    await replay1.click();
    const dialog = page.getByTestId('leave-dialog');
    await dialog.waitFor({ timeout: 15_000 }).catch(explain('no leave dialog after Replay 1×'));
    expect(await dialog.textContent()).toContain('The pen is running');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForTimeout(700);
    expect(h!.penState()).toBe('RUN');
    await replay1.click();
    await page.getByRole('button', { name: 'Stop the pen and continue' }).click();
    await expect.poll(() => page.getByTestId('link-state').textContent(), { timeout: 10_000 }).toMatch(/^Replaying|^Replay finished/);
    // The live session's recording: STOP went out and its ACK came back before the link was closed.
    const lines = readFileSync(liveRecording, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { d?: string; l?: string });
    const stopAt = lines.findIndex((r) => r.d === 'out' && / STOP\*/.test(r.l ?? ''));
    expect(stopAt).toBeGreaterThan(0);
    const seq = /^\$(\d+) /.exec(lines[stopAt]!.l!)![1];
    const ackAt = lines.findIndex((r, i) => i > stopAt && r.d === 'in' && new RegExp(` ACK re=${seq}\\b`).test(r.l ?? ''));
    const closedAt = lines.findIndex((r) => r.d === 'note' && /^link closed/.test(r.l ?? ''));
    expect(ackAt).toBeGreaterThan(stopAt);
    expect(closedAt).toBeGreaterThan(ackAt);
    // Well past the pen's 500 ms lease, the pen itself says: nothing latched.
    await page.waitForTimeout(1200);
    expect((await h!.session.disconnect()).ok).toBe(true);
    expect(await h!.session.connect({ kind: 'serial', path: sim!.path })).toEqual({ ok: true });
    const snap = await h!.session.getSnapshot();
    expect(snap.state.faults?.latched).toEqual([]);
    expect(snap.state.info?.st).toBe('READY');
    loopDelay.disable();
    expect(problems).toEqual([]);
  }, 90_000);

  it.skipIf(!ok)('SR-14 after a reconnection the fault banner names the fault that latched while the console was away, from the pen\'s STATUS' + needs.chromium + needs.socat, async () => {
    await connectAndRun();
    await page.goto(h!.server.url);
    await page.getByTestId('tlm-state').getByText('RUN').waitFor({ timeout: 10_000 });
    // The console loses its link (the host side closes the port); the pen hears nothing for 1.5 s and stops (SR-11).
    await h!.transport()!.close();
    await expect.poll(() => page.getByTestId('link-state').textContent(), { timeout: 10_000 }).toMatch(/^Connected/);
    const banner = page.getByTestId('fault-banner');
    await banner.waitFor({ timeout: 10_000 });
    expect(await banner.locator('h2').textContent()).toBe('Fault: LINK LOST');
    expect(await banner.textContent()).toContain('The pen heard nothing from the console for 500 ms while running and stopped.');
    expect(await page.getByTestId('fault-latched').textContent()).toMatch(/^Latched on the pen: LINK LOST/);
    expect(await banner.textContent()).not.toContain('UNKNOWN');
    await page.getByRole('button', { name: 'Clear fault' }).click();
    await banner.waitFor({ state: 'detached', timeout: 10_000 });
    expect(problems).toEqual([]);
  }, 90_000);
});
