// The deck on the PRODUCTION build (issue 10, proof: "slide change → painted, and presenter ↔
// audience sync latency, median and p95"). Printed, not asserted.
//
// 1. Walk: the whole deck at 1920×1080, pressing → only (as a clicker does), from the first slide
//    to the last, `--rounds` times (round 1 is cold: each section's code-split chunk and each
//    simulator load on the way; later rounds are warm). Every press is timed from its keydown
//    (event.timeStamp) to the new place painted: the DOM shows it (a MutationObserver sees the
//    stage name the new slide with its content, not a loading placeholder) and then two animation
//    frames have run (the frame that draws it has been presented). Presses that change slide are
//    reported by the kind of the slide arrived at (text, simulator, lab, quiz); on a simulator slide
//    "drawn" also waits for the simulator's trace on screen (data-state="ready"). Presses that stay
//    on a slide (a list item revealed, a simulator step) are a row of their own.
// 2. Sync: the audience window (#/present/…) and the presenter view (#/notes/…, opened by key S as
//    the app opens it: a popup window, so both windows render) as two pages of one browser context. A keydown (→ or ←, alternating between two text slides) in one window is
//    timed until the OTHER window shows that slide, painted (same test: DOM, then two frames).
//    Both pages read one clock (performance.timeOrigin + performance.now()).
//
//   node bench/deck-bench.mjs [--dist=dist] [--rounds=2] [--n=40] [--backend=cpu] [--port=4194]
// Without --dist it builds into a temporary folder first (vite build). `uptime` is printed with the numbers.
import { execSync } from 'node:child_process';
import { chromium } from '@playwright/test';
import { chromiumArgs, findChromium } from '../scripts/chromium.mjs';
import { buildDist, cliArgs, serveDist } from './common.mjs';

const args = cliArgs();
const ROUNDS = Math.max(1, Number(args.rounds ?? 2));
const N = Math.max(2, Number(args.n ?? 40));
const backend = args.backend ?? 'cpu';
const uptime = () => {
  try {
    return execSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return '(uptime unavailable)';
  }
};

const dist = buildDist(args, 'deck-bench');
const port = Number(args.port ?? 4194);
const base = '/courses/kldl/unrolled/';
const server = await serveDist({ dir: dist, base, port });
const origin = `http://127.0.0.1:${port}${base}`;

const quantile = (xs, q) => {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};
const fmt = (x) => (x === undefined ? '—' : x.toFixed(1));

/**
 * In the page: arms a watcher for the next keydown; resolves when the window shows a place other
 * than `before` (the selector's data-slide-number / data-step), with its content, painted.
 * Times are performance.timeOrigin-based (comparable across pages).
 */
function installWatcher() {
  window.__deckBench = {
    place(sel) {
      const el = document.querySelector(sel);
      if (!el) return null;
      // a simulator step on the slide moves the simulator, not the URL: it is part of the place
      const sim = el.querySelector('.slide-current [data-testid="simulator"]');
      return `${el.dataset.slideNumber}/${el.dataset.step}${sim ? `/${sim.dataset.phase}:${sim.dataset.step}` : ''}`;
    },
    /** resolves with { t0, dom, painted, drawn, kind, slide, place } (t0: the keydown, null when the keydown was in another window) */
    arm(sel, before, { waitSim = true, timeoutMs = 60_000 } = {}) {
      const abs = (t) => performance.timeOrigin + t;
      let t0 = null;
      const onKey = (e) => {
        if (t0 === null) t0 = abs(e.timeStamp);
      };
      window.addEventListener('keydown', onKey, { capture: true });
      return new Promise((resolve, reject) => {
        let dom = null;
        let painted = null;
        const timer = setTimeout(() => {
          mo.disconnect();
          window.removeEventListener('keydown', onKey, { capture: true });
          reject(new Error(`no new place within ${timeoutMs} ms (still ${this.place(sel)})`));
        }, timeoutMs);
        const frames = (cb) => requestAnimationFrame(() => requestAnimationFrame(() => cb(abs(performance.now()))));
        const done = (extra) => {
          clearTimeout(timer);
          mo.disconnect();
          window.removeEventListener('keydown', onKey, { capture: true });
          resolve({ t0, dom, painted, ...extra });
        };
        const current = () => {
          const el = document.querySelector(sel);
          return el?.querySelector('.slide-current') ?? null;
        };
        const check = () => {
          const now = this.place(sel);
          if (now === null || now === before) return;
          const slide = current();
          if (!slide || slide.querySelector('.lesson-loading, .simulator-slot-loading')) return;
          const body = slide.querySelector('.slide-body');
          if (!body || body.childElementCount === 0) return;
          const kind = slide.dataset.slideKind ?? 'text';
          if (dom === null) {
            dom = abs(performance.now());
            frames((p) => {
              painted = p;
              const sim = slide.querySelector('[data-testid="simulator"]');
              if (kind !== 'simulator' || !sim || !waitSim) return done({ kind, place: now, drawn: null });
              // the simulator's trace on screen
              const simReady = () => sim.dataset.state === 'ready' && !!sim.querySelector('svg');
              if (simReady()) return done({ kind, place: now, drawn: painted });
              const so = new MutationObserver(() => {
                if (!simReady()) return;
                so.disconnect();
                frames((d) => done({ kind, place: now, drawn: d }));
              });
              so.observe(sim, { attributes: true, childList: true, subtree: true });
            });
          }
        };
        const mo = new MutationObserver(check);
        mo.observe(document.body, { attributes: true, childList: true, subtree: true, characterData: true });
        check();
      });
    },
  };
}

