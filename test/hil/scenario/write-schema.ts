/** `npx tsx test/hil/scenario/write-schema.ts`: regenerate test/hil/scenario.schema.json (a test fails while it is stale). */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchemaText } from './schema.js';

/** Where the published schema lives. */
export const SCHEMA_FILE = fileURLToPath(new URL('../scenario.schema.json', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_FILE, scenarioJsonSchemaText());
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}
