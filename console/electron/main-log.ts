/**
 * The Electron main process's log file, in the platform's log folder
 * (app.getPath('logs'): ~/.config/<app>/logs on Linux, ~/Library/Logs/<app> on
 * macOS, %APPDATA%\<app>\logs on Windows): start-up, a second instance, link
 * problems, crashes of the page, uncaught errors — what a bench engineer needs
 * after the window is gone. One line per entry, control characters escaped;
 * the file rolls over to main.old.log beyond `maxBytes`. Writing it never
 * throws: a log that cannot be written must not take the console down.
 */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { visible } from '../shared/visible-text.js';

/** Severity of a line. */
export type LogLevel = 'info' | 'warn' | 'error';

/** An append-only log file with one old generation. */
export class MainLog {
  /** The current file. */
  readonly file: string;
  private failed = false;

  constructor(
    readonly dir: string,
    private readonly maxBytes = 1_000_000,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.file = join(dir, 'main.log');
  }

  /** Append one line: `2026-11-30T21:00:00.000Z info text`. */
  write(level: LogLevel, text: string): void {
    try {
      mkdirSync(this.dir, { recursive: true });
      this.rollIfFull();
      appendFileSync(this.file, `${this.now().toISOString()} ${level} ${visible(text)}\n`);
    } catch (e) {
      if (this.failed) return;
      this.failed = true;
      process.stderr.write(`penbench: cannot write the log ${this.file}: ${(e as Error).message}\n`);
    }
  }

  private rollIfFull(): void {
    let size = 0;
    try {
      size = statSync(this.file).size;
    } catch {
      return;
    }
    if (size >= this.maxBytes) renameSync(this.file, join(this.dir, 'main.old.log'));
  }
}
