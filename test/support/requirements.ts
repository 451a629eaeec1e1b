/**
 * External tools some tests need. Without them a test reports itself skipped,
 * naming the reason and the install command; .ci/run installs them and fails
 * the run if anything was skipped.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function onPath(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Path of Debian's Chromium, or null. */
export const CHROMIUM_PATH: string | null = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)) ?? null;
export const HAS_SOCAT = onPath('socat');
export const HAS_CHROMIUM = CHROMIUM_PATH !== null;

/** Suffix for a test title when its tool is missing, e.g. `it.skipIf(!HAS_SOCAT)('x' + needs.socat, ...)`. */
export const needs = {
  socat: HAS_SOCAT ? '' : ' [skipped: socat not installed; apt-get install -y socat]',
  chromium: HAS_CHROMIUM ? '' : ' [skipped: chromium not installed; apt-get install -y chromium]',
};
