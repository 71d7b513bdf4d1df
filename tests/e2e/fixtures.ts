import { test as base, expect, type Browser, type Locator, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
// declares window.__UNROLLED_TEST_HOOKS__ and window.__unrolledTrain
import type {} from '../../src/store/testHooks';

/**
 * Every browser test fails on a console error or an uncaught page error: a teaching app that
 * logs errors mid-lecture is broken even when the page still looks right.
 */
export const test = base.extend<{ consoleErrors: string[]; enginePref: 'auto' | 'webgl' | 'cpu' | null; choosesEngine: void }>({
  /**
   * The engine backend the page starts with (the "Compute on" choice, stored in the prefs). The
   * browser tests choose WebGL explicitly, because auto picks the CPU on this machine's software
   * renderer (SwiftShader). `test.use({ enginePref: null })` leaves the stored choice alone.
   */
  enginePref: ['webgl', { option: true }],
  choosesEngine: [
    async ({ page, enginePref }, use) => {
      if (enginePref)
        await page.addInitScript((pref) => {
          const key = 'unrolled:prefs';
          let state: Record<string, unknown> = {};
          try {
            state = JSON.parse(localStorage.getItem(key) ?? 'null')?.state ?? {};
          } catch {
            /* start from defaults */
          }
          localStorage.setItem(key, JSON.stringify({ state: { ...state, backend: pref }, version: 1 }));
        }, enginePref);
      await use();
      // a test that chose the CPU ran on it: the badge names the backend of the last trace (nothing
      // falls back to the CPU unseen this way round; WebGL's own tests assert WebGL where they need it)
      if (enginePref === 'cpu' && !page.isClosed()) {
        const badge = page.getByTestId('backend-badge');
        const shown = (await badge.count()) ? await badge.first().getAttribute('data-backend') : null;
        if (shown) expect(shown, 'the backend the page computed on').toBe('cpu');
      }
    },
    { auto: true },
  ],
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
    await use(errors);
    expect(errors, 'console errors during the test').toEqual([]);
  },
});

export { expect };

/** The fifteen sections, in lecture order (issue #3; 'training' from issue #12). */
export const SECTION_SLUGS = [
  'welcome',
  'introduction',
  'types-of-rnn',
  'vanilla-cell',
  'vanilla-forward',
  'unrolled',
  'bptt',
  'vanishing-exploding',
  'lstm',
  'gru',
  'comparison',
  'training',
  'bidirectional',
  'tensorflow',
  'summary',
];

export async function openSection(page: Page, slug: string, mode: 'read' | 'present' = 'read') {
  await page.goto(mode === 'read' ? `./#/${slug}` : `./#/present/${slug}`);
  await expect(page.locator(`[data-lesson="${slug}"]`)).toBeVisible();
  // sections are code-split: wait for this one's content, not only its frame
  await expect(page.locator(`[data-lesson="${slug}"] .lesson-body > :not(.lesson-loading)`).first()).toBeAttached();
}

/** Waits until the engine badge reports a finished trace, and returns the backend it used. */
export async function engineBackend(page: Page): Promise<string> {
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-backend', /\w+/, { timeout: 60_000 });
  return (await badge.getAttribute('data-backend')) ?? '';
}

/**
 * Waits until the page is laid out as it will stay: every simulator on it has drawn an up-to-date
 * trace (on `backend`, when given: a first trace from the interim CPU is recomputed once WebGL is
 * up, and a recompute dims the picture), its equations are typeset (no pending placeholder) and
 * the fonts they use have arrived. Checks that read the page's look (axe's contrast, printed
 * sizes) run after it.
 */
