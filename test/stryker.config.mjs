// @ts-check
/**
 * Mutation testing of the safety code (npm run mutate): Stryker changes one
 * operator, condition or constant at a time in the files below and runs the
 * tests of test/stryker.vitest.config.ts against it; a mutant no test notices
 * "survives". Incremental: a rerun only tests mutants whose code or covering
 * tests changed (.build/stryker-incremental.json). The JSON report goes to
 * .build/mutation/mutation.json; `npm run mutate:summary` turns it into
 * test/safety/mutation-summary.json (scores per file and per safety rule).
 */
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'test/stryker.vitest.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'firmware-sim/src/machine/*.ts',
    'firmware-sim/src/safety/*.ts',
    'firmware-sim/src/cartridge/verify.ts',
    'firmware-sim/src/cartridge/nvm.ts',
    'firmware-sim/src/cartridge/record.ts',
    'firmware-sim/src/node/file-nvm.ts',
    'firmware-sim/src/pen/sim-pen.ts',
    'firmware-sim/src/pen/sensor-edges.ts',
    'firmware-sim/src/pen/nvm-records.ts',
    'firmware-sim/src/pen/commands.ts',
    'firmware-sim/src/physics/servo.ts',
    'protocol/src/pen/pen-link.ts',
    'protocol/src/wire/codec.ts',
    'protocol/src/wire/fast-decode.ts',
    'protocol/src/wire/crc16.ts',
  ],
  ignorePatterns: ['.build', 'dist', 'out', 'console/docs', '**/*.png'],
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: '.build/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: '.build/mutation/mutation.json' },
  htmlReporter: { fileName: '.build/mutation/mutation.html' },
  tempDirName: '.build/stryker-tmp',
  cleanTempDir: 'always',
  concurrency: 2,
  timeoutMS: 20000,
  thresholds: { high: 90, low: 80, break: null },
};
