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
  // The safety code (test/safety/README.md says what is left out and why).
  mutate: [
    // The statechart: regions, guards, actions, limits, the reported state.
    'firmware-sim/src/machine/*.ts',
    'firmware-sim/src/safety/monitor.ts',
    'firmware-sim/src/cartridge/verify.ts',
    'firmware-sim/src/cartridge/record.ts',
    // Non-volatile memory: the image and its MAC, generations and witness, the durable file store.
    'firmware-sim/src/nvm/*.ts',
    'firmware-sim/src/node/file-nvm.ts',
    // The pen core: commands into events, answers, lease, sensors, NVM writes, fault reports.
    'firmware-sim/src/pen/sim-pen.ts',
    'firmware-sim/src/pen/host-commands.ts',
    'firmware-sim/src/pen/commands.ts',
    'firmware-sim/src/pen/bad-state.ts',
    'firmware-sim/src/pen/replies.ts',
    'firmware-sim/src/pen/sensor-edges.ts',
    'firmware-sim/src/pen/pen-memory.ts',
    'firmware-sim/src/pen/hazards.ts',
    'firmware-sim/src/pen/types.ts',
    'firmware-sim/src/physics/servo.ts',
    // The pen side of the link (order of checks, handshake gate, dedupe, STOP, lease) and the codec's validation.
    'protocol/src/pen/*.ts',
    'protocol/src/wire/codec.ts',
    'protocol/src/wire/fast-decode.ts',
    'protocol/src/wire/percent.ts',
    'protocol/src/wire/crc16.ts',
    'protocol/src/catalogue/fault-mask.ts',
    'protocol/node/eng-auth.ts',
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
  // The machine is shared: one test process unless `--concurrency 2` is given.
  concurrency: 1,
  timeoutMS: 20000,
  thresholds: { high: 90, low: 80, break: null },
};
