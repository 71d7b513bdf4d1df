import type { Page } from '@playwright/test';
import { test, expect, engineBackend, openSim, ready } from './fixtures';
import type {} from '../../src/store/testHooks';

/**
 * Issue 11, bounded WebGL programs: with tfjs' shape uniforms (src/engine/programs.ts) most of a
 * cell's programs take their shapes as uniforms, so a new (T, units) bucket compiles only the few
 * shape-keyed programs left, and the numbers are the CPU's to float32 precision.
 */

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    window.__UNROLLED_TEST_HOOKS__ = true;
  });
});

function maxDiff(a: number[][], b: number[][]): number {
  let m = 0;
  a.forEach((row, i) => row.forEach((v, j) => (m = Math.max(m, Math.abs(v - b[i][j])))));
  return m;
}

/**
 * Programs compiled by a change from one new bucket (T 12, 8 units) to another (T 24, 16 units),
 * both computed after the switch: with uniforms the second reuses the first's shape-free programs.
 */
async function compiledByNewBucket(page: Page, uniforms: boolean) {
  // a fresh document (a page without a simulator): a fresh worker with an empty program cache
  await page.goto('./#/welcome');
  await page.reload();
  const sim = await openSim(page, 'lstm', 'lstm');
  expect(await engineBackend(page)).toBe('webgl');
  await page.evaluate((u) => window.__unrolledSim!.engine.setShapeUniforms(u), uniforms);
  let n = Number(await sim.getAttribute('data-results'));
  await page.evaluate(() => window.__unrolledSim!.set('lstm', { steps: 11, units: 7 }));
  n = await ready(sim, n);
  const before = await page.evaluate(() => window.__unrolledSim!.engine.programStats());
  await page.evaluate(() => window.__unrolledSim!.set('lstm', { steps: 21, units: 13 }));
  await ready(sim, n);
  const after = await page.evaluate(() => window.__unrolledSim!.engine.programStats());
  return { compiled: after.compiled - before.compiled, sim };
}

test('shape uniforms: a new (T, units) bucket compiles far fewer programs, and the numbers equal a CPU recomputation', async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(180_000);
  const withUniforms = await compiledByNewBucket(page, true);
  const shown = (await page.evaluate(() => window.__unrolledSim!.trace('lstm')))!;
  expect(shown.backend).toBe('webgl');
  expect(shown.h.length).toBe(21);
  const spec = await page.evaluate(() => window.__unrolledSim!.spec('lstm'));
  const cpu = await page.evaluate((s) => window.__unrolledSim!.engine.simulateOn(s!, 'cpu'), spec);
  expect(cpu.backend).toBe('cpu');
  expect(maxDiff(shown.h, cpu.h)).toBeLessThan(1e-4);
  expect(maxDiff(shown.dCdh.flat(), cpu.dCdh.flat())).toBeLessThan(1e-4);
  expect(maxDiff(shown.grads.recurrentKernel, cpu.grads.recurrentKernel)).toBeLessThan(1e-3);

  // the same change with shape uniforms off
  const without = await compiledByNewBucket(page, false);
  expect(withUniforms.compiled).toBeGreaterThan(0);
  expect(withUniforms.compiled * 2).toBeLessThan(without.compiled);
  expect(consoleErrors).toEqual([]);
});
