// Long main-thread tasks while the training lab trains, attributed with a Chromium performance
// trace, on the PRODUCTION build in the real lesson page (#/training). bench/run.mjs training runs
// the lab on Vite's dev server (React's development build); this script measures what visitors get.
// long-file: one self-contained bench (serve, drive the race, trace, attribute, print) so it runs with plain node
//
//   node bench/training-trace.mjs [--dist=DIR] [--runs=2] [--budget=500] [--mode=race,present|busy|idle|all]
//                                 [--minify=false] [--keep=trace.json] [--busyMs=60000] [--compare=DIR]
//                                 [--speeds=40] [--seeds=1,2,3]
//
// After the traced runs (untraced, on this build): training steps/s per model on webgl, cpu and
// wasm (the worker's own step times after 3 warm-up steps; --speeds=0 skips), and the default race
// with each of --seeds: the step each model is solved at, and the median (--seeds= skips).
//
// --mode=race: the default race (seed 1) through the opt-in test hook, traced from Train to finished.
// --mode=present: the same race with the page in presentation mode on the lab's slide, 1920×1080.
// --mode=busy: the control for the "CPU starvation" hypothesis: the lab on the page but idle, while
//              one extra thread (a child process) spins a pure-JS busy loop for busyMs, using a core
//              as the training worker does but sending and drawing nothing: any long task then is
//              the main thread waiting for a core.
// --mode=idle: the lab on the page, nothing training, no extra worker, for busyMs: what the
//              machine's other load alone does to the page. --mode=all runs the three in turn;
//              --mode=race,idle any list.
// Without --dist it builds into a temporary folder first (`vite build`; --minify=false keeps
// function names readable in the profile, which is what the attribution prints).
//
// Per run it prints: long tasks (> 50 ms, RunTask on the page's main thread): count, longest, and
// for each one its wall time vs its main-thread CPU time (tdur: a task whose wall time is much
// longer than its CPU time was waiting for a core), what ran inside (trace events by self time:
// message handler, animation frame, GC, style/layout/paint, ...) and the hottest JS functions
// (CPU-profile samples inside long tasks); rAF frame intervals p50/p95; race steps/s.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { chromiumArgs, findChromium } from '../scripts/chromium.mjs';
import { buildDist, cliArgs, median, serveDist } from './common.mjs';

const args = cliArgs();
const runs = Number(args.runs ?? 2);
const budget = Number(args.budget ?? 500);
const modes = args.mode === 'all' ? ['race', 'present', 'busy', 'idle'] : (args.mode ?? 'race,present').split(',');
const racing = (mode) => mode === 'race' || mode === 'present';

const dist = buildDist(args, 'trace', args.minify === 'false' ? ['--minify', 'false'] : []);
const port = Number(args.port ?? 4192);
const base = '/courses/kldl/unrolled/';
// --compare=DIR: a second build (e.g. the code before a change), measured in the same process,
// alternating with this one run by run; the summary prints both and their ratios
const targets = [{ label: 'this build', dir: dist, port }];
if (args.compare) targets.unshift({ label: 'compare build', dir: args.compare, port: port + 1 });
const servers = await Promise.all(targets.map((t) => serveDist({ dir: t.dir, base, port: t.port })));

const p95 = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)];
};
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');

const CATEGORIES = [
  '-*',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'v8',
  'v8.execute',
  'disabled-by-default-v8.gc',
  'disabled-by-default-v8.cpu_profiler',
  'blink.user_timing',
  'toplevel',
];

/** what kind of work a trace event is (for the per-long-task breakdown) */
function kind(e) {
  const n = e.name;
  if (/GC|Scavenge|MarkCompact|Sweep|BlinkGC/i.test(n)) return 'GC';
  if (n === 'UpdateLayoutTree' || n === 'RecalculateStyles' || n === 'ParseAuthorStyleSheet') return 'style';
  if (n === 'Layout') return 'layout';
  if (/Paint|Layerize|PrePaint|Commit|UpdateLayer|CompositeLayers/.test(n)) return 'paint/composite';
  if (/deserializ|Deserializ|MessagePort|PostMessage/i.test(n)) return 'message (de)serialisation';
  if (n === 'FunctionCall' || n === 'EvaluateScript' || n === 'V8.Execute' || n === 'v8.callFunction' || n === 'V8.Compile' || n === 'v8.compile')
    return 'script';
  if (n === 'EventDispatch') return `event ${e.args?.data?.type ?? ''}`.trim();
  if (n === 'FireAnimationFrame') return 'rAF callback';
  if (n === 'TimerFire') return 'timer';
  if (n === 'RunMicrotasks') return 'microtasks';
  if (n === 'HitTest') return 'hit test';
  if (n === 'ImageDecodeTask' || n === 'Decode Image' || /Image/.test(n)) return 'image';
  return n;
}

