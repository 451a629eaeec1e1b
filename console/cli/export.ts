/**
 * `penbench export <recording> [--csv OUT] [--mcap OUT] [--events OUT] [--json]`: the
 * Recordings tab's exports without the GUI, streamed from the file (a
 * one-hour 200 Hz recording never sits in memory). At least one output; a
 * bad argument names itself and the allowed values (exit 2); a file that
 * cannot be read as a recording exits 1 with the reason.
 */
import type { Writable } from 'node:stream';
import { streamCsv, streamEventsJson, streamToFile, writeMcapFile } from '../session/replay/index.js';
import { flag, text } from '../../protocol/node/cli-args.js';
import { parseOrAnswer } from '../../protocol/node/cli-io.js';
import { jsonLine, visible } from '../shared/visible-text.js';

/** The command line of `penbench export`, declared once for its parser and its help. */
export const EXPORT_SPEC = {
  name: 'penbench export',
  summary: "a recording's telemetry and events, without the GUI (streamed; a one-hour recording never sits in memory)",
  usage: ['<recording.jsonl> [--csv OUT.csv] [--mcap OUT.mcap] [--events OUT.json] [--json]'],
  options: {
    csv: text('OUT', 'telemetry, one row per TLM frame: raw wire values beside mm, Hz, °C; area, skin contact, faults'),
    mcap: text('OUT', "MCAP for Foxglove and PlotJuggler: /pen/telemetry, /pen/events, /pen/wire (JSON-schema'd JSON)"),
    events: text('OUT', 'events and the session summary, as JSON'),
    json: flag('report what was written as one JSON object on stdout (for scripts)'),
  },
  positionals: { min: 1, max: 1, names: '<recording.jsonl>' },
  notes: 'At least one of --csv, --mcap, --events. Exit code 0: written; 1: the recording cannot be read; 2: a bad argument.',
} as const;

type Output = 'csv' | 'mcap' | 'events';

/** Runs the export CLI; resolves to the exit code. */
export async function exportCliMain(argv: readonly string[], io: { stdout: Writable; stderr: Writable }): Promise<number> {
  const err = (t: string) => io.stderr.write(`export: ${visible(t)}\n`);
  const parsed = parseOrAnswer(EXPORT_SPEC, argv, io, 'export');
  if (typeof parsed === 'number') return parsed;
  const input = parsed.positionals[0]!;
  const outs = new Map<Output, string>();
  for (const k of ['csv', 'mcap', 'events'] as const) {
    const v = parsed.values[k];
    if (v !== undefined) outs.set(k, v);
  }
  if (outs.size === 0) {
    err('no output: give at least one of --csv OUT, --mcap OUT, --events OUT');
    return 2;
  }
  const written: Record<string, unknown>[] = [];
  const say = (line: string, rec: Record<string, unknown>) => {
    written.push(rec);
    if (!parsed.values.json) io.stdout.write(`${visible(line)}\n`);
  };
  try {
    for (const [kind, out] of outs) {
      if (kind === 'csv') {
        const rows = await streamToFile(out, (write) => streamCsv(input, write));
        say(`${out}: ${rows} telemetry rows`, { format: 'csv', file: out, rows });
      } else if (kind === 'mcap') {
        const n = await writeMcapFile(input, out);
        say(`${out}: MCAP, ${n.telemetry} telemetry, ${n.events} event and ${n.wire} wire messages`, { format: 'mcap', file: out, ...n });
      } else {
        const events = await streamToFile(out, (write) => streamEventsJson(input, write));
        say(`${out}: ${events} events and the summary (JSON)`, { format: 'events', file: out, events });
      }
    }
  } catch (e) {
    err(`cannot export ${input}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  if (parsed.values.json) io.stdout.write(`${jsonLine({ recording: input, written })}\n`);
  return 0;
}
