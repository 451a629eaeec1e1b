import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseRecording } from '../../console/session/index.js';

const child = fileURLToPath(new URL('./support/record-child.ts', import.meta.url));

describe('session recording survives a killed console', () => {
  it('keeps every telemetry line the session had handled when the process is SIGKILLed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'penbench-kill-'));
    try {
      // Node itself with tsx's loader, not the tsx CLI: the CLI runs the script in a grandchild, so
      // SIGKILL would reach only the wrapper and the recording process would live on.
      const proc = spawn(process.execPath, ['--import', 'tsx', child, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const seen: number[] = [];
      let path = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`child produced no telemetry: ${err}`)), 20_000);
        proc.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const lines = out.split('\n');
          out = lines.pop() ?? '';
          for (const l of lines) {
            if (l.startsWith('recording ')) path = l.slice(10);
            if (l.startsWith('tlm ')) seen.push(Number(l.slice(4)));
          }
          // Kill mid-stream, right after the child reported a frame: no chance to flush anything later.
          if (seen.length >= 30 && path) {
            clearTimeout(timer);
            proc.kill('SIGKILL');
            resolve();
          }
        });
        proc.on('exit', () => resolve());
      });
      await new Promise((r) => proc.once('exit', r).once('close', r));
      expect(proc.signalCode).toBe('SIGKILL');
      expect(path).not.toBe('');
      const text = readFileSync(path, 'utf8');
      // No end record: the process died; but the file is whole lines only.
      expect(text.endsWith('\n')).toBe(true);
      expect(text).not.toContain('"type":"end"');
      const recordedT = new Set(
        parseRecording(text)
          .filter((r) => r.d === 'in' && / TLM /.test(r.l))
          .map((r) => Number(/ t=(\d+)/.exec(r.l)?.[1])),
      );
      const missing = seen.filter((t) => !recordedT.has(t));
      expect(missing).toEqual([]);
      // And nothing is still writing it: the recording process is gone.
      await new Promise((r) => setTimeout(r, 300));
      expect(readFileSync(path, 'utf8')).toBe(text);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
