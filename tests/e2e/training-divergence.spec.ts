import type { Browser, Page } from '@playwright/test';
import { test, expect, openSection, openTrainingLab } from './fixtures';
// declares window.__UNROLLED_TEST_HOOKS__ and window.__unrolledTrain
import type { TrainStatus } from '../../src/store/testHooks';

/**
 * The training lab when a model diverges (issue 12, "Bad input and limits"), in the built app, and
 * its reproducibility (same seed and settings → the same curves). One page shared in order.
 *
 * The diverging race: SGD at learning rate 0.3 with clipping off. The vanilla RNN's gradient
 * explodes within ~30 steps while the LSTM and the GRU stay finite (measured: the RNN stops at
 * step 25 on the CPU backend in Node, scripts/measure-training.ts-style; the test asserts the
 * behaviour, not the step). The UI can reach this config too (every value is inside the clamps);
 * the test uses the opt-in hook to set it in one call.
 */
test.describe.configure({ mode: 'serial' });

const DIVERGING = { optimizer: 'sgd', learningRate: 0.3, clipnorm: 0, stepBudget: 80 };

let page: Page;
const errors: string[] = [];

async function open(browser: Browser) {
  page = await openTrainingLab(browser, errors);
  await expect(page.getByTestId('training-lab')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
}

const status = (): Promise<TrainStatus> => page.evaluate(() => window.__unrolledTrain!.status());

async function race(config: Record<string, unknown>): Promise<TrainStatus> {
  await page.evaluate((c) => window.__unrolledTrain!.start(c), config);
  await expect.poll(async () => (await status()).status, { timeout: 150_000, intervals: [1000] }).toBe('finished');
  return status();
}

test.beforeAll(async ({ browser }) => open(browser));
test.afterAll(async () => {
  await page?.close();
  expect(errors, 'console errors during the training divergence tests').toEqual([]);
});

let first: TrainStatus;

test('a diverging model stops with a visible notice while the others go on; no NaN on the page', async () => {
  test.setTimeout(200_000);
  const s = (first = await race(DIVERGING));
  expect(s.config).toMatchObject({ optimizer: 'sgd', learningRate: 0.3, clipnorm: 0, stepBudget: 80 });
  expect(s.messages).toEqual([]); // nothing was clamped: the UI's own fields reach this config
  // the vanilla RNN stopped early, with a reason
  expect(s.models.rnn.diverged).toMatch(/^its (training loss|gradient norm|validation loss) became (infinite|NaN \(not a number\)) at step \d+/);
  expect(s.models.rnn.steps).toBeLessThan(80);
  // the gated cells trained on to the end of the budget, with finite losses
  for (const c of ['lstm', 'gru'] as const) {
    expect(s.models[c].diverged, c).toBeNull();
    expect(s.models[c].steps, c).toBe(80);
    expect(Number.isFinite(s.models[c].loss), c).toBe(true);
  }
  for (const p of s.history) for (const c of ['lstm', 'gru'] as const) expect(Number.isFinite(p.losses[c]), `${c} at ${p.step}`).toBe(true);
  expect(s.history.at(-1)!.step).toBe(80);
  console.log(
    `[training] diverging race on ${s.backend}: rnn ${s.models.rnn.diverged}; lstm ${s.models.lstm.loss}, gru ${s.models.gru.loss} at step 80`,
  );

  // the notice: visible in the RNN's card, an alert, and says the others go on
  const notice = page.getByTestId('tl-diverged-rnn');
  await expect(notice).toBeVisible();
  await expect(notice).toHaveAttribute('role', 'alert');
  await expect(notice).toContainText(`Stopped: ${s.models.rnn.diverged}. The others go on.`);
  await expect(page.locator('[data-model="rnn"].tl-model')).toHaveAttribute('data-diverged', 'true');
  await expect(page.getByTestId('tl-diverged-lstm')).toHaveCount(0);
  await expect(page.getByTestId('tl-diverged-gru')).toHaveCount(0);
  await expect(page.getByTestId('tl-inspect-rnn')).toBeDisabled();
  await expect(page.getByTestId('tl-inspect-gru')).toBeEnabled();
  await expect(page.getByTestId('tl-progress')).toContainText('Step 80 / 80');

  // no NaN, infinity or undefined shown as a number: in the section's text, the charts' text
  // alternatives and the SVG geometry ("NaN" may appear only as the word in a notice's reason)
  const lesson = page.locator('[data-lesson="training"]');
  const lab = page.getByTestId('training-lab');
  expect((await lab.innerText()).replaceAll('NaN (not a number)', '')).not.toMatch(/NaN|Infinity|undefined|∞/);
  // the prose around it names NaN as a word ("becomes NaN or infinite"), never as a value
  expect(await page.locator('body').innerText()).not.toMatch(/NaN(?! \(not a number\)| or infinite)|Infinity|undefined/);
  const labels = await lesson.locator('[aria-label]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  for (const l of labels) expect(l.replaceAll('NaN (not a number)', '')).not.toMatch(/NaN|Infinity|undefined|∞/);
  const geometry = await lesson
    .locator('svg *')
    .evaluateAll((els) =>
      els.flatMap((e) => ['d', 'x', 'y', 'x1', 'x2', 'y1', 'y2', 'transform', 'width', 'height'].map((a) => e.getAttribute(a) ?? '')),
    );
  expect(geometry.filter((g) => /NaN|Infinity/.test(g))).toEqual([]);

  // the charts stay usable: the loss axis is not stretched to the diverged model's 1e20+ losses,
  // so the baseline sits inside the plot, not squashed against its bottom edge
  const chart = page.locator('[data-testid="tl-loss-chart"] svg');
  const ih = 300 - 14 - 40;
  const yBase = Number(await chart.locator('[data-testid="tl-baseline"] line').first().getAttribute('y1'));
  expect(yBase).toBeGreaterThan(0.1 * ih);
  expect(yBase).toBeLessThan(0.85 * ih);
  for (const c of ['rnn', 'lstm', 'gru']) expect(await chart.locator(`path[data-model="${c}"]`).getAttribute('d')).toMatch(/^M[\d.-]+,[\d.-]+L/);
  // the gate strips (LSTM, GRU) are bitmaps the browser decodes: one pixel per probe and bin
  const strips = await page.locator('[data-testid="tl-gate-chart"] image').evaluateAll((els) =>
    Promise.all(
      els.map(async (e) => {
        const img = new Image();
        img.src = e.getAttribute('href') ?? '';
        await img.decode();
        return { w: img.naturalWidth, h: img.naturalHeight, cols: Number(e.getAttribute('data-columns')) };
      }),
    ),
  );
  expect(strips.length).toBe(5); // LSTM i, f, o; GRU z, r
  for (const st of strips) expect(st).toEqual({ w: st.cols, h: 20, cols: st.cols });
  expect(strips[0].cols).toBeGreaterThan(1);
  // the lesson text is still there and the page still answers
  await expect(lesson.getByRole('heading', { name: /Why: watch the gradient chart/ })).toBeVisible();
});

test('same seed and settings, the same curves: the race run again matches step for step', async () => {
  test.setTimeout(200_000);
  // Reset clears the notice; a new race with the same config reproduces every evaluation exactly
  await page.getByTestId('tl-reset').click();
  await expect.poll(async () => (await status()).status).toBe('ready');
  await expect(page.getByTestId('tl-diverged-rnn')).toHaveCount(0);
  const again = await race(DIVERGING);
  expect(again.backend).toBe(first.backend);
  expect(again.history).toEqual(first.history);
  // (msPerStep is wall time: it differs run to run)
  const outcome = (m: TrainStatus['models']) => Object.fromEntries(Object.entries(m).map(([c, { msPerStep: _ms, ...rest }]) => [c, rest]));
  expect(outcome(again.models)).toEqual(outcome(first.models));
  // another seed gives other curves (the comparison above could not pass by accident)
  const other = await race({ ...DIVERGING, seed: 2, stepBudget: 20 });
  expect(other.history.slice(0, 3)).not.toEqual(first.history.slice(0, 3));
});

test('presentation: the lab fits a 1920×1080 slide with projector-sized text; settings open over it', async ({ browser }) => {
  const p = await browser.newPage({ baseURL: test.info().project.use.baseURL, viewport: { width: 1920, height: 1080 } });
  const errs: string[] = [];
  p.on('pageerror', (e) => errs.push(e.message));
  // the deck shows one slide at a time: open the slide of the section that holds the lab
  await openSection(p, 'training', 'present');
  const n = Number(await p.locator('.slide:has([data-testid="training-lab"])').getAttribute('data-slide'));
  await p.goto(`./#/present/training/${n + 1}`);
  const lab = p.getByTestId('training-lab');
  await expect(lab).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await expect(lab).toHaveClass(/tl-presenting/);
  const box = (await lab.boundingBox())!;
  // the race (transport, model cards, both charts) in at most 880 px: room for the slide's title
  expect(box.height).toBeLessThanOrEqual(880);
  expect(box.width).toBeLessThanOrEqual(1920);
  expect(parseFloat(await lab.evaluate((e) => getComputedStyle(e).fontSize))).toBeGreaterThanOrEqual(24);
  await expect(p.getByTestId('tl-config')).toContainText('Adding problem, T = 30, 16 units, Adam at 0.02, batch 32, clipnorm 1, seed 1');
  // the whole race is on screen at once (training-slide.spec measures every text and the fit)
  for (const id of ['tl-play', 'tl-progress', 'tl-loss-chart', 'tl-grad-chart']) await expect(p.getByTestId(id)).toBeInViewport({ ratio: 1 });
  // keyboard: the Settings button opens the settings form over the slide, Esc closes it
  const settings = p.getByTestId('tl-settings');
  await expect(settings).toBeHidden();
  await p.getByTestId('tl-settings-button').focus();
  await p.keyboard.press('Enter');
  await expect(settings).toBeVisible();
  await expect(settings.locator('input[data-field="T"]')).toBeVisible();
  await expect(settings.locator('select[data-field="task"]')).toBeFocused();
  await p.keyboard.press('Escape');
  await expect(settings).toBeHidden();
  await expect(p.getByTestId('tl-settings-button')).toBeFocused();
  await expect(lab).toHaveClass(/tl-presenting/);
  await p.close();
  expect(errs).toEqual([]);
});