function analyse(trace) {
  const ev = trace.traceEvents ?? trace;
  const threadName = new Map();
  for (const e of ev) if (e.ph === 'M' && e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args.name);
  // the page's main thread: the CrRendererMain with the most RunTask time
  const busy = new Map();
  for (const e of ev)
    if (e.ph === 'X' && e.name === 'RunTask' && threadName.get(`${e.pid}:${e.tid}`) === 'CrRendererMain')
      busy.set(`${e.pid}:${e.tid}`, (busy.get(`${e.pid}:${e.tid}`) ?? 0) + e.dur);
  const main = [...busy.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!main) return null;
  const [pid, tid] = main.split(':').map(Number);
  const onMain = ev
    .filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && typeof e.dur === 'number')
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  // the measured window: between the page's performance.mark('tp-start') and ('tp-end')
  const mark = (n) => ev.find((e) => e.name === n && e.pid === pid)?.ts;
  const windowUs = mark('tp-start') !== undefined ? [mark('tp-start'), mark('tp-end') ?? Infinity] : null;
  const inWindow = (e) => !windowUs || (e.ts >= windowUs[0] && e.ts <= windowUs[1]);
  const tasks = onMain.filter((e) => e.name === 'RunTask' && inWindow(e));
  // the tracer's own CPU-profiler start-up is not the page's work
  const own = (t) => onMain.some((e) => e.name === 'CpuProfiler::StartProfiling' && e.ts >= t.ts && e.ts <= t.ts + t.dur && e.dur > t.dur / 2);
  const long = tasks.filter((e) => e.dur > 50_000 && !own(e));
  const maxCpu = Math.max(0, ...tasks.filter((e) => !own(e)).map((e) => (e.tdur ?? 0) / 1000));
  // worker thread CPU while the page trains
  const workerThreads = [...threadName.entries()].filter(([, n]) => /DedicatedWorker/.test(n)).map(([k]) => k);
  let workerCpu = 0;
  let workerWall = 0;
  for (const e of ev)
    if (e.ph === 'X' && e.name === 'RunTask' && workerThreads.includes(`${e.pid}:${e.tid}`) && inWindow(e)) {
      workerWall += e.dur;
      workerCpu += e.tdur ?? 0;
    }
  // CPU-profile samples of the main thread (ProfileChunk events; timeDeltas on the trace clock)
  const profiles = new Map();
  for (const e of ev) {
    if (e.name === 'Profile' && e.pid === pid && e.tid === tid) profiles.set(e.id, { nodes: new Map(), samples: [], t: e.args.data.startTime });
  }
  for (const e of ev) {
    if (e.name !== 'ProfileChunk' || !profiles.has(e.id)) continue;
    const p = profiles.get(e.id);
    const cp = e.args.data.cpuProfile ?? {};
    for (const n of cp.nodes ?? []) p.nodes.set(n.id, n);
    const deltas = e.args.data.timeDeltas ?? [];
    (cp.samples ?? []).forEach((s, i) => {
      p.t += deltas[i] ?? 0;
      p.samples.push([p.t, s]);
    });
  }
  const fnLabel = (n) => {
    const cf = n.callFrame;
    const file = (cf.url ?? '')
      .split('/')
      .pop()
      .replace(/-[\w-]{8}\.js$/, '.js');
    return `${cf.functionName || '(anonymous)'}${file ? ' ' + file : ''}`;
  };
  const perTask = long.map((t) => {
    const end = t.ts + t.dur;
    // self time per kind: events nested in the task, each minus its nested children
    const inside = onMain.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= end + 1);
    const stack = [];
    const self = new Map();
    const add = (k, v) => self.set(k, (self.get(k) ?? 0) + v);
    for (const e of inside) {
      while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts) stack.pop();
      if (stack.length) add(kind(stack[stack.length - 1]), -e.dur);
      add(kind(e), e.dur);
      stack.push(e);
    }
    const top = inside.length ? inside.reduce((a, e) => (a && a.ts <= e.ts && a.ts + a.dur >= e.ts + e.dur ? a : e), null) : null;
    const tops = inside.filter((e) => !inside.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur && o.dur > e.dur));
    const entry = tops
      .map((e) =>
        e.name === 'FunctionCall'
          ? `FunctionCall ${e.args?.data?.functionName || ''}`
          : e.name === 'EventDispatch'
            ? `EventDispatch ${e.args?.data?.type}`
            : e.name,
      )
      .slice(0, 3);
    // hottest functions (self samples) inside the task
    const fns = new Map();
    let samples = 0;
    for (const p of profiles.values())
      for (const [ts, id] of p.samples) {
        if (ts < t.ts || ts > end) continue;
        const n = p.nodes.get(id);
        if (!n) continue;
        samples++;
        const l = fnLabel(n);
        fns.set(l, (fns.get(l) ?? 0) + 1);
      }
    void top;
    return {
      ts: t.ts,
      wallMs: t.dur / 1000,
      cpuMs: t.tdur !== undefined ? t.tdur / 1000 : NaN,
      entry,
      kinds: [...self.entries()]
        .filter(([, v]) => v > 1000)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k} ${f1(v / 1000)}`),
      fns: [...fns.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 6)
        .map(([k, v]) => `${k} ${Math.round((100 * v) / Math.max(1, samples))}%`),
    };
  });
  // the gate strips' own code over the whole window (CPU-profile samples × the mean sample interval)
  let stripSamples = 0;
  let allSamples = 0;
  let span = 0;
  for (const p of profiles.values()) {
    const inW = p.samples.filter(([ts]) => !windowUs || (ts >= windowUs[0] && ts <= windowUs[1]));
    if (inW.length > 1) span += inW[inW.length - 1][0] - inW[0][0];
    for (const [, id] of inW) {
      allSamples++;
      if (/gateStrip|bmpDataUrl|rampLut|toDataURL|fillRect|putImageData/.test(p.nodes.get(id)?.callFrame.functionName ?? '')) stripSamples++;
    }
  }
  const stripMs = allSamples > 1 ? (stripSamples * span) / allSamples / 1000 : NaN;
  // totals over all long tasks, by kind
  const totals = new Map();
  for (const t of perTask)
    for (const s of t.kinds) {
      const i = s.lastIndexOf(' ');
      totals.set(s.slice(0, i), (totals.get(s.slice(0, i)) ?? 0) + Number(s.slice(i + 1)));
    }
  const mainWall = tasks.reduce((a, e) => a + e.dur, 0) / 1000;
  const mainCpu = tasks.reduce((a, e) => a + (e.tdur ?? 0), 0) / 1000;
  return {
    perTask,
    totals,
    mainWall,
    mainCpu,
    maxCpu,
    stripMs,
    workerCpu: workerCpu / 1000,
    workerWall: workerWall / 1000,
    taskCount: tasks.length,
    windowed: !!windowUs,
  };
}

async function oneRun(browser, mode, i, target) {
  const page = await browser.newPage({ viewport: mode === 'present' ? { width: 1920, height: 1080 } : { width: 1280, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    window.__UNROLLED_TEST_HOOKS__ = true;
  });
  if (mode === 'present') {
    // the deck shows one slide at a time: open the slide that holds the lab
    await page.goto(`http://127.0.0.1:${target.port}${base}#/present/training`);
    await page.waitForSelector('.slide', { state: 'attached', timeout: 60_000 });
    const n = Number(await page.locator('.slide:has([data-testid="training-lab"])').getAttribute('data-slide'));
    await page.goto(`http://127.0.0.1:${target.port}${base}#/present/training/${n + 1}`);
  } else await page.goto(`http://127.0.0.1:${target.port}${base}#/training`);
  await page.waitForFunction(() => !!window.__unrolledTrain && window.__unrolledTrain.status().status === 'ready', null, { timeout: 120_000 });
  const cdp = await page.context().newCDPSession(page);
  const chunks = [];
  cdp.on('Tracing.dataCollected', (d) => chunks.push(...d.value));
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: CATEGORIES.filter((c) => c !== '-*'), excludedCategories: ['*'], recordMode: 'recordContinuously' },
    transferMode: 'ReportEvents',
  });
  // let the tracer's start-up (the CPU profiler) pass before anything is measured
  await new Promise((r) => setTimeout(r, 1500));
  // page-side meters: rAF intervals, long tasks, long animation frames with script attribution
  await page.evaluate(() => {
    const m = (window.__meter = { frames: [], long: [], loaf: [], running: true });
    let prev = performance.now();
    const tick = (t) => {
      m.frames.push(t - prev);
      prev = t;
      if (m.running) requestAnimationFrame(tick);
    };
    requestAnimationFrame((t) => {
      prev = t;
      requestAnimationFrame(tick);
    });
    new PerformanceObserver((l) => l.getEntries().forEach((e) => m.long.push(e.duration))).observe({ type: 'longtask' });
    try {
      new PerformanceObserver((l) =>
        l.getEntries().forEach((e) => {
          if (e.duration <= 50) return;
          m.loaf.push({
            duration: e.duration,
            blocking: e.blockingDuration,
            render: e.renderStart ? e.startTime + e.duration - e.renderStart : 0,
            scripts: (e.scripts ?? []).map((s) => ({
              d: s.duration,
              invoker: s.invoker,
              fn: s.sourceFunctionName,
              url: (s.sourceURL ?? '').split('/').pop(),
              layout: s.forcedStyleAndLayoutDuration,
            })),
          });
        }),
      ).observe({ type: 'long-animation-frame' });
    } catch {
      /* no LoAF */
    }
  });
  await page.evaluate(() => performance.mark('tp-start'));
  const t0 = Date.now();
  let info;
  if (racing(mode)) {
    await page.evaluate((b) => window.__unrolledTrain.start({ stepBudget: b }), budget);
    await page.waitForFunction(() => ['finished', 'error'].includes(window.__unrolledTrain.status().status), null, {
      timeout: 20 * 60_000,
      polling: 500,
    });
    info = await page.evaluate(() => window.__unrolledTrain.status());
  } else if (mode === 'idle') {
    await new Promise((r) => setTimeout(r, Number(args.busyMs ?? 60_000)));
    info = { step: 0, status: 'idle', backend: null, models: {} };
  } else {
    // one extra thread spinning on the machine's cores, as the training worker does, but sending
    // nothing and drawing nothing (a child process: the app's CSP rightly refuses blob: workers)
    const ms = Number(args.busyMs ?? 60_000);
    const spin = spawn(process.execPath, ['-e', `const end = Date.now() + ${ms}; let x = 0; while (Date.now() < end) x += Math.sqrt(x + 1);`], {
      stdio: 'ignore',
    });
    await new Promise((r) => spin.on('exit', r));
    info = { step: 0, status: 'busy', backend: null, models: {} };
  }
  const wallS = (Date.now() - t0) / 1000;
  const meter = await page.evaluate(() => {
    performance.mark('tp-end');
    window.__meter.running = false;
    return window.__meter;
  });
  await cdp.send('Tracing.end');
  await done;
  const trace = { traceEvents: chunks };
  if (args.keep) writeFileSync(args.keep.replace(/(\.json)?$/, `-${mode}-${i}-${target.port}.json`), JSON.stringify(trace));
  const a = analyse(trace);
  await page.close();
  return { mode, label: target.label, wallS, info, meter, a, errors };
}

