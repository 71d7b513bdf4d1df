import type { BrowserContext, Locator, Page } from '@playwright/test';
import { test, expect, simIn, ready, axeScan, WCAG_TAGS } from './fixtures';
import { overlappingLegendText, overlappingSvgText, paintedText } from './painted';
// declares window.__UNROLLED_TEST_HOOKS__ and window.__unrolledSim
import type {} from '../../src/store/testHooks';

/**
 * Presenting a simulator (issue 10, items 2 and 4): the audience window (#/present/…) and the
 * presenter window (#/notes/…) as two pages of one browser context. Every simulator change made in
 * one shows in the other, with the trace the first one computed: the receiving page asks its engine
 * for nothing (window.__unrolledSim.requests(), src/views/sim/testHooks.ts).
 */

const hooks = (ctx: BrowserContext) =>
  ctx.addInitScript(() => {
    window.__UNROLLED_TEST_HOOKS__ = true;
  });

const requests = (p: Page) => p.evaluate(() => window.__unrolledSim!.requests());
const settingsOf = (p: Page, id: string) => p.evaluate((i) => window.__unrolledSim!.settings(i) as Record<string, unknown>, id);
const traceH = (p: Page, id: string) => p.evaluate((i) => window.__unrolledSim!.trace(i)?.h ?? null, id);
const syncStats = (p: Page) => p.evaluate(() => window.__unrolledSim!.sync());

/** Opens `#/<mode>/<slug>` at the slide that holds its simulator (the deck's slides: the one with a [data-simulator]). */
async function openAt(p: Page, hash: string, preset: string): Promise<Locator> {
  await p.goto(`./${hash}`);
  await expect(p.locator('[data-simulator]').first()).toBeAttached();
  const n = await p.evaluate(() => {
    const s = document.querySelector('[data-simulator]')?.closest<HTMLElement>('section.slide');
    return s ? Number(s.dataset.slide) : -1;
  });
  if (n > 0) await p.goto(`./${hash}/${n + 1}`);
  const sim = simIn(p, preset);
  await ready(sim);
  return sim;
}

/** A change made on `from` shows on `to`, which made no engine request for it. */
async function expectMirrored(from: Page, fromSim: Locator, to: Page, toSim: Locator, id: string) {
  // a step
  const before = Number(await toSim.getAttribute('data-step'));
  const reqTo = await requests(to);
  const forward = fromSim.getByTestId('sim-step-forward');
  const back = fromSim.getByTestId('sim-step-back');
  if (await back.isEnabled()) await back.click();
  else await forward.click();
  const step = Number(await fromSim.getAttribute('data-step'));
  expect(step).not.toBe(before);
  await expect(toSim).toHaveAttribute('data-step', String(step));

  // a phase change
  const phase = (await fromSim.getAttribute('data-phase')) === 'forward' ? 'backward' : 'forward';
  await fromSim.getByRole('radio', { name: phase === 'forward' ? /^Forward/ : /^Backward/ }).check();
  await expect(fromSim).toHaveAttribute('data-phase', phase);
  await expect(toSim).toHaveAttribute('data-phase', phase);

  // a settings change: a new trace, computed once (on `from`), shown on both
  const units = Number((await settingsOf(from, id)).units) === 5 ? 3 : 5;
  const reqFrom = await requests(from);
  const shownTo = Number(await toSim.getAttribute('data-results'));
  const shownFrom = Number(await fromSim.getAttribute('data-results'));
  await from.evaluate(([i, u]) => window.__unrolledSim!.set(i as string, { units: u }), [id, units] as const);
  await ready(fromSim, shownFrom);
  await ready(toSim, shownTo);
  expect((await settingsOf(to, id)).units).toBe(units);
  expect(await requests(from)).toBeGreaterThan(reqFrom);
  expect(await requests(to), 'the receiving window computed nothing').toBe(reqTo);
  const h = await traceH(to, id);
  expect(h?.[0]).toHaveLength(units);
  expect(h).toEqual(await traceH(from, id));
}

// The sync does not depend on the backend; the CPU one is quicker than software WebGL on this machine.
test.use({ enginePref: 'cpu' });

