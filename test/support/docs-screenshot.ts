/** README screenshots from the end-to-end tests, copied into console/docs only when asked (a test run must not dirty the tree). */
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DOCS = fileURLToPath(new URL('../../console/docs', import.meta.url));

/** Copies `shot` to console/docs/`docName` when that file is missing or PENBENCH_UPDATE_SCREENSHOT=1. */
export function toDocs(shot: string, docName: string): void {
  const doc = join(DOCS, docName);
  if (!existsSync(doc) || process.env.PENBENCH_UPDATE_SCREENSHOT === '1') copyFileSync(shot, doc);
}
