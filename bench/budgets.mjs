// Issue 11's budgets, on the PRODUCTION build served from a sub-path (gzip-compressed), in headless
// Chromium (SwiftShader WebGL here). Prints numbers; asserts nothing about time.
// long-file: every budget of issue 11 in one script, sharing its static server and browser launch
//   node bench/budgets.mjs [--quick] [--no-lighthouse] [--dist=DIR] [--only=js,first,longtasks,cls,shapes,soak,lighthouse] [--lh-runs=3]
//     [--first-reps=3] [--first-choices=webgl,auto] [--longtask-reps=1] [--soak-rounds=2] [--soak-snapshots] [--js-flags='--no-opt --no-maglev'] (heap snapshots after each round, diffs by constructor printed)
// - Lighthouse 12 (desktop preset) on the welcome, BPTT and LSTM pages: Performance, TBT; mobile FCP
// - initial JS on the welcome page (gzip bytes of the scripts it loads)
// - first trace on a simulator page: ms after the page is idle
// - main-thread long tasks (> 50 ms) during a view-only drag (loss step t), a recomputing drag (units)
//   and playback; the scroll to the slider before them apart
// - layout shift while a simulator page loads, at 1024, 1280 and 1500 px
// - soak: setting changes across the simulators in two rounds: page heap after GC, worker
//   tensors; time of changes to a never-seen (cell, T, units) vs a seen one
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { chromiumArgs, findChromium } from '../scripts/chromium.mjs';
import { attachWorkers, heapSnapshot, printDiff, workerSession } from './cdp-heap.mjs';
import { buildDist, cliArgs, median, serveDist } from './common.mjs';

const args = cliArgs();
const quick = args.quick === 'true';
const only = args.only ? new Set(args.only.split(',')) : null;
const want = (section) => !only || only.has(section);
const dist = buildDist(args, 'budgets');
const port = Number(process.env.BENCH_PORT ?? 4192);
const base = '/courses/kldl/unrolled/';
const origin = `http://127.0.0.1:${port}`;
const server = await serveDist({ dir: dist, base, port, gzip: true });

const f0 = (x) => (Number.isFinite(x) ? x.toFixed(0) : 'n/a');
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');
const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : 'n/a');
const table = (title, cols, rows) => {
  console.log(`\n## ${title}\n`);
  console.log('| ' + cols.join(' | ') + ' |');
  console.log('|' + cols.map(() => '---').join('|') + '|');
  for (const r of rows) console.log('| ' + cols.map((c) => String(r[c] ?? '')).join(' | ') + ' |');
};

const executablePath = findChromium() ?? undefined;
// precise memory info: performance.memory unquantised (the soak reads the worker's heap with it)
const browser = await chromium.launch({
  executablePath,
  // --js-flags=…: more V8 flags (e.g. --no-opt --no-maglev to see whether a heap's growth is compiled code tiering up)
  args: [...chromiumArgs, `--js-flags=--expose-gc${args['js-flags'] ? ' ' + args['js-flags'] : ''}`, '--enable-precise-memory-info'],
  headless: true,
});

