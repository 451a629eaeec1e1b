/** Entry of `npm run export` (see export.ts). */
import { exportCliMain } from './export.js';

exportCliMain(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`export: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
