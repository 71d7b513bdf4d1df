// ESLint flat config: the recommended rule sets of ESLint, typescript-eslint and (where React can
// run) eslint-plugin-react-hooks. `npm run lint` runs it with --max-warnings 0; the layering rules
// (which folder may import which) live in .dependency-cruiser.cjs.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default defineConfig(
  {
    ignores: ['dist/**', 'dist-*/**', 'test-results/**', 'playwright-report/**', 'bench/results/**', 'tests/fixtures/depcruise/**'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Same convention as tsc's noUnusedParameters: a leading underscore marks a deliberately unused name.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  {
    // React code only. src/engine, src/train and src/sim are React-free by design (.dependency-cruiser.cjs
    // forbids them to import react), and Playwright's fixture `use` is not a hook.
    files: ['src/**/*.{ts,tsx}', 'lessons/**/*.{ts,tsx}', 'bench/**/*.tsx', 'tests/unit/**/*.{ts,tsx}', 'tests/fixtures/**/*.{ts,tsx}'],
    ignores: ['src/engine/**', 'src/train/**', 'src/sim/**'],
    ...reactHooks.configs.flat.recommended,
  },
);
