import type { Page } from '@playwright/test';
import { test, expect, openSection } from './fixtures';
// declares window.__UNROLLED_TEST_HOOKS__ and window.__unrolledTrain
import type { TrainStatus } from '../../src/store/testHooks';

/**
 * The training lab on its slide (presentation mode, issue 12): at 1920×1080 every label, number
 * and control of the lab is painted at 24 px or more (a projector at the back of a lecture hall),
 * and the slide fits its stage without scrolling at 1920×1080 and 1280×720, the settings and the
 * gate strips included (they open in the top layer, never in the slide's flow).
 *
 * "Painted" size: an HTML element's computed font size × every CSS zoom above it × any transform
 * scale (its box against its layout size); SVG text: its computed font size (user units) × the
 * vertical scale of its screen CTM (the viewBox's scaling, transforms and zoom), cross-checked
 * against its bounding box.
 */

interface SlideReport {
  fits: string[];
  /** the stage's free height under the slide's content, px (negative: it scrolls) */
  slack: number;
  minText: number;
  small: string[];
  texts: number;
  svgTexts: number;
}

/** Measures the lab's slot (and an open popover of it) on the current slide. */
function measure(page: Page, minPx: number): Promise<SlideReport> {
  return page.evaluate((min) => {
    const slot = document.querySelector<HTMLElement>('.training-slot')!;
    const stage = slot.closest<HTMLElement>('.present-stage')!;
    const fits: string[] = [];
    if (stage.scrollHeight > stage.clientHeight + 1 || stage.scrollWidth > stage.clientWidth + 1)
      fits.push(`stage scrolls: ${stage.scrollWidth}×${stage.scrollHeight} in ${stage.clientWidth}×${stage.clientHeight}`);
    const sr = stage.getBoundingClientRect();
    let bottom = 0;
    for (const el of stage.querySelectorAll('*')) if (!el.closest('[popover]')) bottom = Math.max(bottom, el.getBoundingClientRect().bottom);
    const slack = Math.round(sr.bottom - bottom);
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none';
    };
    const inPopover = (el: Element) => !!el.closest('[popover]');
    for (const el of [slot, ...slot.querySelectorAll<HTMLElement>('*')]) {
      if (inPopover(el) || el.closest('.sr-only') || !visible(el)) continue;
      const cs = getComputedStyle(el);
      if (/auto|scroll/.test(cs.overflowY + cs.overflowX) && (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1))
        fits.push(`${el.className || el.tagName} scrolls`);
      const r = el.getBoundingClientRect();
      if (r.left < sr.left - 1 || r.right > sr.right + 1 || r.top < sr.top - 1 || r.bottom > sr.bottom + 1)
        fits.push(`${String(el.getAttribute('class') ?? el.tagName)} outside the stage (${Math.round(r.bottom)} > ${Math.round(sr.bottom)})`);
    }
    const zoomOf = (el: Element) => {
      let z = 1;
      for (let e: Element | null = el; e; e = e.parentElement) z *= Number(getComputedStyle(e).zoom) || 1;
      return z;
    };
    /** an HTML element's transform scale: its painted box against its layout box (offsetHeight is
     *  rounded to whole pixels: a box within half a pixel of it is not scaled) */
    const scaleOf = (el: HTMLElement) => {
      const h = el.getBoundingClientRect().height / zoomOf(el);
      return el.offsetHeight > 0 && Math.abs(h - el.offsetHeight) > 0.5 ? h / el.offsetHeight : 1;
    };
    const painted = (el: Element): number => {
      const fs = parseFloat(getComputedStyle(el).fontSize);
      if (el instanceof SVGGraphicsElement) {
        const m = el.getScreenCTM();
        return m ? fs * Math.hypot(m.c, m.d) : fs;
      }
      return fs * zoomOf(el) * scaleOf(el as HTMLElement);
    };
    let minText = Infinity;
    let texts = 0;
    let svgTexts = 0;
    const small: string[] = [];
    const roots = [slot, ...document.querySelectorAll<HTMLElement>('.training-slot [popover]:popover-open')];
    for (const root of roots) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || !/[^\s\u200b]/.test(n.textContent ?? '') || el.closest('.sr-only, title, desc, option') || !visible(el)) continue;
        if (root === slot && inPopover(el)) continue;
        let px = painted(el);
        if (el instanceof SVGTextContentElement || el.closest('text')) {
          svgTexts++;
          const t = (el.closest('text') ?? el) as SVGGraphicsElement;
          px = painted(t);
          // the glyphs' box is about 1.15× the font size: a CTM that lies would show here
          const h = t.getBoundingClientRect();
          const rot = Math.abs(t.getScreenCTM()?.b ?? 0) > 0.5;
          const boxPx = (rot ? h.width : h.height) / 1.15;
          if (boxPx < px * 0.8) px = boxPx;
        }
        texts++;
        minText = Math.min(minText, px);
        if (px < min - 0.1)
          small.push(`${px.toFixed(1)}px “${(n.textContent ?? '').trim().slice(0, 24)}” (${el.getAttribute('class') ?? el.tagName})`);
      }
      // controls: their own text (a select's value, an input's number) is not a text node
      for (const el of root.querySelectorAll<HTMLElement>('button, input, select, summary')) {
        if ((root === slot && inPopover(el)) || !visible(el) || el.matches('input[type="checkbox"], input[type="radio"]')) continue;
        const px = painted(el);
        minText = Math.min(minText, px);
        if (px < min - 0.1)
          small.push(`${px.toFixed(1)}px control ${el.tagName} ${el.getAttribute('data-field') ?? el.textContent?.trim().slice(0, 20)}`);
      }
    }
    return { fits, slack, minText, small: small.slice(0, 15), texts, svgTexts };
  }, minPx);
}