async function newPage(backend = 'webgl', { longTasks = true } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(
    ([b, lt]) => {
      window.__UNROLLED_TEST_HOOKS__ = true;
      localStorage.setItem('unrolled:prefs', JSON.stringify({ state: { backend: b }, version: 1 }));
      // the list of long tasks grows for as long as the page runs: not in the soak, which measures the heap
      if (!lt) return;
      window.__longTasks = [];
      new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__longTasks.push({ start: e.startTime, ms: e.duration }))).observe({
        type: 'longtask',
        buffered: true,
      });
    },
    [backend, longTasks],
  );
  return { context, page };
}
const sim = (page, preset) => page.locator(`[data-simulator="${preset}"] [data-testid="simulator"]`);
async function waitResults(page, preset, after) {
  await page.waitForFunction(
    ([p, n]) => {
      const el = document.querySelector(`[data-simulator="${p}"] [data-testid="simulator"]`);
      return el && Number(el.dataset.results) > n && el.dataset.state === 'ready';
    },
    [preset, after],
    { timeout: 120_000, polling: 5 },
  );
  return Number(await sim(page, preset).getAttribute('data-results'));
}
/** Like waitResults, but an error on screen (e.g. "did not answer within 30 s" on a loaded machine) ends the wait too. */
async function waitSettled(page, preset, after) {
  await page.waitForFunction(
    ([p, n]) => {
      const el = document.querySelector(`[data-simulator="${p}"] [data-testid="simulator"]`);
      return el && ((Number(el.dataset.results) > n && el.dataset.state === 'ready') || el.dataset.state === 'error');
    },
    [preset, after],
    { timeout: 180_000, polling: 5 },
  );
  const el = sim(page, preset);
  return { n: Number(await el.getAttribute('data-results')), error: (await el.getAttribute('data-state')) === 'error' };
}

