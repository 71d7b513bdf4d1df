/**
 * The engine suites with shape buckets forced on (on the CPU they are off by default):
 *   npx vitest run --config tests/unit/engine-helpers/buckets.config.ts tests/unit/engine-
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export default defineConfig({
  root,
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    setupFiles: [path.join(root, 'tests/unit/engine-helpers/force-buckets.ts')],
  },
});
