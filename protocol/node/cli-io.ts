/**
 * How a penbench command runs: its streams and environment as values (tests
 * pass their own), the parse-or-answer prologue every command shares, and the
 * process wrapper of an entry file (exit code, a crash reported in one line).
 */
import type { Readable, Writable } from 'node:stream';
import { linkAdvice } from '../src/index.js';
import { helpText, parseCommandLine, text, type CommandSpec, type OptionSpecs, type OptionValues } from './cli-args.js';
import { ENG_KEY_ENV } from './eng-auth.js';

/** Streams and environment of one run. */
export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** Whether stdin is a terminal (prompts, completion). */
  terminal: boolean;
  /** Environment (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** A command's entry: argv after the command name; resolves to the exit code (0 ok, 1 failed, 2 bad arguments). */
export type CliMain = (argv: readonly string[], io: CliIo) => Promise<number>;

/** This process's streams. */
export function processIo(): CliIo {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, terminal: process.stdin.isTTY === true, env: process.env };
}

/** The parsed options, or the exit code after answering --help (0) or a bad argument (2, on stderr as `prefix: …`). */
export function parseOrAnswer<O extends OptionSpecs>(
  spec: CommandSpec<O>, argv: readonly string[], io: Pick<CliIo, 'stdout' | 'stderr'>, prefix: string,
): { values: OptionValues<O>; positionals: string[] } | number {
  const p = parseCommandLine(spec, argv);
  if (p.kind === 'help') {
    io.stdout.write(helpText(spec));
    return 0;
  }
  if (p.kind === 'error') {
    io.stderr.write(`${prefix}: ${p.error}\n(${spec.name} --help shows every option)\n`);
    return 2;
  }
  return { values: p.values, positionals: p.positionals };
}

/** Runs an entry as this process: exits with its code; an unexpected exception is printed in one line, exit 1. */
export function runAsProcess(prefix: string, main: CliMain, argv: readonly string[] = process.argv.slice(2)): void {
  main(argv, processIo()).then(
    (code) => {
      // Let stdout drain (a pipe) before leaving.
      process.exitCode = code;
      process.stdout.write('', () => process.exit(code));
    },
    (e: unknown) => {
      process.stderr.write(`${prefix}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}

/** The console's advice for a LINK_ADVICE code, worded for a terminal (where the port list comes from). */
export function cliLinkAdvice(code: string): string {
  const advice = linkAdvice(code);
  return code === 'NOT_FOUND' || code === 'BUSY' ? `${advice} (penbench ports lists the serial ports.)` : advice;
}

/** `--eng-key-file FILE`: the option every command that authenticates an engineering session takes (see loadEngKey). */
export const ENG_KEY_FILE_OPTION = text('FILE', `engineering key in hex, in a file readable by you only (chmod 600);\nelse $${ENG_KEY_ENV}. Never on the command line: ps shows it to every user`);