test.describe('presenter ↔ audience simulator sync', () => {
  test('steps, phases and settings mirror both ways without recomputing; closing either window leaves the other working', async ({
    page,
    context,
    consoleErrors,
  }) => {
    test.setTimeout(240_000);
    await hooks(context);
    await page.setViewportSize({ width: 1280, height: 720 });
    const audience = await openAt(page, '#/present/bptt/3', 'bptt');
    const presenterPage = await context.newPage();
    const presenter = await openAt(presenterPage, '#/notes/bptt/3', 'bptt');

    await expectMirrored(page, audience, presenterPage, presenter, 'bptt');
    await expectMirrored(presenterPage, presenter, page, audience, 'bptt');

    // playback: the window that plays ticks, the other follows without ticking twice
    await presenter.getByTestId('sim-step-back').click();
    await presenter.getByTestId('sim-play').click();
    await expect(audience).toHaveAttribute('data-playing', 'true');
    await expect.poll(async () => Number(await audience.getAttribute('data-step')), { timeout: 20_000 }).toBeGreaterThan(1);
    await presenter.getByTestId('sim-play').click();
    await expect(audience).toHaveAttribute('data-playing', 'false');
    await expect(audience).toHaveAttribute('data-step', (await presenter.getAttribute('data-step'))!);

    // no echo: once quiet, nobody keeps sending
    const quiet = async () => [(await syncStats(page)).sent, (await syncStats(presenterPage)).sent];
    await page.waitForTimeout(300);
    const s0 = await quiet();
    await page.waitForTimeout(600);
    expect(await quiet()).toEqual(s0);

    // messages of another version, malformed ones and junk are ignored, never thrown
    const settings0 = await settingsOf(page, 'bptt');
    const ignored0 = (await syncStats(page)).ignored;
    await presenterPage.evaluate(() => {
      const ch = new BroadcastChannel('unrolled');
      const inst = { preset: 'bptt', settings: { units: 9 }, playback: { step: 0 } };
      ch.postMessage({
        app: 'unrolled-sim',
        v: 2,
        from: 'future',
        kind: 'state',
        id: 'bptt',
        clock: { n: 999, from: 'future' },
        inst,
        trained: null,
      });
      ch.postMessage({ app: 'unrolled-sim', v: 1, from: 'x', kind: 'state', id: 'bptt', clock: 'soon', inst });
      ch.postMessage({ app: 'unrolled-sim', v: 1, from: 'x', kind: 'trace', id: 'bptt', key: 'k', result: { trace: 42 } });
      ch.postMessage('hello');
      ch.postMessage(null);
      ch.close();
    });
    await expect.poll(async () => (await syncStats(page)).ignored).toBeGreaterThanOrEqual(ignored0 + 5);
    expect(await settingsOf(page, 'bptt')).toEqual(settings0);

    // a second audience window joins with the same state and takes part
    const second = await context.newPage();
    const audience2 = await openAt(second, '#/present/bptt/3', 'bptt');
    await expect.poll(() => settingsOf(second, 'bptt')).toEqual(settings0);
    await expectMirrored(second, audience2, presenterPage, presenter, 'bptt');
    await expect(audience).toHaveAttribute('data-step', (await audience2.getAttribute('data-step'))!);
    await second.close();

    // closing the presenter window leaves the audience working on its own
    await presenterPage.close();
    const req = await requests(page);
    const shown = Number(await audience.getAttribute('data-results'));
    await audience.getByTestId('sim-step-forward').click();
    await page.evaluate(() => window.__unrolledSim!.set('bptt', { units: 4 }));
    await ready(audience, shown);
    expect(await requests(page)).toBeGreaterThan(req);
    expect(consoleErrors).toEqual([]);
  });

  test('without BroadcastChannel the storage event carries the same sync', async ({ page, context, consoleErrors }) => {
    test.setTimeout(180_000);
    await hooks(context);
    const noChannel = () => {
      // @ts-expect-error: a browser without BroadcastChannel
      delete window.BroadcastChannel;
    };
    await page.addInitScript(noChannel);
    const presenterPage = await context.newPage();
    await presenterPage.addInitScript(noChannel);
    const audience = await openAt(page, '#/present/vanilla-forward/3', 'vanilla-forward');
    const presenter = await openAt(presenterPage, '#/notes/vanilla-forward/3', 'vanilla-forward');
    expect(await page.evaluate(() => typeof BroadcastChannel)).toBe('undefined');
    await expectMirrored(presenterPage, presenter, page, audience, 'vanilla-forward');
    await expectMirrored(page, audience, presenterPage, presenter, 'vanilla-forward');
    await page.close();
    // the audience closed: the presenter window keeps working
    const shown = Number(await presenter.getAttribute('data-results'));
    await presenterPage.evaluate(() => window.__unrolledSim!.set('vanilla-forward', { units: 2 }));
    await ready(presenter, shown);
    expect(consoleErrors).toEqual([]);
  });
});

