/**
 * The pure parts of the Electron app, in Node: the main process's log file
 * (rolls over, escapes control characters, never throws) and the Node version
 * check `npm run dist` runs before packaging.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MainLog } from '../../console/electron/main-log.js';
import { electronNodeRange, satisfiesAtLeast } from '../../console/electron/node-check.js';
import { REPO_ROOT } from '../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'penbench-electron-parts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('main process log', () => {
  it('appends timestamped lines with control characters escaped, and rolls over to main.old.log when full', () => {
    const logs = join(dir, 'logs');
    const log = new MainLog(logs, 200, () => new Date('2026-11-30T21:00:00.000Z'));
    log.write('info', 'started');
    log.write('warn', 'pen said \u001b[2J');
    expect(readFileSync(log.file, 'utf8')).toBe('2026-11-30T21:00:00.000Z info started\n2026-11-30T21:00:00.000Z warn pen said \\x1b[2J\n');
    for (let i = 0; i < 10; i++) log.write('info', `line ${i}`);
    expect(readFileSync(join(logs, 'main.old.log'), 'utf8')).toContain('info started');
    expect(readFileSync(log.file, 'utf8').length).toBeLessThan(200 + 60);
  });

  it('a log that cannot be written does not throw', () => {
    const notADir = join(dir, 'file');
    writeFileSync(notADir, '');
    const log = new MainLog(notADir);
    expect(() => log.write('error', 'x')).not.toThrow();
  });
});

describe('npm run dist Node check', () => {
  it('reads the range the installed Electron declares and compares versions', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules/electron/package.json'), 'utf8')) as { engines?: { node?: string } };
    expect(electronNodeRange()).toBe(pkg.engines?.node ?? null);
    expect(satisfiesAtLeast('v22.12.0', '>= 22.12.0')).toBe(true);
    expect(satisfiesAtLeast('v22.11.9', '>=22.12')).toBe(false);
    expect(satisfiesAtLeast('v20.19.1', '>= 22.12.0')).toBe(false);
    expect(satisfiesAtLeast('v23.0.0', '>=22.12.0')).toBe(true);
    expect(satisfiesAtLeast('v22.12.0', '^22.12.0')).toBeNull();
  });
});