// --speeds=N: steps per backend for the per-model speeds (0: skip); --seeds=1,2,3: races for "steps until solved" ('' skips)
const speedSteps = Number(args.speeds ?? 40);
const seeds = (args.seeds ?? '1,2,3').split(',').filter(Boolean).map(Number);
const speeds = [];
const solvedRuns = [];
const loadNow = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/** A race through the hook on the reading page, untraced; resolves with its final status. */
async function hookRace(browser, target, config, timeoutMs) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.addInitScript(() => {
    window.__UNROLLED_TEST_HOOKS__ = true;
  });
  await page.goto(`http://127.0.0.1:${target.port}${base}#/training`);
  await page.waitForFunction(() => window.__unrolledTrain?.status().status === 'ready', null, { timeout: 120_000 });
  const t0 = Date.now();
  await page.evaluate((c) => window.__unrolledTrain.start(c), config);
  await page.waitForFunction(() => ['finished', 'error'].includes(window.__unrolledTrain.status().status), null, {
    timeout: timeoutMs,
    polling: 500,
  });
  const st = await page.evaluate(() => window.__unrolledTrain.status());
  await page.close();
  return { st, wallS: (Date.now() - t0) / 1000 };
}

/** Per-model training steps/s on one backend: the worker's own step times (after 3 warm-up steps). */
async function speedOn(browser, target, backend) {
  const load = loadNow();
  const steps = backend === 'webgl' ? Math.max(10, speedSteps >> 1) : speedSteps;
  const { st, wallS } = await hookRace(browser, target, { backend, stepBudget: steps }, 10 * 60_000);
  const perModel = Object.fromEntries(['rnn', 'lstm', 'gru'].map((c) => [c, 1000 / (st.models[c].msPerStep ?? NaN)]));
  console.log(
    `\n# speed, asked ${backend}, ran ${st.backend} (${steps} steps, ${f1(wallS)} s; load average ${load}): steps/s per model rnn ${f1(perModel.rnn)}, lstm ${f1(perModel.lstm)}, gru ${f1(perModel.gru)}`,
  );
  return { backend, ran: st.backend, steps, perModel, load };
}