/** The simulator sections and their presets (issue 10 item 2: every simulator slide). */
const SIM_SLIDES = [
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

/** Opens the slide of `slug` that holds its simulator and waits for it to be drawn. */
async function openSimSlide(p: Page, slug: string, preset: string): Promise<Locator> {
  // the deck shows one slide at a time: find the slide of the section that holds the simulator
  await p.goto(`./#/present/${slug}`);
  const n = Number(await p.locator(`.slide:has([data-simulator="${preset}"])`).getAttribute('data-slide'));
  const sim = await openAt(p, `#/present/${slug}/${n + 1}`, preset);
  // nothing is fitted at run time: the hero draws at its design size once the trace is in and the fonts are
  await p.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));
  return sim;
}

interface SlideReport {
  fits: string[];
  smallControls: string[];
  truncated: string[];
}

/** Measures a simulator slide: fit and hit targets (its painted text sizes: ./painted.ts). */
function measureSlide(preset: string, min: number): Promise<SlideReport> {
  return (globalThis as unknown as { __page: Page }).__page.evaluate(
    ([id, minPx]) => {
      const slot = document.querySelector<HTMLElement>(`[data-simulator="${id}"]`)!;
      const stage = (slot.closest('.present-stage') ?? document.documentElement) as HTMLElement;
      const fits: string[] = [];
      const sr = stage.getBoundingClientRect();
      // the deck's slides: the stage never scrolls (a section without slides scrolls to its simulator)
      if (slot.closest('section.slide') && stage.scrollHeight > stage.clientHeight + 1)
        fits.push(`stage scrolls: ${stage.scrollHeight} > ${stage.clientHeight}`);
      slot.scrollIntoView({ block: 'end' });
      const visible = (el: Element) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
      };
      const boxes = [slot, ...slot.querySelectorAll<HTMLElement>('*')];
      for (const el of boxes) {
        // (KaTeX's stretchy braces are wide SVGs it clips itself)
        if (el.closest('[popover], .katex-mathml, .katex svg, .sr-only, defs, marker, clipPath') || !visible(el)) continue;
        const cs = getComputedStyle(el);
        const scrolls = /auto|scroll/.test(cs.overflowY + cs.overflowX) || el === slot;
        if (scrolls && (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1))
          fits.push(
            `${el.getAttribute('class') ?? el.tagName} scrolls: ${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight}`,
          );
        const r = el.getBoundingClientRect();
        if (el.closest('.sr-only')) continue;
        if (r.left < sr.left - 1 || r.right > sr.right + 1 || r.top < sr.top - 1 || r.bottom > sr.bottom + 1)
          fits.push(`${el.getAttribute('class') ?? el.tagName} outside the stage`);
      }
      const zoomOf = (el: Element) => {
        let z = 1;
        for (let e: Element | null = el; e; e = e.parentElement) z *= Number(getComputedStyle(e).zoom) || 1;
        return z;
      };
      // hit targets: buttons, sliders, selects, text fields, and the labels of radios
      const smallControls: string[] = [];
      for (const el of slot.querySelectorAll<HTMLElement>('button, input, select, textarea, [role="slider"]')) {
        if (el.closest('[popover], .sr-only') || !visible(el)) continue;
        const target = el.matches('input[type="radio"], input[type="checkbox"]') ? (el.closest('label') ?? el) : el;
        const r = target.getBoundingClientRect();
        const z = zoomOf(target);
        if (r.height < 44 * (minPx / 24) - 0.5 && r.height * (1 / z) < 44 - 0.5)
          smallControls.push(`${target.tagName} ${target.textContent?.trim().slice(0, 20) ?? ''} ${Math.round(r.width)}×${Math.round(r.height)}`);
        else if (r.width < 44 * (minPx / 24) - 0.5)
          smallControls.push(`${target.tagName} ${target.textContent?.trim().slice(0, 20) ?? ''} ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
      // legend titles and labels are never cut with an ellipsis (issue 29: the LSTM's showed 321 of 735 px)
      const truncated: string[] = [];
      for (const el of slot.querySelectorAll<HTMLElement>('.dv-legend-title, .uv-legend-label, .dv-legend')) {
        if (!visible(el)) continue;
        if (el.scrollWidth > el.clientWidth + 1 || getComputedStyle(el).textOverflow === 'ellipsis')
          truncated.push(`${el.className} “${el.textContent?.trim().slice(0, 40)}” ${el.scrollWidth} of ${el.clientWidth} px`);
      }
      return { fits, smallControls, truncated };
    },
    [preset, min] as const,
  );
}

test.describe('simulator slides', () => {
  test('every simulator slide fits its box, with legible text and usable controls, at 1920×1080 and 1280×720', async ({ page, consoleErrors }) => {
    test.setTimeout(420_000);
    await hooks(page.context());
    (globalThis as unknown as { __page: Page }).__page = page;
    const lines: string[] = [];
    for (const [w, h] of [
      [1920, 1080],
      [1280, 720],
    ]) {
      await page.setViewportSize({ width: w, height: h });
      const min = 24 * (w / 1920);
      for (const { slug, preset } of SIM_SLIDES)
        for (const phase of ['forward', 'backward'] as const) {
          await openSimSlide(page, slug, preset);
          const slot = `.slide-current [data-simulator="${preset}"]`;
          // the backward phase (the clicker's backward click): a cell slide swaps its hero for the BPTT view
          if (phase === 'backward') {
            await page.locator(`${slot} [data-testid="sim-phase-backward"]`).check();
            await expect(page.locator(`${slot} [data-testid="simulator"]`)).toHaveAttribute('data-phase', 'backward');
          }
          const measure = async () => ({
            ...(await measureSlide(preset, min)),
            text: await page.evaluate(paintedText, [slot, min] as const),
            // two labels drawn over each other (a 2 px touch is antialiasing, not a collision)
            overlaps: await page.evaluate(overlappingSvgText, [slot, 2] as const),
          });
          // nothing is fitted at run time, but the flow animation adds labels as it runs: measured until
          // the drawing fits, with legible text and no label over another (the last measure's failure is reported)
          let r = await measure();
          await expect(async () => {
            r = await measure();
            expect(r.fits, `${preset} (${phase}) at ${w}×${h}: fits its box`).toEqual([]);
            // every glyph (KaTeX's sub- and superscripts included), number and label: ≥ 24 px at 1920×1080, in proportion below
            expect(r.text.small, `${preset} (${phase}) at ${w}×${h}: text ≥ ${min} px`).toEqual([]);
            expect(r.overlaps, `${preset} (${phase}) at ${w}×${h}: no two SVG labels overlap`).toEqual([]);
          }).toPass({ timeout: 5_000 });
          const t = r.text;
          lines.push(
            `${w}×${h} ${preset} ${phase}: smallest painted text: KaTeX ${t.katex.toFixed(1)} px, SVG ${t.svg.toFixed(1)} px, HTML ${t.html.toFixed(1)} px; overlapping SVG labels ${r.overlaps.length}; fits: ${r.fits.length === 0}`,
          );
          if (w === 1920)
            expect(Math.min(t.katex, t.svg, t.html), `${preset} (${phase}): every text ≥ 24 px at 1920×1080`).toBeGreaterThanOrEqual(24);
          expect(r.smallControls, `${preset} (${phase}) at ${w}×${h}: hit targets`).toEqual([]);
          expect(r.truncated, `${preset} (${phase}) at ${w}×${h}: no legend cut short`).toEqual([]);
          expect(await page.evaluate(overlappingLegendText, slot), `${preset} (${phase}) at ${w}×${h}: no legend text over another`).toEqual([]);
          // the input connectivity (issue 24) is the lesson page's: no slide shows it, not even beside the BPTT view
          if ((await page.locator(`${slot} [data-testid="simulator"]`).getAttribute('data-hero')) === 'gradient')
            await expect(page.locator(`${slot} .dv-grad-view`)).toBeVisible();
          await expect(page.locator(`${slot} [data-testid="connectivity-view"]`)).toHaveCount(0);
        }
    }
    // the other themes change colours only; their fit is checked on two slides
    for (const theme of ['dark', 'contrast']) {
      await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
      for (const { slug, preset } of [SIM_SLIDES[5], SIM_SLIDES[4]]) {
        await openSimSlide(page, slug, preset);
        await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
        await page.waitForTimeout(200);
        const r = await measureSlide(preset, 16);
        expect(r.fits, `${preset} (${theme})`).toEqual([]);
      }
    }
    test.info().annotations.push({ type: 'simulator slides: smallest painted text', description: lines.join('\n') });
    console.log(lines.join('\n'));
    expect(consoleErrors).toEqual([]);
  });

  test('the settings popover: opened and closed by keyboard, never clipped, wide sliders; axe with it open', async ({ page, consoleErrors }) => {
    test.setTimeout(180_000);
    await hooks(page.context());
    await page.setViewportSize({ width: 1920, height: 1080 });
    const sim = await openSimSlide(page, 'vanishing-exploding', 'vanishing');
    const button = sim.getByTestId('sim-settings-button');
    const pop = sim.getByTestId('sim-settings-popover');
    await button.focus();
    await page.keyboard.press('Enter');
    await expect(pop).toBeVisible();
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    expect(await pop.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    // in the viewport, not clipped by the stage
    const box = (await pop.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(1080);
    expect(box.x + box.width).toBeLessThanOrEqual(1920);
    // the knob of the vanishing-gradient demo is a real slider now
    const ws = pop.getByTestId('sim-weight-scale');
    expect((await ws.boundingBox())!.width).toBeGreaterThanOrEqual(300);
    expect((await ws.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    // and it works from the popover: a new trace
    const shown = Number(await sim.getAttribute('data-results'));
    await ws.fill('1.5');
    await ready(sim, shown);
    expect(await page.evaluate(() => (window.__unrolledSim!.settings('vanishing') as { weightScale: number }).weightScale)).toBeGreaterThan(1);
    // text in the popover is slide-sized
    const smallest = await pop.evaluate((el) => {
      let m = Infinity;
      const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = w.nextNode(); n; n = w.nextNode()) {
        const p = n.parentElement;
        if (!n.textContent?.trim() || !p || p.closest('.sr-only, .katex') || p.getClientRects().length === 0) continue;
        m = Math.min(m, parseFloat(getComputedStyle(p).fontSize));
      }
      return m;
    });
    expect(smallest).toBeGreaterThanOrEqual(24);

    const results = await axeScan(page, { include: '[data-simulator="vanishing"]', tags: WCAG_TAGS });
    const bad = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.length}) e.g. ${v.nodes[0]?.target.join(' ')}`);
    expect(bad).toEqual([]);

    // Esc closes it (and stays in the simulator: the deck does not leave the slide), focus returns
    const url = page.url();
    await pop.getByTestId('sim-weight-scale').focus();
    await page.keyboard.press('Escape');
    await expect(pop).toBeHidden();
    await expect(button).toBeFocused();
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    expect(page.url()).toBe(url);
    // reopened, and Esc pressed with focus outside the popover: the popover closes, the deck stays on the slide
    await page.keyboard.press('Enter');
    await expect(pop).toBeVisible();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Escape');
    await expect(pop).toBeHidden();
    expect(page.url()).toBe(url);
    await expect(page.getByTestId('present-stage')).toBeVisible();
    expect(consoleErrors).toEqual([]);
  });
});
