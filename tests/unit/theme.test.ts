/**
 * One theme source (issue 23 item 3): the app resolves the theme once (store/theme.ts: an embed's
 * link, else the preference) and the views paint in the theme they are given (ThemeContext), with
 * no module-level palette setting that could lag behind or disagree with the page.
 */
import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { rgb } from 'd3';
import { renderToStaticMarkup } from 'react-dom/server';
import { linkTheme, themeFor } from '../../src/store/theme';
import { ThemeContext } from '../../src/views/ThemeContext';
import { UnrolledView } from '../../src/views/unrolled/UnrolledView';
import { CellView } from '../../src/views/cell/CellView';
import { divergingColor, type ScaleTheme } from '../../src/views/kit/scales';
import * as scales from '../../src/views/kit/scales';
import { FIXTURES } from '../fixtures/views';
import type { ViewProps } from '../../src/views/types';

describe('the theme shown', () => {
  it('an embed shows its link theme, whatever the preference', () => {
    for (const t of ['light', 'dark', 'contrast'] as const)
      for (const pref of ['light', 'dark', 'contrast'] as const) {
        expect(themeFor({ mode: 'embed' }, `#/embed/lstm?v=1&theme=${t}`, pref)).toBe(t);
        expect(themeFor({ mode: 'embed' }, `#/embed/lstm?theme=${t}&v=1&T=5`, pref)).toBe(t);
      }
  });

  it('an embed without a (valid) theme, and every other route, shows the preference', () => {
    expect(themeFor({ mode: 'embed' }, '#/embed/lstm?v=1', 'dark')).toBe('dark');
    expect(themeFor({ mode: 'embed' }, '#/embed/lstm?v=1&theme=blue', 'contrast')).toBe('contrast');
    expect(themeFor({ mode: 'embed' }, '#/embed/lstm?v=1&mytheme=dark', 'light')).toBe('light');
    for (const mode of ['read', 'present', 'notes', 'handout'] as const)
      expect(themeFor({ mode }, '#/lstm?v=1&theme=dark', 'light'), mode).toBe('light');
  });

  it('reads the link query', () => {
    expect(linkTheme('v=1&theme=dark')).toBe('dark');
    expect(linkTheme('theme=contrast')).toBe('contrast');
    expect(linkTheme('v=1&theme=darker')).toBeNull();
    expect(linkTheme('')).toBeNull();
  });
});

describe('the views paint in the theme they are given', () => {
  it('has no module-level theme to set', () => {
    expect(Object.keys(scales)).not.toContain('setScaleTheme');
    expect(Object.keys(scales)).not.toContain('scaleTheme');
  });

  const fx = FIXTURES.lstm;
  const props: ViewProps = {
    spec: fx.spec,
    trace: fx.trace,
    step: fx.spec.inputs.length - 1,
    lossStep: fx.spec.inputs.length - 1,
    phase: 'forward',
    reducedMotion: true,
    highlight: null,
    setHighlight: () => {},
  };
  const render = (view: (p: ViewProps) => unknown, theme: ScaleTheme) =>
    renderToStaticMarkup(createElement(ThemeContext.Provider, { value: theme }, createElement(view as (p: ViewProps) => React.JSX.Element, props)));
  /** the strip's value cells: [value, fill, the cell's own scale, term] from the markup */
  const stripCells = (html: string) =>
    [...html.matchAll(/<rect[^>]*class="uv-cell[^"]*"[^>]*>/g)]
      .map((m) => m[0])
      .filter((r) => !r.includes('data-term="C"'))
      .map(
        (r) =>
          [
            Number(/data-value="([^"]+)"/.exec(r)![1]),
            /fill="([^"]+)"/.exec(r)![1],
            Number(/data-extent="([^"]+)"/.exec(r)![1]),
            /data-term="([^"]+)"/.exec(r)![1],
          ] as const,
      );

  for (const theme of ['light', 'dark', 'contrast'] as const)
    it(`the unrolled strip's cells are in the ${theme} palette`, () => {
      const html = render(UnrolledView, theme);
      const extent = Number(
        /data-testid="uv-value-legend"[^>]*data-extent="([^"]+)"|data-extent="([^"]+)"[^>]*data-testid="uv-value-legend"/
          .exec(html)
          ?.slice(1)
          .find(Boolean),
      );
      const cells = stripCells(html);
      expect(cells.length).toBeGreaterThan(4);
      for (const [v, fill, own] of cells) expect(fill).toBe(divergingColor(v, own, theme));
      // states on the fixed ±1 scale (issue 30: a saturated h was drawn pale on a ±5 scale), values on the legend's
      for (const [, , own, term] of cells) expect(own, term).toBe(term === 'h' || term === 'hb' ? 1 : extent);
    });

  it('the cell view changes with the theme alone', () => {
    const light = render(CellView, 'light');
    const dark = render(CellView, 'dark');
    const fills = (h: string) => [...h.matchAll(/class="dv-cell"[^>]*fill="([^"]+)"|fill="([^"]+)"[^>]*class="dv-cell"/g)].map((m) => m[1] ?? m[2]);
    expect(fills(light).length).toBeGreaterThan(4);
    expect(fills(dark).length).toBe(fills(light).length);
    // the light palette's zero is near-white; the dark one never is
    const nearWhite = (c: string) => {
      const { r, g, b } = rgb(c);
      return Math.min(r, g, b) >= 225;
    };
    expect(fills(dark).filter(nearWhite)).toEqual([]);
    expect(fills(light)).not.toEqual(fills(dark));
  });
});
