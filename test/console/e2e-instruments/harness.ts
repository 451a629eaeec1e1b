/**
 * The bench engineer's end-to-end tests: the standalone views page (a
 * production build in its own directory, so it never races the other e2e
 * files' builds) served over the browser-mode bridge to a PenSession on the
 * built-in simulated pen, driven in headless Debian Chromium.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { viteBuildProduction } from '../../../console/server/build-renderer.js';
import { startWebServer, type WebServer } from '../../../console/server/web-server.js';
import { PenSession } from '../../../console/session/index.js';
import type { PenPush } from '../../../console/shared/index.js';
import { launchChromium, watchedPage } from '../../support/browser.js';
import { until } from '../../support/until.js';

const CONFIG = fileURLToPath(new URL('../../../console/renderer/views/vite.views.config.ts', import.meta.url));
/** Screenshots for a look by eye (not compared). */
export const SHOTS = fileURLToPath(new URL('../../../.build/test-results/', import.meta.url));

/** One browser, one server, one session on the simulated pen. */
export class Bench {
  browser!: Browser;
  server!: WebServer;
  session!: PenSession;
  dir = '';
  private buildDir = '';
  penState = '';

  /** Builds, starts and connects; `connect` false leaves the session closed (recordings tests). */
  async start(opts: { telemetryHz?: number; connect?: boolean } = {}): Promise<void> {
    this.dir = mkdtempSync(join(tmpdir(), 'penbench-e2e-inst-'));
    this.buildDir = mkdtempSync(join(tmpdir(), 'penbench-e2e-inst-ui-'));
    mkdirSync(SHOTS, { recursive: true });
    await viteBuildProduction(CONFIG, this.buildDir);
    this.session = new PenSession({ recordingsDir: this.dir, telemetryHz: opts.telemetryHz ?? 50 });
    this.session.subscribe((p: PenPush) => {
      if (p.type === 'tlm') this.penState = p.sample.s;
    });
    this.server = await startWebServer({ session: this.session, rendererDir: this.buildDir, port: 0 });
    this.browser = await launchChromium();
    if (opts.connect !== false) await this.connect();
  }

  /** Connects the simulated pen and waits for it to boot. */
  async connect(): Promise<void> {
    this.penState = '';
    const r = await this.session.connect({ kind: 'sim' });
    if (!r.ok) throw new Error(r.message);
    await until(() => this.penState === 'READY', 'the simulated pen to finish booting');
  }

  async open(view: string): Promise<{ page: Page; problems: string[] }> {
    const { page, problems } = await watchedPage(this.browser, { acceptDownloads: true });
    await page.goto(`${this.server.url}&view=${view}`);
    return { page, problems };
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    await this.session?.close();
    await this.server?.close();
    for (const d of [this.dir, this.buildDir]) if (d) rmSync(d, { recursive: true, force: true });
  }
}
