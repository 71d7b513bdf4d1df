import { test, expect, openSim, openSection, enableTestHooks, pageSettled, SECTION_SLUGS } from './fixtures';
import { paintedText } from './painted';

/**
 * A student's phone (issue 30, item 7): a 390 × 844 touch screen. The cell diagrams' text paints at
 * ≥ 12 CSS px (a drawing too wide for the screen scrolls sideways instead of shrinking, from its
 * input side), the training charts' at ≥ 11 px, and no page scrolls sideways as a whole. Painted
 * size = computed font size × the SVG's painted width over its viewBox width (painted.ts).
 */
const PHONE = { width: 390, height: 844 };
test.use({ viewport: PHONE, isMobile: true, hasTouch: true, enginePref: 'cpu' });

/** The page itself is no wider than the phone (a mobile layout viewport widens to fit its content, so innerWidth alone would not tell). */
async function expectNoSideways(page: import('@playwright/test').Page, what: string) {
  const m = await page.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, inner: window.innerWidth }));
  expect(m.inner, `${what}: the layout viewport`).toBe(PHONE.width);
  expect(m.scroll, `${what}: the page's scroll width`).toBeLessThanOrEqual(m.inner);
}

test('the cell diagrams paint every text at ≥ 12 px and the LSTM starts at its input', async ({ page }) => {
  const sizes: string[] = [];
  for (const preset of ['vanilla-cell', 'lstm', 'gru']) {
    const sim = await openSim(page, preset, preset);
    const box = sim.locator('.dv-cell-view .dv-scroll').first();
    await expect(box.locator('svg.dv-svg .dv-cell-num').first()).toBeVisible();
    const painted = await page.evaluate(paintedText, [`[data-simulator="${preset}"] .dv-cell-view .dv-scroll`, 12] as const);
    sizes.push(`${preset} ${painted.smallest[0]}`);
    expect(painted.svg, preset).toBeLessThan(Infinity);
    expect(painted.small, `${preset}: texts under 12 px`).toEqual([]);
    expect(painted.svg, preset).toBeGreaterThanOrEqual(11.95);
    await expectNoSideways(page, preset);

    // the drawing is wider than the phone: it scrolls in its own box, says so, and starts at its input
    await expect(sim.getByTestId('cell-scroll-hint')).toBeVisible();
    await expect(box).toHaveAttribute('role', 'region');
    await expect(box).toHaveAttribute('tabindex', '0');
    const m = await box.evaluate((el) => {
      const x = el.querySelector('g.dv-vec[data-term="x"]')!.getBoundingClientRect();
      const b = el.getBoundingClientRect();
      return { scrollLeft: el.scrollLeft, over: el.scrollWidth - el.clientWidth, x: [x.left, x.right], box: [b.left, b.right], inner: innerWidth };
    });
    expect(m.over, preset).toBeGreaterThan(0);
    expect(m.scrollLeft, preset).toBe(0);
    // x_t (its column and its label) lies inside the box and the screen
    expect(m.x[0], `${preset}: x_t's left edge`).toBeGreaterThanOrEqual(Math.max(0, m.box[0]));
    expect(m.x[1], `${preset}: x_t's right edge`).toBeLessThanOrEqual(Math.min(m.inner, m.box[1]));
  }
  test.info().annotations.push({ type: 'smallest cell text', description: sizes.join('; ') });

  // the keyboard scrolls the box: a focused region keeps its arrow keys (they do not step the simulator)
  const sim = await openSim(page, 'lstm', 'lstm');
  const lstm = sim.locator('.dv-cell-view .dv-scroll').first();
  const step = await sim.getAttribute('data-step');
  await lstm.focus();
  await expect(lstm).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => lstm.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  await expect(sim).toHaveAttribute('data-step', step!);
});

test('the training charts paint every text at ≥ 11 px, and the lab fits the phone', async ({ page }) => {
  await enableTestHooks(page);
  await openSection(page, 'training');
  const lab = page.getByTestId('training-lab');
  await expect(lab).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await page.waitForFunction(() => !!window.__unrolledTrain, null, { timeout: 60_000 });
  await expectNoSideways(page, 'the lab, ready');
  // a few probes: the gradient chart and the gate strips have data (and their labels)
  await page.evaluate(() => window.__unrolledTrain!.start());
  await expect
    .poll(async () => Number(await page.getByTestId('tl-gate-chart').getAttribute('data-snapshots')), { timeout: 120_000 })
    .toBeGreaterThan(1);
  await page.evaluate(() => window.__unrolledTrain!.stop());
  await expect(page.getByTestId('tl-baseline')).toBeAttached();
  const sizes: string[] = [];
  for (const id of ['tl-loss-chart', 'tl-grad-chart', 'tl-gate-chart']) {
    const chart = page.getByTestId(id);
    await chart.scrollIntoViewIfNeeded();
    await expect(chart.locator('svg text').first()).toBeVisible();
    const painted = await page.evaluate(paintedText, [`[data-testid="${id}"]`, 11] as const);
    sizes.push(`${id} ${painted.smallest[0]}`);
    expect(painted.svg, id).toBeLessThan(Infinity);
    expect(painted.small, `${id}: texts under 11 px`).toEqual([]);
  }
  test.info().annotations.push({ type: 'smallest chart text', description: sizes.join('; ') });
  await expectNoSideways(page, 'the lab, after training');
});

/**
 * Every section at phone width (issue 28, item 5): the page never scrolls sideways. Tables, wide
 * equations and figures scroll in their own boxes. The page is scrolled from top to bottom first,
 * so that every box skipped off-screen (content-visibility) is drawn at its real width; an element
 * that reaches past the screen and has no scrolling box around it is named in the failure.
 */
test('no section scrolls sideways at 390 px', async ({ page }) => {
  test.setTimeout(240_000);
  for (const slug of SECTION_SLUGS) {
    await openSection(page, slug);
    await pageSettled(page, 'cpu');
    await page.evaluate(async () => {
      const root = document.scrollingElement!;
      for (let y = 0; y < root.scrollHeight; y += innerHeight * 0.8) {
        root.scrollTop = y;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      }
    });
    await pageSettled(page, 'cpu');
    const m = await page.evaluate((W) => {
      const scrolls = (el: Element) => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
      const wide = [...document.querySelectorAll('body *')]
        .filter((el) => {
          const r = el.getBoundingClientRect();
          if (r.width === 0 || r.right <= W + 1) return false;
          for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) if (scrolls(a)) return false;
          return !el.closest('.sr-only');
        })
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(el.getBoundingClientRect().right)}`);
      return { scroll: document.scrollingElement!.scrollWidth, inner: innerWidth, wide };
    }, PHONE.width);
    expect(m.inner, `${slug}: the layout viewport (${m.wide.join('; ')})`).toBe(PHONE.width);
    expect(m.scroll, `${slug}: the page's scroll width (${m.wide.join('; ')})`).toBeLessThanOrEqual(m.inner);
    expect(m.wide, `${slug}: elements past the screen's right edge outside a scrolling box`).toEqual([]);
  }
});
