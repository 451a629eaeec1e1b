// The repository's ESLint config lives in test/ (layout rule); this file only points editors and `npx eslint` to it.
export { default } from './test/eslint.config.js';
