/**
 * Behaviour the main-thread work (issue 11's budgets) must not change: the unrolled strip still
 * brings the current t into view as it steps (the scroll is now computed from the layout, in one
 * animation frame, instead of measured in a commit); playback still moves the equations' t and
 * their numbers (equations now come from a TeX cache, the coming steps typeset while idle); the
 * detail views, skipped off-screen (content-visibility), are in the page and are drawn when
 * scrolled to. No timing is asserted here: bench/budgets.mjs and bench/longtasks-trace.mjs measure.
 */
import type { Locator } from '@playwright/test';
import { expect, openSim, ready, test } from './fixtures';

/** The current column's box and the scroller's visible box, in viewport px. */
async function currentInView(sim: Locator) {
  return sim.getByTestId('uv-scroll').evaluate((sc) => {
    const cur = sc.querySelector('[data-testid="uv-current"]')!.getBoundingClientRect();
    const box = sc.getBoundingClientRect();
    const labels = sc.querySelector('[data-testid="uv-rowlabels"]')!.getBoundingClientRect();
    return { curL: cur.left, curR: cur.right, boxL: box.left, boxR: box.right, labelsR: labels.right, scrollLeft: sc.scrollLeft };
  });
}

test.describe('rendering mechanics', () => {
  test('the unrolled strip brings the current t into view when stepping, both ways, and back to 0 at t = 1', async ({ page, consoleErrors }) => {
    test.setTimeout(240_000); // ~50 steps, each waited for, on a loaded machine
    await page.setViewportSize({ width: 900, height: 800 });
    const sim = await openSim(page, 'unrolled', 'unrolled');
    const steps = sim.getByTestId('sim-steps');
    if ((await steps.inputValue()) !== '60') {
      const n = Number(await sim.getAttribute('data-results'));
      await steps.focus();
      await steps.press('End');
      await ready(sim, n);
    }
    await expect(sim.getByTestId('uv-overview')).toBeVisible();
    const scrubber = sim.getByTestId('sim-scrubber');
    await scrubber.focus();
    await scrubber.press('Home');
    await expect(sim.getByTestId('uv-current')).toHaveAttribute('data-step', '0');
    await expect.poll(() => sim.getByTestId('uv-scroll').evaluate((el) => el.scrollLeft)).toBe(0);
    // step right past the visible part: the strip follows, the current column stays whole in view, clear of the row labels
    for (let i = 1; i <= 30; i++) {
      await scrubber.press('ArrowRight');
      await expect(sim.getByTestId('uv-current')).toHaveAttribute('data-step', String(i));
      await expect
        .poll(
          async () => {
            const v = await currentInView(sim);
            return v.curL >= v.labelsR - 1 && v.curR <= v.boxR + 1;
          },
          { message: `t = ${i + 1} in view` },
        )
        .toBe(true);
    }
    expect((await currentInView(sim)).scrollLeft).toBeGreaterThan(0);
    // to the end and back step by step: it follows leftwards too
    await scrubber.press('End');
    await expect(sim.getByTestId('uv-current')).toHaveAttribute('data-step', '59');
    await expect.poll(async () => (await currentInView(sim)).curR <= (await currentInView(sim)).boxR + 1).toBe(true);
    const atEnd = (await currentInView(sim)).scrollLeft;
    for (let i = 58; i >= 40; i--) {
      await scrubber.press('ArrowLeft');
      await expect
        .poll(
          async () => {
            const v = await currentInView(sim);
            return v.curL >= v.labelsR - 1 && v.curR <= v.boxR + 1;
          },
          { message: `t = ${i + 1} in view` },
        )
        .toBe(true);
    }
    expect((await currentInView(sim)).scrollLeft).toBeLessThan(atEnd);
    // a sideways scroll by hand is followed by the overview; the next step brings t back
    // (the last step's keep-in-view frame may still be pending, and would scroll back to t once:
    // the hand scroll is repeated until the overview has followed it)
    await expect(async () => {
      await sim.getByTestId('uv-scroll').evaluate((el) => el.scrollTo({ left: 0 }));
      await expect(sim.getByTestId('uv-overview')).toContainText(/Showing t = 1–/, { timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    await scrubber.press('ArrowLeft');
    await expect
      .poll(async () => {
        const v = await currentInView(sim);
        return v.curL >= v.labelsR - 1 && v.curR <= v.boxR + 1;
      })
      .toBe(true);
    await expect(sim.getByTestId('uv-overview')).not.toContainText(/Showing t = 1–/);
    await scrubber.press('Home');
    await expect.poll(() => sim.getByTestId('uv-scroll').evaluate((el) => el.scrollLeft)).toBe(0);
    expect(consoleErrors).toEqual([]);
  });

  test('playback in the backward phase moves the equations to each t, with the numbers of that t', async ({ page, consoleErrors }) => {
    const sim = await openSim(page, 'bptt', 'bptt');
    await expect(sim).toHaveAttribute('data-phase', 'backward');
    const bptt = sim.locator('.dv-eq-group[data-group="bptt"]');
    // the note under the chain: "Here t = …", its TeX source in the MathML annotation
    const shownT = async () => Number(((await bptt.locator('.dv-eq-note annotation').first().textContent()) ?? '').match(/t = (\d+)/)?.[1]);
    const T = Number(await sim.getByTestId('sim-steps').inputValue());
    expect(await shownT()).toBe(T);
    // from t = 1, playing: the note's t and the chain's tagged factor follow the step
    await sim.getByTestId('sim-scrubber').focus();
    await sim.getByTestId('sim-scrubber').press('Home');
    await expect.poll(shownT).toBe(1);
    await sim.getByTestId('sim-play').click();
    const seen = new Set<number>();
    await expect
      .poll(
        async () => {
          const step = Number(await sim.getAttribute('data-step'));
          const t = await shownT();
          // the equations and the simulator agree whenever they are read together
          if (t === step + 1) seen.add(t);
          return seen.size;
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThanOrEqual(3);
    await expect(sim).toHaveAttribute('data-playing', 'false', { timeout: 30_000 });
    await expect.poll(shownT).toBe(T);
    // the factors of the chain name the loss step: ∂C_t/∂y_t is tagged with step t − 1 (0-based)
    await expect(bptt.locator('[data-term="dCdy"]').first()).toHaveAttribute('data-step', String(T - 1));
    // stepping back re-renders the chain for that t (from the cache on a second pass: same markup)
    const html = async () => bptt.innerHTML();
    const atEnd = await html();
    // the chain's typeset lines and its term buttons stay the same elements from one t to the next:
    // only their steps are rewritten (marked now, still marked after the step)
    const kept = [bptt.locator('.dv-eq-line').first(), sim.locator('.dv-term-btn[data-term="dCdy"]')];
    for (const el of kept) await el.evaluate((e) => ((e.firstElementChild as HTMLElement & { kept?: boolean }).kept = true));
    await sim.getByTestId('sim-step-back').click();
    await expect.poll(shownT).toBe(T - 1);
    await expect(bptt.locator('[data-term="dCdy"]').first()).toHaveAttribute('data-step', String(T - 2));
    await expect(sim.locator('.dv-term-btn[data-term="dCdy"]')).toHaveAttribute('data-step', String(T - 2));
    for (const el of kept) expect(await el.evaluate((e) => (e.firstElementChild as HTMLElement & { kept?: boolean }).kept)).toBe(true);
    await sim.getByTestId('sim-step-forward').click();
    await expect.poll(shownT).toBe(T);
    expect(await html()).toBe(atEnd);
    // pointing at the chain's factor lights it, tagged with the loss step it now names (the mouse
    // out of the way first: left over the equations, a scroll would move it onto them and point there)
    await page.mouse.move(0, 0);
    await sim.locator('.dv-term-btn[data-term="dCdy"]').focus();
    await expect(bptt.locator(`[data-term="dCdy"][data-step="${T - 1}"]`).first()).toHaveClass(/is-linked/);
    expect(consoleErrors).toEqual([]);
  });

  test('the detail views are in the page while skipped off-screen, and are drawn when scrolled to', async ({ page, consoleErrors }) => {
    const sim = await openSim(page, 'bptt', 'bptt');
    const details = sim.locator('.sim-details');
    await expect(details).toHaveCSS('content-visibility', 'auto');
    // in the DOM and the accessibility tree even when far off-screen
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect(sim.locator('.dv-grad-plot')).toBeAttached();
    await details.scrollIntoViewIfNeeded();
    await expect(sim.locator('.dv-grad-plot')).toBeVisible();
    // drawn once near the viewport (the browser decides at its next frame)
    const plot = sim.locator('.dv-grad-plot');
    await expect.poll(() => plot.evaluate((el) => el.checkVisibility({ contentVisibilityAuto: true }))).toBe(true);
    const box = (await plot.boundingBox())!;
    expect(box.width).toBeGreaterThan(100);
    expect(box.height).toBeGreaterThan(50);
    expect(consoleErrors).toEqual([]);
  });
});