export async function pageSettled(page: Page, backend?: string): Promise<void> {
  await page.waitForFunction(
    (want) => {
      const sims = [...document.querySelectorAll<HTMLElement>('[data-testid="simulator"]')];
      // (a slide keeps its status line in the settings popover: there only the state tells)
      const on = (s: HTMLElement) => s.querySelector<HTMLElement>('[data-testid="sim-status"]')?.dataset.backend ?? want;
      const drawn = sims.every((s) => s.dataset.state === 'ready' && (!want || on(s) === want));
      return drawn && !document.querySelector('.dv-eq-pending') && document.fonts.status === 'loaded';
    },
    backend,
    { timeout: 120_000 },
  );
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

/** The WCAG 2.2 A/AA rule tags every axe scan here runs; `experimental` adds axe's experimental rules. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;

/**
 * axe on the page (or inside `include`), by tags or by rules, with every violation in full. axe
 * gathers every passing node of every rule by default, which is most of its time on these pages
 * (KaTeX's HTML and MathML, the diagrams): `resultTypes: ['violations']` keeps one example per rule
 * for the passes and the incomplete ones, and runs 2–2.5× faster (measured on #/lstm and #/bptt).
 * One rule reads its passes to judge: heading-order (without them it reports the order of the few
 * it kept), so where it is asked for it runs on its own, in full, and its results are merged in.
 */
export async function axeScan(page: Page, what: { tags?: string[]; rules?: string[]; include?: string }): Promise<AxeResults> {
  const builder = () => {
    // axe.run in the page (and its same-origin frames; the app has no other): the default runs
    // axe.runPartial per frame and axe.finishRun in a blank page of its own, which passes the whole
    // result through JSON twice: 13.4 s against 4.0 s for the full rule set on #/lstm, the same results
    const b = new AxeBuilder({ page }).setLegacyMode(true);
    return what.include ? b.include(what.include) : b;
  };
  const fast = builder().options({ resultTypes: ['violations'] });
  // (heading-order is a best-practice rule: a WCAG tag set leaves it out, as axe alone does)
  const ordered = what.tags?.includes('best-practice') || what.rules?.includes('heading-order');
  const res = await (what.tags ? fast.withTags(what.tags) : fast.withRules(what.rules ?? [])).disableRules(['heading-order']).analyze();
  if (ordered) {
    const order = await builder().withRules(['heading-order']).analyze();
    res.violations.push(...order.violations);
    res.passes.push(...order.passes);
    res.incomplete.push(...order.incomplete);
  }
  return res;
}

/** The simulator of a lesson preset on the page. */
export function simIn(page: Page, preset: string): Locator {
  return page.locator(`[data-simulator="${preset}"] [data-testid="simulator"]`);
}

/** Waits for the simulator's trace to be on screen and up to date, newer than result number `after`; returns its number. */
export async function ready(sim: Locator, after = 0): Promise<number> {
  await expect(sim).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect.poll(async () => Number(await sim.getAttribute('data-results')), { timeout: 60_000 }).toBeGreaterThan(after);
  await expect(sim).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  return Number(await sim.getAttribute('data-results'));
}

/** Opens a section and waits for its simulator's first trace. */
export async function openSim(page: Page, slug: string, preset: string): Promise<Locator> {
  await openSection(page, slug);
  const sim = simIn(page, preset);
  await sim.scrollIntoViewIfNeeded();
  await ready(sim);
  return sim;
}

/** Turns on the opt-in test hooks (window.__unrolledSim, __unrolledTrain) for every page load. */
export async function enableTestHooks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__UNROLLED_TEST_HOOKS__ = true;
  });
}

/**
 * A page of its own on the training lab's section, the training test hook on (the lab's specs share
 * one page across their tests, in order): its console errors and page errors go to `errors`.
 */
export async function openTrainingLab(browser: Browser, errors: string[]): Promise<Page> {
  const page = await browser.newPage({ baseURL: test.info().project.use.baseURL, viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    window.__UNROLLED_TEST_HOOKS__ = true;
  });
  await page.goto('./#/training');
  await expect(page.locator('[data-lesson="training"]')).toBeVisible();
  await page.waitForFunction(() => !!window.__unrolledTrain, null, { timeout: 60_000 });
  return page;
}

/**
 * The input-connectivity view of a simulator on the lesson page, in its backward phase (issue 24):
 * ‖∂y_T/∂x_k‖ for every input step, in the plot, its points and its table, equal to what the
 * engine computes on the CPU for the spec on screen; the points are one Tab stop whose arrow keys
 * move between them (not through time), each read out with its value. Returns the values.
 */
