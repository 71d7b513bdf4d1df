import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import mdx from '@mdx-js/rollup';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';

// base './' makes every asset URL relative, so dist/ works from any sub-path of a static host.
// Routing is hash-based (see src/app/router.ts) so deep links survive a reload without rewrites.
export default defineConfig({
  base: './',
  plugins: [
    {
      enforce: 'pre',
      ...mdx({
        remarkPlugins: [remarkMath],
        // output 'htmlAndMathml' keeps KaTeX's MathML for screen readers.
        rehypePlugins: [
          [
            rehypeKatex,
            {
              output: 'htmlAndMathml',
              throwOnError: false,
              strict: 'ignore',
              // \htmlData{term=...}{...} tags equation terms so the simulators can link them to
              // diagram elements; nothing else gets through.
              trust: (ctx: { command: string }) => ctx.command === '\\htmlData' || ctx.command === '\\htmlClass',
            },
          ],
        ],
        providerImportSource: '@mdx-js/react',
      }),
    },
    react({ include: /\.(mdx|tsx|ts|jsx|js)$/ }),
  ],
  // the engine's module worker (src/engine/worker.ts) is code-split like the page
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  test: {
    include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
