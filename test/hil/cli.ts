/** Entry of `npm run hil` (see cli-main.ts). */
import { hilMain } from './cli-main.js';

hilMain(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`hil: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
