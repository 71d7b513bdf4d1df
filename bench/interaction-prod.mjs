// The interaction benchmark on the PRODUCTION build, in the real lesson pages (bench/interaction.html,
// run by bench/run.mjs, uses Vite's dev server and so React's development build, which is several
// times slower to render). Same measurements:
// - parameter change → redrawn view: a settings change through the simulator store (the opt-in test
//   hook, see src/views/sim/testHooks.ts) until the new trace is drawn and one more frame painted;
// - playback: requestAnimationFrame intervals while playing at 8 steps/s.
//
//   node bench/interaction-prod.mjs [--dist=/tmp/sim-dist] [--quick]
// Without --dist it builds into a temporary folder first (vite build).
import { chromium } from '@playwright/test';
import { chromiumArgs, findChromium } from '../scripts/chromium.mjs';
import { buildDist, cliArgs, median, printTable, serveDist } from './common.mjs';

const args = cliArgs();
const quick = args.quick === 'true';
const LESSONS = [
  { slug: 'vanilla-forward', preset: 'vanilla-forward' },
  { slug: 'vanishing-exploding', preset: 'vanishing' },
  { slug: 'lstm', preset: 'lstm' },
  { slug: 'bidirectional', preset: 'bidirectional' },
];

const dist = buildDist(args, 'bench');
const port = 4191;
const base = '/courses/kldl/unrolled/';
const server = await serveDist({ dir: dist, base, port });

const p95 = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)];
};
const f1 = (x) => x.toFixed(1);

const browser = await chromium.launch({ executablePath: findChromium() ?? undefined, args: chromiumArgs, headless: true });
const rows = [];
try {
  for (const { slug, preset } of LESSONS) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // measure WebGL by default (auto picks the CPU on a software renderer such as SwiftShader)
    await page.addInitScript((backend) => {
      window.__UNROLLED_TEST_HOOKS__ = true;
      localStorage.setItem('unrolled:prefs', JSON.stringify({ state: { backend }, version: 1 }));
    }, process.env.BENCH_BACKEND ?? 'webgl');
    await page.goto(`http://127.0.0.1:${port}${base}#/${slug}`);
    const sim = page.locator(`[data-simulator="${preset}"] [data-testid="simulator"]`);
    await sim.waitFor({ timeout: 60_000 });
    await sim.scrollIntoViewIfNeeded();
    const res = await page.evaluate(
      async ({ preset, reps, playMs }) => {
        const el = document.querySelector(`[data-simulator="${preset}"] [data-testid="simulator"]`);
        const hooks = window.__unrolledSim;
        const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
        const frame = () => new Promise((r) => requestAnimationFrame(r));
        const until = async (cond) => {
          const t0 = performance.now();
          while (!cond()) {
            if (performance.now() - t0 > 60_000) throw new Error('timeout');
            await sleep(2);
          }
        };
        await until(() => el.dataset.state === 'ready' && Number(el.dataset.results) > 0);
        const seed0 = hooks.settings(preset).seed;
        const change = async (patch) => {
          const before = Number(el.dataset.results);
          const t0 = performance.now();
          hooks.set(preset, patch);
          await until(() => Number(el.dataset.results) > before && el.dataset.state === 'ready');
          await frame();
          return performance.now() - t0;
        };
        for (let i = 0; i < 3; i++) await change({ seed: seed0 + 1000 + i });
        const totals = [];
        const sims = [];
        for (let i = 0; i < reps; i++) {
          totals.push(await change(i % 2 ? { seed: seed0 + i } : { weightScale: 0.5 + ((i * 0.1) % 2) }));
          sims.push(Number(el.querySelector('[data-testid="sim-ms"]')?.textContent ?? NaN));
        }
        // playback at 8 steps/s in the forward pass, looping
        el.querySelector('input[type="radio"][value="forward"]').click();
        await frame();
        // main-thread cost of one step (a discrete React event renders and commits in a microtask queued by click())
        const stepMs = [];
        for (let i = 0; i < reps; i++) {
          const fwd = el.querySelector('[data-testid="sim-step-forward"]');
          const btn = fwd.disabled ? el.querySelector('[data-testid="sim-step-back"]') : fwd;
          const t0 = performance.now();
          btn.click();
          await new Promise((r) => queueMicrotask(r)); // React 19 flushes the update in a microtask queued during click()
          stepMs.push(performance.now() - t0);
          await frame();
        }
        const speed = el.querySelector('.sim-speed select');
        const setter = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set;
        setter.call(speed, '8');
        speed.dispatchEvent(new Event('change', { bubbles: true }));
        await frame();
        const play = el.querySelector('[data-testid="sim-play"]');
        play.click();
        const intervals = [];
        let steps = 0;
        let prev = el.dataset.step;
        let last = await frame();
        const end = last + playMs;
        while (last < end) {
          const now = await frame();
          intervals.push(now - last);
          last = now;
          if (el.dataset.step !== prev) steps++;
          prev = el.dataset.step;
          if (el.dataset.playing === 'false') play.click();
        }
        if (el.dataset.playing === 'true') play.click();
        return { totals, sims, stepMs, intervals, steps, settings: hooks.settings(preset) };
      },
      { preset, reps: quick ? 5 : 25, playMs: quick ? 1500 : 4000 },
    );
    const s = res.settings;
    rows.push({
      simulator: preset,
      model: `${s.cell}${s.bidirectional ? ' bi' : ''} ${s.units}u T${s.steps}`,
      'change→drawn median ms': f1(median(res.totals)),
      'change→drawn p95 ms': f1(p95(res.totals)),
      'simulate median ms': f1(median(res.sims)),
      'step render median ms': f1(median(res.stepMs)),
      'step render p95 ms': f1(p95(res.stepMs)),
      'frame median ms': f1(median(res.intervals)),
      'frame p95 ms': f1(p95(res.intervals)),
      'frame max ms': f1(Math.max(...res.intervals)),
      'steps/s': f1(res.steps / ((quick ? 1500 : 4000) / 1000)),
    });
    await page.close();
  }
} finally {
  await browser.close();
  server.kill();
}

printTable({ title: 'Simulator interaction, production build, real lesson pages', rows });
console.log(
  `\n- ${quick ? 5 : 25} changes per simulator (alternating weight scale and seed) after 3 warm-up changes; a change within DEBOUNCE_MS (40 ms) of the last run waits for the rest of that window, a later one runs at once.`,
);
console.log('- step render: main-thread time of one click on Step forward (React render + commit of every view), before paint.');
console.log(
  '- playback: requestAnimationFrame intervals at 8 steps/s (16.7 ms = 60 fps); without a GPU, software compositing (SwiftShader) dominates them.',
);
