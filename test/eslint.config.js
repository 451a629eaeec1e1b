// Flat ESLint config for the whole repository (kept under test/ per the layout rules; the root eslint.config.js
// only re-exports it, so editors and a bare `npx eslint` find it). Type-aware: typescript-eslint's project
// service reads each folder's tsconfig.json, for the promise rules below.
import { fileURLToPath, URL } from 'node:url';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', '.build/**', 'dist/**', 'out/**', '**/*.js', '!test/eslint.config.js', '!eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: fileURLToPath(new URL('..', import.meta.url)),
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // A promise nobody awaits or catches loses its rejection: a refused command, a failed write.
      '@typescript-eslint/no-floating-promises': 'error',
      // A promise where a boolean or a void callback is expected (an async event handler, `if (promise)`).
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // JavaScript files (configs, the bin, the worker boot) are in no tsconfig: no type information.
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['console/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // The renderer and shared protocol code run in the browser: no Node modules.
    files: ['protocol/src/**/*.ts', 'console/renderer/**/*.{ts,tsx}'],
    // Vite configs run in Node, not in the page.
    ignores: ['console/renderer/**/vite*.config.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', 'serialport', '@serialport/*', 'fs', 'path', 'electron'] }],
    },
  },
);
