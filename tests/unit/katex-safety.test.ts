import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { KATEX_SAFETY } from '../../src/security/katexOptions';

describe('KaTeX safety settings', () => {
  const render = (tex: string) => katex.renderToString(tex, { ...KATEX_SAFETY, throwOnError: true });

  it('keeps the two term-tagging commands', () => {
    expect(render('\\htmlData{term=h}{h_t}')).toContain('data-term="h"');
    expect(render('\\htmlClass{eq-term}{x}')).toContain('eq-term');
  });

  it('does not trust links, styles, ids or images: they render as plain error text', () => {
    const out = (tex: string) => render(tex);
    expect(out('\\href{javascript:alert(1)}{x}')).not.toMatch(/<a |href=/);
    expect(out('\\url{https://example.com}')).not.toMatch(/<a |href=/);
    expect(out('\\htmlStyle{color:red}{x}')).not.toMatch(/style="[^"]*color:red/);
    expect(out('\\htmlId{danger}{y}')).not.toContain('id="danger"');
    expect(out('\\includegraphics{x.png}')).not.toContain('<img');
    // …and would render with full trust (so the checks above are not vacuous)
    expect(katex.renderToString('\\href{https://example.com}{x}', { trust: true })).toContain('href=');
  });

  it('bounds macro expansion: a self-expanding macro fails fast instead of hanging', () => {
    const t0 = Date.now();
    expect(() => render('\\def\\a{\\a\\a}\\a')).toThrow(/expansion/i);
    expect(() => render('\\def\\b{xx}' + '\\b'.repeat(600))).toThrow(/expansion/i);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(render('\\def\\b{xx}' + '\\b'.repeat(100))).toContain('x');
  });
});
