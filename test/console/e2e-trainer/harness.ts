/**
 * The trainer end to end: the production console UI (built into its own
 * folder, so that other e2e files building in parallel do not race it), the
 * browser-mode bridge with its token, a PenSession and the built-in simulated
 * pen over the simulator's serialport binding, driven in headless Chromium.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { SerialTransport } from '../../../protocol/node/serial-transport.js';
import { viteBuildProduction } from '../../../console/server/build-renderer.js';
import { startWebServer, type WebServer } from '../../../console/server/web-server.js';
import { PenSession, type PenSessionOptions } from '../../../console/session/index.js';
import { simBinding } from '../../../console/session/sim-target.js';
import { replayFactory } from '../../../console/session/replay/index.js';
import { isReplayTarget } from '../../../console/shared/charts/index.js';
import { SIM_PATH } from '../../../console/session/targets.js';
import type { PenPush } from '../../../console/shared/index.js';
import { launchChromium, watchedPage } from '../../support/browser.js';
import { until } from '../../support/until.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CONFIG = join(ROOT, 'console/renderer/vite.config.ts');
export const RESULTS = join(ROOT, '.build/test-results');

/** Options of a harness. */
export interface HarnessOptions {
  /** The built-in pen's path on the simulator's binding, e.g. `sim://pen?dmax=2000` for narrower limits (default sim://pen). */
  simPath?: string;
  /** Session options (recordings, telemetry rate) over the harness's. */
  session?: Partial<PenSessionOptions>;
}

/** The running pieces. */
export interface Harness {
  /** Where the session records. */
  recordingsDir: string;
  browser: Browser;
  server: WebServer;
  session: PenSession;
  /** The pen's state from its latest telemetry frame. */
  penState(): string;
  /** The session's current transport (to cut the link from the host side). */
  transport(): SerialTransport | null;
  close(): Promise<void>;
}

/**
 * Builds the UI into .build/<out> (one folder per test file: files run in parallel) and starts server, session
 * and browser; `connect`: connect the simulated pen first.
 */
export async function startHarness(connect: boolean, out: string, opts: HarnessOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'penbench-e2e-trainer-'));
  mkdirSync(RESULTS, { recursive: true });
  const OUT = join(ROOT, '.build', out);
  await viteBuildProduction(CONFIG, OUT);
  let transport: SerialTransport | null = null;
  const simPath = opts.simPath ?? SIM_PATH;
  const session = new PenSession({
    recordingsDir: dir, telemetryHz: 50,
    // Built-in simulated pens on the simulator's binding, a serial target (a pty simulator) on the platform binding, replays as the session plays them.
    transportFactory: (t) => (isReplayTarget(t) ? replayFactory(dir, t) : () => (transport = t.kind === 'sim' ? new SerialTransport({ path: simPath, binding: simBinding() }) : new SerialTransport({ path: t.path }))),
    ...opts.session,
  });
  let penState = '';
  session.subscribe((p: PenPush) => {
    if (p.type === 'tlm') penState = p.sample.s;
  });
  const server = await startWebServer({ session, rendererDir: OUT, port: 0 });
  const browser = await launchChromium();
  if (connect) {
    const r = await session.connect({ kind: 'sim' });
    if (!r.ok) throw new Error(r.message);
    await until(() => penState === 'READY', 'the simulated pen to finish booting');
  }
  return {
    browser, server, session, recordingsDir: dir,
    penState: () => penState,
    transport: () => transport,
    async close() {
      await browser.close();
      await session.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Opens the console on the Trainer tab at a viewport size. */
export async function openTrainer(h: Harness, width: number, height: number): Promise<{ page: Page; problems: string[] }> {
  const { page, problems } = await watchedPage(h.browser, { viewport: { width, height } });
  await page.goto(`${h.server.url}&view=trainer`);
  await page.getByTestId('trainer').waitFor();
  return { page, problems };
}

/**
 * Counts what a person does: a click is one action, a key one action, typed
 * text one per character (plus one to select what the field held).
 */
export class Actions {
  clicks = 0;
  keys = 0;
  constructor(readonly page: Page) {}
  async click(l: Locator): Promise<void> {
    this.clicks++;
    await l.click();
  }
  async press(key: string): Promise<void> {
    this.keys++;
    await this.page.keyboard.press(key);
  }
  async type(l: Locator, text: string): Promise<void> {
    this.clicks++;
    this.keys += text.length;
    await l.fill(text);
  }
  /** Resets the counts; returns the counts before. */
  take(): { clicks: number; keys: number } {
    const r = { clicks: this.clicks, keys: this.keys };
    this.clicks = 0;
    this.keys = 0;
    return r;
  }
}

/** One axe-core finding. */
export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

/** axe-core's findings on the page, every impact (axe injected without touching the page's CSP). */
export async function axeFindings(page: Page, selector: string): Promise<AxeFinding[]> {
  const source = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  return page.evaluate(async (sel) => {
    const w = window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } };
    const r = await w.axe.run(sel, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  }, selector);
}

/** axe-core's findings of impact serious or critical on the page. */
export async function axeSerious(page: Page, selector: string): Promise<AxeFinding[]> {
  return (await axeFindings(page, selector)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