/** The default race with one seed: the step at which each model fell below a tenth of the baseline. */
async function solvedFor(browser, target, seed) {
  const load = loadNow();
  const { st, wallS } = await hookRace(browser, target, { seed }, 20 * 60_000);
  const solved = Object.fromEntries(['rnn', 'lstm', 'gru'].map((c) => [c, st.models[c].solvedAt]));
  console.log(
    `\n# seed ${seed} (${st.step} steps on ${st.backend}, ${f1(wallS)} s; load average ${load}): solved at rnn ${solved.rnn ?? '–'}, lstm ${solved.lstm ?? '–'}, gru ${solved.gru ?? '–'}`,
  );
  return { seed, solved, backend: st.backend, steps: st.step };
}

const browser = await chromium.launch({ executablePath: findChromium() ?? undefined, args: chromiumArgs, headless: true });
const results = [];
try {
  for (let i = 1; i <= runs; i++)
    for (const mode of modes)
      for (const target of targets) {
        console.log(
          `\n# run ${i}, ${mode}, ${target.label} ${target.dir} (load average ${(await import('node:os'))
            .loadavg()
            .map((x) => x.toFixed(2))
            .join(' ')})`,
        );
        const r = await oneRun(browser, mode, i, target);
        results.push(r);
        const { a, meter, info } = r;
        const frames = meter.frames.slice(1);
        const sps = racing(mode) ? info.step / r.wallS : NaN;
        console.log(
          `${mode}: ${f1(r.wallS)} s${racing(mode) ? `, ${info.step} steps on ${info.backend}, ${f1(sps)} race steps/s; solved rnn ${info.models.rnn.solvedAt} lstm ${info.models.lstm.solvedAt} gru ${info.models.gru.solvedAt}` : ''}`,
        );
        console.log(`frames (${frames.length}): p50 ${f1(median(frames))} ms, p95 ${f1(p95(frames))} ms, max ${f1(Math.max(...frames))} ms`);
        console.log(`longtask observer: ${meter.long.length} over 50 ms, longest ${f1(Math.max(0, ...meter.long))} ms`);
        if (a) {
          console.log(
            `trace: ${a.perTask.length} RunTasks over 50 ms on the main thread (longest ${f1(Math.max(0, ...a.perTask.map((t) => t.wallMs)))} ms); main thread busy ${f1(a.mainWall)} ms wall / ${f1(a.mainCpu)} ms CPU in ${a.taskCount} tasks, the most CPU one task used ${f1(a.maxCpu)} ms; gate-strip code ~${f1(a.stripMs)} ms (profile samples); worker ${f1(a.workerWall)} ms wall / ${f1(a.workerCpu)} ms CPU`,
          );
          console.log(
            `  long tasks by kind (self ms, summed): ${[...a.totals.entries()]
              .sort((x, y) => y[1] - x[1])
              .map(([k, v]) => `${k} ${f1(v)}`)
              .join(', ')}`,
          );
          for (const t of a.perTask)
            console.log(
              `  - ${f1(t.wallMs)} ms wall / ${f1(t.cpuMs)} ms CPU: [${t.entry.join(' + ')}] ${t.kinds.join(', ')} | ${t.fns.join(', ')}`,
            );
        }
        const loafScripts = new Map();
        for (const l of meter.loaf)
          for (const s of l.scripts) {
            const k = `${s.invoker} → ${s.fn || '?'} (${s.url})`;
            loafScripts.set(k, (loafScripts.get(k) ?? 0) + s.d);
          }
        console.log(
          `LoAF over 50 ms: ${meter.loaf.length}; script time by invoker: ${
            [...loafScripts.entries()]
              .sort((x, y) => y[1] - x[1])
              .slice(0, 6)
              .map(([k, v]) => `${k} ${f1(v)}`)
              .join('; ') || '–'
          }; render phase total ${f1(meter.loaf.reduce((s, l) => s + l.render, 0))} ms`,
        );
        if (r.errors.length) console.log(`page errors: ${r.errors.join('; ')}`);
      }
  // untraced, on this build: steps/s per model per backend, then steps until solved per seed
  const self = targets[targets.length - 1];
  if (speedSteps) for (const b of ['webgl', 'cpu', 'wasm']) speeds.push(await speedOn(browser, self, b));
  for (const seed of seeds) solvedRuns.push(await solvedFor(browser, self, seed));
} finally {
  await browser.close();
  for (const sv of servers) sv.kill();
}

