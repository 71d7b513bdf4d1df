import type { Page } from '@playwright/test';
import { test, expect, ready } from './fixtures';
import { overlappingLegendText, overlappingSvgText, paintedText } from './painted';

/**
 * The cell diagrams on their slides (issue 29, item 7): the LSTM, GRU and bidirectional slides at
 * 1920×1080, in the light, dark and projector themes, with the widest numbers on screen (the last
 * step). On one page: each slide is opened once, found by the simulator it holds, and the theme is
 * switched with the deck's own T key (the theme preference; the slides are hash routes of one page load). Measured on the painted page: no label
 * over another, every number inside its cell and every operator's text inside its node, no text
 * under 24 px, the drawing using at least half its box, and the legends' labels neither over each
 * other nor cut short.
 */

const SLIDES = [
  { slug: 'lstm', preset: 'lstm' },
  { slug: 'gru', preset: 'gru' },
  { slug: 'bidirectional', preset: 'bidirectional' },
];
const THEMES = ['light', 'dark', 'contrast'];
const MIN_PX = 24;

interface CellReport {
  /** numbers past their cell, operator and badge texts past their shape, px */
  outside: string[];
  /** legend labels cut short (scrollWidth > clientWidth, or an ellipsis) */
  legendCut: string[];
  /** the drawing's painted area over its box's (the hero) */
  area: number;
  /** how many numbers the diagram paints */
  numbers: number;
}

function measureCell(selector: string): CellReport {
  const slot = document.querySelector<HTMLElement>(selector)!;
  const outside: string[] = [];
  const past = (t: Element, box: Element, what: string) => {
    const a = t.getBoundingClientRect();
    const b = box.getBoundingClientRect();
    const d = Math.max(b.left - a.left, a.right - b.right, b.top - a.top, a.bottom - b.bottom);
    if (d > 0.5) outside.push(`${what} “${t.textContent}” ${d.toFixed(1)} px out`);
  };
  const nums = [...slot.querySelectorAll<SVGTextElement>('.sim-hero text.dv-cell-num')];
  for (const t of nums) past(t, t.previousElementSibling!, 'number');
  // an operator's circle holds a box about 0.8 of its diameter; a badge's and a box's rect their text
  for (const g of slot.querySelectorAll('.sim-hero .dv-op, .sim-hero .dv-badge, .sim-hero .dv-cellbox')) {
    const t = g.querySelector('text');
    const shape = g.querySelector('circle, rect');
    if (!t || !shape) continue;
    if (shape instanceof SVGCircleElement) {
      const c = shape.getBoundingClientRect();
      const a = t.getBoundingClientRect();
      const r = 0.4 * c.width;
      const [cx, cy] = [c.left + c.width / 2, c.top + c.height / 2];
      const d = Math.max(cx - r - a.left, a.right - cx - r, cy - r - (a.top + 0.2 * a.height), a.bottom - 0.2 * a.height - cy - r);
      if (d > 0.5) outside.push(`${g.getAttribute('class')} “${t.textContent}” ${d.toFixed(1)} px out`);
    } else past(t, shape, g.getAttribute('class') ?? 'node');
  }
  const visible = (el: Element) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };
  const legendCut: string[] = [];
  for (const el of slot.querySelectorAll<HTMLElement>('.dv-legends *, .uv-legend *')) {
    if (el instanceof SVGElement || !visible(el)) continue;
    if (el.scrollWidth > el.clientWidth + 1 || getComputedStyle(el).textOverflow === 'ellipsis')
      legendCut.push(`“${el.textContent?.trim().slice(0, 30)}” ${el.scrollWidth} of ${el.clientWidth} px`);
  }
  const hero = slot.querySelector('[data-testid="sim-hero"]')!.getBoundingClientRect();
  const svg = slot.querySelector('.sim-hero .dv-cell-view svg.dv-svg')!.getBoundingClientRect();
  return { outside, legendCut, area: (svg.width * svg.height) / (hero.width * hero.height), numbers: nums.length };
}

/** Everything measured on the slide in view; clean when every list is empty. */
async function measure(page: Page, slot: string) {
  const cell = await page.evaluate(measureCell, slot);
  const text = await page.evaluate(paintedText, [slot, MIN_PX] as const);
  const overlaps = await page.evaluate(overlappingSvgText, [slot, 1] as const);
  const legendOverlaps = await page.evaluate(overlappingLegendText, slot);
  return { ...cell, overlaps, legendOverlaps, small: text.small, smallest: Math.min(text.svg, text.html, text.katex) };
}

test.use({ enginePref: 'cpu' });

test('the cell diagrams fill their slides at 1920×1080, with every number in its cell, no label over another and whole legends, in every theme', async ({
  page,
  consoleErrors,
}) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.addInitScript(() => {
    window.__UNROLLED_TEST_HOOKS__ = true;
    localStorage.setItem('unrolled:prefs', JSON.stringify({ state: { theme: 'light', backend: 'cpu' }, version: 1 }));
  });
  const lines: string[] = [];
  for (const { slug, preset } of SLIDES) {
    // the section's slide that holds the simulator
    await page.goto(`./#/present/${slug}`);
    const n = Number(await page.locator(`.slide:has([data-simulator="${preset}"])`).getAttribute('data-slide'));
    await page.goto(`./#/present/${slug}/${n + 1}`);
    const slot = `.slide-current [data-simulator="${preset}"]`;
    const sim = page.locator(`${slot} [data-testid="simulator"]`);
    await ready(sim);
    // the last step: its numbers are the widest ("−0.08" where the first step shows "0")
    const scrub = page.locator(`${slot} .sim-slide-scrub input[type="range"]`);
    const [lo, hi] = [Number((await scrub.getAttribute('min')) ?? 1), Number(await scrub.getAttribute('max'))];
    await scrub.fill(String(hi));
    await expect(page.locator(`${slot} .dv-cell-view`)).toHaveAttribute('data-step', String(hi - lo));
    await scrub.blur();
    for (const theme of THEMES) {
      // the deck's T key: the next theme (light → dark → projector → light), pressed until it is this one
      for (let i = 0; i < THEMES.length && (await page.locator('html').getAttribute('data-theme')) !== theme; i++) {
        const now = await page.locator('html').getAttribute('data-theme');
        await page.keyboard.press('t');
        await expect(page.locator('html')).not.toHaveAttribute('data-theme', now ?? '');
      }
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      // the slide's fit runs after the drawing changes: poll until it has settled clean, then report
      await expect
        .poll(
          async () => {
            const r = await measure(page, slot);
            return [...r.outside, ...r.overlaps, ...r.small, ...r.legendOverlaps, ...r.legendCut];
          },
          { message: `${preset} (${theme}): numbers in their cells, no label over another, text ≥ ${MIN_PX} px, whole legends` },
        )
        .toEqual([]);
      const r = await measure(page, slot);
      lines.push(
        `${preset} (${theme}): ${r.numbers} numbers, smallest text ${r.smallest.toFixed(1)} px, the drawing ${(100 * r.area).toFixed(0)} % of its box`,
      );
      expect(r.numbers, `${preset}: the diagram shows its numbers`).toBeGreaterThan(8);
      expect(r.smallest, `${preset} (${theme}): smallest text`).toBeGreaterThanOrEqual(MIN_PX);
      expect(r.area, `${preset} (${theme}): the drawing's share of its box`).toBeGreaterThanOrEqual(0.5);
    }
  }
  test.info().annotations.push({ type: 'cell slides', description: lines.join('\n') });
  console.log(lines.join('\n'));
  expect(consoleErrors).toEqual([]);
});
