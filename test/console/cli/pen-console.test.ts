/**
 * The pen console (`penbench pen`) shows what happened on the wire: losses
 * only when frames were lost, answers before the events they caused (the wire
 * order), asynchronous lines above the prompt rather than after it, the pen's
 * own ranges in `help`, and `dump --json` for scripts. Driven against the
 * simulator through its serialport binding.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { frame, MemoryPair, PenClient } from '../../../protocol/src/index.js';
import { SerialTransport } from '../../../protocol/node/serial-transport.js';
import { createSimBinding } from '../../../firmware-sim/src/node/sim-binding.js';
import { helpText } from '../../../console/cli/completion.js';
import { TlmSummary } from '../../../console/cli/format.js';
import { penCliMain } from '../../../console/cli/main.js';
import { PenRepl } from '../../../console/cli/repl.js';
import { hasControl } from '../../../console/shared/index.js';
import { screenLines } from '../../support/screen.js';
import { until } from '../../support/until.js';
import { ScriptedPen } from '../../protocol/support/scripted-pen.js';

const dir = mkdtempSync(join(tmpdir(), 'penbench-pen-console-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function simRepl(path: string, tlmPeriodMs = 200): Promise<{ repl: PenRepl; client: PenClient; out: () => string; close: () => Promise<void> }> {
  const client = new PenClient({ transport: new SerialTransport({ path, binding: createSimBinding() }) });
  let text = '';
  const repl = new PenRepl(client, { print: (t) => (text += t), tlmPeriodMs });
  expect((await client.connect()).ok).toBe(true);
  return { repl, client, out: () => text, close: async () => { repl.detach(); await client.close(); } };
}

describe('pen console', () => {
  it('the telemetry summary reports no loss when answers and events come between TLM frames, and agrees with stats', async () => {
    // baud=0: the simulated UART does not shed telemetry on a busy machine, so nothing is really lost here.
    const s = await simRepl('sim://pen?cartridge=N12-OK-01&baud=0');
    try {
      await s.repl.input('TLM_RATE hz=50');
      for (let i = 0; i < 30; i++) await s.repl.input(i % 2 ? 'PING' : 'GET_STATUS');
      await until(() => s.out().split('\n').filter((l) => l.startsWith('~ TLM')).length >= 3, 'three summaries');
      await s.repl.input('stats');
      const summaries = s.out().split('\n').filter((l) => l.startsWith('~ TLM'));
      // The 30 answers between TLM frames share the pen's seq counter: gaps in TLM seqs, not losses.
      expect(s.client.stats.lostFrames).toBe(0);
      expect(s.out()).toMatch(/^-- .* lost=0 /m);
      expect(summaries.filter((l) => l.includes('lost='))).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('the telemetry summary reports the frames lost during its own period', () => {
    let lost = 5;
    const sum = new TlmSummary(1000, 0, () => lost);
    const tlm = { kind: 'TLM', seq: 1, fields: { s: 'RUN', d: 500, m: 500, r: 120, n: 0, p: 0, c: 300, b: 90 } } as never;
    expect(sum.add(tlm, 500)).toBeNull();
    lost = 8;
    expect(sum.add(tlm, 1000)).toMatch(/ lost=3$/);
    expect(sum.add(tlm, 2000)).not.toMatch(/lost=/);
  });

  it('prints an answer before the events it caused, in wire order (PROTOCOL.md §7), also when both arrive at once', async () => {
    const pair = new MemoryPair();
    await pair.b.open();
    const pen: ScriptedPen = new ScriptedPen(pair.b, {
      answer: (m) => {
        // The event follows the answer on the wire, delivered right behind it.
        if (m.kind === 'START') queueMicrotask(() => pen.link.emit('EVT', { ev: 'STATE', t: 9, st: 'RUN' }));
        if (m.kind === 'PING') queueMicrotask(() => pen.link.emit('EVT', { ev: 'ENG', t: 9, msg: 'closed' }));
        return undefined;
      },
    });
    const client = new PenClient({ transport: pair.a, heartbeatMs: 0 });
    let out = '';
    const repl = new PenRepl(client, { print: (t) => (out += t) });
    try {
      expect((await client.connect()).ok).toBe(true);
      await repl.input('START');
      await repl.input('PING');
      await until(() => out.includes('EVT ENG'), 'the second event');
      const lines = out.split('\n').filter((l) => l.startsWith('<') || l.startsWith('*'));
      expect(lines).toEqual([
        expect.stringMatching(/^< ACK re=\d+ /), '* EVT STATE t=9 st=RUN',
        expect.stringMatching(/^< ACK re=\d+ /), '* EVT ENG t=9 msg=closed',
      ]);
    } finally {
      repl.detach();
      await client.close();
      pen.dispose();
    }
  });

  it('help shows the connected pen\'s own range from INFO, the protocol bounds before that', async () => {
    const s = await simRepl('sim://pen?dmax=2000&rmax=140&tmax=100');
    try {
      await s.repl.input('help SET_DEPTH');
      await s.repl.input('help set_rate');
      await s.repl.input('help TLM_RATE');
      expect(s.out()).toContain("um= 250..2000 µm in steps of 50 (this pen's INFO)");
      expect(s.out()).toContain("hz= 50..140 Hz (this pen's INFO)");
      expect(s.out()).toContain("hz= 0..100 Hz (this pen's INFO)");
      expect(s.out()).not.toContain('0..9999');
    } finally {
      await s.close();
    }
    expect(helpText('SET_DEPTH', null)).toContain('um= 250..2500 µm in steps of 50 (protocol bounds; a pen may be narrower)');
  });

  it('on a terminal, telemetry summaries and events are written above the prompt, which is drawn again', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const done = penCliMain(['sim://pen?cartridge=N12-OK-01'], { stdin, stdout, stderr: new PassThrough(), terminal: true });
    await until(() => out.includes('pen> '), 'the prompt');
    stdin.write('TLM_RATE hz=20\n');
    await until(() => (out.match(/~ TLM/g) ?? []).length >= 2, 'two summaries');
    stdin.write('quit\n');
    expect(await done).toBe(0);
    const screen = screenLines(out);
    expect(screen.filter((l) => l.includes('~ TLM')).length).toBeGreaterThanOrEqual(2);
    expect(screen.filter((l) => /pen> .*(~ TLM|\* EVT)/.test(l))).toEqual([]);
    // Every summary is followed by the prompt drawn again on the next line.
    screen.forEach((l, i) => {
      if (l.startsWith('~ TLM')) expect(screen[i + 1]).toMatch(/^(pen> |~ TLM|\* EVT)/);
    });
  });

  it('`pen dump --json` writes one JSON object per line with no raw control character, then the counts', async () => {
    const file = join(dir, 'capture.jsonl');
    writeFileSync(file, [
      JSON.stringify({ w: 1000, t: 0, d: 'out', l: frame('3 SET_DEPTH um=1500').trim() }),
      JSON.stringify({ w: 1010, t: 10, d: 'in', l: frame('7 ACK re=3 t=10').trim() }),
      JSON.stringify({ w: 1020, t: 20, d: 'note', l: 'evil \u009b2J \u001b[31m' }),
      JSON.stringify({ w: 1030, t: 30, d: 'in', l: '$9 PING*0000' }),
      '',
    ].join('\n'));
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    expect(await penCliMain(['dump', file, '--json'], { stdin: new PassThrough(), stdout, stderr: new PassThrough(), terminal: false })).toBe(0);
    expect(hasControl(out.replace(/\n/g, ''))).toBe(false);
    const rows = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows[0]).toEqual({ t: 0, dir: 'out', kind: 'SET_DEPTH', seq: 3, fields: { um: 1500 } });
    expect(rows[1]).toMatchObject({ t: 10, dir: 'in', kind: 'ACK', fields: { re: 3, t: 10 } });
    expect(rows[2]).toEqual({ t: 20, dir: 'note', note: 'evil \u009b2J \u001b[31m' });
    expect(rows[3]).toMatchObject({ dir: 'in', error: 'BAD_CRC' });
    expect(rows[4]).toEqual({ summary: true, lines: 4, format: 'recording', kinds: { SET_DEPTH: 1, ACK: 1 }, undecodable: 1, lost: 0, skipped: 0 });
  });
});
