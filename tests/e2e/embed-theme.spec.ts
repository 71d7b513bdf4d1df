import * as d3 from 'd3';
import { test, expect, ready } from './fixtures';
import { divergingColor, THEME_BACKGROUND, type ScaleTheme } from '../../src/views/kit/scales';

/**
 * An embed's theme (`theme=light|dark|contrast` in its link) is the one the diagrams are painted
 * in, whatever the system's colour scheme and with no stored preference (a first-time visitor in a
 * fresh context). Checked by the painted colours, not the attribute: every value cell of the
 * unrolled strip has the fill the link's palette gives its value, and none has the other palette's;
 * on the dark themes no cell anywhere in the simulator is near-white (the light palette's zero).
 */

type Rgb = [number, number, number];
const rgbOf = (c: string): Rgb => {
  const x = d3.rgb(c);
  return [x.r, x.g, x.b];
};
const dist = (a: Rgb, b: Rgb) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));

interface Painted {
  background: string;
  extent: number;
  strip: { term: string; value: number; extent: number; fill: string }[];
  /** every cell of the simulator's drawings (strip, cell view, matrices) */
  all: string[];
}

const CASES: { theme: ScaleTheme; scheme: 'light' | 'dark'; other: ScaleTheme }[] = [
  { theme: 'dark', scheme: 'light', other: 'light' },
  { theme: 'light', scheme: 'dark', other: 'dark' },
  { theme: 'contrast', scheme: 'light', other: 'light' },
];

for (const { theme, scheme, other } of CASES) {
  test.describe(`embed theme=${theme} on a ${scheme} system`, () => {
    // a first-time visitor: a fresh context, nothing stored (no engine choice either)
    test.use({ colorScheme: scheme, enginePref: null });

    test(`paints the ${theme} palette (computed fills of the diagram's cells), not the ${other} one`, async ({ page, consoleErrors }) => {
      void consoleErrors;
      test.setTimeout(120_000);
      await page.goto(`./#/embed/lstm?v=1&theme=${theme}`);
      expect(await page.evaluate(() => localStorage.getItem('unrolled:prefs'))).toBeNull();
      const sim = page.getByTestId('simulator');
      await ready(sim);

      const read = () =>
        page.evaluate((): Painted => {
          const root = document.querySelector('[data-testid="simulator"]')!;
          const legend = root.querySelector('[data-testid="uv-value-legend"]');
          return {
            background: getComputedStyle(document.documentElement).backgroundColor,
            extent: Number(legend?.getAttribute('data-extent')),
            strip: [...root.querySelectorAll('rect.uv-cell')]
              .filter((r) => r.getAttribute('data-term') !== 'C') // C_t is on the sequential scale
              .map((r) => ({
                term: r.getAttribute('data-term') ?? '',
                value: Number(r.getAttribute('data-value')),
                // each cell's own scale: ±1 for states, the value legend's for x, y and GT
                extent: Number(r.getAttribute('data-extent')),
                fill: getComputedStyle(r).fill,
              })),
            all: [...root.querySelectorAll('rect.uv-cell, rect.dv-cell')].map((r) => getComputedStyle(r).fill),
          };
        });

      // the fills settle (they ease in over a few hundred ms)
      let painted: Painted = await read();
      const mismatches = (p: Painted) =>
        p.strip.filter((c) => Number.isFinite(c.value) && dist(rgbOf(c.fill), rgbOf(divergingColor(c.value, c.extent, theme))) > 3);
      await expect
        .poll(
          async () => {
            painted = await read();
            return painted.strip.length > 0 && mismatches(painted).length === 0;
          },
          { timeout: 15_000 },
        )
        .toBe(true)
        .catch(() => undefined);

      const bad = mismatches(painted);
      const nearWhite = painted.all.filter((f) => Math.min(...rgbOf(f)) >= 225).length;
      // cells whose fill the other palette gives their value, and this one does not
      const otherPalette = painted.strip.filter((c) => {
        const want = rgbOf(divergingColor(c.value, c.extent, theme));
        const wrong = rgbOf(divergingColor(c.value, c.extent, other));
        return dist(want, wrong) > 12 && dist(rgbOf(c.fill), wrong) <= 3;
      }).length;
      test.info().annotations.push({
        type: 'painted',
        description: `${painted.strip.length} strip cells, ${bad.length} off the ${theme} palette, ${otherPalette} in the ${other} palette; ${nearWhite} of ${painted.all.length} cells near-white`,
      });

      expect(painted.extent).toBeGreaterThan(0);
      expect(painted.strip.length).toBeGreaterThanOrEqual(20);
      expect(otherPalette, `cells painted in the ${other} palette`).toBe(0);
      expect(
        bad.slice(0, 5).map((c) => `${c.term} ${c.value}: ${c.fill}`),
        `cells off the ${theme} palette`,
      ).toEqual([]);
      // the page behind them is the theme's too
      expect(dist(rgbOf(painted.background), rgbOf(THEME_BACKGROUND[theme]))).toBeLessThanOrEqual(3);
      if (theme === 'light') expect(nearWhite, 'near-zero values are near-white on the light theme').toBeGreaterThan(0);
      else expect(nearWhite, 'near-white cells on a dark page').toBe(0);
    });
  });
}
