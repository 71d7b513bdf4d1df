/**
 * The rendering mechanics that keep the main thread free: the KaTeX cache (identical HTML on a
 * hit, bounded, options kept apart, the safety settings always on), the backward-phase warm-up's
 * TeX and order, and the unrolled strip's scroll arithmetic (which steps are in view, where to
 * scroll to show step t) computed from the layout and a measured box, with no DOM.
 */
import katex from 'katex';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  clearTexCache,
  isTexCached,
  loadTex,
  LruCache,
  renderNote,
  renderTex,
  stepOnlyChange,
  TEX_CACHE_SIZE,
  texCacheStats,
} from '../../src/views/kit/texRender';
import { backwardTex, warmOrder } from '../../src/views/equations/warmup';

// KaTeX is a chunk of its own (fetched by the first equation panel)
await loadTex();
import { buildEquations } from '../../src/views/equations/tex';
import { cx, scrollToShow, stripView, unrolledLayout, type StripBox } from '../../src/views/unrolled/layout';
import { KATEX_SAFETY } from '../../src/security/katexOptions';
import { FIXTURES } from '../fixtures/views';

describe('LruCache', () => {
  it('drops the least recently used entry past its bound; get refreshes an entry', () => {
    const c = new LruCache<string, number>(3);
    c.set('a', 1);
    c.set('b', 2);
    c.set('c', 3);
    expect(c.get('a')).toBe(1); // a is now the newest
    c.set('d', 4);
    expect(c.size).toBe(3);
    expect(c.has('b')).toBe(false);
    expect([c.get('a'), c.get('c'), c.get('d')]).toEqual([1, 3, 4]);
    c.set('c', 30); // overwrite keeps one entry
    expect(c.size).toBe(3);
    expect(c.get('c')).toBe(30);
  });
});

describe('renderTex cache', () => {
  beforeEach(() => clearTexCache());

  it('a hit returns the identical string without typesetting again, and equals what KaTeX renders', () => {
    const spy = vi.spyOn(katex, 'renderToString');
    const tex = '\\htmlData{term=h}{h_t} = \\tanh W x_t';
    const a = renderTex(tex, { displayMode: true });
    const b = renderTex(tex, { displayMode: true });
    expect(b).toBe(a);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(texCacheStats().typeset).toBe(1);
    spy.mockRestore();
    expect(a).toBe(katex.renderToString(tex, { ...KATEX_SAFETY, displayMode: true, output: 'htmlAndMathml' }));
    expect(a).toContain('data-term="h"');
  });

  it('different options do not collide: display vs inline, and the output format', () => {
    const tex = 'x_t^2';
    const display = renderTex(tex, { displayMode: true });
    const inline = renderTex(tex, { displayMode: false });
    const htmlOnly = renderTex(tex, { displayMode: false, output: 'html' });
    expect(display).toContain('katex-display');
    expect(inline).not.toContain('katex-display');
    expect(htmlOnly).not.toContain('<math');
    expect(inline).toContain('<math');
    expect(texCacheStats().size).toBe(3);
    expect(renderTex(tex, { displayMode: false })).toBe(inline);
    expect(renderTex(tex, { displayMode: true })).toBe(display);
  });

  it('stays within its bound however many distinct formulas come', () => {
    for (let i = 0; i < TEX_CACHE_SIZE + 150; i++) renderTex(`x_{${i}}`, { displayMode: false });
    const s = texCacheStats();
    expect(s.size).toBe(TEX_CACHE_SIZE);
    expect(s.typeset).toBe(TEX_CACHE_SIZE + 150);
    // the newest are kept, the oldest were dropped (typeset again on request)
    renderTex(`x_{${TEX_CACHE_SIZE + 149}}`, { displayMode: false });
    expect(texCacheStats().typeset).toBe(TEX_CACHE_SIZE + 150);
    renderTex('x_{0}', { displayMode: false });
    expect(texCacheStats().typeset).toBe(TEX_CACHE_SIZE + 151);
  });

  it('a formula at another step is not typeset again, and is exactly what KaTeX renders at that step', () => {
    const at = (L: number) =>
      `\\htmlData{term=dCdh, step=0}{\\frac{\\partial C_t}{\\partial h_1}} = \\htmlData{term=dCdy, step=${L}}{\\frac{\\partial C_t}{\\partial y_t}} \\htmlData{term=jac, step=${Math.max(1, L)}}{J} \\cdots \\htmlData{term=jac, step=1}{J_1}`;
    const direct = (tex: string) => katex.renderToString(tex, { ...KATEX_SAFETY, displayMode: true, output: 'htmlAndMathml' });
    const outs = [0, 3, 17, 118].map((L) => renderTex(at(L), { displayMode: true }));
    expect(texCacheStats().typeset).toBe(1);
    [0, 3, 17, 118].forEach((L, i) => expect(outs[i]).toBe(direct(at(L))));
    expect(outs[2]).toContain('data-term="dCdy" data-step="17"');
    expect(outs[2]).not.toMatch(/918273/);
    expect(isTexCached(at(40), { displayMode: true })).toBe(true);
    expect(isTexCached(at(40).replace('J_1', 'J_2'), { displayMode: true })).toBe(false);
  });

  it('stepOnlyChange: the new steps in document order when nothing else differs, null otherwise', () => {
    const at = (L: number) => renderTex(`\\htmlData{term=dCdy, step=${L}}{y} + \\htmlData{term=jac, step=1}{J}`, { displayMode: true });
    const change = stepOnlyChange(at(2), at(9));
    expect(change).toEqual({ attrs: ['9', '1'], annotations: ['9', '1'] });
    expect(stepOnlyChange(at(2), at(2))).toEqual({ attrs: [], annotations: [] });
    expect(
      stepOnlyChange(at(2), renderTex('\\htmlData{term=dCdy, step=9}{y} - \\htmlData{term=jac, step=1}{J}', { displayMode: true })),
    ).toBeNull();
    expect(stepOnlyChange('<span data-step="1">a</span>', '<span data-step="2">b</span>')).toBeNull();
  });

  it('keeps the safety settings: no link, style or id from the TeX; an error shows escaped source (cached too)', () => {
    expect(renderTex('\\href{javascript:alert(1)}{x}', { displayMode: false })).not.toMatch(/<a |href=/);
    expect(renderTex('\\htmlStyle{color:red}{x}', { displayMode: false })).not.toMatch(/style="[^"]*color:red/);
    const bad = renderTex('\\def\\a{\\a\\a}\\a<b>', { displayMode: true });
    expect(bad).toMatch(/^<code title="[^"]*expansion/i);
    expect(bad).toContain('&lt;b&gt;');
    const n = texCacheStats().typeset;
    expect(renderTex('\\def\\a{\\a\\a}\\a<b>', { displayMode: true })).toBe(bad);
    expect(texCacheStats().typeset).toBe(n);
  });

  it('notes: text escaped, $…$ typeset inline through the cache', () => {
    const html = renderNote('a < b and $h_t$ twice $h_t$');
    expect(html.startsWith('a &lt; b and ')).toBe(true);
    expect(html.match(/class="katex"/g)?.length).toBe(2);
    expect(texCacheStats().typeset).toBe(1);
  });
});

