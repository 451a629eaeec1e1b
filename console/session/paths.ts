/** Where recordings go by default: the platform's per-user data directory. */
import { join } from 'node:path';
import { userDataDir } from '../../protocol/node/data-dir.js';

/** `<user data dir>/penbench/recordings`; PENBENCH_RECORDINGS overrides it. */
export function defaultRecordingsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PENBENCH_RECORDINGS) return env.PENBENCH_RECORDINGS;
  return join(userDataDir(env), 'recordings');
}
