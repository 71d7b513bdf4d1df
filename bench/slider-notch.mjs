// Issue 25's browser budget, as a student feels it: on the BPTT and LSTM pages of the PRODUCTION
// build, a slider notch from the keyboard (→ / ← on the focused "weight scale" slider) until the new
// picture is painted, on the CPU path (Auto, which picks the plain CPU path on this software
// renderer; the script prints which backend and path ran). Prints numbers; asserts nothing.
//
// - notch → painted: from the keydown event's timestamp (the moment the key was pressed, queueing
//   included) to the first frame whose rendering shows the new trace: the simulator's data-results
//   count has grown when that frame's requestAnimationFrame runs, and the time taken is the end of
//   that frame's paint (a message posted from the frame callback runs after its rendering).
// - the notches are spaced like a student's presses (every 300 ms) and the trace of each one is
//   waited for; after 3 warm-up notches.
// - two compositing modes: Chromium's GPU compositing on SwiftShader (every frame rasterised through
//   a CPU-emulated GPU: what these benches use elsewhere) and software compositing (what Chromium
//   does on a machine whose GPU it cannot use, the machines where Auto picks the CPU path).
//
//   node bench/slider-notch.mjs [--dist=DIR] [--reps=40] [--modes=software,gpu]
import { chromium } from '@playwright/test';
import { chromiumArgs, findChromium, testChromiumArgs } from '../scripts/chromium.mjs';
import { buildDist, cliArgs, median, printTable, serveDist } from './common.mjs';

const args = cliArgs();
const reps = Number(args.reps ?? 40);
const modes = String(args.modes ?? 'software,gpu').split(',');
const dist = buildDist(args, 'notch');
const port = Number(process.env.BENCH_PORT ?? 4193);
const base = '/courses/kldl/unrolled/';
const server = await serveDist({ dir: dist, base, port, gzip: true });

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
};
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');

const rows = [];
try {
  for (const mode of modes) {
    const browser = await chromium.launch({
      executablePath: findChromium() ?? undefined,
      args: mode === 'software' ? testChromiumArgs : chromiumArgs,
      headless: true,
    });
    try {
      for (const slug of ['bptt', 'lstm']) {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        await page.addInitScript(() => {
          window.__UNROLLED_TEST_HOOKS__ = true;
          localStorage.setItem('unrolled:prefs', JSON.stringify({ state: { backend: 'auto' }, version: 1 }));
        });
        await page.goto(`http://127.0.0.1:${port}${base}#/${slug}`);
        const sim = page.locator(`[data-simulator="${slug}"] [data-testid="simulator"]`);
        await sim.waitFor({ timeout: 60_000 });
        await page.waitForFunction((s) => {
          const el = document.querySelector(`[data-simulator="${s}"] [data-testid="simulator"]`);
          return el?.dataset.state === 'ready' && Number(el.dataset.results) > 0;
        }, slug);
        const slider = sim.getByTestId('sim-weight-scale');
        if (!(await slider.isVisible())) await sim.getByTestId('sim-settings-button').click();
        await slider.scrollIntoViewIfNeeded();
        await slider.focus();
        await page.evaluate((s) => {
          const input = document.querySelector(`[data-simulator="${s}"] [data-testid="sim-weight-scale"]`);
          const times = [];
          input.addEventListener('keydown', (e) => times.push(e.timeStamp), { capture: true });
          window.__notch = times;
        }, slug);
        const one = async (key) => {
          const armed = await page.evaluate((s) => {
            const el = document.querySelector(`[data-simulator="${s}"] [data-testid="simulator"]`);
            const before = Number(el.dataset.results);
            window.__painted = new Promise((resolve) => {
              const tick = () => {
                if (Number(el.dataset.results) > before && el.dataset.state === 'ready') {
                  const ch = new MessageChannel();
                  ch.port1.onmessage = () => resolve(performance.now());
                  ch.port2.postMessage(0);
                } else requestAnimationFrame(tick);
              };
              requestAnimationFrame(tick);
            });
            return window.__notch.length;
          }, slug);
          await page.keyboard.press(key);
          return page.evaluate(async (n) => {
            const painted = await window.__painted;
            return painted - window.__notch[n];
          }, armed);
        };
        const times = [];
        for (let i = 0; i < reps + 3; i++) {
          const ms = await one(i % 2 ? 'ArrowLeft' : 'ArrowRight');
          if (i >= 3) times.push(ms);
          await page.waitForTimeout(300);
        }
        const ran = await sim.getByTestId('sim-status').getAttribute('data-backend');
        const path_ = await sim.getByTestId('sim-status').getAttribute('data-cpu-path');
        const simMs = Number(
          await sim
            .getByTestId('sim-ms')
            .textContent()
            .catch(() => NaN),
        );
        rows.push({
          compositing: mode,
          page: slug,
          ran_on: ran + (path_ ? ` (${path_})` : ''),
          notches: times.length,
          median_ms: f1(median(times)),
          p95_ms: f1(pct(times, 0.95)),
          max_ms: f1(Math.max(...times)),
          last_simulate_ms: f1(simMs),
        });
        await page.close();
      }
    } finally {
      await browser.close();
    }
  }
} finally {
  server.kill();
}

printTable({
  title: 'A slider notch (keyboard) → the new picture painted, production build, CPU path (budget: median ≤ 50 ms, p95 ≤ 100 ms)',
  rows,
});
console.log(`\n- ${reps} notches per page (→ and ← alternately on the weight-scale slider, 300 ms apart) after 3 warm-up notches; 1280×800.`);
console.log('- from the keydown event timestamp to the end of the first frame painted with the new trace.');
console.log('- last_simulate_ms: the engine time of the last trace (the simulator status line).');
