// Presenter ↔ audience simulator sync latency, on the PRODUCTION build (issue 10, item 4).
// Two pages of one browser context: the audience window (#/present/<slug>) and the presenter
// window (#/notes/<slug>). A change is made in one (a step click, or a settings change through the
// simulator store via the opt-in test hook) and timed until the other window has painted it (the
// simulator's data attribute changed, then two animation frames). Both pages read the same clock
// (performance.timeOrigin + performance.now()).
//   - step: t moved in one window → painted in the other (no recompute anywhere);
//   - settings: units changed in one window → its trace computed there, sent, painted in the other;
//     the baseline is the same change painted in the window where it was made.
// Printed, not asserted.
//
//   node bench/present-bench.mjs [--dist=dist] [--n=30] [--slug=bptt --preset=bptt]
// Without --dist it builds into a temporary folder first (vite build).
import { chromium } from '@playwright/test';
import { chromiumArgs, findChromium } from '../scripts/chromium.mjs';
import { buildDist, cliArgs, serveDist } from './common.mjs';

const args = cliArgs();
const N = Number(args.n ?? 30);
const slug = args.slug ?? 'bptt';
const preset = args.preset ?? 'bptt';
const backend = args.backend ?? 'cpu';

const dist = buildDist(args, 'present-bench');
const port = Number(args.port ?? 4192);
const base = '/courses/kldl/unrolled/';
const server = await serveDist({ dir: dist, base, port });

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[i];
};
const fmt = (x) => (x === undefined ? '—' : x.toFixed(1));

const browser = await chromium.launch({ executablePath: findChromium() ?? undefined, args: chromiumArgs });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  await context.addInitScript((pref) => {
    window.__UNROLLED_TEST_HOOKS__ = true;
    localStorage.setItem('unrolled:prefs', JSON.stringify({ state: { backend: pref }, version: 1 }));
  }, backend);
  const url = (mode) => `http://127.0.0.1:${port}${base}#/${mode}/${slug}`;
  const sel = `[data-simulator="${preset}"] [data-testid="simulator"]`;
  const open = async (mode) => {
    const p = await context.newPage();
    await p.goto(url(mode));
    // the deck's slides: go to the one that holds the simulator
    await p.waitForSelector('[data-simulator]', { state: 'attached', timeout: 60_000 });
    const n = await p.evaluate(() => Number(document.querySelector('[data-simulator]')?.closest('section.slide')?.dataset.slide ?? -1));
    if (n > 0) await p.goto(`${url(mode)}/${n + 1}`);
    await p.waitForSelector(`${sel}[data-state="ready"]`, { timeout: 120_000 });
    return p;
  };
  const audience = await open('present');
  const presenter = await open('notes');

  // Every page records when an attribute of its simulator changes and when that change was painted.
  const arm = (p, attr) =>
    p.evaluate(
      ([s, a]) =>
        new Promise((resolve) => {
          const el = document.querySelector(s);
          const before = el.getAttribute(a);
          const obs = new MutationObserver(() => {
            if (el.getAttribute(a) === before || (a === 'data-results' && el.getAttribute('data-state') !== 'ready')) return;
            obs.disconnect();
            const changed = performance.timeOrigin + performance.now();
            requestAnimationFrame(() => requestAnimationFrame(() => resolve({ changed, painted: performance.timeOrigin + performance.now() })));
          });
          obs.observe(el, { attributes: true });
          window.__benchArmed = true;
        }),
      [sel, attr],
    );

  const stepOnce = async (from, to) => {
    const stepNow = Number(await from.locator(sel).getAttribute('data-step'));
    const testid = stepNow > 0 ? 'sim-step-back' : 'sim-step-forward';
    const seen = arm(to, 'data-step');
    const seenOwn = arm(from, 'data-step');
    const t0 = await from.evaluate(
      ([s, id]) => {
        const b = document.querySelector(`${s} [data-testid="${id}"]`);
        const t = performance.timeOrigin + performance.now();
        b.click();
        return t;
      },
      [sel, testid],
    );
    const [r, o] = await Promise.all([seen, seenOwn]);
    return { other: r.painted - t0, own: o.painted - t0 };
  };

  let units = 4;
  const settingsOnce = async (from, to) => {
    units = units === 4 ? 5 : 4;
    const seenTo = arm(to, 'data-results');
    const seenFrom = arm(from, 'data-results');
    const reqTo = await to.evaluate(() => window.__unrolledSim.requests());
    const t0 = await from.evaluate(
      ([id, u]) => {
        const t = performance.timeOrigin + performance.now();
        window.__unrolledSim.set(id, { units: u });
        return t;
      },
      [preset, units],
    );
    const [a, b] = await Promise.all([seenFrom, seenTo]);
    const computedThere = (await to.evaluate(() => window.__unrolledSim.requests())) - reqTo;
    return { own: a.painted - t0, other: b.painted - t0, computedThere };
  };

  const rows = [];
  for (const kind of ['step', 'settings']) {
    for (const [name, from, to] of [
      ['presenter → audience', presenter, audience],
      ['audience → presenter', audience, presenter],
    ]) {
      const lat = [];
      const own = [];
      let recomputed = 0;
      const n = kind === 'step' ? N : Math.max(6, Math.round(N / 2));
      for (let i = 0; i < n; i++) {
        if (kind === 'step') {
          const r = await stepOnce(from, to);
          lat.push(r.other);
          own.push(r.own);
        } else {
          const r = await settingsOnce(from, to);
          lat.push(r.other);
          own.push(r.own);
          recomputed += r.computedThere;
        }
      }
      rows.push({
        change: kind === 'step' ? 't step (click)' : `units ${'4 ↔ 5'} (new trace)`,
        direction: name,
        n,
        median: quantile(lat, 0.5),
        p95: quantile(lat, 0.95),
        ownMedian: own.length ? quantile(own, 0.5) : undefined,
        recomputed,
      });
    }
  }
  const { loadavg } = await import('node:os');
  console.log(
    `\n(load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} on this machine while it ran)`,
  );
  console.log(`\n## Presenter ↔ audience simulator sync (${slug}, ${backend} backend, production build, 1280×720)\n`);
  console.log(
    '| change | direction | n | painted in the other window: median (ms) | p95 (ms) | same change painted where it was made: median (ms) | traces the receiver computed |',
  );
  console.log('|---|---|--:|--:|--:|--:|--:|');
  for (const r of rows)
    console.log(`| ${r.change} | ${r.direction} | ${r.n} | ${fmt(r.median)} | ${fmt(r.p95)} | ${fmt(r.ownMedian)} | ${r.recomputed} |`);
  const stepAll = rows.filter((r) => r.change.startsWith('t step'));
  console.log(`\n- step latency is change → painted (two animation frames after the attribute changed) in the OTHER window.`);
  console.log(`- settings: the receiving window asks its engine for nothing (last column); its latency includes the sender's compute.`);
  console.log(`- step medians: ${stepAll.map((r) => `${r.direction} ${fmt(r.median)} ms`).join(', ')}.`);
  await context.close();
} finally {
  await browser.close();
  server.kill();
}
