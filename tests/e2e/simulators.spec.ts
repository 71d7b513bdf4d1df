import type { Locator } from '@playwright/test';
import {
  test,
  expect,
  openSection,
  engineBackend,
  simIn,
  ready,
  enableTestHooks,
  openSim,
  expectConnectivity,
  axeScan,
  WCAG_TAGS,
} from './fixtures';
// declares window.__UNROLLED_TEST_HOOKS__ and window.__unrolledSim
import type {} from '../../src/store/testHooks';

/**
 * The live simulators, in the built app. A real WebGL trace in every simulator lesson and the
 * tensor-leak check run on WebGL (SwiftShader here); the rest, whose subject is not the backend,
 * run on the CPU (the plain-JS path), which each asserts through `ready()`'s trace.
 *
 * Test hook: every page here sets `window.__UNROLLED_TEST_HOOKS__ = true` before the app loads,
 * which makes the simulator install `window.__unrolledSim` (src/views/sim/testHooks.ts):
 * spec(id) gives the SimSpec behind the trace on screen, simulate(spec) runs an independent
 * simulate() through the app's engine loader, set(id, patch) changes settings through the store,
 * numTensors() reads tf.memory(). Simulator ids are preset names.
 */

const LESSONS: { slug: string; preset: string }[] = [
  { slug: 'vanilla-cell', preset: 'vanilla-cell' },
  { slug: 'vanilla-forward', preset: 'vanilla-forward' },
  { slug: 'unrolled', preset: 'unrolled' },
  { slug: 'bptt', preset: 'bptt' },
  { slug: 'vanishing-exploding', preset: 'vanishing' },
  { slug: 'lstm', preset: 'lstm' },
  { slug: 'gru', preset: 'gru' },
  { slug: 'comparison', preset: 'compare' },
  { slug: 'bidirectional', preset: 'bidirectional' },
];

test.beforeEach(({ page }) => enableTestHooks(page));

/** Accessible names of the focusable cells of the current column, e.g. "h_3 unit 2 = 0.412". */
async function currentLabels(sim: Locator): Promise<string[]> {
  return sim
    .locator('[data-testid="unrolled-view"] svg .uv-cell[tabindex="0"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
}

async function displayedNorms(sim: Locator): Promise<number[]> {
  const vals = await sim.locator('[data-testid="grad-norm"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-value') ?? ''));
  return vals.filter((v) => v !== '').map(Number);
}

const l2 = (v: number[]) => Math.sqrt(v.reduce((a, x) => a + x * x, 0));

test.use({ enginePref: 'cpu' });

