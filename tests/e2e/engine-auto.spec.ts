import type { Page } from '@playwright/test';
import { test, expect, openSection, simIn, ready, enableTestHooks } from './fixtures';
import type {} from '../../src/store/testHooks';

/**
 * Issue 11, first trace under auto: the worker's renderer probe (a WebGL context on a thread of its
 * own, ~0.3 s on SwiftShader) does not hold up the first trace. Until it answers, auto computes on
 * the CPU and the badge says so; its answer decides from then on (src/engine/backend.ts). The test
 * hooks hold the probe's answer (window.__UNROLLED_HOLD_PROBE__) until the test releases it, with
 * the probe's own answer or a renderer name standing in for it.
 */

test.use({ enginePref: 'auto' });

test.beforeEach(async ({ page }) => {
  await enableTestHooks(page);
  await page.addInitScript(() => {
    (window as { __UNROLLED_HOLD_PROBE__?: boolean }).__UNROLLED_HOLD_PROBE__ = true;
  });
});

const INTERIM = 'Auto: CPU (plain JS) while WebGL is checked';
const SOFTWARE = 'Auto: CPU (plain JS), WebGL here is a software renderer';

const workerMarks = async (page: Page) => (await page.evaluate(() => window.__unrolledSim!.engine.marks())).worker;

async function openHeld(page: Page, slug: string) {
  await openSection(page, slug);
  const sim = simIn(page, slug);
  await ready(sim);
  await page.waitForFunction(() => !!window.__unrolledSim);
  return sim;
}

test('the first trace is computed on the CPU before the probe answers, and says so; the probe’s software answer then gives auto’s reason without a recompute', async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(120_000);
  const sim = await openHeld(page, 'bptt');
  const badge = page.getByTestId('backend-badge');
  // answered while the probe is still held: on the CPU, with the interim reason
  let marks = await workerMarks(page);
  expect(marks['probe-answer']).toBeUndefined();
  expect(marks['interim-cpu']).toBeGreaterThan(0);
  expect(marks['first-reply']).toBeGreaterThan(0);
  await expect(badge).toHaveAttribute('data-backend', 'cpu');
  await expect(badge).toHaveAttribute('data-auto-reason', INTERIM);
  await expect(badge.locator('.backend-badge-why')).toHaveText(` · ${INTERIM}`);
  await expect(sim.getByTestId('sim-status')).toHaveAttribute('data-backend', 'cpu');
  // in a few words on the simulator's status line (one line: nothing moves when the reason arrives), the sentence in its title
  await expect(sim.getByTestId('sim-status')).toContainText('Computed on CPU · plain JS (auto: while WebGL is checked)');
  await expect(sim.getByTestId('sim-status')).toHaveAttribute('title', /check of WebGL was still running/);
  const shown = (await page.evaluate(() => window.__unrolledSim!.trace('bptt')))!;
  expect(shown.backend).toBe('cpu');
  const n = Number(await sim.getAttribute('data-results'));

  // the probe answers (its own answer: SwiftShader here): the badge gives auto's reason at once, nothing is recomputed
  expect(await page.evaluate(() => window.__unrolledSim!.engine.releaseProbe(null))).toBe(true);
  await expect(badge).toHaveAttribute('data-auto-reason', SOFTWARE);
  await expect(badge).toHaveAttribute('title', /software one \(.*SwiftShader.*\)/i);
  await expect(sim.getByTestId('sim-status')).toContainText('Computed on CPU · plain JS (auto: WebGL here is a software renderer)');
  await expect(sim.getByTestId('sim-status')).toHaveAttribute('title', /software one \(.*SwiftShader.*\)/i);
  expect(Number(await sim.getAttribute('data-results'))).toBe(n);
  marks = await workerMarks(page);
  expect(marks['probe-answer']).toBeGreaterThan(marks['first-reply']);

  // the next change: still the CPU, for the probe's reason, and tfjs' WebGL backend was never loaded
  await page.evaluate(() => window.__unrolledSim!.set('bptt', { seed: 4343 }));
  await ready(sim, n);
  await expect(sim.getByTestId('sim-status')).toHaveAttribute('data-backend', 'cpu');
  await expect(badge).toHaveAttribute('data-auto-reason', SOFTWARE);
  expect((await workerMarks(page))['webgl-load']).toBeUndefined();
  // the numbers are the CPU backend's
  const spec = await page.evaluate(() => window.__unrolledSim!.spec('bptt'));
  const cpu = await page.evaluate((s) => window.__unrolledSim!.engine.simulateOn(s!, 'cpu'), spec);
  expect((await page.evaluate(() => window.__unrolledSim!.trace('bptt')))!.h).toEqual(cpu.h);
  expect(await page.evaluate(() => window.__unrolledSim!.numTensors())).toBe(0);
  expect(consoleErrors).toEqual([]);
});

test('a hardware renderer’s answer: the badge keeps what computed the trace on screen, and the next change tries WebGL', async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(120_000);
  const sim = await openHeld(page, 'lstm');
  const badge = page.getByTestId('backend-badge');
  await expect(badge).toHaveAttribute('data-auto-reason', INTERIM);
  const n = Number(await sim.getAttribute('data-results'));
  expect(
    await page.evaluate(() => window.__unrolledSim!.engine.releaseProbe('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0)')),
  ).toBe(true);
  await expect.poll(async () => (await workerMarks(page))['probe-answer'] ?? 0).toBeGreaterThan(0);
  // no new pick is claimed for the trace on screen (it was computed on the CPU while the check ran)
  await page.waitForTimeout(300);
  await expect(badge).toHaveAttribute('data-auto-reason', INTERIM);
  expect((await workerMarks(page))['webgl-load']).toBeUndefined();
  // the next change follows the probe: auto loads tfjs' WebGL backend; its own context then shows SwiftShader, so the CPU computes, saying why
  await page.evaluate(() => window.__unrolledSim!.set('lstm', { seed: 4344 }));
  await ready(sim, n);
  expect((await workerMarks(page))['webgl-load']).toBeGreaterThan(0);
  await expect(badge).toHaveAttribute('data-auto-reason', SOFTWARE);
  await expect(sim.getByTestId('sim-status')).toHaveAttribute('data-backend', 'cpu');
  expect(consoleErrors).toEqual([]);
});
