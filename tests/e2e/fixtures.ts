import { test as base, expect, type Browser, type Locator, type Page } from '@playwright/test';
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
