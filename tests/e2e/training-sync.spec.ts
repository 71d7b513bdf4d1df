import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import type { TrainStatus } from '../../src/store/testHooks';

/**
 * The training lab while presenting (issue 12 with issue 10): the audience window (#/present/…)
 * and the presenter view (#/notes/…) show one race. The window that starts it runs it; the other
 * ends its own worker and shows the same steps and losses, and its buttons drive that race; when
 * the leading window closes, the other takes back a race of its own.
 */

test.use({ enginePref: 'cpu' });

const status = (p: Page) => p.evaluate(() => window.__unrolledTrain!.status());
const lab = (p: Page) => p.locator('.slide-current').getByTestId('training-lab');
/** what both windows must agree on */
const shown = (s: TrainStatus) => ({
  step: s.step,
  status: s.status,
  baseline: s.baseline,
  history: s.history,
  losses: Object.fromEntries(Object.entries(s.models).map(([c, m]) => [c, [m.loss, m.solvedAt]])),
  config: s.config,
});

async function openBoth(page: Page): Promise<{ audience: Page; presenter: Page }> {
  const context = page.context();
  await context.addInitScript(() => {
    window.__UNROLLED_TEST_HOOKS__ = true;
  });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('./#/present/training');
  await expect(page.locator('.slide [data-testid="training-lab"]').first()).toBeAttached({ timeout: 60_000 });
  const n = Number(await page.locator('.slide:has([data-testid="training-lab"])').getAttribute('data-slide')) + 1;
  await page.goto(`./#/present/training/${n}`);
  const presenter = await context.newPage();
  await presenter.setViewportSize({ width: 1280, height: 720 });
  await presenter.goto(`./#/notes/training/${n}`);
  for (const p of [page, presenter]) await expect(lab(p)).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  return { audience: page, presenter };
}

test('a race started in the presenter view shows in the audience window, whose buttons drive it; closing the presenter gives the audience its own race', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const { audience, presenter } = await openBoth(page);
  for (const p of [audience, presenter]) expect((await status(p)).sync).toBe('alone');

  // started in the presenter view: it runs the race, the audience window shows it without a worker
  await presenter.evaluate(() => window.__unrolledTrain!.start({ stepBudget: 30, backend: 'cpu' }));
  await expect.poll(async () => (await status(audience)).sync, { timeout: 30_000 }).toBe('follows');
  expect((await status(presenter)).sync).toBe('leads');
  await expect.poll(async () => (await status(audience)).worker, { timeout: 30_000 }).toBe(false);
  // the audience sees the race move while it trains, not only its end
  await expect.poll(async () => (await status(audience)).step, { timeout: 120_000 }).toBeGreaterThan(0);
  await expect.poll(async () => (await status(presenter)).status, { timeout: 120_000 }).toBe('finished');
  await expect.poll(async () => shown(await status(audience)), { timeout: 30_000 }).toEqual(shown(await status(presenter)));
  const fin = await status(audience);
  expect(fin.step).toBe(30);
  expect(fin.history.length).toBeGreaterThan(2);
  expect(fin.gateSnapshots).toBe((await status(presenter)).gateSnapshots);
  await expect(lab(audience).locator('[data-testid="tl-loss-chart"] path[data-model="gru"]')).toHaveAttribute('d', /^M[\d.-]+,[\d.-]+L/);
  await expect(lab(audience).getByTestId('tl-progress')).toContainText('Step 30 / 30');

  // the audience window's buttons drive the presenter's race
  await lab(audience).getByTestId('tl-reset').click();
  for (const p of [presenter, audience])
    await expect.poll(async () => [(await status(p)).status, (await status(p)).step], { timeout: 60_000 }).toEqual(['ready', 0]);
  await lab(audience).getByTestId('tl-step').click();
  for (const p of [presenter, audience]) await expect(lab(p)).toHaveAttribute('data-step', '1', { timeout: 60_000 });
  await lab(audience).getByTestId('tl-play').click();
  await expect(lab(presenter)).toHaveAttribute('data-status', 'playing', { timeout: 30_000 });
  await expect(lab(audience)).toHaveAttribute('data-status', 'playing', { timeout: 30_000 });
  await lab(audience).getByTestId('tl-play').click(); // Pause
  for (const p of [presenter, audience]) await expect(lab(p)).toHaveAttribute('data-status', /paused|finished/, { timeout: 30_000 });
  await expect.poll(async () => shown(await status(audience)), { timeout: 30_000 }).toEqual(shown(await status(presenter)));
  // one race, one worker: the presenter's
  expect((await status(presenter)).worker).toBe(true);
  expect((await status(audience)).worker).toBe(false);
  expect((await status(presenter)).sync).toBe('leads');

  // the presenter view closes: the audience window takes back a race of its own, same settings, step 0
  await presenter.close({ runBeforeUnload: true });
  await expect.poll(async () => (await status(audience)).sync, { timeout: 30_000 }).toBe('alone');
  await expect(lab(audience)).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  const own = await status(audience);
  expect(own.step).toBe(0);
  expect(own.worker).toBe(true);
  expect(own.config.stepBudget).toBe(30);
  await lab(audience).getByTestId('tl-step').click();
  await expect(lab(audience)).toHaveAttribute('data-step', '1', { timeout: 60_000 });
});
