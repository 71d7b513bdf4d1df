// npm run bench: benchmark pages in headless Chromium (SwiftShader WebGL on GPU-less machines),
// served by Vite's dev server from the repo root. Each page sets window.__benchmark = { run } and
// returns a table (see bench/types.ts); this script prints the tables and fails when a page reports
// failures (e.g. a silent fallback from WebGL to the CPU).
//
// Add a page: write bench/<name>.html (+ its script) and add an entry to PAGES below.
//   node bench/run.mjs            all pages
//   node bench/run.mjs engine     only the pages named
//   node bench/run.mjs --quick    a fast smoke run (pages decide what "quick" means)
//   node bench/run.mjs training --soak [--minutes=10] [--every=30]
//                                 opt-in memory soak: the training lab trains for that long
//                                 (restarting the race whenever it finishes its budget); every
//                                 `every` seconds it prints the page's JS heap after a forced GC
//                                 (CDP HeapProfiler.collectGarbage + Runtime.getHeapUsage) and the
//                                 worker's tf.memory() tensors and bytes
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { createServer } from 'vite';
import { chromium } from '@playwright/test';
import { chromiumArgs, findChromium } from '../scripts/chromium.mjs';
import { printTable } from './common.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** name, page path (from the repo root), and how long the page may take */
export const PAGES = [
  { name: 'engine', path: '/bench/engine.html', timeoutMs: 12 * 60_000 },
  { name: 'interaction', path: '/bench/interaction.html', timeoutMs: 8 * 60_000 },
  { name: 'training', path: '/bench/training.html', timeoutMs: 15 * 60_000 },
];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const soak = args.includes('--soak');
const argNum = (name, dflt) => {
  const a = args.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.split('=')[1]) : dflt;
};
// `link` is not a page: the link codec bench runs in Node (bench/link-bench.ts), first
const linkBench = !args.some((a) => !a.startsWith('--')) || args.includes('link');
const wanted = args.filter((a) => !a.startsWith('--') && a !== 'link');
const pages = wanted.length ? PAGES.filter((p) => wanted.includes(p.name)) : linkBench && args.includes('link') ? [] : PAGES;
if (wanted.length && pages.length !== wanted.length) {
  console.error(
    `Unknown page(s): ${wanted.filter((w) => !PAGES.some((p) => p.name === w)).join(', ')}. Known: ${PAGES.map((p) => p.name).join(', ')}`,
  );
  process.exit(2);
}

/** The training soak (see the header): prints one line per sample and a summary. */
async function runSoak(page, minutes, everyS) {
  const cdp = await page.context().newCDPSession(page);
  const mb = (b) => (b / 1048576).toFixed(2);
  const sample = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const s = await page.evaluate(() => window.__benchmark.soakSample());
    return { ...s, heapMB: heap.usedSize / 1048576 };
  };
  await page.evaluate(() => window.__benchmark.soakStart());
  const t0 = Date.now();
  const rows = [];
  console.log(`\n## Training soak: ${minutes} min, sample every ${everyS} s (page heap after GC; worker tf.memory())\n`);
  console.log('| t (s) | races | step | status | page heap after GC (MB) | worker tensors | worker MB |');
  console.log('|------:|------:|-----:|--------|------------------------:|---------------:|----------:|');
  for (;;) {
    const r = await sample();
    rows.push(r);
    const t = (Date.now() - t0) / 1000;
    console.log(
      `| ${t.toFixed(0)} | ${r.races} | ${r.step} | ${r.status} | ${r.heapMB.toFixed(2)} | ${r.numTensors ?? '–'} | ${r.numBytes === null ? '–' : mb(r.numBytes)} |`,
    );
    if (r.status === 'error') throw new Error(`training failed: ${r.error}`);
    if (t >= minutes * 60) break;
    await new Promise((res) => setTimeout(res, Math.min(everyS * 1000, Math.max(1000, minutes * 60_000 - (Date.now() - t0)))));
  }
  await page.evaluate(() => window.__benchmark.soakStop());
  // the first sample is taken before the first race has built its models; compare from the second
  const from = rows[Math.min(1, rows.length - 1)];
  const last = rows[rows.length - 1];
  const heaps = rows.slice(1).map((r) => r.heapMB);
  const tensors = rows
    .slice(1)
    .map((r) => r.numTensors)
    .filter((n) => n !== null);
  console.log(
    `\n- page heap after GC: ${from.heapMB.toFixed(2)} MB (2nd sample) -> ${last.heapMB.toFixed(2)} MB (last), min ${Math.min(...heaps).toFixed(2)}, max ${Math.max(...heaps).toFixed(2)}; ` +
      `worker tensors: ${from.numTensors} -> ${last.numTensors} (min ${Math.min(...tensors)}, max ${Math.max(...tensors)}); worker bytes ${from.numBytes === null ? '–' : mb(from.numBytes)} -> ${last.numBytes === null ? '–' : mb(last.numBytes)} MB; ${last.races} races, ${last.totalSteps} steps in all`,
  );
}

