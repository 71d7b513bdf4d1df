/**
 * The engine suites on one CPU path (src/engine/simulate.ts cpuPath; the default run uses the plain
 * typed-array path):
 *   ENGINE_CPU_PATH=tfjs npx vitest run --config tests/unit/engine-helpers/cpu-path.config.ts tests/unit/engine-
 *   ENGINE_CPU_PATH=wasm npx vitest run --config tests/unit/engine-helpers/cpu-path.config.ts tests/unit/engine-
 *   ENGINE_CPU_PATH=plain …  (the plain path even where a test sets trimRows)
 * On 'wasm' the shape-bucket suite is left out: the engine buckets on WebGL only (on the CPU only
 * when a test asks), and XNNPACK's sums depend on the padded shapes, so its bucketed traces differ
 * from the unbucketed ones by float32 rounding, not bit for bit.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export default defineConfig({
  root,
  test: {
    include: ['tests/unit/**/*.test.ts'],
    exclude: process.env.ENGINE_CPU_PATH === 'wasm' ? ['tests/unit/engine-buckets.test.ts', '**/node_modules/**'] : ['**/node_modules/**'],
    environment: 'node',
    testTimeout: 120_000,
    setupFiles: [path.join(root, 'tests/unit/engine-helpers/force-cpu-path.ts')],
  },
});
