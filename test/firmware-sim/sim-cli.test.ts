/**
 * Integration: `npm run sim -- --pty` as its own process, driven by the real
 * PenClient over protocol/node/serial-transport.ts (serialport on the pty).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT as ROOT } from '../support/run-cli.js';
import { openPtyPair, type PtyPair } from '../../protocol/node/pty-pair.js';
import { SerialTransport } from '../../protocol/node/serial-transport.js';
import { HAS_SOCAT, needs } from '../support/requirements.js';
import { driveScenario } from './support/scenario.js';

let child: ChildProcess | null = null;
let pair: PtyPair | null = null;

function startSim(args: string[], ready = /^PTY (\S+)$/m): Promise<{ ptyPath: string; out: () => string }> {
  return new Promise((resolve, reject) => {
    // Own process group so afterAll can end npm, tsx and node together by this pid.
    child = spawn('npm', ['run', '--silent', 'sim', '--', ...args], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no PTY line within 20 s; output: ${out}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ ptyPath: m[1]!, out: () => out });
      }
    });
    child.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.once('exit', (code) => reject(new Error(`sim exited ${code}: ${out}`)));
  });
}

/** End the simulator's process group (npm, tsx, node and its socat) and wait for it to exit. */
async function stopSim(): Promise<void> {
  const c = child;
  child = null;
  if (!c?.pid || c.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
  try {
    process.kill(-c.pid, 'SIGTERM');
  } catch {
    return; // already gone
  }
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
}

afterAll(async () => {
  await stopSim();
  await pair?.close();
});

describe('simulator CLI', () => {
  it('a bad option names itself and the allowed values, exit code 2', async () => {
    const r = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const p = spawn('npx', ['tsx', 'firmware-sim/src/cli/sim-cli.ts', '--clock', 'fast'], { cwd: ROOT });
      let err = '';
      p.stderr.on('data', (d: Buffer) => (err += d.toString()));
      p.on('exit', (code) => resolve({ code, err }));
    });
    expect(r.code).toBe(2);
    expect(r.err).toContain('--clock: "fast" is not one of: sim, real');
  });

  it.skipIf(!HAS_SOCAT)('npm run sim -- --pty serves a pen the PenClient drives over serialport: handshake, depth, start, TLM rate, refusal, stop' + needs.socat, async () => {
    const nvm = join(mkdtempSync(join(tmpdir(), 'penbench-sim-')), 'nvm.json');
    const { ptyPath } = await startSim(['--pty', '--nvm', nvm, '--cartridge', 'N12-OK-01', '--seed', '7']);
    const transport = new SerialTransport({ path: ptyPath, baudRate: 115200 });
    const { measuredHz } = await driveScenario(transport, 100);
    console.log(`pty telemetry: ${measuredHz.toFixed(1)} Hz for 100 Hz requested`);
  });

  it.skipIf(!HAS_SOCAT)('npm run sim -- --port <path> serves an existing serial device' + needs.socat, async () => {
    await stopSim();
    pair = await openPtyPair();
    await startSim(['--port', pair.a, '--nvm', ':memory:', '--cartridge', 'N24-OK-01', '--clock', 'sim'], /^PORT (\S+)$/m);
    const { measuredHz } = await driveScenario(new SerialTransport({ path: pair.b, baudRate: 115200 }), 50);
    expect(measuredHz).toBeGreaterThan(45);
  });
});