describe('backward-phase warm-up', () => {
  it('warms the coming loss steps first, wrapping round, never the current one', () => {
    expect(warmOrder(7, 10)).toEqual([8, 9, 0, 1, 2, 3, 4, 5, 6]);
    expect(warmOrder(0, 30, 4)).toEqual([1, 2, 3, 4]);
    expect(warmOrder(0, 1)).toEqual([]);
  });

  it('the TeX it warms is exactly what the panel shows at that loss step', () => {
    const spec = FIXTURES.rnn.spec;
    const groups = buildEquations(spec, { backward: true, lossStep: 2 });
    const tex = backwardTex(spec, 2);
    expect(tex.display).toEqual(groups.flatMap((g) => g.equations));
    expect(tex.notes).toEqual(groups.flatMap((g) => g.notes));
    expect(tex.display.join(' ')).toContain('step=2');
    expect(backwardTex(spec, 3).display).not.toEqual(tex.display);
  });
});

describe('unrolled strip: scroll arithmetic from the layout', () => {
  const { spec, trace } = FIXTURES.rnn;
  const layout = unrolledLayout(spec, trace);
  // the drawing at one CSS px per SVG unit, in a box 300 px wide
  const box = (left: number, clientW = 300): StripBox => ({ clientW, scrollW: layout.width + 4, svgW: layout.width, left });

  it('no overflow, or not measured yet: every step shown, nothing to scroll', () => {
    expect(stripView(layout, { clientW: 0, scrollW: 0, svgW: 0, left: 0 })).toEqual({
      overflow: false,
      left: 0,
      right: 1,
      from: 0,
      to: layout.T - 1,
    });
    const wide = box(0, layout.width + 100);
    expect(stripView(layout, wide).overflow).toBe(false);
    expect(scrollToShow(layout, wide, layout.T - 1)).toBeNull();
  });

  it('scrolls right to show a step past the right edge, left to show one under the row labels, to 0 for the first', () => {
    const last = layout.T - 1;
    const toLast = scrollToShow(layout, box(0), last)!;
    expect(toLast).toBeGreaterThan(0);
    // the step's column and one column's margin end at the right edge (clamped to the content)
    expect(toLast).toBeCloseTo(Math.min(cx(layout, last) + layout.colW - 300, layout.width + 4 - 300), 6);
    // already in view: nothing to do
    expect(scrollToShow(layout, box(toLast), last)).toBeNull();
    // from the far right, step 1 (0-based) is under the sticky labels: scroll so it clears them
    const to1 = scrollToShow(layout, box(toLast), 1)!;
    expect(to1).toBeCloseTo(cx(layout, 1) - layout.colW - layout.marginLeft, 6);
    expect(scrollToShow(layout, box(toLast), 0)).toBe(0);
    expect(scrollToShow(layout, box(0), 0)).toBeNull();
  });

  it('which steps are in view follows the offset, and the thumb spans the visible fraction', () => {
    const v0 = stripView(layout, box(0));
    expect(v0.overflow).toBe(true);
    expect(v0.from).toBe(0);
    expect(v0.left).toBe(0);
    expect(v0.right).toBeCloseTo(300 / (layout.width + 4), 9);
    const far = stripView(layout, box(layout.width + 4 - 300));
    expect(far.to).toBe(layout.T - 1);
    expect(far.from).toBeGreaterThan(v0.from);
    expect(far.right).toBeCloseTo(1, 9);
    // a step scrolled to is among those shown
    for (let t = 0; t < layout.T; t++) {
      const b = box(0);
      const at = scrollToShow(layout, b, t);
      const v = stripView(layout, at === null ? b : box(at));
      expect(t, `t = ${t}`).toBeGreaterThanOrEqual(v.from);
      expect(t, `t = ${t}`).toBeLessThanOrEqual(v.to);
    }
  });
});