try {
  // ---- initial JS on the welcome page
  if (want('js')) {
    const { context, page } = await newPage();
    await page.goto(`${origin}${base}#/welcome`);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(1500);
    // Initial = the scripts the page requested before its first idle-time work (the mark
    // `unrolled:idle-work`: the neighbouring sections' prefetch the issue asks for, and the
    // service worker's registration); what came after is listed apart, not hidden.
    const { entries, idleAt } = await page.evaluate(() => ({
      entries: performance
        .getEntriesByType('resource')
        .filter((e) => new URL(e.name).pathname.endsWith('.js'))
        .map((e) => ({ name: new URL(e.name).pathname, start: e.startTime })),
      idleAt: performance.getEntriesByName('unrolled:idle-work')[0]?.startTime ?? Infinity,
    }));
    const rowOf = (e) => {
      const f = e.name.slice(base.length);
      const buf = readFileSync(path.join(dist, f));
      return { file: f, raw_KB: f1(buf.length / 1024), gzip_KB: f1(gzipSync(buf).length / 1024), requested_ms: f0(e.start) };
    };
    const initial = entries.filter((e) => e.start < idleAt).map(rowOf);
    const later = entries.filter((e) => e.start >= idleAt).map(rowOf);
    const sum = (rs) => f1(rs.reduce((a, r) => a + Number(r.gzip_KB), 0));
    const initialTotal = sum(initial);
    initial.push({ file: 'TOTAL initial (budget ≤ 100 KB gzip)', raw_KB: '', gzip_KB: initialTotal, requested_ms: '' });
    later.push({ file: 'TOTAL idle-time', raw_KB: '', gzip_KB: sum(later), requested_ms: '' });
    later.push({
      file: 'TOTAL initial + idle-time',
      raw_KB: '',
      gzip_KB: f1(Number(initialTotal) + Number(later.at(-1).gzip_KB)),
      requested_ms: '',
    });
    const cols = ['file', 'raw_KB', 'gzip_KB', 'requested_ms'];
    table(`Initial JS on the welcome page: requested before the first idle-time work (at ${f0(idleAt)} ms)`, cols, initial);
    table('JS requested at idle time (neighbouring sections prefetched, service worker registration)', cols, later);
    await context.close();
  }

  // ---- first trace after idle, per backend choice, with where the time went (page and worker marks)
  if (want('first')) {
    const reps = quick ? 1 : Number(args['first-reps'] ?? 3);
    const runs = [];
    for (let rep = 0; rep < reps; rep++) {
      for (const backend of String(args['first-choices'] ?? 'webgl,auto').split(',')) {
        for (const slug of ['bptt', 'lstm']) {
          const preset = slug;
          const { context, page } = await newPage(backend);
          await page.goto(`${origin}${base}#/${slug}`);
          const r = await page.evaluate(
            (p) =>
              new Promise((resolve) => {
                const idleAt = new Promise((res) => requestIdleCallback(() => res(performance.now())));
                const t = setInterval(async () => {
                  const el = document.querySelector(`[data-simulator="${p}"] [data-testid="simulator"]`);
                  if (el && Number(el.dataset.results) > 0) {
                    clearInterval(t);
                    const done = performance.now();
                    resolve({ idle: await idleAt, done });
                  }
                }, 5);
              }),
            preset,
          );
          const backendRan = await sim(page, preset).getByTestId('sim-status').getAttribute('data-backend');
          const marks = await page.evaluate(() => window.__unrolledSim.engine.marks?.() ?? { page: {}, worker: {} });
          runs.push({ page: slug, choice: backend, ran_on: backendRan, ...r, marks });
          await context.close();
        }
      }
    }
    const groups = new Map();
    for (const r of runs) {
      const k = `${r.page}|${r.choice}`;
      if (!groups.has(k)) groups.set(k, []);
      groups.get(k).push(r);
    }
    const rows = [];
    const breakdown = [];
    const m = (rs, f) => f0(median(rs.map(f).filter(Number.isFinite)));
    for (const rs of groups.values()) {
      const { page, choice } = rs[0];
      rows.push({
        page,
        choice,
        ran_on: [...new Set(rs.map((r) => r.ran_on))].join(','),
        runs: rs.length,
        page_idle_ms: m(rs, (r) => r.idle),
        first_trace_ms: m(rs, (r) => r.done),
        after_idle_ms: m(rs, (r) => Math.max(0, r.done - r.idle)),
        per_run_after_idle_ms: rs.map((r) => f0(Math.max(0, r.done - r.idle))).join(' / '),
      });
      const w = (r, k) => r.marks.worker[k];
      const p = (r, k) => r.marks.page[k];
      breakdown.push({
        page,
        choice,
        worker_created: m(rs, (r) => p(r, 'engine-start')),
        warm_sent: m(rs, (r) => p(r, 'warm-sent')),
        boot: m(rs, (r) => w(r, 'boot')),
        chunk_loaded: m(rs, (r) => w(r, 'ready')),
        probe_answer: m(rs, (r) => w(r, 'probe-answer')),
        interim_cpu: m(rs, (r) => w(r, 'interim-cpu')),
        first_message: m(rs, (r) => w(r, 'first-message')),
        probe: m(rs, (r) => w(r, 'probe-done') - w(r, 'probe-start')),
        backend_ready: m(rs, (r) => w(r, 'backend')),
        first_simulate_done: m(rs, (r) => w(r, 'first-simulate')),
        sim_asks: m(rs, (r) => p(r, 'first-request')),
        answer_on_page: m(rs, (r) => p(r, 'first-answer')),
        on_screen: m(rs, (r) => r.done),
        page_idle: m(rs, (r) => r.idle),
      });
    }
    table(
      'First trace on a simulator page (medians, ms from navigation; budget ≤ 500 ms after idle, 0 = on screen before idle)',
      ['page', 'choice', 'ran_on', 'runs', 'page_idle_ms', 'first_trace_ms', 'after_idle_ms', 'per_run_after_idle_ms'],
      rows,
    );
    table(
      "Where the first trace's time goes (medians, ms from navigation; page marks unrolled:*, worker marks)",
      [
        'page',
        'choice',
        'worker_created',
        'warm_sent',
        'boot',
        'chunk_loaded',
        'probe_answer',
        'interim_cpu',
        'first_message',
        'probe',
        'backend_ready',
        'first_simulate_done',
        'sim_asks',
        'answer_on_page',
        'on_screen',
        'page_idle',
      ],
      breakdown,
    );
  }

  // ---- long tasks during slider drags and playback, WebGL and CPU chosen (the scroll to the slider
  // before them is measured apart)
  if (want('longtasks')) {
    const rows = [];
    const reps = Number(args['longtask-reps'] ?? 1);
    const keys = quick ? 15 : 40;
    // A key press every `gap` ms, back and forth. The loss step t only redraws (16 ms apart, as fast
    // as a drag sends input); units recompute in the worker (50 ms apart: past the 40 ms debounce,
    // so about every press is a new trace, the hardest case).
    const drag = async (page, slider, gap) => {
      await slider.focus();
      for (let i = 0; i < keys; i++) {
        await page.keyboard.press(i % 20 < 10 ? 'ArrowRight' : 'ArrowLeft');
        await page.waitForTimeout(gap);
      }
    };
    const phases = ['scroll to the slider', 'slider drag (loss step t)', 'slider drag (units: recomputes)', 'playback'];
    for (let rep = 0; rep < reps; rep++)
      for (const backend of ['webgl', 'cpu']) {
        const { context, page } = await newPage(backend);
        await page.goto(`${origin}${base}#/bptt`);
        let n = await waitResults(page, 'bptt', 0);
        await page.waitForTimeout(500);
        const now = () => page.evaluate(() => performance.now());
        const sliders = sim(page, 'bptt').locator('input[type="range"]');
        const marks = [await now()];
        // focusing the slider scrolls it into view, and the detail views around it are drawn for
        // the first time (content-visibility): a task of its own, before the drag
        await sliders.first().focus();
        await page.waitForTimeout(1000);
        marks.push(await now());
        await drag(page, sliders.first(), 16);
        await page.waitForTimeout(300);
        marks.push(await now());
        const before = n;
        await drag(page, sliders.nth(1), 50);
        n = await waitResults(page, 'bptt', n);
        await page.waitForTimeout(300);
        marks.push(await now());
        const traces = n - before;
        await sim(page, 'bptt').focus();
        await page.keyboard.press('Space');
        await page.waitForTimeout(quick ? 1500 : 4000);
        await page.keyboard.press('Space');
        marks.push(await now());
        const lt = await page.evaluate(() => window.__longTasks);
        phases.forEach((during, i) => {
          const ts = lt.filter((e) => e.start >= marks[i] && e.start < marks[i + 1]);
          rows.push({
            backend,
            during,
            window_ms: f0(marks[i + 1] - marks[i]),
            traces: i === 2 ? traces : '',
            long_tasks: ts.length,
            max_ms: ts.length ? f0(Math.max(...ts.map((e) => e.ms))) : '0',
          });
        });
        await context.close();
      }
    table(
      'Main-thread tasks over 50 ms (budget: none during a drag or playback; the scroll before the drag is outside the budget, printed for what it is)',
      ['backend', 'during', 'window_ms', 'traces', 'long_tasks', 'max_ms'],
      rows,
    );
    if (reps > 1) {
      const sum = [];
      for (const backend of ['webgl', 'cpu'])
        for (const during of phases) {
          const rs = rows.filter((r) => r.backend === backend && r.during === during);
          sum.push({
            backend,
            during,
            runs: rs.length,
            runs_with_long_task: rs.filter((r) => r.long_tasks > 0).length,
            long_tasks: rs.reduce((a, r) => a + r.long_tasks, 0),
            max_ms: f0(Math.max(...rs.map((r) => Number(r.max_ms)))),
          });
        }
      table(`Over ${reps} runs`, ['backend', 'during', 'runs', 'runs_with_long_task', 'long_tasks', 'max_ms'], sum);
    }
  }

  // ---- layout shift while a simulator page loads (auto, as a visitor starts), at a projector's,
  // a laptop's and a wide screen's width: the engine's badge and the status line change meanwhile
  if (want('cls')) {
    const rows = [];
    for (const slug of ['vanilla-cell', 'bptt', 'lstm'])
      for (const [width, height] of [
        [1024, 768],
        [1280, 800],
        [1500, 900],
      ]) {
        const context = await browser.newContext({ viewport: { width, height } });
        const page = await context.newPage();
        await page.addInitScript(() => {
          window.__UNROLLED_TEST_HOOKS__ = true;
          window.__shifts = [];
          new PerformanceObserver((l) => l.getEntries().forEach((e) => !e.hadRecentInput && window.__shifts.push(e.value))).observe({
            type: 'layout-shift',
            buffered: true,
          });
        });
        await page.goto(`${origin}${base}#/${slug}`);
        await waitResults(page, slug, 0);
        await page.waitForFunction(
          () => /software renderer|faster|as fast/.test(document.querySelector('[data-testid="backend-badge"]')?.dataset.autoReason ?? ''),
          null,
          {
            timeout: 60_000,
          },
        );
        await page.waitForTimeout(300);
        const shifts = await page.evaluate(() => window.__shifts);
        rows.push({ page: slug, viewport: `${width}×${height}`, CLS: shifts.reduce((a, b) => a + b, 0).toFixed(4), shifts: shifts.length });
        await context.close();
      }
    table('Layout shift while a simulator page loads (auto; Lighthouse counts CLS only at 1350 px)', ['page', 'viewport', 'CLS', 'shifts'], rows);
  }

  // ---- never-seen (T, units) on WebGL: shape buckets and shape uniforms off / on, in the same
  // process (fresh page, fresh worker and program cache each run; alternating, so load drifts hit all)
  if (want('shapes')) {
    // a student dragging T from 9 to 24 at 4 units, then units from 5 to 16 at T = 24: 28 sizes the LSTM page has not seen
    const shapes = [...Array.from({ length: 16 }, (_, i) => [9 + i, 4]), ...Array.from({ length: 12 }, (_, i) => [24, 5 + i])];
    const reps = quick ? 1 : Number(args.reps ?? 2);
    const modes = [
      { name: 'no buckets, no uniforms', buckets: 0, uniforms: false },
      { name: 'buckets only (default)', buckets: 1, uniforms: false },
      { name: 'buckets + shape uniforms', buckets: 1, uniforms: true },
    ];
    const res = Object.fromEntries(modes.map((m) => [m.name, []]));
    for (let rep = 0; rep < reps; rep++) {
      for (const mode of modes) {
        const { context, page } = await newPage('webgl');
        await page.goto(`${origin}${base}#/lstm`);
        let n = await waitResults(page, 'lstm', 0);
        await page.evaluate(
          ([b, u]) => Promise.all([window.__unrolledSim.engine.setBucketing(b), window.__unrolledSim.engine.setShapeUniforms(u)]),
          [mode.buckets, mode.uniforms],
        );
        const programs0 = await page.evaluate(() => window.__unrolledSim.engine.programCount());
        const times = [];
        let errors = 0;
        for (const [steps, units] of shapes) {
          const t0 = Date.now();
          await page.evaluate(([s, u]) => window.__unrolledSim.set('lstm', { steps: s, units: u }), [steps, units]);
          const r = await waitSettled(page, 'lstm', n);
          n = r.n;
          if (r.error) errors++;
          else times.push(Date.now() - t0);
        }
        const programs = await page.evaluate(() => window.__unrolledSim.engine.programCount());
        // a seen shape: seed changes at the last size
        const seen = [];
        for (let i = 0; i < 5; i++) {
          const t0 = Date.now();
          await page.evaluate((k) => window.__unrolledSim.set('lstm', { seed: 100 + k }), i);
          const r = await waitSettled(page, 'lstm', n);
          n = r.n;
          if (!r.error) seen.push(Date.now() - t0);
        }
        const backendRan = await sim(page, 'lstm').getByTestId('sim-status').getAttribute('data-backend');
        res[mode.name].push({ times, programs0, programs, seen, backendRan, errors });
        await context.close();
      }
    }
    const rows = [];
    for (const mode of modes) {
      const rs = res[mode.name];
      const all = rs.flatMap((r) => r.times);
      rows.push({
        mode: mode.name,
        ran_on: [...new Set(rs.map((r) => r.backendRan))].join(','),
        runs: rs.length,
        changes: all.length,
        never_seen_median_ms: f0(median(all)),
        never_seen_max_ms: f0(Math.max(...all)),
        per_run_medians_ms: rs.map((r) => f0(median(r.times))).join(' / '),
        seen_median_ms: f0(median(rs.flatMap((r) => r.seen))),
        programs_before_after: rs.map((r) => `${r.programs0}→${r.programs}`).join(' / '),
        errors: rs.reduce((a, r) => a + r.errors, 0),
      });
    }
    table(
      `Never-seen (T, units) on the LSTM page, WebGL (${shapes.length} new sizes per run; ms change → trace on screen, incl. the 40 ms debounce)`,
      [
        'mode',
        'ran_on',
        'runs',
        'changes',
        'never_seen_median_ms',
        'never_seen_max_ms',
        'per_run_medians_ms',
        'seen_median_ms',
        'programs_before_after',
        'errors',
      ],
      rows,
    );
    const base0 = median(res[modes[0].name].flatMap((r) => r.times));
    for (const mode of modes.slice(1))
      console.log(
        `- median never-seen change, ${modes[0].name} / ${mode.name}: ${(base0 / median(res[mode.name].flatMap((r) => r.times))).toFixed(2)}×`,
      );
  }

  // ---- soak
  // --soak-modes=default,uniforms: the soak as shipped (shape uniforms off) and with WebGL shape
  // uniforms on (programs shared across shapes), in one process
  if (want('soak')) {
    for (const soakMode of String(args['soak-modes'] ?? 'default').split(',')) {
      const uniforms = soakMode === 'uniforms';
      const { context, page } = await newPage('webgl', { longTasks: false });
      const cdp = await context.newCDPSession(page);
      const wk = workerSession(cdp, (url) => /\/worker-[\w-]+\.js/.test(url));
      await attachWorkers(cdp);
      const sims = [
        { slug: 'bptt', preset: 'bptt' },
        { slug: 'lstm', preset: 'lstm' },
        { slug: 'gru', preset: 'gru' },
        { slug: 'bidirectional', preset: 'bidirectional' },
      ];
      const total = quick ? 80 : 500;
      const perRound = total / 2;
      const rounds = Number(args['soak-rounds'] ?? 2);
      const heapSnaps = args['soak-snapshots'] === 'true';
      let rnd = 12345;
      const rand = () => (rnd = (rnd * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      const seen = new Set();
      const newShape = [];
      const seenShape = [];
      const rows = [];
      const heap = async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        await cdp.send('HeapProfiler.collectGarbage');
        return (await cdp.send('Runtime.getHeapUsage')).usedSize / 2 ** 20;
      };
      // the engine worker's own heap, through its CDP target (performance.memory does not exist in a worker)
      const workerHeap = async () => {
        if (!wk.ready()) return NaN;
        await wk.send('HeapProfiler.collectGarbage');
        await wk.send('HeapProfiler.collectGarbage');
        return ((await wk.send('Runtime.getHeapUsage'))?.usedSize ?? NaN) / 2 ** 20;
      };
      const snaps = [];
      const snapshot = async (after) => {
        const stats = await page.evaluate(() => window.__unrolledSim.engine.programStats());
        const dom = await cdp.send('Memory.getDOMCounters');
        const row = {
          after,
          load: loadavg()[0].toFixed(1),
          page_heap_MB: f2(await heap()),
          worker_heap_MB: f2(await workerHeap()),
          dom_nodes: dom.nodes,
          listeners: dom.jsEventListeners,
          tensors: await page.evaluate(() => window.__unrolledSim.numTensors()),
          programs: stats.count,
          compiled_total: stats.compiled,
          evicted_total: stats.evicted,
        };
        if (heapSnaps) {
          const snap = { after, page: await heapSnapshot(cdp), worker: wk.ready() ? await heapSnapshot(wk) : null };
          snaps.push(snap);
          // V8's compiled code is part of the heap and grows as functions are optimised: shown apart
          const code = (sum) => (sum ? f2((sum.byKey.get('(code)')?.size ?? 0) / 2 ** 20) : 'n/a');
          row.page_code_MB = code(snap.page);
          row.worker_code_MB = code(snap.worker);
        }
        return row;
      };
      await page.goto(`${origin}${base}#/bptt`);
      await waitResults(page, 'bptt', 0);
      await page.evaluate((u) => window.__unrolledSim.engine.setShapeUniforms(u), uniforms);
      rows.push(await snapshot('start'));
      for (let round = 1; round <= rounds; round++) {
        rnd = 12345; // identical rounds
        for (let i = 0; i < perRound; i++) {
          const { slug, preset } = sims[Math.floor((i / perRound) * sims.length)];
          if (!(await page.evaluate((s) => location.hash === `#/${s}`, slug))) {
            await page.goto(`${origin}${base}#/${slug}`);
            await sim(page, preset).waitFor({ timeout: 60_000 });
            await waitResults(page, preset, 0);
          }
          const kinds = ['units', 'steps', 'seed', 'weightScale', 'forgetBias'];
          const k = kinds[Math.floor(rand() * kinds.length)];
          const patch =
            k === 'units'
              ? { units: 1 + Math.floor(rand() * 6) }
              : k === 'steps'
                ? { steps: 3 + Math.floor(rand() * 10) }
                : k === 'seed'
                  ? { seed: Math.floor(rand() * 1000) }
                  : k === 'weightScale'
                    ? { weightScale: 0.3 + rand() * 2 }
                    : { forgetBias: rand() * 2 };
          const before = Number(await sim(page, preset).getAttribute('data-results'));
          const settings = await page.evaluate((p) => window.__unrolledSim.settings(p), preset);
          const merged = { ...settings, ...patch };
          const shapeKey = `${merged.cell}|${merged.steps}|${merged.units}|${merged.bidirectional}`;
          const changed = JSON.stringify(merged) !== JSON.stringify(settings);
          const ts = Date.now();
          await page.evaluate(([p, q]) => window.__unrolledSim.set(p, q), [preset, patch]);
          if (changed) {
            await waitResults(page, preset, before);
            const ms = Date.now() - ts;
            (seen.has(shapeKey) ? seenShape : newShape).push(ms);
            seen.add(shapeKey);
          }
        }
        rows.push(await snapshot(`round ${round} (${perRound} changes)`));
      }
      table(
        `Soak on WebGL, ${soakMode} (shape uniforms ${uniforms ? 'on' : 'off'}): ${rounds} identical rounds of setting changes over BPTT, LSTM, GRU, bidirectional (JS heaps after GC, the worker's through its CDP target; DOM counters; programs kept, compiled and evicted since the start; load = 1-min load average)`,
        [
          'after',
          'load',
          'page_heap_MB',
          'worker_heap_MB',
          ...(heapSnaps ? ['page_code_MB', 'worker_code_MB'] : []),
          'dom_nodes',
          'listeners',
          'tensors',
          'programs',
          'compiled_total',
          'evicted_total',
        ],
        rows,
      );
      const cols = [['page_heap_MB'], ['worker_heap_MB']];
      // with snapshots: also the heap less V8's compiled code (which grows while functions tier up, then stops)
      if (heapSnaps) cols.push(['page_heap_MB', 'page_code_MB'], ['worker_heap_MB', 'worker_code_MB']);
      for (const [k, less] of cols) {
        const v = rows.map((r) => Number(r[k]) - (less ? Number(r[less]) : 0));
        const d = v.slice(2).map((x, i) => `${x - v[i + 1] >= 0 ? '+' : ''}${(x - v[i + 1]).toFixed(2)}`);
        console.log(`- ${k}${less ? ` less ${less}` : ''} round to round: ${d.join(', ')} MB (budget: round 2 no higher than round 1)`);
      }
      for (let i = 1; i < snaps.length; i++) {
        const [a, b] = [snaps[i - 1], snaps[i]];
        printDiff(`Page heap snapshot, ${a.after} -> ${b.after}`, a.page, b.page, 12);
        if (a.worker && b.worker) printDiff(`Worker heap snapshot, ${a.after} -> ${b.after}`, a.worker, b.worker, 12);
      }
      table(
        `Change → new trace on screen (ms, WebGL, ${soakMode}; includes the 40 ms debounce)`,
        ['shape', 'count', 'median_ms', 'max_ms'],
        [
          { shape: 'never-seen (cell, T, units)', count: newShape.length, median_ms: f0(median(newShape)), max_ms: f0(Math.max(...newShape)) },
          { shape: 'seen before', count: seenShape.length, median_ms: f0(median(seenShape)), max_ms: f0(Math.max(...seenShape)) },
        ],
      );
      await context.close();
    }
  }
} finally {
  await browser.close();
}

// ---- Lighthouse
if (args['no-lighthouse'] !== 'true' && want('lighthouse')) {
  const { default: lighthouse } = await import('lighthouse');
  const { default: desktopConfig } = await import('lighthouse/core/config/desktop-config.js');
  const chromeLauncher = await import('chrome-launcher');
  const chrome = await chromeLauncher.launch({ chromePath: executablePath, chromeFlags: ['--headless=new', ...chromiumArgs] });
  const rows = [];
  // Lighthouse's TBT swings with the machine's load: each page runs `--lh-runs` times (3 by
  // default, 1 with --quick) and the median run (by performance score) is printed, with the spread
  const runs = Number(args['lh-runs'] ?? (quick ? 1 : 3));
  const measure = async (slug, preset) => {
    const url = `${origin}${base}#/${slug}`;
    const results = [];
    for (let i = 0; i < runs; i++) {
      const r = await lighthouse(
        url,
        { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] },
        preset === 'desktop' ? desktopConfig : undefined,
      );
      const a = r.lhr.audits;
      results.push({
        score: r.lhr.categories.performance.score * 100,
        tbt: a['total-blocking-time'].numericValue,
        fcp: a['first-contentful-paint'].numericValue,
        lcp: a['largest-contentful-paint'].numericValue,
      });
    }
    const byScore = [...results].sort((x, y) => x.score - y.score);
    const mid = byScore[(byScore.length - 1) >> 1];
    const spread = (k) => (runs > 1 ? ` (${f0(Math.min(...results.map((x) => x[k])))}–${f0(Math.max(...results.map((x) => x[k])))})` : '');
    rows.push({
      page: slug,
      preset,
      runs,
      performance: f0(mid.score) + spread('score'),
      TBT_ms: f0(median(results.map((x) => x.tbt))) + spread('tbt'),
      FCP_ms: f0(median(results.map((x) => x.fcp))) + spread('fcp'),
      LCP_ms: f0(median(results.map((x) => x.lcp))),
    });
  };
  try {
    // --lh-presets=mobile: one preset only (e.g. to compare two builds' mobile FCP)
    const presets = String(args['lh-presets'] ?? 'desktop,mobile').split(',');
    if (presets.includes('desktop')) for (const slug of ['welcome', 'bptt', 'lstm']) await measure(slug, 'desktop');
    if (presets.includes('mobile')) for (const slug of ['welcome', 'bptt']) await measure(slug, 'mobile');
  } finally {
    await chrome.kill();
  }
  table(
    'Lighthouse 12 (budgets: desktop Performance ≥ 95, TBT ≤ 150 ms; mobile FCP ≤ 2500 ms), gzip serving; medians of `runs`, (min–max)',
    ['page', 'preset', 'runs', 'performance', 'TBT_ms', 'FCP_ms', 'LCP_ms'],
    rows,
  );
}
server.kill();
process.exit(0);