test.describe('simulators', () => {
  test.describe('on WebGL', () => {
    test.use({ enginePref: 'webgl' });
    test('every simulator lesson: a real WebGL trace, stepping moves the highlight and the values, and the input connectivity is the engine’s', async ({
      page,
      consoleErrors,
    }) => {
      test.setTimeout(300_000);
      for (const { slug, preset } of LESSONS) {
        const sim = await openSim(page, slug, preset);
        expect(await engineBackend(page)).toBe('webgl');
        await expect(sim.getByTestId('sim-status')).toHaveAttribute('data-backend', 'webgl');
        await expect(sim.getByTestId('sim-status')).toContainText(/Computed on WebGL in [\d.]+ ms/);

        const current = sim.getByTestId('uv-current');
        const before = Number(await current.getAttribute('data-step'));
        const labelsBefore = await currentLabels(sim);
        expect(labelsBefore.length, slug).toBeGreaterThan(2);
        expect(
          labelsBefore.some((l) => /^→?h_\d+ unit 1 = /.test(l)),
          slug,
        ).toBe(true);
        const forward = sim.getByTestId('sim-step-forward');
        const atEnd = await forward.isDisabled();
        await (atEnd ? sim.getByTestId('sim-step-back') : forward).click();
        const after = before + (atEnd ? -1 : 1);
        await expect(current).toHaveAttribute('data-step', String(after));
        await expect(sim.getByTestId('sim-step-output')).toContainText(`${after + 1} of`);
        const labelsAfter = await currentLabels(sim);
        expect(labelsAfter, slug).not.toEqual(labelsBefore);
        expect(
          labelsAfter.filter((l) => !l.includes(`_${after + 1}`)),
          `${slug}: labels of another step`,
        ).toEqual([]);
        // backward: which inputs y_T uses (issue 24), as the engine computes it on the CPU, on every cell
        await sim.getByRole('radio', { name: 'Backward (BPTT)' }).check();
        await expect(sim).toHaveAttribute('data-phase', 'backward');
        await expectConnectivity(page, sim, preset);
      }
      expect(consoleErrors).toEqual([]);
    });
  });

  test('the backward view shows the gradient norms simulate() computes for that configuration', async ({ page, consoleErrors }) => {
    const sim = await openSim(page, 'bptt', 'bptt');
    await expect(sim).toHaveAttribute('data-phase', 'backward');
    for (const move of [null, 'back', 'back'] as const) {
      if (move) await sim.getByTestId('sim-step-back').click();
      const L = Number(await sim.getByTestId('uv-current').getAttribute('data-step'));
      const shown = await displayedNorms(sim);
      expect(shown).toHaveLength(L + 1);
      const expected = await page.evaluate(async (L) => {
        const hooks = window.__unrolledSim!;
        const tr = await hooks.simulate(hooks.spec('bptt')!);
        return tr.dCdh[L].slice(0, L + 1);
      }, L);
      const norms = expected.map(l2);
      for (let k = 0; k <= L; k++) expect(shown[k]).toBeCloseTo(norms[k], 5);
      // the detail view's log plot shows the same numbers
      const plot = JSON.parse((await sim.locator('.dv-grad-plot').getAttribute('data-norms')) ?? '[]') as number[];
      for (let k = 0; k <= L; k++) expect(plot[k]).toBeCloseTo(norms[k], 5);
      // and on the chain, the flow ends at h_1 (the last link revealed)
      await expect(sim.getByTestId('uv-flow')).toHaveAttribute('data-front', '0');
    }
    expect(consoleErrors).toEqual([]);
  });

  test('raising the weight scale of W_h makes ‖∂C_T/∂h_1‖ explode; lowering it makes it vanish', async ({ page, consoleErrors }) => {
    const sim = await openSim(page, 'vanishing-exploding', 'vanishing');
    const slider = sim.getByTestId('sim-weight-scale');
    const first = async () => (await displayedNorms(sim))[0];
    let n = Number(await sim.getAttribute('data-results'));
    const at1 = await first();
    await expect(sim.getByTestId('sim-sigma')).toHaveText('1.00');

    await slider.fill('3');
    n = await ready(sim, n);
    await expect(sim.getByTestId('sim-sigma')).toHaveText('3.00');
    const at3 = await first();
    expect(at3).toBeGreaterThan(at1 * 100);
    expect(at3).toBeGreaterThan(1);

    await slider.fill('0.5');
    await ready(sim, n);
    await expect(sim.getByTestId('sim-sigma')).toHaveText('0.50');
    const at05 = await first();
    expect(at05).toBeLessThan(at1 / 100);
    expect(at05).toBeLessThan(1e-3);

    // the displayed value is the engine's, for the same spec
    const check = await page.evaluate(async () => {
      const hooks = window.__unrolledSim!;
      const tr = await hooks.simulate(hooks.spec('vanishing')!);
      return tr.dCdh[tr.dCdh.length - 1][0];
    });
    expect(at05 / l2(check)).toBeCloseTo(1, 4);
    expect(consoleErrors).toEqual([]);
  });

  test('pointing at x_t or at h_{t−1} in the stacked vector of the equation lights that term in the diagrams', async ({ page, consoleErrors }) => {
    const sim = await openSim(page, 'vanilla-cell', 'vanilla-cell');
    await sim.getByTestId('sim-step-forward').click();
    await expect(sim).toHaveAttribute('data-step', '1');
    await ready(sim);
    const math = sim.locator('.dv-eq-math');
    const cell = sim.locator('.dv-cell-view');
    const unrolled = sim.locator('[data-testid="unrolled-view"]');
    // x_t: its cells at step 1 in the unrolled network and the x_t column inside the cell
    await math.locator('[data-term="x"]').first().hover();
    await expect(math.locator('[data-term="x"]').first()).toHaveClass(/is-linked/);
    await expect(cell.locator('.dv-vec[data-term="x"]')).toHaveClass(/is-linked/);
    await expect(unrolled.locator('rect.uv-cell[data-term="x"][data-step="1"]').first()).toHaveClass(/is-linked/);
    // h_{t−1}, the matrix's last row (KaTeX's depth strut used to cover it: the pointer never reached it)
    await page.mouse.move(0, 0);
    await expect(math.locator('.is-linked')).toHaveCount(0);
    const hprev = math.locator('[data-term="hprev"]').first();
    await hprev.hover();
    await expect(hprev).toHaveClass(/is-linked/);
    await expect(sim.locator('.dv-term-btn[data-term="hprev"]')).toHaveClass(/is-linked/);
    await expect(cell.locator('.dv-vec[data-term="hprev"]')).toHaveClass(/is-linked/);
    // h_{t−1} at step 1 is the h of step 0 in the unrolled network, and not x
    await expect(unrolled.locator('rect.uv-cell[data-term="h"][data-step="0"]').first()).toHaveClass(/is-linked/);
    await expect(cell.locator('.dv-vec[data-term="x"]')).not.toHaveClass(/is-linked/);
    // the keyboard reaches it through its term button
    await page.mouse.move(0, 0);
    await sim.locator('.dv-term-btn[data-term="hprev"]').focus();
    await expect(cell.locator('.dv-vec[data-term="hprev"]')).toHaveClass(/is-linked/);
    expect(consoleErrors).toEqual([]);
  });

  test('keyboard: focus the simulator, Space plays and pauses, ←/→ step, lesson keys stay out', async ({ page, consoleErrors }) => {
    const sim = await openSim(page, 'unrolled', 'unrolled');
    const url = page.url();
    await sim.focus();
    await expect(sim).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect(sim).toHaveAttribute('data-step', '1');
    await page.keyboard.press('ArrowRight');
    await expect(sim).toHaveAttribute('data-step', '2');
    await page.keyboard.press('ArrowLeft');
    await expect(sim).toHaveAttribute('data-step', '1');
    // the lesson did not change section (the link may carry the step by now: the part before '?')
    expect(page.url().split('?')[0]).toBe(url.split('?')[0]);
    await page.keyboard.press('Space');
    await expect(sim).toHaveAttribute('data-playing', 'true');
    await expect.poll(async () => Number(await sim.getAttribute('data-step'))).toBeGreaterThan(1);
    await page.keyboard.press('Space');
    await expect(sim).toHaveAttribute('data-playing', 'false');
    const stopped = await sim.getAttribute('data-step');
    await page.waitForTimeout(1200);
    await expect(sim).toHaveAttribute('data-step', stopped!);

    // focus on a value cell: stepping carries the focus to the same unit at the next step
    await sim.getByTestId('sim-step-back').click();
    const s0 = Number(await sim.getAttribute('data-step'));
    const cell = sim.locator(`[data-testid="unrolled-view"] rect[data-term="h"][data-unit="1"][data-step="${s0}"]`);
    await cell.focus();
    await expect(cell).toHaveAttribute('aria-label', new RegExp(`^h_${s0 + 1} unit 2 = `));
    await page.keyboard.press('ArrowRight');
    await expect(sim).toHaveAttribute('data-step', String(s0 + 1));
    const focused = page.locator(':focus');
    await expect(focused).toHaveAttribute('aria-label', new RegExp(`^h_${s0 + 2} unit 2 = `));
    // the value is shown in the tooltip too
    await expect(sim.locator('[data-testid="unrolled-view"] .dv-tooltip')).toHaveText(new RegExp(`^h_${s0 + 2} unit 2 = `));

    // keys typed into a field inside the simulator are the field's
    const typed = sim.getByTestId('sim-typed');
    await typed.focus();
    const stepBefore = await sim.getAttribute('data-step');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Space');
    await expect(sim).toHaveAttribute('data-step', stepBefore!);
    await expect(sim).toHaveAttribute('data-playing', 'false');
    // still the same section (the query after "?" is the simulator's state, which the URL follows)
    expect(page.url().split('?')[0]).toBe(url.split('?')[0]);
    expect(consoleErrors).toEqual([]);
  });

  test('reduced motion: steps change without tweening, and the setting is followed live', async ({ page, consoleErrors }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const sim = await openSim(page, 'bptt', 'bptt');
    await expect(sim).toHaveAttribute('data-reduced-motion', 'true');
    await expect(sim.getByTestId('unrolled-view')).toHaveClass(/uv-reduced/);
    // the whole backward flow is there at once
    await expect(sim.getByTestId('uv-flow')).toHaveAttribute('data-front', '0');
    const dur = await sim.getByTestId('uv-current').evaluate((el) => getComputedStyle(el).transitionDuration);
    // (app.css's global reduced-motion rule leaves 0.01 ms)
    expect(dur.split(',').every((d) => parseFloat(d) < 0.001)).toBe(true);
    await sim.getByTestId('sim-step-back').click();
    await expect(sim.getByTestId('uv-flow')).toHaveAttribute('data-front', '0');

    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await expect(sim).toHaveAttribute('data-reduced-motion', 'false');
    const durAfter = await sim.getByTestId('uv-current').evaluate((el) => getComputedStyle(el).transitionDuration);
    expect(parseFloat(durAfter)).toBeGreaterThan(0);
    expect(consoleErrors).toEqual([]);
  });

  test('a typed bad sequence shows a message and keeps the last good trace', async ({ page, consoleErrors }) => {
    const sim = await openSim(page, 'bidirectional', 'bidirectional');
    let n = Number(await sim.getAttribute('data-results'));
    const typed = sim.getByTestId('sim-typed');
    await typed.fill('0 0 0 1 0 0 0');
    await typed.press('Enter');
    n = await ready(sim, n);
    await expect(sim.getByTestId('sim-step-output')).toContainText('of 7');
    const table = () => sim.locator('[data-testid="h-values"]').allTextContents();
    const good = await table();
    expect(good).toHaveLength(7);

    await typed.fill('0, 0, abc, 1');
    await typed.press('Enter');
    const alert = sim.getByRole('alert');
    await expect(alert).toContainText('“abc” at position 3 is not a number.');
    await expect(typed).toHaveAttribute('aria-invalid', 'true');
    const describedBy = (await typed.getAttribute('aria-describedby')) ?? '';
    const errId = await sim.getByTestId('sim-typed-error').getAttribute('id');
    expect(describedBy.split(' ')).toContain(errId);
    await page.waitForTimeout(500);
    expect(await table()).toEqual(good);
    expect(Number(await sim.getAttribute('data-results'))).toBe(n);

    await typed.fill('1, 99');
    await sim.getByTestId('sim-typed-apply').click();
    await expect(alert).toContainText('“99” at position 2 is outside −10 … 10');
    await typed.fill('');
    await typed.press('Enter');
    await expect(alert).toContainText('empty');
    expect(await table()).toEqual(good);

    // a good one clears the message and recomputes
    await typed.fill('1, 0, 0, 0, 0');
    await typed.press('Enter');
    await ready(sim, n);
    await expect(sim.getByTestId('sim-typed-error')).toHaveCount(0);
    await expect(sim.getByTestId('sim-step-output')).toContainText('of 5');
    expect(consoleErrors).toEqual([]);
  });

  test.describe('on WebGL', () => {
    test.use({ enginePref: 'webgl' });
    test('no tensor growth: tf.memory().numTensors is flat after 200 parameter changes', async ({ page, consoleErrors }) => {
      test.setTimeout(240_000);
      const sim = await openSim(page, 'vanilla-cell', 'vanilla-cell');
      const run = (count: number, from: number) =>
        page.evaluate(
          async ({ count, from }) => {
            const hooks = window.__unrolledSim!;
            const el = document.querySelector('[data-simulator="vanilla-cell"] [data-testid="simulator"]') as HTMLElement;
            const results = () => Number(el.dataset.results);
            const kinds = [
              (i: number) => ({ seed: i }),
              (i: number) => ({ weightScale: (i % 30) / 10 }),
              // shapes alternate among a few sizes: every new (T, units) compiles WebGL shaders (~2 s on SwiftShader)
              (i: number) => ({ units: 3 + (i % 2) }),
              (i: number) => ({ steps: 6 + (i % 3) }),
              (i: number) => ({ inputPreset: ['sine', 'impulse', 'step', 'random'][i % 4] }),
            ];
            let changes = 0;
            for (let i = from; changes < count; i++) {
              const before = results();
              const was = JSON.stringify(hooks.settings('vanilla-cell'));
              hooks.set('vanilla-cell', kinds[i % kinds.length](i));
              if (JSON.stringify(hooks.settings('vanilla-cell')) === was) continue; // not a change: nothing to compute
              changes++;
              const t0 = performance.now();
              while (results() === before || el.dataset.state !== 'ready') {
                if (performance.now() - t0 > 20_000) throw new Error(`change ${i} was never computed`);
                await new Promise((r) => setTimeout(r, 5));
              }
            }
            return hooks.numTensors();
          },
          { count, from },
        );
      const start = await run(15, 0); // warm-up: every kind of change and every shape once
      const end = await run(200, 1000);
      expect(end).toBe(start);
      await expect(sim).toHaveAttribute('data-state', 'ready');
      expect(consoleErrors).toEqual([]);
    });
  });

  test('presentation mode and phone width', async ({ page, consoleErrors }) => {
    await page.setViewportSize({ width: 1600, height: 900 });
    await openSection(page, 'lstm', 'present');
    const sim = simIn(page, 'lstm');
    await ready(sim);
    await expect(sim).toHaveClass(/sim-presenting/);

    await page.setViewportSize({ width: 390, height: 844 });
    await openSection(page, 'vanilla-forward');
    const phone = simIn(page, 'vanilla-forward');
    await ready(phone);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await expect(phone.getByTestId('sim-play')).toBeVisible();
    expect(consoleErrors).toEqual([]);
  });

  for (const theme of ['light', 'dark', 'contrast'] as const) {
    test(`axe: simulator pages have no serious or critical WCAG 2.2 A/AA violation (${theme})`, async ({ page }) => {
      test.setTimeout(300_000);
      await page.goto('./');
      await page.evaluate(
        (t) => localStorage.setItem('unrolled:prefs', JSON.stringify({ state: { theme: t, showNotes: false }, version: 1 })),
        theme,
      );
      const lessons = theme === 'light' ? LESSONS : LESSONS.filter((l) => ['vanishing-exploding', 'lstm', 'bidirectional'].includes(l.slug));
      for (const { slug, preset } of lessons) {
        await page.goto(`./#/${slug}`);
        await page.reload();
        const sim = simIn(page, preset);
        await ready(sim);
        // the values table open, and the backward phase on, so every part is checked
        await sim.locator('.uv-table summary').click();
        await sim.getByRole('radio', { name: 'Backward (BPTT)' }).check();
        await expect(sim).toHaveAttribute('data-phase', 'backward');
        // the structure once, in the light theme; the dark and projector themes change colours only
        const include = `[data-simulator="${preset}"]`;
        const results = await axeScan(
          page,
          theme === 'light' ? { include, tags: WCAG_TAGS } : { include, rules: ['color-contrast', 'link-in-text-block'] },
        );
        if (theme !== 'light')
          expect(results.passes.some((r) => r.id === 'color-contrast') || results.violations.some((r) => r.id === 'color-contrast')).toBe(true);
        const bad = results.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.help} (${v.nodes.length}) e.g. ${v.nodes[0]?.target.join(' ')}`);
        expect(bad, `${slug} (${theme})`).toEqual([]);
      }
    });
  }
});
