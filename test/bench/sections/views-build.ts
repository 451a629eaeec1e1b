/** Builds the standalone views page (production mode) for the UI bench and the charts e2e test. */
import { fileURLToPath } from 'node:url';

/** Where the views build goes. */
export const VIEWS_DIR = fileURLToPath(new URL('../../../.build/renderer-views', import.meta.url));
const CONFIG = fileURLToPath(new URL('../../../console/renderer/views/vite.views.config.ts', import.meta.url));

/** Runs `vite build` of console/renderer/views; resolves to the output directory. */
export async function buildViews(): Promise<string> {
  const { build } = await import('vite');
  // Under a test runner NODE_ENV is "test", which would ship React's development build.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: CONFIG, logLevel: 'warn', mode: 'production' });
  } finally {
    if (env === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = env;
  }
  return VIEWS_DIR;
}