console.log('\n## Summary (medians over runs; machine: 2 cores shared, load as printed)');
const summary = {};
for (const mode of modes)
  for (const target of targets) {
    const rs = results.filter((r) => r.mode === mode && r.label === target.label);
    const count = rs.map((r) => r.a?.perTask.length ?? r.meter.long.length);
    const longest = rs.map((r) => Math.max(0, ...(r.a?.perTask.map((t) => t.wallMs) ?? r.meter.long)));
    const fr = rs.map((r) => r.meter.frames.slice(1));
    const sps = rs.map((r) => (racing(r.mode) ? r.info.step / r.wallS : NaN));
    const starved = rs.map((r) => (r.a ? r.a.perTask.filter((t) => t.cpuMs < 0.5 * t.wallMs).length : NaN));
    const maxCpu = rs.map((r) => r.a?.maxCpu ?? NaN);
    const strip = rs.map((r) => r.a?.stripMs ?? NaN);
    summary[`${mode} ${target.label}`] = { count: median(count), longest: median(longest), sps: median(sps), p95: median(fr.map(p95)) };
    console.log(
      `${mode}, ${target.label}: long tasks per run ${count.join(', ')} (median ${median(count)}), longest ${longest.map(f1).join(', ')} ms (median ${f1(median(longest))}); of them with CPU < half of wall: ${starved.join(', ')}; most CPU in one main-thread task ${maxCpu.map(f1).join(', ')} ms; gate-strip code ${strip.map(f1).join(', ')} ms per run; frame p50 ${f1(median(fr.map(median)))} ms, p95 ${f1(median(fr.map(p95)))} ms` +
        (racing(mode) ? `; race steps/s ${sps.map(f1).join(', ')} (median ${f1(median(sps))})` : ''),
    );
  }
