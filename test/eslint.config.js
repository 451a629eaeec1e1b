// Flat ESLint config for the whole repository (kept under test/ per the layout rules).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', '.build/**', 'dist/**', 'out/**', '**/*.js', '!test/eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
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
