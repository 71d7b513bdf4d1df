// Attribution of main-thread long tasks (> 50 ms) with a Chromium performance trace: page load to
// idle, scrolling to a slider, a slider drag and playback on a simulator page. For each long task: its length, the
// timeline events inside it (script, style, layout, paint, GC) and the functions that ran in it
// (CPU profile samples: self time, and the nearest named app function / React component).
// Names are readable only in an unminified build: by default this builds one (vite --minify false).
// Each task is printed with its wall time and its CPU (thread) time: on a loaded machine the first
// includes time the OS gave the core to other processes, the second is the task's own cost.
//   node bench/longtasks-trace.mjs [--dist=DIR] [--page=bptt] [--backend=webgl|cpu|auto] [--top=8] [--slider=0|1] [--gap=ms]
import { chromium } from '@playwright/test';
import { chromiumArgs, findChromium } from '../scripts/chromium.mjs';
import { buildDist, cliArgs, serveDist } from './common.mjs';

const args = cliArgs();
const slug = args.page ?? 'bptt';
const backend = args.backend ?? 'webgl';
const TOP = Number(args.top ?? 8);
const SLIDER = Number(args.slider ?? 0);
// a key press every GAP ms: 16 for a redraw, 50 (past the 40 ms debounce) for a recompute
const GAP = Number(args.gap ?? (SLIDER === 0 ? 16 : 50));
const dist = buildDist(args, 'trace', ['--minify', 'false']);
const port = Number(process.env.BENCH_PORT ?? 4193);
const base = '/courses/kldl/unrolled/';
const origin = `http://127.0.0.1:${port}`;
const server = await serveDist({ dir: dist, base, port, gzip: true });

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'v8.execute',
  'disabled-by-default-v8.cpu_profiler',
  'blink.user_timing',
  'toplevel',
];

const browser = await chromium.launch({ executablePath: findChromium() ?? undefined, args: chromiumArgs, headless: true });
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = await context.newPage();
await page.addInitScript((b) => {
  window.__UNROLLED_TEST_HOOKS__ = true;
  localStorage.setItem('unrolled:prefs', JSON.stringify({ state: { backend: b }, version: 1 }));
}, backend);
const simSel = `[data-simulator="${slug}"] [data-testid="simulator"]`;
// user-timing marks land in the trace (blink.user_timing) on its clock: they split the phases
const mark = (name) => page.evaluate((n) => performance.mark(n), name);

await browser.startTracing(page, { screenshots: false, categories: CATEGORIES });
await page.goto(`${origin}${base}#/${slug}`);
await page.waitForFunction((s) => Number(document.querySelector(s)?.dataset.results) > 0, simSel, { timeout: 120_000 });
await page.waitForTimeout(1500);
await mark('loaded');
// --slider=N: which range input is dragged (0: the loss step t, a redraw; 1: units, a recompute)
const slider = page.locator(`${simSel} input[type="range"]`).nth(SLIDER);
// focusing the slider scrolls it into view: the detail views around it are drawn for the first time
await slider.focus();
await page.waitForTimeout(1000);
await mark('scrolled');
for (let i = 0; i < 30; i++) {
  await page.keyboard.press(i % 20 < 10 ? 'ArrowRight' : 'ArrowLeft');
  await page.waitForTimeout(GAP);
}
await page.waitForTimeout(1500);
await mark('dragged');
await page.locator(simSel).focus();
await page.keyboard.press('Space');
await page.waitForTimeout(4000);
await page.keyboard.press('Space');
await mark('played');
const buf = await browser.stopTracing();
await browser.close();
server.kill();

const events = JSON.parse(buf.toString()).traceEvents ?? JSON.parse(buf.toString());
// the page's main thread: the one our user-timing marks landed on (other renderers, such as the
// browser's own WebUI pages, can have more events); else the CrRendererMain with the most events
const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
const count = (pid, tid) => events.reduce((a, e) => a + (e.pid === pid && e.tid === tid ? 1 : 0), 0);
const marked = events.find((e) => e.name === 'loaded' && e.cat?.includes('user_timing'));
const main = marked
  ? { pid: marked.pid, tid: marked.tid }
  : mains.map((m) => ({ pid: m.pid, tid: m.tid, n: count(m.pid, m.tid) })).sort((a, b) => b.n - a.n)[0];
