import type { Locator, Page } from '@playwright/test';
import { test, expect, openSection } from './fixtures';

/**
 * Issue 13, the student experience: quizzes that teach, a phone layout that starts with the
 * lesson, colour scales readable in every theme, honest busy states, seeds, long sequences.
 * Viewports: 1366×900 (laptop), 390×844 (phone), 844×390 (phone, landscape).
 */

function simIn(page: Page, preset: string): Locator {
  return page.locator(`[data-simulator="${preset}"] [data-testid="simulator"]`);
}

async function ready(sim: Locator, after = 0): Promise<number> {
  await expect(sim).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect.poll(async () => Number(await sim.getAttribute('data-results')), { timeout: 60_000 }).toBeGreaterThan(after);
  await expect(sim).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  return Number(await sim.getAttribute('data-results'));
}

test.describe('quizzes that teach', () => {
  test('wrong then right does not score; the wrong pick is explained before the answer shows; retake', async ({ page, consoleErrors }) => {
    await page.setViewportSize({ width: 1366, height: 900 });
    await openSection(page, 'summary');
    const score = page.getByTestId('quiz-score');
    await expect(score).toContainText('Score: 0 / 8');
    await expect(page.getByText('Only your first answer to each question counts')).toBeVisible();
    const q = page.locator('.quiz-set .quiz-question').first();
    // the number belongs to the question, not to the first option
    await expect(q.locator('legend')).toHaveText(/^Question 1 of 8\. /);
    // pick a wrong option: find it from the data the page renders (data-option = authored index)
    const options = q.locator('.quiz-option');
    const authored = await options.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-option'))));
    // summary question 1's right option is authored index 1 (lessons/14-summary.mdx)
    const wrongPos = authored.findIndex((i) => i !== 1);
    const rightPos = authored.indexOf(1);
    await options.nth(wrongPos).locator('input').check();
    await q.getByRole('button', { name: 'Check answer' }).click();
    await expect(q.locator('.feedback-wrong')).toContainText('is not right');
    // the right answer is not given away
    await expect(q.locator('.quiz-option.is-answer')).toHaveCount(0);
    await expect(q.locator('.feedback-wrong')).not.toContainText('every step shares one W');
    await expect(score).toContainText('Score: 0 / 8 (7 still to answer)');
    // now the right one: acknowledged, explained, not scored
    await options.nth(rightPos).locator('input').check();
    await q.getByRole('button', { name: 'Check again' }).click();
    await expect(q.locator('.feedback-correct')).toContainText('does not add to the score');
    await expect(score).toContainText('Score: 0 / 8');
    // a right first answer on question 2 scores
    const q2 = page.locator('.quiz-set .quiz-question').nth(1);
    const a2 = await q2.locator('.quiz-option').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-option'))));
    await q2.locator('.quiz-option').nth(a2.indexOf(1)).locator('input').check();
    await q2.getByRole('button', { name: 'Check answer' }).click();
    await expect(score).toContainText('Score: 1 / 8');
    // the arrangement survives a reload, and so does the score
    await page.reload();
    await expect(page.getByTestId('quiz-score')).toContainText('Score: 1 / 8');
    const after = await page.locator('.quiz-set .quiz-question').first().locator('.quiz-option').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-option'))));
    expect(after).toEqual(authored);
    // show the answer on request (question 3)
    const q3 = page.locator('.quiz-set .quiz-question').nth(2);
    const a3 = await q3.locator('.quiz-option').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-option'))));
    await q3.locator('.quiz-option').nth(a3.findIndex((i) => i !== 1)).locator('input').check();
    await q3.getByRole('button', { name: 'Check answer' }).click();
    await q3.getByRole('button', { name: 'Show the answer' }).click();
    await expect(q3.locator('.quiz-option.is-answer')).toHaveCount(1);
    await expect(q3.locator('.feedback-revealed')).toBeVisible();
    // retake: score from zero
    page.once('dialog', (d) => d.accept());
    await page.getByTestId('quiz-retake').click();
    await expect(page.getByTestId('quiz-score')).toContainText('Score: 0 / 8 (8 still to answer)');
    await expect(page.locator('.quiz-set .feedback-wrong, .quiz-set .feedback-correct')).toHaveCount(0);
    expect(consoleErrors).toEqual([]);
  });
});

test.describe('seeds', () => {
  test('a typed seed applies on Enter, on blur and on Re-initialise; a non-integer is an error naming the field', async ({ page, consoleErrors }) => {
    await page.setViewportSize({ width: 1366, height: 900 });
    await openSection(page, 'vanilla-cell');
    const sim = simIn(page, 'vanilla-cell');
    await sim.scrollIntoViewIfNeeded();
    let n = await ready(sim);
    const seed = sim.getByTestId('sim-seed');
    // typed + Re-initialise keeps the typed seed
    await seed.fill('42');
    await sim.getByTestId('sim-reinit').click();
    n = await ready(sim, n);
    await expect(seed).toHaveValue('42');
    const h42 = await sim.getByTestId('h-values').first().textContent();
    // Re-initialise again (field not edited) draws a new seed
    await sim.getByTestId('sim-reinit').click();
    n = await ready(sim, n);
    await expect(seed).not.toHaveValue('42');
    // Enter applies
    await seed.fill('42');
    await seed.press('Enter');
    n = await ready(sim, n);
    await expect(sim.getByTestId('h-values').first()).toHaveText(h42 ?? '');
    // blur applies
    await seed.fill('7');
    await sim.getByTestId('sim-units').focus();
    n = await ready(sim, n);
    await expect(seed).toHaveValue('7');
    // not a whole number: an error naming the field; the seed in use stays
    await seed.fill('abc');
    await seed.press('Enter');
    await expect(sim.getByTestId('sim-seed-error')).toContainText('Random seed of the weights');
    await expect(sim.getByTestId('sim-seed-error')).toContainText('not a whole number');
    await expect(seed).toHaveAttribute('aria-invalid', 'true');
    expect(Number(await sim.getAttribute('data-results'))).toBe(n);
    await seed.fill('8');
    await seed.press('Enter');
    await expect(sim.getByTestId('sim-seed-error')).toHaveCount(0);
    await ready(sim, n);
    expect(consoleErrors).toEqual([]);
  });
});
