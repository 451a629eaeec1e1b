/**
 * A file-backed registry for one run, in a temporary folder, and the physical
 * tampering the search may do to it: delete the file, replace it by an empty
 * registry, or put a folder where it was (reading and renaming onto it fail).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Ways to tamper with the registry's file. */
export type Tamper = 'delete' | 'empty' | 'break';

/** The registry file of one run. */
export class RegistryFile {
  private readonly dir = mkdtempSync(join(tmpdir(), 'penbench-verify-'));
  /** The registry's path (the pen may keep more files beside it). */
  readonly path = join(this.dir, 'nvm.json');

  tamper(op: Tamper): void {
    rmSync(this.path, { recursive: true, force: true });
    if (op === 'empty') writeFileSync(this.path, '{"version":1,"used":{},"recalledLots":[]}\n');
    if (op === 'break') mkdirSync(this.path);
  }

  /** Remove the folder and everything in it. */
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