const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid);
// top-level tasks only (RunTask and ThreadControllerImpl::RunTask nest)
const candidates = onMain
  .filter((e) => e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && e.dur > 50_000)
  .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
const tasks = [];
for (const e of candidates) if (!tasks.some((o) => e.ts >= o.ts && e.ts + e.dur <= o.ts + o.dur)) tasks.push(e);

// CPU profile samples of the main thread
const nodes = new Map();
const samples = []; // { ts, id }
const profiles = events.filter((e) => e.name === 'Profile' && e.pid === main.pid && e.tid === main.tid);
const profileIds = new Set(profiles.map((p) => p.id));
let t = 0;
for (const e of events) {
  if (e.name === 'Profile' && profileIds.has(e.id)) t = e.args.data.startTime;
  if (e.name !== 'ProfileChunk' || !profileIds.has(e.id)) continue;
  const cp = e.args.data.cpuProfile ?? {};
  for (const n of cp.nodes ?? []) nodes.set(n.id, n);
  const deltas = e.args.data.timeDeltas ?? [];
  (cp.samples ?? []).forEach((id, i) => {
    t += deltas[i] ?? 0;
    samples.push({ ts: t, id });
  });
}
const frameName = (n) => {
  const f = n?.callFrame;
  if (!f) return '?';
  const file = f.url ? f.url.split('/').pop() : '';
  return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`;
};
const isApp = (n) => /\/assets\//.test(n?.callFrame?.url ?? '') && !!n.callFrame.functionName;
const isComponent = (n) => isApp(n) && /^[A-Z][A-Za-z0-9]+$/.test(n.callFrame.functionName);
const ancestor = (id, pred) => {
  let n = nodes.get(id);
  while (n) {
    if (pred(n)) return n;
    n = nodes.get(n.parent);
  }
  return null;
};
// parents: the cpuProfile nodes carry `parent`; fill it from `children` where they don't
for (const n of nodes.values()) for (const c of n.children ?? []) if (nodes.get(c)) nodes.get(c).parent = n.id;

const markTs = (name) => events.find((e) => e.name === name && e.cat?.includes('user_timing'))?.ts ?? Infinity;
const phases = [
  ['load → idle', -Infinity, markTs('loaded')],
  ['scroll to the slider', markTs('loaded'), markTs('scrolled')],
  ['slider drag', markTs('scrolled'), markTs('dragged')],
  ['playback', markTs('dragged'), markTs('played')],
];
const phaseOf = (ts) => phases.find(([, a, b]) => ts >= a && ts < b)?.[0] ?? 'after';
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
// thread time: what the task itself used of the CPU. On a loaded machine a task's wall time also
// counts the time the OS gave its core to other processes; its CPU time does not.
const cpuMs = (task) => (task.tdur ?? task.dur) / 1000;
const pct = (a, b) => `${((100 * a) / b).toFixed(0)}%`;
const top = (m, n) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);

console.log(`\n# Long tasks on the main thread (${slug}, backend choice ${backend}): ${tasks.length} over 50 ms`);
console.log(
  `(load → idle, then focusing the slider scrolls it into view, then a 30-key drag of slider ${SLIDER} (a key every ${GAP} ms), then 4 s of playback; the machine is shared and loaded)\n`,
);
const firstTs = onMain.find((e) => e.ph === 'X')?.ts ?? 0;
const allSelf = new Map();
const allComp = new Map();
for (const task of tasks) {
  const end = task.ts + task.dur;
  const inside = onMain.filter((e) => e.ph === 'X' && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= end && e !== task);
  const byName = new Map();
  for (const e of inside)
    if (
      [
        'FunctionCall',
        'EvaluateScript',
        'v8.compile',
        'UpdateLayoutTree',
        'Layout',
        'Paint',
        'PrePaint',
        'Layerize',
        'MinorGC',
        'MajorGC',
        'V8.GC_SCAVENGER',
        'ParseHTML',
        'ParseAuthorStyleSheet',
        'TimerFire',
        'FireAnimationFrame',
        'EventDispatch',
        'RunMicrotasks',
        'HitTest',
        'Commit',
      ].includes(e.name)
    )
      byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur / 1000);
  const ss = samples.filter((s) => s.ts >= task.ts && s.ts <= end);
  const self = new Map();
  const comp = new Map();
  for (let i = 0; i < ss.length; i++) {
    const dt = ((ss[i + 1]?.ts ?? end) - ss[i].ts) / 1000;
    const leaf = nodes.get(ss[i].id);
    const leafName = frameName(leaf);
    if (/^\((idle|program|garbage collector|root)\)/.test(leaf?.callFrame?.functionName ?? '')) {
      self.set(leaf.callFrame.functionName, (self.get(leaf.callFrame.functionName) ?? 0) + dt);
      continue;
    }
    self.set(leafName, (self.get(leafName) ?? 0) + dt);
    const c = ancestor(ss[i].id, isComponent) ?? ancestor(ss[i].id, isApp);
    const cn = c ? frameName(c) : '(no app frame)';
    comp.set(cn, (comp.get(cn) ?? 0) + dt);
  }
  for (const [k, v] of self) allSelf.set(k, (allSelf.get(k) ?? 0) + v);
  for (const [k, v] of comp) allComp.set(k, (allComp.get(k) ?? 0) + v);
  const ms = task.dur / 1000;
  console.log(
    `## ${ms.toFixed(0)} ms task (${cpuMs(task).toFixed(0)} ms of it on the CPU) at +${((task.ts - firstTs) / 1000).toFixed(0)} ms (${phaseOf(task.ts)})`,
  );
  console.log(
    `   timeline: ${
      top(byName, 6)
        .map(([k, v]) => `${k} ${v.toFixed(0)} ms`)
        .join(', ') || '–'
    }`,
  );
  console.log(
    `   app function / component (inclusive): ${
      top(comp, 5)
        .map(([k, v]) => `${k} ${v.toFixed(0)} ms (${pct(v, ms)})`)
        .join('; ') || '–'
    }`,
  );
  console.log(
    `   self time: ${
      top(self, TOP)
        .map(([k, v]) => `${k} ${v.toFixed(0)} ms`)
        .join('; ') || '–'
    }`,
  );
}
const total = sum(tasks.map((x) => x.dur / 1000));
console.log(
  `\n## All long tasks: ${tasks.length}, ${total.toFixed(0)} ms in all, longest ${Math.max(0, ...tasks.map((x) => x.dur / 1000)).toFixed(0)} ms`,
);
console.log(
  `- by app function / component (inclusive): ${top(allComp, 10)
    .map(([k, v]) => `${k} ${v.toFixed(0)} ms`)
    .join('; ')}`,
);
console.log(
  `- by self time: ${top(allSelf, 12)
    .map(([k, v]) => `${k} ${v.toFixed(0)} ms`)
    .join('; ')}`,
);
// all top-level tasks (not only long ones): the main thread's total work in each phase
const allTasks = [];
for (const e of onMain
  .filter((e) => e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask'))
  .sort((a, b) => a.ts - b.ts || b.dur - a.dur)) {
  const last = allTasks[allTasks.length - 1];
  if (!last || e.ts >= last.ts + last.dur) allTasks.push(e);
}
for (const [name] of phases) {
  const ts = tasks.filter((x) => phaseOf(x.ts) === name);
  const every = allTasks.filter((x) => phaseOf(x.ts) === name);
  console.log(
    `- ${name}: main thread busy ${sum(every.map((x) => x.dur / 1000)).toFixed(0)} ms wall, ${sum(every.map(cpuMs)).toFixed(0)} ms CPU in ${every.length} tasks`,
  );
  const cpuLong = ts.filter((x) => cpuMs(x) > 50);
  console.log(
    `- ${name}: ${ts.length} long tasks, ${sum(ts.map((x) => x.dur / 1000)).toFixed(0)} ms, longest ${Math.max(0, ...ts.map((x) => x.dur / 1000)).toFixed(0)} ms` +
      ` | ${cpuLong.length} over 50 ms of CPU time, longest ${Math.max(0, ...ts.map(cpuMs)).toFixed(0)} ms of CPU`,
  );
}
process.exit(0);
