/**
 * Debian's Chromium for the end-to-end tests and the UI bench: headless,
 * through playwright-core, never a downloaded browser.
 */
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from './requirements.js';

/** Launches /usr/bin/chromium headless with the flags this machine needs; callers check HAS_CHROMIUM first. */
export function launchChromium(): Promise<Browser> {
  if (!CHROMIUM_PATH) throw new Error('chromium not installed (apt-get install -y chromium)');
  return chromium.launch({
    executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A new 1600×1000 page that collects its console errors and uncaught exceptions in `problems`. */
export async function watchedPage(browser: Browser, options: BrowserContextOptions = {}): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, ...options });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return { page, problems };
}
