/** Entry of `npm run pen` (see main.ts). */
import { penCliMain } from './main.js';

penCliMain(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, terminal: process.stdin.isTTY === true }).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`pen: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
