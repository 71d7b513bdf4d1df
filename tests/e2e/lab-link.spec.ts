import type { Page } from '@playwright/test';
import { test, expect, enableTestHooks } from './fixtures';
import type { TrainStatus } from '../../src/store/testHooks';

/**
 * The training lab's settings in the link (issue 30, item 8): `#/training?v=1&lab.T=40&…`
 * (src/train/link.ts). The URL follows the lab's form, a reload or a copied link reopens it with
 * the same settings, a tampered value is clamped with a notice, and trained results never travel.
 */
test.beforeEach(({ page }) => enableTestHooks(page));

const status = (page: Page): Promise<TrainStatus> => page.evaluate(() => window.__unrolledTrain!.status());
const field = (page: Page, f: string) => page.locator(`input[data-field="${f}"]`);

async function openLab(page: Page, hash = '#/training') {
  await page.goto(`./${hash}`);
  await page.waitForFunction(() => !!window.__unrolledTrain, null, { timeout: 60_000 });
  await expect(page.getByTestId('training-lab')).toHaveAttribute('data-status', /ready|paused|finished/, { timeout: 60_000 });
}

test('two lab settings changed in the form → the URL → a reload and Copy link reopen the lab with them', async ({ page, consoleErrors }) => {
  void consoleErrors; // checked by the fixture after the test
  test.setTimeout(120_000);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await openLab(page);
  // at the defaults the link carries nothing of the lab
  expect(new URL(page.url()).hash).toBe('#/training');
  await field(page, 'T').fill('40');
  await field(page, 'T').press('Enter');
  await page.locator('select[data-field="optimizer"]').selectOption('sgd');
  await field(page, 'units').fill('8');
  await field(page, 'units').press('Enter');
  await page.locator('select[data-field="optimizer"]').selectOption('adam'); // back to its default: not in the link
  await expect.poll(() => new URL(page.url()).hash).toBe('#/training?v=1&lab.T=40&lab.units=8');
  // Copy link: the same URL, and it says plainly what it leaves out
  await expect(page.getByTestId('tl-link-note')).toHaveText(/not trained weights or results/);
  await page.getByTestId('tl-copy-link').click();
  await expect(page.getByTestId('tl-copy-status')).toContainText('Link copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());
  // a step trained, then a reload: the same settings, and this tab's race is still shown
  await page.getByTestId('tl-step').click();
  await expect.poll(async () => (await status(page)).step).toBe(1);
  await expect.poll(async () => (await status(page)).status).toBe('paused');
  await page.reload();
  await openLab(page, '#/training?v=1&lab.T=40&lab.units=8');
  await expect(field(page, 'T')).toHaveValue('40');
  await expect(field(page, 'units')).toHaveValue('8');
  expect((await status(page)).config).toMatchObject({ T: 40, units: 8, optimizer: 'adam' });
  await expect(page.getByTestId('training-lab')).toHaveAttribute('data-kept', 'true');
  await expect(page.getByTestId('link-notices')).toHaveCount(0);
  // a link with other settings, opened in this tab: those settings, and a new race at step 0 (the kept one was trained otherwise)
  await page.evaluate(() => (window.location.hash = '#/training?v=1&lab.T=20&lab.backend=cpu'));
  await expect(field(page, 'T')).toHaveValue('20');
  await expect(field(page, 'units')).toHaveValue('16');
  await expect(page.locator('select[data-field="backend"]')).toHaveValue('cpu');
  await expect.poll(async () => (await status(page)).status).toBe('ready');
  expect((await status(page)).step).toBe(0);
  await expect(page.getByTestId('training-lab')).toHaveAttribute('data-kept', 'false');
  await expect.poll(async () => (await status(page)).backend).toBe('cpu');
});

test('a tampered lab value is clamped with a notice in the link notices; nothing crashes', async ({ page, consoleErrors }) => {
  void consoleErrors;
  test.setTimeout(120_000);
  await openLab(page, '#/training?v=1&lab.T=500&lab.units=8&lab.lr=abc&lab.backend=%3Cb%3Egpu%3C/b%3E&lab.nope=1');
  const notices = page.getByTestId('link-notices');
  await expect(notices).toContainText('Training lab: Sequence length T 500 is outside 10–100 (whole numbers); using 100.');
  await expect(notices).toContainText('Training lab: Learning rate must be a number; kept 0.02.');
  await expect(notices).toContainText('Training lab: There is no backend called “<b>gpu</b>”; kept automatic.');
  await expect(notices.locator('b')).toHaveCount(0);
  await expect(field(page, 'T')).toHaveValue('100');
  await expect(field(page, 'units')).toHaveValue('8');
  await expect(field(page, 'learningRate')).toHaveValue('0.02');
  await expect(page.locator('select[data-field="backend"]')).toHaveValue('auto');
  expect((await status(page)).config).toMatchObject({ T: 100, units: 8, learningRate: 0.02 });
  // the URL now says what the lab uses: the clamped value, the bad and unknown keys gone
  await expect.poll(() => new URL(page.url()).hash).toBe('#/training?v=1&lab.T=100&lab.units=8');
});
