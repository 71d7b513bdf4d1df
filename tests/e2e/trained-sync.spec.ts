import type { Locator, Page } from '@playwright/test';
import { test, expect, simIn, ready } from './fixtures';
// declares window.__UNROLLED_TEST_HOOKS__, window.__unrolledSim and window.__unrolledTrain
import type {} from '../../src/store/testHooks';

/**
 * The training lab's "Inspect this trained GRU" while presenting (issue 10, item 4, with issue 12):
 * the audience window (#/present/…) and the presenter view (#/notes/…) as two pages of one browser
 * context. The trained weights (the "trained override") go from the window where Inspect was
 * pressed to the other with the simulator sync: both land on the GRU simulator's slide, show the
 * banner and the same numbers (one trace, computed once); "Back to random weights" in the other
 * window puts both back.
 */

test.use({ enginePref: 'cpu' });

const traceOf = (p: Page) =>
  p.evaluate(() => {
    const t = window.__unrolledSim!.trace('gru');
    return t ? { h: t.h, y: t.y, loss: t.loss } : null;
  });
const requests = (p: Page) => p.evaluate(() => window.__unrolledSim!.requests());

/** The slide (1-based) of a section that holds `selector`, read from a presentation of it. */
async function slideWith(p: Page, mode: 'present' | 'notes', slug: string, selector: string): Promise<number> {
  await p.goto(`./#/${mode}/${slug}`);
  await expect(p.locator(`[data-lesson="${slug}"] ${selector}`).first()).toBeAttached({ timeout: 60_000 });
  const n = await p.evaluate((s) => Number(document.querySelector(s)?.closest<HTMLElement>('section.slide')?.dataset.slide ?? -1), selector);
  expect(n, `${slug} has a slide with ${selector}`).toBeGreaterThanOrEqual(0);
  return n + 1;
}

/** What a simulator shows as numbers: the readouts (h_t, y_t, C_t …) of its equation panel and views, as text. */
const readouts = (sim: Locator) =>
  sim.evaluate((el) =>
    Array.from(el.querySelectorAll<HTMLElement>('[data-testid="eq-values"], .sim-hero'))
      .map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim())
      .join(' | '),
  );

/** Both windows on the training lab's slide: the audience (#/present/…) and the presenter view (#/notes/…). */
async function openBoth(page: Page): Promise<{ audience: Page; presenter: Page }> {
  const context = page.context();
  await context.addInitScript(() => {
    window.__UNROLLED_TEST_HOOKS__ = true;
  });
  await page.setViewportSize({ width: 1280, height: 720 });
  const labSlide = await slideWith(page, 'present', 'training', '[data-testid="training-lab"]');
  await page.goto(`./#/present/training/${labSlide}`);
  const presenter = await context.newPage();
  await presenter.setViewportSize({ width: 1280, height: 720 });
  await presenter.goto(`./#/notes/training/${labSlide}`);
  const n = await page.locator('.present-stage').getAttribute('data-slide-number');
  await expect(presenter.getByTestId('presenter-view')).toHaveAttribute('data-slide-number', n ?? '');
  return { audience: page, presenter };
}

/**
 * A short race in `from`'s lab, Inspect the GRU there; both windows land on the GRU simulator's
 * slide with the banner and the same numbers; "Back to random weights" in `to` puts both back.
 */
async function inspectAndBack(from: Page, to: Page) {
  await from.waitForFunction(() => !!window.__unrolledTrain, null, { timeout: 60_000 });
  await from.evaluate(() => window.__unrolledTrain!.start({ stepBudget: 20, backend: 'cpu' }));
  await expect.poll(async () => (await from.evaluate(() => window.__unrolledTrain!.status())).status, { timeout: 120_000 }).toBe('finished');
  await from.locator('.slide-current').getByTestId('tl-inspect-gru').click();
  // the pointer that clicked Inspect now rests over the GRU's diagram, whose hover readout
  // ("h_30 unit 3 = …") is this window's alone: move it off before comparing the windows
  await from.mouse.move(1, 1);

  // the presentation goes on: both windows on the GRU simulator's slide (not the reading page)
  for (const p of [from, to]) await expect(p).toHaveURL(/#\/(present|notes)\/gru\/\d+/);
  const fromSim = simIn(from, 'gru');
  const toSim = simIn(to, 'gru');
  for (const p of [from, to]) await expect(p.locator('.slide-current').getByTestId('sim-trained')).toContainText('GRU trained for 20 steps');
  await ready(fromSim);
  await ready(toSim);
  // the same numbers: the trained network's trace (T = 30 steps of the adding problem, 16 units) in both
  const a = await traceOf(from);
  expect(a?.h).toHaveLength(30);
  expect(a?.h[0]).toHaveLength(16);
  await expect.poll(() => traceOf(to)).toEqual(a);
  await expect.poll(() => readouts(toSim)).toBe(await readouts(fromSim));
  expect(await readouts(toSim)).toMatch(/\d/);
  expect(await to.evaluate(() => window.__unrolledSim!.spec('gru')?.units)).toBe(16);
  // and the banner stays (a late joiner's defaults do not undo it)
  await from.waitForTimeout(500);
  for (const p of [from, to]) await expect(p.locator('.slide-current').getByTestId('sim-trained')).toHaveCount(1);

  // Back to random weights, in the other window: both go back, to the same random network
  const reqFrom = await requests(from);
  await to.locator('.slide-current').getByRole('button', { name: 'Back to random weights' }).click();
  for (const p of [from, to]) await expect(p.getByTestId('sim-trained')).toHaveCount(0);
  await expect.poll(async () => (await traceOf(to))?.h).not.toEqual(a?.h);
  const back = await traceOf(to);
  await expect.poll(() => traceOf(from)).toEqual(back);
  expect(await requests(from), 'the window that inspected computed nothing: the trace came with the change').toBe(reqFrom);
}

test('a trained GRU inspected in the audience window shows in the presenter view; Back to random weights there puts both back', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const { audience, presenter } = await openBoth(page);
  await inspectAndBack(audience, presenter);
});

test('inspected in the presenter view whose simulator loads last: the audience, there first, does not undo it', async ({ page }) => {
  test.setTimeout(300_000);
  const { audience, presenter } = await openBoth(page);
  // the presenter's simulator code arrives 2 s late, so the audience's simulator joins the sync first
  await presenter.route(/SimulatorShell-[\w-]+\.js$/, async (route) => {
    await new Promise((r) => setTimeout(r, 2000));
    await route.continue();
  });
  await inspectAndBack(presenter, audience);
});
