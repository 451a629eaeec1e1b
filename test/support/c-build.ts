/**
 * Builds C code for the tests with make (the C codec's tests, the C pen's
 * boards): one place that knows the repository root and .build/c, and turns a
 * failed build into an error carrying the compiler's output.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where C build output goes (gitignored). */
export const C_BUILD = `${REPO_ROOT}.build/c`;

/** `make -C <dir relative to the root> [targets]`; throws with make's output when the build fails. */
export function make(dir: string, targets: readonly string[] = [], vars: Record<string, string> = {}): void {
  const args = ['-s', '-C', `${REPO_ROOT}${dir}`, ...Object.entries(vars).map(([k, v]) => `${k}=${v}`), ...targets];
  try {
    execFileSync('make', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 16 << 20 });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`make ${args.join(' ')} failed:\n${err.stdout ?? ''}${err.stderr ?? err.message}`);
  }
}
