/**
 * External tools some tests need. Without them a test reports itself skipped,
 * naming the reason and the install command; .ci/run installs them and fails
 * the run if anything was skipped.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function onPath(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Path of Debian's Chromium, or null. */
export const CHROMIUM_PATH: string | null = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)) ?? null;
export const HAS_SOCAT = onPath('socat');
export const HAS_CHROMIUM = CHROMIUM_PATH !== null;
/** gcc with AddressSanitizer/UBSan runtimes, and make: the C codec's tests and the host-board C pen. */
export const HAS_GCC = onPath('gcc') && onPath('make');
/** clang with the libFuzzer runtime (Debian: libclang-rt-14-dev or later). */
export const HAS_CLANG_FUZZER = onPath('clang') && hasFuzzerRuntime();
/** The Cortex-M cross compiler with newlib. */
export const HAS_ARM_GCC = onPath('arm-none-eabi-gcc') && existsSync('/usr/lib/arm-none-eabi/newlib');
export const HAS_QEMU_ARM = onPath('qemu-system-arm');

function hasFuzzerRuntime(): boolean {
  try {
    const path = execFileSync('clang', ['-print-file-name=libclang_rt.fuzzer-x86_64.a'], { encoding: 'utf8' }).trim();
    if (existsSync(path)) return true;
    // Older clang prints the bare name when the runtime sits under its resource dir's linux/ folder.
    const dir = execFileSync('clang', ['-print-resource-dir'], { encoding: 'utf8' }).trim();
    return existsSync(`${dir}/lib/linux/libclang_rt.fuzzer-x86_64.a`);
  } catch {
    return false;
  }
}

/** Suffix for a test title when its tool is missing, e.g. `it.skipIf(!HAS_SOCAT)('x' + needs.socat, ...)`. */
export const needs = {
  socat: HAS_SOCAT ? '' : ' [skipped: socat not installed; apt-get install -y socat]',
  chromium: HAS_CHROMIUM ? '' : ' [skipped: chromium not installed; apt-get install -y chromium]',
  gcc: HAS_GCC ? '' : ' [skipped: gcc or make not installed; apt-get install -y gcc make]',
  clangFuzzer: HAS_CLANG_FUZZER ? '' : ' [skipped: clang with libFuzzer not installed; apt-get install -y clang libclang-rt-14-dev]',
  armGcc: HAS_ARM_GCC ? '' : ' [skipped: Cortex-M compiler not installed; apt-get install -y gcc-arm-none-eabi libnewlib-arm-none-eabi]',
  qemuArm: HAS_QEMU_ARM ? '' : ' [skipped: qemu-system-arm not installed; apt-get install -y qemu-system-arm]',
};
