/**
 * `npm run export -- <recording> [--csv OUT] [--mcap OUT] [--json OUT]`: the
 * Recordings tab's exports without the GUI, streamed from the file (a
 * one-hour 200 Hz recording never sits in memory). At least one output; a
 * bad argument names itself and the allowed values (exit 2); a file that
 * cannot be read as a recording exits 1 with the reason.
 */
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { exportRecordingFile, streamCsv, writeMcapFile } from '../session/replay/index.js';
import { visible } from '../shared/visible-text.js';

export const EXPORT_USAGE = `penbench export: a recording's telemetry and events, without the GUI

Usage:
  npm run export -- <recording.jsonl> [--csv OUT.csv] [--mcap OUT.mcap] [--json OUT.json]

  --csv   telemetry, one row per TLM frame: raw wire values beside mm, Hz, °C; area, skin contact, faults
  --mcap  MCAP for Foxglove and PlotJuggler: /pen/telemetry, /pen/events, /pen/wire (JSON-schema'd JSON)
  --json  events and the session summary
`;

const OUTPUTS = ['--csv', '--mcap', '--json'] as const;
type Output = (typeof OUTPUTS)[number];

/** Runs the export CLI; resolves to the exit code. */
export async function exportCliMain(argv: readonly string[], io: { stdout: Writable; stderr: Writable }): Promise<number> {
  const err = (t: string) => io.stderr.write(`export: ${visible(t)}\n`);
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(EXPORT_USAGE);
    return 0;
  }
  let input: string | null = null;
  const outs = new Map<Output, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if ((OUTPUTS as readonly string[]).includes(a)) {
      const v = argv[++i];
      if (!v || v.startsWith('--')) {
        err(`${a} needs an output file, e.g. ${a} out${a === '--csv' ? '.csv' : a === '--mcap' ? '.mcap' : '.json'}`);
        return 2;
      }
      outs.set(a as Output, v);
    } else if (a.startsWith('-')) {
      err(`unknown option "${a}"; allowed: ${OUTPUTS.join(', ')}, --help`);
      return 2;
    } else if (input === null) input = a;
    else {
      err(`more than one recording given ("${input}", "${a}"); export one at a time`);
      return 2;
    }
  }
  if (input === null) {
    err(`recording: missing; usage: npm run export -- <recording.jsonl> ${OUTPUTS.map((o) => `[${o} OUT]`).join(' ')}`);
    return 2;
  }
  if (outs.size === 0) {
    err(`no output: give at least one of ${OUTPUTS.join(', ')} with a file name`);
    return 2;
  }
  try {
    for (const [kind, out] of outs) {
      if (kind === '--csv') {
        const fd = openSync(out, 'w');
        let rows: number;
        try {
          rows = await streamCsv(input, (t) => writeSync(fd, t));
        } finally {
          closeSync(fd);
        }
        io.stdout.write(`${visible(out)}: ${rows} telemetry rows\n`);
      } else if (kind === '--mcap') {
        const n = await writeMcapFile(input, out);
        io.stdout.write(`${visible(out)}: MCAP, ${n.telemetry} telemetry, ${n.events} event and ${n.wire} wire messages\n`);
      } else {
        writeFileSync(out, (await exportRecordingFile(input, 'json')).text);
        io.stdout.write(`${visible(out)}: events and summary (JSON)\n`);
      }
    }
  } catch (e) {
    err(`cannot export ${input}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  return 0;
}
