/**
 * scripts/rehype-katex-html.ts: the lessons' maths as one HTML string per formula gives the same
 * page as rehype-katex's tree of JSX (compiled with MDX, rendered with React, compared after
 * normalising how the two write style attributes), with far fewer React elements; errors still
 * take rehype-katex's path, and the safety settings still hold.
 */
import { evaluate } from '@mdx-js/mdx';
import * as runtime from 'react/jsx-runtime';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { describe, expect, it } from 'vitest';
import { rehypeKatexHtml } from '../../scripts/rehype-katex-html';
import { KATEX_SAFETY } from '../../src/security/katexOptions';

const OPTIONS = { output: 'htmlAndMathml' as const, throwOnError: false, ...KATEX_SAFETY };

async function render(source: string, plugin: typeof rehypeKatexHtml | typeof rehypeKatex) {
  const mod = await evaluate(source, { ...runtime, remarkPlugins: [remarkMath], rehypePlugins: [[plugin, OPTIONS]] } as Parameters<
    typeof evaluate
  >[1]);
  let elements = 0;
  // count the React elements the compiled lesson creates
  const counting = {
    ...runtime,
    jsx: (...a: Parameters<typeof runtime.jsx>) => (elements++, runtime.jsx(...a)),
    jsxs: (...a: Parameters<typeof runtime.jsxs>) => (elements++, runtime.jsxs(...a)),
  };
  const counted = await evaluate(source, { ...counting, remarkPlugins: [remarkMath], rehypePlugins: [[plugin, OPTIONS]] } as Parameters<
    typeof evaluate
  >[1]);
  const html = renderToStaticMarkup(createElement(mod.default));
  renderToStaticMarkup(createElement(counted.default));
  return { html, elements };
}

/**
 * Spelling only: React writes style="height:1em;vertical-align:-0.25em" from an object and
 * <path …></path>, KaTeX's string keeps its own (style="height:1em;vertical-align:-0.25em;",
 * <path …/>); the DOM parsed from either is the same (checked in the browser on all 15 sections).
 */
const normaliseStyles = (html: string) =>
  html.replace(/<(path|line|rect)([^>]*?)\s*\/>/g, '<$1$2></$1>').replace(/style="([^"]*)"/g, (_, s: string) => {
    const decls = s
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => d.replace(/\s*:\s*/, ':'));
    return `style="${decls.join(';')}"`;
  });

const LESSON = `
# Backward

The loss $C_t = (y_t - \\text{GT}_t)^2$ depends on $\\htmlData{term=h}{h_t}$, and

$$
\\frac{\\partial C_t}{\\partial h_1} = \\frac{\\partial C_t}{\\partial h_t} \\prod_{j=2}^{t} \\frac{\\partial h_j}{\\partial h_{j-1}}
$$

- a list item with $\\sqrt{x}$ and $\\overrightarrow{h}_t$

\`\`\`math
\\begin{pmatrix} x_t \\\\ h_{t-1} \\end{pmatrix}
\`\`\`
`;

describe('rehype-katex-html', () => {
  it('renders the same page as rehype-katex, with far fewer React elements', async () => {
    const ours = await render(LESSON, rehypeKatexHtml);
    const theirs = await render(LESSON, rehypeKatex);
    expect(ours.html).toContain('katex-display');
    expect(ours.html).toContain('data-term="h"');
    expect(ours.html).toContain('<math');
    expect(normaliseStyles(ours.html)).toBe(normaliseStyles(theirs.html));
    expect(ours.elements).toBeLessThan(theirs.elements / 5);
  });

  it('a TeX error renders as rehype-katex renders it (KaTeX error markup), and untrusted commands stay inert', async () => {
    const bad = 'Broken: $\\frac{1}{$ and $\\href{javascript:alert(1)}{x}$ and $\\htmlStyle{color:red}{y}$.';
    const ours = await render(bad, rehypeKatexHtml);
    const theirs = await render(bad, rehypeKatex);
    expect(normaliseStyles(ours.html)).toBe(normaliseStyles(theirs.html));
    expect(ours.html).toContain('katex-error');
    expect(ours.html).not.toMatch(/href="javascript/);
    expect(ours.html).not.toMatch(/style="[^"]*color:\s*red/);
  });
});
