import { test, expect, openSection, engineBackend, simIn, ready, enableTestHooks } from './fixtures';
import type {} from '../../src/store/testHooks';

/**
 * Issue 11, first trace ≤ 500 ms after idle: the engine starts where a simulator is on the page or
 * about to be (src/app/engineWarmup.ts), and the trace of the simulator's first settings is
 * computed ahead of its request and handed to it (src/store/engineClient.ts warmUpEngine). Timings
 * are the benchmark's (bench/budgets.mjs --only=first); these tests check the order of events.
 */

test.beforeEach(({ page }) => enableTestHooks(page));

const workerScripts = (page: import('@playwright/test').Page) =>
  page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => e.name.split('/').pop()!)
      .filter((n) => /^worker-[\w-]+\.js$/.test(n)),
  );

test('the route starts the engine before the simulator asks, and its first trace is the warm-up’s, equal to a fresh computation', async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(120_000);
  await openSection(page, 'bptt');
  const sim = simIn(page, 'bptt');
  await ready(sim);
  expect(await engineBackend(page)).toBe('webgl');
  await page.waitForFunction(() => !!window.__unrolledSim);
  const { page: marks, worker } = await page.evaluate(() => window.__unrolledSim!.engine.marks());
  // the worker was started (and the warm-up sent) before the simulator asked for its first trace
  expect(marks['engine-start']).toBeLessThan(marks['first-request']);
  expect(marks['warm-sent']).toBeLessThan(marks['first-request']);
  expect(worker.ready).toBeGreaterThan(0);
  expect(await page.evaluate(() => window.__unrolledSim!.engine.prefetch())).toEqual({ sent: 1, answered: 1, used: 1 });
  // what is on screen is what simulate gives for the simulator's spec now
  const shown = (await page.evaluate(() => window.__unrolledSim!.trace('bptt')))!;
  const spec = await page.evaluate(() => window.__unrolledSim!.spec('bptt'));
  const fresh = await page.evaluate((s) => window.__unrolledSim!.simulate(s!), spec);
  expect(fresh.backend).toBe('webgl');
  expect(shown.h).toEqual(fresh.h);
  expect(shown.dCdh).toEqual(fresh.dCdh);
  // a change is computed afresh (the warm-up is used once)
  const n = Number(await sim.getAttribute('data-results'));
  await page.evaluate(() => window.__unrolledSim!.set('bptt', { seed: 4242 }));
  await ready(sim, n);
  expect(await page.evaluate(() => window.__unrolledSim!.engine.prefetch())).toEqual({ sent: 1, answered: 1, used: 1 });
  expect((await page.evaluate(() => window.__unrolledSim!.trace('bptt')))!.h).not.toEqual(shown.h);
  expect(consoleErrors).toEqual([]);
});

test('hovering a link to a section with a simulator starts the engine there; a page without one stays without it', async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(120_000);
  await openSection(page, 'introduction');
  const badge = page.getByTestId('backend-badge');
  await page.waitForTimeout(500);
  await expect(badge).toHaveText(/Engine: idle/);
  expect(await workerScripts(page)).toEqual([]);
  // a link to a section without a simulator: still nothing
  await page.locator('a[href="#/types-of-rnn"]').first().hover();
  await page.waitForTimeout(300);
  await expect(badge).toHaveText(/Engine: idle/);
  expect(await workerScripts(page)).toEqual([]);
  // a link to the vanilla cell's section: the engine starts and computes its first trace, still on this page
  await page.locator('a[href="#/vanilla-cell"]').first().hover();
  expect(await engineBackend(page)).toBe('webgl');
  expect((await workerScripts(page)).length).toBe(1);
  await expect(page.locator('[data-lesson="introduction"]')).toBeVisible();
  // going there: the simulator's first trace is the one computed on hover
  await page.locator('a[href="#/vanilla-cell"]').first().click();
  await ready(simIn(page, 'vanilla-cell'));
  await page.waitForFunction(() => !!window.__unrolledSim);
  expect(await page.evaluate(() => window.__unrolledSim!.engine.prefetch())).toEqual({ sent: 1, answered: 1, used: 1 });
  expect(consoleErrors).toEqual([]);
});

test('a trace computed ahead before WebGL was lost is not shown as current: the simulator recomputes it on the CPU, with the notice', async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(120_000);
  await openSection(page, 'bptt');
  const bptt = simIn(page, 'bptt');
  const n = await ready(bptt);
  expect(await engineBackend(page)).toBe('webgl');
  await page.waitForFunction(() => !!window.__unrolledSim);
  // pointing at the vanilla cell's section computes its first trace ahead, on WebGL
  await page.locator('a[href="#/vanilla-cell"]').first().hover();
  await expect.poll(() => page.evaluate(() => window.__unrolledSim!.engine.prefetch().answered)).toBe(2);
  // then WebGL is lost, and the page learns it with its next trace (the CPU's, with the notice)
  expect(await page.evaluate(() => window.__unrolledSim!.engine.loseContext())).toBe(true);
  await page.evaluate(() => window.__unrolledSim!.set('bptt', { seed: 777 }));
  await ready(bptt, n);
  await expect(page.getByTestId('backend-badge')).toHaveAttribute('data-notice', /WebGL was lost/);
  // going there: the trace computed ahead (on WebGL, before the loss) would say WebGL under the
  // CPU's notice; it is computed again on the CPU, and the screen says so
  await page.mouse.move(0, 0);
  await page.locator('a[href="#/vanilla-cell"]').first().click();
  const cell = simIn(page, 'vanilla-cell');
  await ready(cell);
  await expect(cell.getByTestId('sim-status')).toHaveAttribute('data-backend', 'cpu');
  await expect(cell.getByTestId('sim-notice')).toContainText('WebGL was lost; computing on the CPU');
  expect((await page.evaluate(() => window.__unrolledSim!.trace('vanilla-cell')))!.backend).toBe('cpu');
  expect(await page.evaluate(() => window.__unrolledSim!.engine.prefetch())).toEqual({ sent: 2, answered: 2, used: 2 });
  expect(await page.evaluate(() => window.__unrolledSim!.engine.restoreContext())).toBe(true);
  expect(consoleErrors).toEqual([]);
});