export async function expectConnectivity(page: Page, sim: Locator, preset: string): Promise<number[]> {
  const view = sim.getByTestId('connectivity-view');
  await expect(view).toBeVisible();
  const spec = (await page.evaluate((id) => window.__unrolledSim!.spec(id), preset))!;
  const cpu = await page.evaluate((s) => window.__unrolledSim!.engine.simulateOn(s, 'cpu'), spec);
  const want = cpu.inputConnectivity!;
  const T = spec.inputs.length;
  expect(want, `${preset}: one norm per input step`).toHaveLength(T);
  const max = Math.max(...want);
  expect(max, `${preset}: y_T moves with some input`).toBeGreaterThan(0);
  const agrees = (got: number[], what: string) => {
    expect(got, `${preset} ${what}`).toHaveLength(T);
    // float32 on WebGL against float32 on the CPU: relative, with a floor far below the largest value
    got.forEach((g, k) =>
      expect(Math.abs(g - want[k]), `${preset} ${what}, k = ${k + 1}: ${g} vs ${want[k]}`).toBeLessThanOrEqual(1e-3 * want[k] + 1e-6 * max),
    );
  };
  const values = (l: Locator) => l.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
  const plotted = JSON.parse((await view.getAttribute('data-norms')) ?? '[]') as number[];
  agrees(plotted, 'plot');
  const points = view.getByTestId('conn-point');
  agrees(await values(points), 'points');
  // the text alternative: a table with every value
  const summary = view.locator('details summary', { hasText: 'Input connectivity as a table' });
  await summary.click();
  await expect(view.getByTestId('conn-row').first()).toBeVisible();
  agrees(await values(view.getByTestId('conn-row')), 'table');
  await expect(view.locator('svg[role="group"]')).toHaveAttribute('aria-label', /input connectivity ‖∂y_\d+\/∂x_k‖ \(triangles, dotted line\)/);
  // the keyboard: Shift+Tab from the table lands on the points' one Tab stop; arrows and End move along them
  const step = await sim.getAttribute('data-step');
  await summary.focus();
  await page.keyboard.press('Shift+Tab');
  await expect(points.first()).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(points.nth(Math.min(1, T - 1))).toBeFocused();
  await page.keyboard.press('End');
  const last = points.nth(T - 1);
  await expect(last).toBeFocused();
  await expect(last).toHaveAttribute('aria-label', new RegExp(`^x_${T} \\(distance 0 back from y_${T}\\): ‖∂y_${T}/∂x_${T}‖ = `));
  await expect(view.locator('.dv-tooltip')).toHaveText((await last.getAttribute('aria-label'))!);
  await expect(points.and(page.locator('[tabindex="0"]'))).toHaveCount(1);
  await expect(sim, 'the arrows moved along the points, not through time').toHaveAttribute('data-step', step!);
  await page.keyboard.press('Tab');
  await expect(summary).toBeFocused();
  await summary.click(); // closed again
  return plotted;
}

/**
 * The deck has drawn the slide and step its URL names, its simulator (if any) ready and the
 * training lab (if any) loaded, and the hero view has had its frame to settle in.
 */
export async function deckSettled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const st = document.querySelector<HTMLElement>('.present-stage');
    const cur = st?.querySelector('.slide-current');
    if (!st || !cur || !st.closest<HTMLElement>('[data-scale]')) return false;
    const m = /^#\/present\/([a-z0-9-]+)(?:\/(\d+)(?:\/(\d+))?)?/.exec(location.hash);
    if (!m || m[1] !== st.dataset.slug || Number(m[2] ?? 1) - 1 !== Number(st.dataset.slide) || Number(m[3] ?? 0) !== Number(st.dataset.step))
      return false;
    const sim = cur.querySelector<HTMLElement>('[data-testid="simulator"]');
    if (cur.querySelector('[data-simulator]') && (!sim || sim.dataset.state !== 'ready')) return false;
    if (cur.querySelector('[data-training-lab]') && cur.querySelector('[data-testid="tl-loading"]')) return false;
    return true;
  });
  // a simulator's hero view settles one animation frame after the last change
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}
