/**
 * The pen CLIs never write a control character from the wire or a file to
 * the terminal: `pen <pty>` against a pen on a real socat pty that puts ESC and
 * BEL in its event and NAK texts, and `pen dump` of recordings with such bytes,
 * of a FIFO and of a file with an enormous line.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { encode, frame, type Message } from '../../protocol/src/index.js';
import { SerialTransport, openPtyPair } from '../../protocol/node/index.js';
import { penCliMain } from '../../console/cli/main.js';
import { hasControl } from '../../console/shared/index.js';
import { HAS_SOCAT, needs } from '../support/requirements.js';
import { ScriptedPen } from '../protocol/support/scripted-pen.js';

const HOSTILE = '\u001b]0;pwned\u0007\u001b[2J\u001b[32mSTOP ACCEPTED\u009b';
const dir = mkdtempSync(join(tmpdir(), 'penbench-cli-term-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI with these stdin lines; returns its exit code, stdout and stderr. */
async function run(argv: string[], input = ''): Promise<{ code: number; out: string; err: string }> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const done = penCliMain(argv, { stdin, stdout, stderr, terminal: false });
  stdin.end(input);
  const code = await done;
  return { code, out, err };
}

/** Control characters other than the line feeds the CLI itself writes. */
const raw = (text: string) => hasControl(text.replace(/\n/g, ''));

describe('terminal output of the pen CLIs', () => {
  it.skipIf(!HAS_SOCAT)('`pen <pty>`: ESC and BEL in a pen event and a NAK text are printed as \\x1b and \\x07, never raw' + needs.socat, async () => {
    const pty = await openPtyPair();
    const penSide = new SerialTransport({ path: pty.b });
    try {
      expect(await penSide.open()).toEqual({ ok: true });
      const pen: ScriptedPen = new ScriptedPen(penSide, {
        answer: (m) => {
          if (m.kind === 'GET_STATUS') queueMicrotask(() => pen.link.emit('EVT', { ev: 'STATE', t: 5, st: 'READY', msg: HOSTILE }));
          if (m.kind === 'SET_DEPTH') return { kind: 'NAK', fields: { code: 'BAD_STATE', msg: HOSTILE } };
          return undefined;
        },
      });
      // The event arrives while the console waits; the NAK answers the typed command.
      const r = await run([pty.a], 'PING\nSET_DEPTH um=300\nPING\nquit\n');
      expect(r.code).toBe(0);
      expect(r.out).toContain('* EVT STATE t=5 st=READY msg=\\x1b]0;pwned\\x07\\x1b[2J\\x1b[32mSTOP ACCEPTED\\x9b');
      expect(r.out).toMatch(/< NAK .*code=BAD_STATE msg=\\x1b\]0;pwned\\x07/);
      expect(raw(r.out)).toBe(false);
      expect(raw(r.err)).toBe(false);
    } finally {
      await penSide.close();
      await pty.close();
    }
  });

  it('`pen dump`: control characters in records, notes and undecodable lines are escaped', async () => {
    const file = join(dir, 'hostile.jsonl');
    const evt = encode({ seq: 7, kind: 'EVT', fields: { ev: 'STATE', t: 9, st: 'READY', msg: HOSTILE } } as unknown as Message).trim();
    writeFileSync(file, [
      JSON.stringify({ type: 'start', format: 1, wall: 1000, target: 'sim', console: 'penbench' }),
      JSON.stringify({ w: 1000, t: 0, d: 'in', l: evt }),
      JSON.stringify({ w: 1001, t: 1, d: 'in', l: `$8 EVT\u001b[31m*0000` }),
      JSON.stringify({ w: 1002, t: 2, d: 'note', l: `dropped 9 bytes from the pen (line too long), first 9: ${HOSTILE}` }),
    ].join('\n') + '\n');
    const r = await run(['dump', file]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('\\x1b]0;pwned\\x07');
    expect(r.out).toContain('< !! BAD_CRC: CRC 0000 but body gives B627  "$8 EVT\\x1b[31m*0000"');
    expect(r.out).toContain('STOP ACCEPTED\\x9b\n');
    expect(r.out).toContain('# dropped 9 bytes from the pen (line too long), first 9: \\x1b]0;pwned');
    expect(raw(r.out)).toBe(false);
  });

  it('`pen dump` of a FIFO fails at once naming it, instead of waiting forever for a writer', async () => {
    const fifo = join(dir, 'capture.fifo');
    execFileSync('mkfifo', [fifo]);
    const t0 = performance.now();
    const r = await run(['dump', fifo]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/dump: cannot read .*capture\.fifo: capture\.fifo is a FIFO, not a regular file/);
    expect(performance.now() - t0).toBeLessThan(3000);
  });

  it('`pen dump` of a file with a 2 MB line reports and skips it with bounded memory, and decodes the rest', async () => {
    const file = join(dir, 'huge-line.txt');
    writeFileSync(file, `${frame('1 PING').trim()}\n${'x'.repeat(2 * 1024 * 1024)}\n${frame('2 ACK re=1').trim()}\n`);
    const r = await run(['dump', file]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`!! line 2: ${2 * 1024 * 1024} bytes, longer than 65536: not a frame or a record, skipped`);
    expect(r.out).toContain('ACK         seq=2');
    expect(r.out).toMatch(/-- 2 lines \(plain lines\): PING 1, ACK 1; 0 undecodable; 0 pen frames lost \(seq gaps\); 1 over-long line\(s\) skipped/);
  });
});
