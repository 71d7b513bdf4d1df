import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import mdx from '@mdx-js/rollup';
import remarkMath from 'remark-math';
import type { Plugin } from 'vite';
import { KATEX_SAFETY } from './src/security/katexOptions';
import { CSP } from './src/security/csp';
import { lessonMeta } from './scripts/vite-lesson-meta';
import { remarkSlides } from './scripts/remark-slides';
import { rehypeKatexHtml } from './scripts/rehype-katex-html';
import { VitePWA } from 'vite-plugin-pwa';

/** The Content-Security-Policy meta tag, in the production build only (Vite's dev server injects inline scripts). */
function cspMeta(): Plugin {
  return {
    name: 'unrolled-csp',
    apply: 'build',
    // right after <meta charset>, before every script it governs
    transformIndexHtml: (html) =>
      html.replace(/<meta charset="UTF-8" \/>/, (m) => `${m}\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`),
  };
}

// base './' makes every asset URL relative, so dist/ works from any sub-path of a static host.
// Routing is hash-based (see src/store/route.ts) so deep links survive a reload without rewrites.
export default defineConfig({
  base: './',
  plugins: [
    lessonMeta(),
    {
      enforce: 'pre',
      ...mdx({
        // remarkSlides cuts each section into slides for presenting (README: Writing slides)
        remarkPlugins: [remarkMath, remarkSlides],
        // output 'htmlAndMathml' keeps KaTeX's MathML for screen readers. rehype-katex's rendering,
        // with each formula's inside as one HTML string (scripts/rehype-katex-html.ts: the lesson's
        // first render creates ~200 React elements for its maths instead of ~4,800).
        rehypePlugins: [
          [
            rehypeKatexHtml,
            {
              output: 'htmlAndMathml',
              throwOnError: false,
              // \htmlData{term=...}{...} tags equation terms so the simulators can link them to
              // diagram elements; nothing else is trusted, and macro expansion is bounded.
              ...KATEX_SAFETY,
            },
          ],
        ],
        providerImportSource: '@mdx-js/react',
      }),
    },
    react({ include: /\.(mdx|tsx|ts|jsx|js)$/ }),
    cspMeta(),
    // Offline and installable: a service worker precaches the app shell, every lesson chunk, the
    // engine worker and tfjs chunks, the training lab's WebAssembly binaries (plain and SIMD: the two
    // src/train/backends.ts can load; offline without them the lab fell back to the CPU, 4.2 steps/s
    // against 13–14), and KaTeX's woff2 fonts (not its woff/ttf fallbacks). URLs are
    // relative, so it works under any sub-path. A new deployment waits for the reader's "Reload"
    // (src/app/UpdatePrompt.tsx); the registration lives in src/main.tsx (no inline script).
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'theme-init.js'],
      manifest: {
        name: 'Unrolled — RNN with TensorFlow',
        short_name: 'Unrolled',
        description: 'An interactive lesson on recurrent neural networks with live TensorFlow.js simulators.',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#1f4e79',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff2,webmanifest,wasm}'],
        maximumFileSizeToCacheInBytes: 6 * 1024 * 1024,
        // hash routing: the one navigation URL is index.html
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        // the first visit is served offline-ready at once; later versions still wait for "Reload"
        clientsClaim: true,
      },
    }),
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
