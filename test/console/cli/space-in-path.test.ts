/**
 * A checkout under a folder whose name has a space (as on many Windows and
 * macOS machines): the HIL suite loads its scenarios and the simulator CLI
 * runs, through the npm scripts as QA types them. A file URL's pathname
 * (`pen%20bench`) used as a path would fail here with ENOENT.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SerialTransport } from '../../../protocol/node/serial-transport.js';
import { PenClient } from '../../../protocol/src/index.js';
import { HAS_SOCAT, needs } from '../../support/requirements.js';
import { REPO_ROOT } from '../../support/run-cli.js';
import { spawn } from 'node:child_process';

const NOT_COPIED = new Set(['node_modules', '.build', 'dist', 'out', '.git']);
const base = mkdtempSync(join(tmpdir(), 'pen bench-'));
const copy = join(base, 'pen bench', 'checkout');

function npm(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile('npm', args, { cwd: copy, timeout: 50_000 }, (e, out, err) => resolve({ code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, out, err }));
  });
}

beforeAll(() => {
  mkdirSync(copy, { recursive: true });
  cpSync(REPO_ROOT, copy, { recursive: true, filter: (src) => !NOT_COPIED.has(basename(src)) || src === REPO_ROOT });
  // The installed packages are shared, not copied: the sources and their paths are what is under test.
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('a checkout in a folder with a space in its name', () => {
  it('`npm run hil -- --target sim --filter …` loads the YAML scenarios and passes', async () => {
    expect(existsSync(join(copy, 'test/hil/scenarios/sr-02-area-cap.yaml'))).toBe(true);
    const r = await npm(['run', '--silent', 'hil', '--', '--target', 'sim', '--filter', 'SR-02']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/PASS SC\.SR-02 .*scenario/);
    expect(r.out).toMatch(/hil: \d+ passed, 0 failed/);
  });

  it('`npm run sim -- --factory-reset` writes an NVM file under a path with spaces', async () => {
    const nvm = join(copy, 'nvm dir', 'nvm.json');
    const r = await npm(['run', '--silent', 'sim', '--', '--factory-reset', '--nvm', nvm]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`FACTORY-RESET ${nvm} gen=`);
    expect(existsSync(nvm)).toBe(true);
  });

  it.skipIf(!HAS_SOCAT)('`npm run sim -- --pty` started there serves a pen the client handshakes with' + needs.socat, async () => {
    const sim = spawn('npm', ['run', '--silent', 'sim', '--', '--pty', '--nvm', ':memory:'], { cwd: copy, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const path = await new Promise<string>((resolve, reject) => {
        let out = '';
        sim.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /^PTY (\S+)$/m.exec(out);
          if (m) resolve(m[1]!);
        });
        sim.once('exit', (code) => reject(new Error(`sim exited ${code}`)));
      });
      const client = new PenClient({ transport: new SerialTransport({ path }) });
      const c = await client.connect();
      await client.close();
      expect(c.ok && c.info.serial).toBe('PB-SIM-0001');
    } finally {
      // Its own process group: npm, node and socat end together.
      process.kill(-sim.pid!, 'SIGTERM');
      await new Promise((r) => sim.once('close', r));
    }
  });
});