async function main() {
  if (linkBench) {
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench/link-bench.ts')], { stdio: 'inherit', cwd: root });
    if (r.status !== 0) process.exitCode = 1;
    // the engine's CPU paths in Node (tfjs-cpu, wasm, plain typed arrays, a float64 reference)
    const e = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench/engine-node.ts'), ...(quick ? ['--quick'] : [])], {
      stdio: 'inherit',
      cwd: root,
    });
    if (e.status !== 0) process.exitCode = 1;
    if (pages.length === 0) return;
  }
  const executablePath = findChromium();
  if (!executablePath) {
    console.error('No Chromium found (run `node scripts/ensure-chromium.mjs`, or set CHROMIUM_PATH).');
    process.exit(1);
  }

  // configFile: false: the pages only need TypeScript, not the app's MDX/React plugins.
  const server = await createServer({
    root,
    configFile: false,
    logLevel: 'warn',
    clearScreen: false,
    server: { host: '127.0.0.1', port: 5181, strictPort: false, hmr: false },
    optimizeDeps: { entries: pages.map((p) => p.path.replace(/^\//, '')) },
  });
  await server.listen();
  const base = (server.resolvedUrls?.local?.[0] ?? 'http://127.0.0.1:5181/').replace(/\/$/, '');

  const browser = await chromium.launch({ executablePath, args: chromiumArgs, headless: true });
  const allFailures = [];
  const t0 = Date.now();
  try {
    for (const p of pages) {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.on('console', (m) => {
        const text = m.text();
        if (text.startsWith('[') || m.type() === 'error') console.log(`  ${p.name}: ${text}`);
      });
      page.on('pageerror', (e) => console.log(`  ${p.name}: page error: ${e.message}`));
      console.log(`\n# ${p.name} (${base}${p.path})${quick ? ' --quick' : ''}`);
      await page.goto(base + p.path);
      await page.waitForFunction(() => !!window.__benchmark, null, { timeout: 120_000 });
      if (soak) {
        if (p.name !== 'training') continue;
        await runSoak(page, argNum('minutes', 10), argNum('every', 30));
        await context.close();
        continue;
      }
      const table = await Promise.race([
        page.evaluate((opts) => window.__benchmark.run(opts), { quick }),
        new Promise((_, reject) => setTimeout(() => reject(new Error(`page ${p.name} took longer than ${p.timeoutMs / 1000} s`)), p.timeoutMs)),
      ]);
      printTable(table);
      for (const f of table.failures ?? []) allFailures.push(`${p.name}: ${f}`);
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`\nTotal ${((Date.now() - t0) / 1000).toFixed(0)} s.`);
  if (allFailures.length) {
    console.error('\nFAILED:');
    for (const f of allFailures) console.error(`  ${f}`);
    process.exit(1);
  }
  // Vite's dep optimiser and Playwright can keep handles open after close(); the work is done.
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
