/** Builds the standalone views page (production mode) for the UI bench and the charts e2e test. */
import { fileURLToPath } from 'node:url';
import { viteBuildProduction } from '../../../console/server/build-renderer.js';

/** Where the views build goes. */
export const VIEWS_DIR = fileURLToPath(new URL('../../../.build/renderer-views', import.meta.url));
const CONFIG = fileURLToPath(new URL('../../../console/renderer/views/vite.views.config.ts', import.meta.url));

/** Runs `vite build` of console/renderer/views; resolves to the output directory. */
export async function buildViews(): Promise<string> {
  await viteBuildProduction(CONFIG);
  return VIEWS_DIR;
}
