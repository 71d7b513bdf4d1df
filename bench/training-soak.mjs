// Memory soak of the training lab on the PRODUCTION build, in the real lesson page (#/training):
// "memory stays flat over ten minutes of training" (issue 12).
//
//   node bench/training-soak.mjs [--dist=dist] [--minutes=10] [--every=60] [--snapshots=5,10]
//                                [--budget=20000] [--port=4193] [--config='{"T":10}']
//
// The lab trains one long race (step budget `budget`, the largest the settings allow: the loss
// history and the gate strips grow as long as it runs) and starts a fresh race (next seed) whenever
// one finishes, so disposal and rebuilding are soaked too. Every `every` seconds it prints, after a
// forced GC (CDP HeapProfiler.collectGarbage): the page's JS heap (Runtime.getHeapUsage), the
// page's DOM counters (Memory.getDOMCounters: nodes, listeners), the training worker's own JS heap
// (the worker's CDP target), the worker's tf.memory() tensors and bytes, and the lab's history
// sizes (evaluations kept, gate snapshots kept: both capped, see src/store/training.ts). At the
// minutes in `snapshots` it takes a page heap snapshot and prints what grew between them, by
// constructor (self size and count, as DevTools' summary view), so growth can be attributed.
// --config: more race settings (JSON, as the test hook takes them), e.g. a shorter T that trains
// faster, to reach the history caps sooner on a loaded machine (the kept history does not depend on T).
import { loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { chromiumArgs, findChromium } from '../scripts/chromium.mjs';
import { attachWorkers, heapSnapshot, printDiff, workerSession } from './cdp-heap.mjs';
import { cliArgs, serveDist } from './common.mjs';

const args = cliArgs();
const dist = args.dist ?? 'dist';
const minutes = Number(args.minutes ?? 10);
const everyS = Number(args.every ?? 60);
const budget = Number(args.budget ?? 20_000);
const snapAt = (args.snapshots ?? `${Math.round(minutes / 2)},${minutes}`)
  .split(',')
  .map(Number)
  .filter((x) => x > 0);
const port = Number(args.port ?? 4193);
const extra = args.config ? JSON.parse(args.config) : {};
const base = '/courses/kldl/unrolled/';
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const mb = (b) => (b / 1048576).toFixed(2);

const server = await serveDist({ dir: dist, base, port });
const browser = await chromium.launch({ executablePath: findChromium() ?? undefined, args: chromiumArgs, headless: true });

try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
  await page.addInitScript(() => {
    window.__UNROLLED_TEST_HOOKS__ = true;
  });
  const cdp = await page.context().newCDPSession(page);
  const wk = workerSession(cdp);
  await attachWorkers(cdp);
  await page.goto(`http://127.0.0.1:${port}${base}#/training`);
  await page.waitForFunction(() => window.__unrolledTrain?.status().status === 'ready', null, { timeout: 120_000 });
  await cdp.send('HeapProfiler.enable');
  console.log(
    `# training soak: ${minutes} min on ${dist}, sample every ${everyS} s after a forced GC; race budget ${budget} steps${args.config ? `, ${args.config}` : ''} (load average ${load()})\n`,
  );
  console.log(
    '| t (min) | load avg | races | step | steps/s | evals kept | gate snaps | page heap MB | DOM nodes | listeners | worker heap MB | worker tensors | worker tf MB |',
  );
  console.log('|--:|--|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
  let races = 1;
  let doneSteps = 0;
  await page.evaluate((c) => window.__unrolledTrain.start(c), { ...extra, stepBudget: budget, seed: 1 });
  // restart a finished race with the next seed (checked every second)
  const keeper = setInterval(async () => {
    try {
      const st = await page.evaluate(() => window.__unrolledTrain.status());
      if (st.status === 'finished') {
        doneSteps += st.step;
        races++;
        await page.evaluate((c) => window.__unrolledTrain.start(c), { ...extra, stepBudget: budget, seed: races });
      }
    } catch {
      /* page busy with a snapshot */
    }
  }, 1000);
  const t0 = Date.now();
  const rows = [];
  const snaps = [];
  let nextSnap = 0;
  for (let k = 0; ; k++) {
    const due = t0 + k * everyS * 1000;
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())));
    const tMin = (Date.now() - t0) / 60_000;
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage');
    const dom = await cdp.send('Memory.getDOMCounters');
    let wHeap = null;
    if (wk.ready()) {
      await wk.send('HeapProfiler.collectGarbage');
      wHeap = await wk.send('Runtime.getHeapUsage');
    }
    const st = await page.evaluate(() => window.__unrolledTrain.status());
    const row = {
      tMin,
      races,
      step: st.step,
      totalSteps: doneSteps + st.step,
      sps: st.stepsPerSec,
      evals: st.historyLength,
      gates: st.gateSnapshots,
      heap: heap.usedSize,
      nodes: dom.nodes,
      listeners: dom.jsEventListeners,
      wHeap: wHeap?.usedSize ?? null,
      tensors: st.numTensors,
      tfBytes: st.numBytes,
    };
    rows.push(row);
    console.log(
      `| ${tMin.toFixed(1)} | ${load()} | ${races} | ${st.step} | ${st.stepsPerSec.toFixed(1)} | ${row.evals} | ${row.gates} | ${mb(row.heap)} | ${row.nodes} | ${row.listeners} | ${row.wHeap === null ? '–' : mb(row.wHeap)} | ${row.tensors ?? '–'} | ${row.tfBytes === null ? '–' : mb(row.tfBytes)} |`,
    );
    if (st.status === 'error') throw new Error(`training failed: ${JSON.stringify(st)}`);
    if (nextSnap < snapAt.length && tMin >= snapAt[nextSnap] - 0.05) {
      snaps.push({ tMin, ...(await heapSnapshot(cdp)) });
      nextSnap++;
    }
    if (tMin >= minutes - 0.05) break;
  }
  clearInterval(keeper);
  await page.evaluate(() => window.__unrolledTrain.stop());

  console.log('\n## Summary');
  const first = rows[1] ?? rows[0];
  const mid = rows.find((r) => r.tMin >= minutes / 2 - 0.05) ?? first;
  const last = rows[rows.length - 1];
  const range = (k) => {
    const v = rows
      .slice(1)
      .map((r) => r[k])
      .filter((x) => x !== null);
    return `min ${mb(Math.min(...v))}, max ${mb(Math.max(...v))}`;
  };
  console.log(
    `- page heap after GC: ${mb(first.heap)} MB (t = ${first.tMin.toFixed(1)} min) -> ${mb(mid.heap)} MB (t = ${mid.tMin.toFixed(1)}) -> ${mb(last.heap)} MB (t = ${last.tMin.toFixed(1)}); ${range('heap')}; last half ${((last.heap - mid.heap) / 1048576 >= 0 ? '+' : '') + mb(last.heap - mid.heap)} MB`,
  );
  if (last.wHeap !== null && first.wHeap !== null)
    console.log(`- worker heap after GC: ${mb(first.wHeap)} -> ${mb(mid.wHeap)} -> ${mb(last.wHeap)} MB; ${range('wHeap')}`);
  console.log(`- DOM nodes ${first.nodes} -> ${last.nodes}, JS listeners ${first.listeners} -> ${last.listeners}`);
  console.log(
    `- worker tensors ${first.tensors} -> ${last.tensors} (min ${Math.min(...rows.slice(1).map((r) => r.tensors))}, max ${Math.max(...rows.slice(1).map((r) => r.tensors))}); tf bytes ${mb(first.tfBytes)} -> ${mb(last.tfBytes)} MB`,
  );
  console.log(
    `- history kept: evaluations ${first.evals} -> ${mid.evals} -> ${last.evals}, gate snapshots ${first.gates} -> ${mid.gates} -> ${last.gates}`,
  );
  console.log(`- ${races} race(s), ${last.totalSteps} training steps in all (budget ${budget} per race)`);
  if (snaps.length >= 2) {
    const [a, b] = snaps.slice(-2);
    printDiff(`Page heap snapshots, t = ${a.tMin.toFixed(1)} -> ${b.tMin.toFixed(1)} min`, a, b);
  }
} finally {
  await browser.close();
  server.kill();
}
process.exit(0);
