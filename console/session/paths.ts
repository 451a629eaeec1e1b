/** Where recordings go by default: the platform's per-user data directory. */
import { homedir, platform } from 'node:os';
import { join } from 'node:path';

/** `<user data dir>/penbench/recordings`; PENBENCH_RECORDINGS overrides it. */
export function defaultRecordingsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PENBENCH_RECORDINGS) return env.PENBENCH_RECORDINGS;
  const home = homedir();
  const p = platform();
  let base: string;
  if (p === 'win32') base = env.APPDATA ?? join(home, 'AppData', 'Roaming');
  else if (p === 'darwin') base = join(home, 'Library', 'Application Support');
  else base = env.XDG_DATA_HOME ?? join(home, '.local', 'share');
  return join(base, 'penbench', 'recordings');
}
