/** The platform's per-user data folder of penbench: where the simulated pen's memory and the recordings live. */
import { homedir, platform } from 'node:os';
import { posix, win32 } from 'node:path';

/**
 * `$XDG_DATA_HOME/penbench` or `~/.local/share/penbench` on Linux and other Unixes (an empty XDG_DATA_HOME
 * counts as unset, as the XDG spec says), `~/Library/Application Support/penbench` on macOS,
 * `%APPDATA%\penbench` on Windows.
 */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, os: NodeJS.Platform = platform(), home: string = homedir()): string {
  if (os === 'win32') return win32.join(env['APPDATA'] || win32.join(home, 'AppData', 'Roaming'), 'penbench');
  if (os === 'darwin') return posix.join(home, 'Library', 'Application Support', 'penbench');
  return posix.join(env['XDG_DATA_HOME'] || posix.join(home, '.local', 'share'), 'penbench');
}