const browser = await chromium.launch({ executablePath: findChromium() ?? undefined, args: chromiumArgs });
const before = uptime();
const out = [];
try {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  await context.addInitScript((pref) => {
    localStorage.setItem('unrolled:prefs', JSON.stringify({ state: { backend: pref }, version: 1 }));
  }, backend);
  await context.addInitScript(installWatcher);

  /* ------------------------------------------------------------------ 1. the walk ------- */
  const STAGE = '.present-stage[data-slide-number]';
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`  page error: ${e.message}`));
  await page.goto(`${origin}#/present/welcome`);
  await page.waitForSelector(`${STAGE} .slide-current .slide-body > *`, { timeout: 60_000 });
  const total = await page.evaluate(() => Number(/\/\s*(\d+)/.exec(document.querySelector('[data-testid="slide-count"]')?.textContent ?? '')?.[1]));
  console.log(`deck: ${total} slides; walking it with → ${ROUNDS}× at 1920×1080 (${backend} backend) …`);
  const samples = []; // { round, kind, changed, ms, drawnMs }
  for (let round = 1; round <= ROUNDS; round++) {
    if (round > 1) {
      await page.keyboard.press('Home');
      await page.waitForFunction((s) => document.querySelector(s)?.dataset.slideNumber === '1', STAGE);
    }
    let presses = 0;
    for (;;) {
      const place = await page.evaluate((s) => window.__deckBench.place(s), STAGE);
      const [n] = place.split('/').map(Number);
      const armed = page.evaluate(([s, b]) => window.__deckBench.arm(s, b), [STAGE, place]);
      // the page must have armed before the key goes
      await page.evaluate(() => new Promise((r) => setTimeout(r, 0)));
      await page.keyboard.press('ArrowRight');
      const r = await armed;
      presses++;
      const [m] = r.place.split('/').map(Number);
      samples.push({ round, kind: r.kind, changed: m !== n, ms: r.painted - r.t0, drawnMs: r.drawn === null ? null : r.drawn - r.t0 });
      // arrived at the last slide: its remaining steps (if any) are not slide changes
      if (m === total) break;
      if (presses > 5000) throw new Error('the walk does not end');
    }
    console.log(`  round ${round}: ${presses} presses`);
  }
  await page.close();

  const rowFor = (label, xs, drawn) => ({
    label,
    n: xs.length,
    median: quantile(xs, 0.5),
    p95: quantile(xs, 0.95),
    drawnMedian: drawn?.length ? quantile(drawn, 0.5) : undefined,
    drawnP95: drawn?.length ? quantile(drawn, 0.95) : undefined,
  });
  const walkRows = [];
  const groups =
    ROUNDS > 1
      ? [
          ['round 1 (cold)', (s) => s.round === 1],
          [`rounds 2–${ROUNDS} (warm)`, (s) => s.round > 1],
        ]
      : [['round 1 (cold)', () => true]];
  for (const [gl, inGroup] of groups) {
    const g = samples.filter(inGroup);
    const changes = g.filter((s) => s.changed);
    const nonSim = changes.filter((s) => s.kind !== 'simulator');
    walkRows.push(
      rowFor(
        `${gl}: → to a text slide (all but simulator slides)`,
        nonSim.map((s) => s.ms),
      ),
    );
    for (const k of ['text', 'lab', 'quiz']) {
      const ks = changes.filter((s) => s.kind === k);
      if (ks.length && ks.length !== nonSim.length)
        walkRows.push(
          rowFor(
            `${gl}: … of which ${k} slides`,
            ks.map((s) => s.ms),
          ),
        );
    }
    const sim = changes.filter((s) => s.kind === 'simulator');
    walkRows.push(
      rowFor(
        `${gl}: → to a simulator slide`,
        sim.map((s) => s.ms),
        sim.map((s) => s.drawnMs).filter((x) => x !== null),
      ),
    );
    walkRows.push(
      rowFor(
        `${gl}: → that stays on the slide (list item, simulator step)`,
        g.filter((s) => !s.changed).map((s) => s.ms),
      ),
    );
  }
  out.push(() => {
    console.log(`\n## Slide change → painted (production build, 1920×1080, ${backend} backend; → only, whole deck of ${total})\n`);
    console.log('| presses | n | painted: median (ms) | p95 (ms) | simulator drawn: median (ms) | p95 (ms) |');
    console.log('|---|--:|--:|--:|--:|--:|');
    for (const r of walkRows)
      console.log(`| ${r.label} | ${r.n} | ${fmt(r.median)} | ${fmt(r.p95)} | ${fmt(r.drawnMedian)} | ${fmt(r.drawnP95)} |`);
    console.log('\n- painted: keydown → the stage shows the new place with its content (no loading placeholder), then two animation frames.');
    console.log('- simulator drawn: the same, until the slide’s simulator shows its trace (data-state="ready", its SVG drawn).');
  });

  /* ------------------------------------------------------------------ 2. the sync ------- */
  const audience = await context.newPage();
  await audience.goto(`${origin}#/present/welcome`);
  await audience.waitForSelector(`${STAGE} .slide-current .slide-body > *`, { timeout: 60_000 });
  // the presenter view opens as the app opens it (key S: a popup window of its own), so both
  // windows are visible and render (two tabs of one window would leave one hidden and throttled)
  const NOTES = '[data-testid="presenter-view"][data-slide-number]';
  const [presenter] = await Promise.all([context.waitForEvent('page'), audience.keyboard.press('s')]);
  await presenter.setViewportSize({ width: 1920, height: 1080 });
  await presenter.waitForSelector(`${NOTES} .slide-current .slide-body > *`, { timeout: 60_000 });
  const syncRows = [];
  for (const [name, from, fromSel, to, toSel] of [
    ['presenter → audience', presenter, NOTES, audience, STAGE],
    ['audience → presenter', audience, STAGE, presenter, NOTES],
  ]) {
    const lat = [];
    const own = [];
    const domLat = [];
    for (let i = 0; i < N; i++) {
      const key = i % 2 === 0 ? 'ArrowRight' : 'ArrowLeft';
      const placeTo = await to.evaluate((s) => window.__deckBench.place(s), toSel);
      const placeFrom = await from.evaluate((s) => window.__deckBench.place(s), fromSel);
      const seen = to.evaluate(([s, b]) => window.__deckBench.arm(s, b, { waitSim: false }), [toSel, placeTo]);
      const seenOwn = from.evaluate(([s, b]) => window.__deckBench.arm(s, b, { waitSim: false }), [fromSel, placeFrom]);
      await Promise.all([from, to].map((p) => p.evaluate(() => new Promise((r) => setTimeout(r, 0)))));
      await from.keyboard.press(key);
      const [r, o] = await Promise.all([seen, seenOwn]);
      lat.push(r.painted - o.t0);
      domLat.push(r.dom - o.t0);
      own.push(o.painted - o.t0);
    }
    syncRows.push({ name, n: N, median: quantile(lat, 0.5), p95: quantile(lat, 0.95), dom: quantile(domLat, 0.5), own: quantile(own, 0.5) });
  }
  out.push(() => {
    console.log(`\n## Presenter ↔ audience navigation sync (two pages of one context, 1920×1080, → / ← between slides 1 and 2)\n`);
    console.log(
      '| direction | n | keydown → painted in the other window: median (ms) | p95 (ms) | … in its DOM: median (ms) | painted where pressed: median (ms) |',
    );
    console.log('|---|--:|--:|--:|--:|--:|');
    for (const r of syncRows) console.log(`| ${r.name} | ${r.n} | ${fmt(r.median)} | ${fmt(r.p95)} | ${fmt(r.dom)} | ${fmt(r.own)} |`);
  });
  await context.close();
} finally {
  await browser.close();
  server.kill();
}
for (const print of out) print();
console.log(`\nuptime before: ${before}\nuptime after:  ${uptime()}`);
process.exit(0);