/** Waits until the slot (and an open popover) has no text under `min` px and nothing outside the stage. */
async function settled(page: Page, min: number) {
  await expect
    .poll(
      async () => {
        const m = await measure(page, min);
        return [...m.small, ...m.fits];
      },
      { timeout: 10_000 },
    )
    .toEqual([]);
}

/** The window at w × h, the canvas shown at its scale (app/canvas.ts) before anything is measured; returns the minimum text size there. */
async function showAt(page: Page, w: number, h: number): Promise<number> {
  await page.setViewportSize({ width: w, height: h });
  await expect(page.locator('.present-frame[data-scale]')).toHaveAttribute('data-scale', (w / 1920).toFixed(5));
  return 24 * (w / 1920);
}

async function openLabSlide(page: Page) {
  await openSection(page, 'training', 'present');
  const n = Number(await page.locator('.slide:has([data-testid="training-lab"])').getAttribute('data-slide'));
  await page.goto(`./#/present/training/${n + 1}`);
  await expect(page.getByTestId('training-lab')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
}

const status = (page: Page): Promise<TrainStatus> => page.evaluate(() => window.__unrolledTrain!.status());

test('the lab slide: every text and control ≥ 24 px at 1920×1080, no scrolling at 1920×1080 and 1280×720', async ({ page, consoleErrors }) => {
  test.setTimeout(240_000);
  void consoleErrors;
  await page.addInitScript(() => {
    window.__UNROLLED_TEST_HOOKS__ = true;
  });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openLabSlide(page);
  // train a little so the charts carry data, ticks, a probe and the gate strips
  await page.evaluate(() => window.__unrolledTrain!.start({ stepBudget: 60 }));
  await expect.poll(async () => (await status(page)).status, { timeout: 120_000, intervals: [1000] }).toBe('finished');
  await expect(page.getByTestId('tl-grad-chart')).toHaveAttribute('data-step', '60');
  const lines: string[] = [];
  for (const [w, h] of [
    [1920, 1080],
    [1280, 720],
  ]) {
    const min = await showAt(page, w, h);
    // the chart text follows the drawing's scale a frame after a resize (a ResizeObserver), and the
    // slide's fit follows the grown chart a frame after that: both settle
    await settled(page, min);
    const r = await measure(page, min);
    lines.push(
      `${w}×${h}: smallest painted text ${r.minText.toFixed(1)} px over ${r.texts} texts (${r.svgTexts} in SVG); ${r.slack} px free under the slide`,
    );
    expect(r.fits, `${w}×${h}: the lab slide fits its stage`).toEqual([]);
    expect(r.svgTexts, 'chart tick labels measured').toBeGreaterThan(15);
    expect(r.small, `${w}×${h}: text under ${min} px`).toEqual([]);
    expect(r.minText).toBeGreaterThanOrEqual(min - 0.1);
    if (w === 1280) {
      // the slide is laid out on the fixed canvas and never re-fitted: a block that grows after
      // mounting (here the charts, by 3 em) is not shrunk away but shows as a slide that no longer
      // fits (the authoring error the deck's canvas test reports); back to its size, it fits again
      const charts = page.locator('.training-slot .tl-charts');
      await charts.evaluate((el: HTMLElement) => (el.style.paddingBottom = '3em'));
      await expect.poll(async () => (await measure(page, min)).fits.length).toBeGreaterThan(0);
      lines.push(`  a late-growing block: ${(await measure(page, min)).fits[0]} (reported, not re-fitted)`);
      await charts.evaluate((el: HTMLElement) => (el.style.paddingBottom = ''));
      await expect.poll(async () => (await measure(page, min)).fits).toEqual([]);
    }
    // the settings, the before/after chart and the gate strips open over the slide (top layer), at
    // the same sizes, and the slide still fits
    for (const id of ['tl-settings-button', 'tl-ba-button', 'tl-more-button']) {
      await page.getByTestId(id).click();
      const pop = page.locator('.training-slot [popover]:popover-open');
      await expect(pop).toBeVisible();
      if (id === 'tl-ba-button') {
        // each model after its first step and, never solved in 60 steps, at its last probe: both panels drawn
        const ba = pop.getByTestId('tl-grad-before-after');
        await expect(ba).toHaveAttribute('data-curves', '6');
        await expect(ba.locator('path.tl-line[data-phase="before"][data-step="1"]')).toHaveCount(3);
        await expect(ba.locator('path.tl-line[data-phase="after"][data-step="60"]')).toHaveCount(3);
        await expect(ba.locator('.tl-ba-panel[data-phase="after"] li[data-model="gru"]')).toHaveText('GRU: last step 60 (never solved)');
        // side by side at both sizes
        const [b, a] = await ba.locator('.tl-ba-panel > svg').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
        expect(Math.abs(b.top - a.top), `${w}×${h}: the panels side by side`).toBeLessThan(1);
        expect(a.left).toBeGreaterThan(b.right);
      }
      // the strips drawn on opening follow the drawing's scale a frame later too (a ResizeObserver)
      await settled(page, min);
      const open = await measure(page, min);
      lines.push(`  ${id} open: smallest ${open.minText.toFixed(1)} px over ${open.texts} texts`);
      expect(open.fits, `${w}×${h} with ${id} open`).toEqual([]);
      expect(open.small, `${w}×${h} with ${id} open: text under ${min} px`).toEqual([]);
      // the popover itself stays inside the viewport (it scrolls inside itself if it must)
      const box = (await pop.boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height).toBeLessThanOrEqual(h + 1);
      await page.keyboard.press('Escape');
      await expect(pop).toHaveCount(0);
      // Esc closed the popover, not the presentation
      await expect(page.getByTestId('training-lab')).toHaveClass(/tl-presenting/);
    }
  }
  // a kept race (the lab left its slide and came back): its notice still leaves the slide fitting
  await page.evaluate(() => (window.location.hash = '#/present/welcome'));
  await expect(page.locator('[data-lesson="welcome"]')).toBeVisible();
  await openSection(page, 'training', 'present');
  const n = Number(await page.locator('.slide:has([data-testid="training-lab"])').getAttribute('data-slide'));
  await page.goto(`./#/present/training/${n + 1}`);
  await expect(page.getByTestId('training-lab')).toHaveAttribute('data-kept', 'true', { timeout: 60_000 });
  await expect(page.getByTestId('tl-kept')).toContainText('kept at step 60');
  for (const [w, h] of [
    [1920, 1080],
    [1280, 720],
  ]) {
    const min = await showAt(page, w, h);
    await settled(page, min);
    const r = await measure(page, min);
    lines.push(`${w}×${h}, a kept race: ${r.slack} px free under the slide`);
    expect(r.fits, `${w}×${h}: the lab slide with a kept race fits its stage`).toEqual([]);
    expect(r.small, `${w}×${h}, kept race: text under ${min} px`).toEqual([]);
  }
  console.log(`[training-slide] ${lines.join('\n[training-slide] ')}`);
});
