import { defineConfig } from '@playwright/test';
import { testChromiumArgs, findChromium } from './scripts/chromium.mjs';

// The production build is served from a sub-path by a plain static server (no rewrites), so every
// test also proves the app works on static hosting. UNROLLED_DIST / UNROLLED_PORT let a second
// build be tested side by side.
const port = Number(process.env.UNROLLED_PORT ?? 4173);
const subPath = '/courses/kldl/unrolled/';
const dist = process.env.UNROLLED_DIST ?? 'dist';

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1, // 2 cores and a CPU-rendered WebGL: one browser at a time is fastest and stablest
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}${subPath}`,
    launchOptions: { executablePath: findChromium() ?? undefined, args: testChromiumArgs },
    viewport: { width: 1280, height: 800 },
  },
  webServer: {
    command: `node scripts/serve-static.mjs --dir=${dist} --base=${subPath} --port=${port}`,
    url: `http://127.0.0.1:${port}${subPath}`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
