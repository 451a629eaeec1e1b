/** NVM backed by a JSON file, written atomically (temp file + rename) so a crash never leaves half a registry. */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { factoryNvm, parseNvm, type NvmData, type NvmStore } from '../cartridge/nvm.js';

/** `$XDG_DATA_HOME/penbench/nvm.json`, else `~/.local/share/penbench/nvm.json`. */
export function defaultNvmPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env['XDG_DATA_HOME'] && env['XDG_DATA_HOME'].length > 0 ? env['XDG_DATA_HOME'] : join(homedir(), '.local', 'share');
  return join(base, 'penbench', 'nvm.json');
}

/** A file-backed store; a missing file starts from the factory image, a corrupt one is an error (never silently reset: SR-08). */
export class FileNvm implements NvmStore {
  constructor(readonly label: string) {}

  load(): NvmData {
    let text: string;
    try {
      text = readFileSync(this.label, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        const fresh = factoryNvm();
        this.save(fresh);
        return fresh;
      }
      throw e;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    const data = parseNvm(parsed);
    // Resetting a corrupt registry would forget which cartridges were used and allow reuse.
    if (!data) throw new Error(`NVM file ${this.label} is corrupt; fix or delete it deliberately`);
    return data;
  }

  save(data: NvmData): void {
    mkdirSync(dirname(this.label), { recursive: true });
    const tmp = `${this.label}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(data, null, 2) + '\n');
    renameSync(tmp, this.label);
  }
}