for (const mode of args.compare ? modes.filter(racing) : []) {
  const a = summary[`${mode} this build`];
  const b = summary[`${mode} compare build`];
  console.log(
    `ratios this / compare build (${mode} medians): long tasks ${(a.count / b.count).toFixed(2)}, longest ${(a.longest / b.longest).toFixed(2)}, frame p95 ${(a.p95 / b.p95).toFixed(2)}, race steps/s ${(a.sps / b.sps).toFixed(2)}`,
  );
}
for (const sp of speeds)
  console.log(
    `speed on ${sp.ran}${sp.ran === sp.backend ? '' : ` (asked ${sp.backend})`}, steps/s per model (${sp.steps} steps, load ${sp.load}): vanilla RNN ${f1(sp.perModel.rnn)}, LSTM ${f1(sp.perModel.lstm)}, GRU ${f1(sp.perModel.gru)}`,
  );
if (solvedRuns.length) {
  const med = (c) => {
    const v = solvedRuns.map((r) => r.solved[c]);
    const n = v.filter((x) => x !== null).length;
    return n * 2 > v.length ? String(median(v.map((x) => x ?? Infinity))) : `not solved (${n} of ${v.length} seeds)`;
  };
  console.log(
    `steps until solved (validation loss < baseline / 10), seeds ${solvedRuns.map((r) => r.seed).join(', ')} on ${solvedRuns[0].backend}: ` +
      ['rnn', 'lstm', 'gru'].map((c) => `${c} ${solvedRuns.map((r) => r.solved[c] ?? '–').join(', ')} (median ${med(c)})`).join('; '),
  );
}
process.exit(0);
