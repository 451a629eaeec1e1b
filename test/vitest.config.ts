import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Most long files wait on real time (pseudo-terminals at 115200 baud, leases, QEMU, a browser), not on
    // the CPU; vitest's default on a 2-core machine is a single worker, which runs them one after another.
    maxWorkers: 3,
    // The JSON report is what .ci/run reads to print "N passed, N failed".
    reporters: ['default', 'json'],
    outputFile: { json: '.build/vitest-report.json' },
  },
});
