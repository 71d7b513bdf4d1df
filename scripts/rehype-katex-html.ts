/**
 * rehype-katex, but each formula reaches the page as one HTML string instead of a tree of JSX.
 *
 * rehype-katex parses KaTeX's HTML into hast, which MDX compiles into one React element per KaTeX
 * span: a lesson page had ~4,800 of them, and creating, reconciling and committing them was the
 * largest main-thread cost of opening a section (issue 11's Total Blocking Time). Here the
 * formula's outer element (span.katex, or span.katex-display for display maths) is kept as JSX
 * and its inside is set with dangerouslySetInnerHTML: the browser's HTML parser builds the same
 * DOM, byte for byte, at a fraction of the cost. The output is KaTeX's own (with the app's safety
 * settings, src/security/katexOptions.ts), never user input; the CSP allows KaTeX's inline style
 * attributes already. Errors and any unexpected markup take rehype-katex's path (parsed to hast).
 *
 * Plain TypeScript over hast; runs at build time only.
 */
import katex from 'katex';
import type { KatexOptions } from 'katex';
import { fromHtmlIsomorphic } from 'hast-util-from-html-isomorphic';
import { toText } from 'hast-util-to-text';
import { SKIP, visitParents } from 'unist-util-visit-parents';
import type { Element, ElementContent, Root } from 'hast';
import type { VFile } from 'vfile';

/** KaTeX's usual output: one outer span with only a class, around the rest. */
const OUTER = /^<span class="(katex|katex-display)">([\s\S]*)<\/span>$/;

/** An MDX JSX node <span className=… dangerouslySetInnerHTML={{ __html: … }} /> (hast-util-to-estree compiles it). */
function rawSpan(className: string, html: string, flow: boolean): ElementContent {
  const program = {
    type: 'Program',
    sourceType: 'module',
    comments: [],
    body: [
      {
        type: 'ExpressionStatement',
        expression: {
          type: 'ObjectExpression',
          properties: [
            {
              type: 'Property',
              method: false,
              shorthand: false,
              computed: false,
              kind: 'init',
              key: { type: 'Identifier', name: '__html' },
              value: { type: 'Literal', value: html, raw: JSON.stringify(html) },
            },
          ],
        },
      },
    ],
  };
  return {
    type: flow ? 'mdxJsxFlowElement' : 'mdxJsxTextElement',
    name: 'span',
    attributes: [
      { type: 'mdxJsxAttribute', name: 'className', value: className },
      {
        type: 'mdxJsxAttribute',
        name: 'dangerouslySetInnerHTML',
        value: { type: 'mdxJsxAttributeValueExpression', value: '', data: { estree: program } },
      },
    ],
    children: [],
  } as unknown as ElementContent;
}

export function rehypeKatexHtml(options: KatexOptions = {}) {
  return (tree: Root, file: VFile) => {
    visitParents(tree, 'element', (element: Element, parents) => {
      const classes = Array.isArray(element.properties.className) ? (element.properties.className as string[]) : [];
      const languageMath = classes.includes('language-math');
      const mathDisplay = classes.includes('math-display');
      const mathInline = classes.includes('math-inline');
      let displayMode = mathDisplay;
      if (!languageMath && !mathDisplay && !mathInline) return;
      let parent = parents[parents.length - 1];
      let scope: Element = element;
      // ```math and $$…$$ (remark-math): replace the <pre> too, in display mode
      if (element.tagName === 'code' && languageMath && parent && parent.type === 'element' && parent.tagName === 'pre') {
        scope = parent;
        parent = parents[parents.length - 2];
        displayMode = true;
      }
      if (!parent) return;
      const value = toText(scope, { whitespace: 'pre' });
      let html: string;
      let ok = true;
      try {
        html = katex.renderToString(value, { ...options, displayMode, throwOnError: true });
      } catch (error) {
        ok = false;
        const cause = error as Error;
        file.message('Could not render math with KaTeX', {
          ancestors: [...parents, element],
          cause,
          place: element.position,
          ruleId: cause.name.toLowerCase(),
          source: 'rehype-katex',
        });
        html = katex.renderToString(value, { ...options, displayMode, strict: 'ignore', throwOnError: false });
      }
      const m = ok ? OUTER.exec(html) : null;
      const result: ElementContent[] = m
        ? [rawSpan(m[1], m[2], displayMode)]
        : (fromHtmlIsomorphic(html, { fragment: true }).children as ElementContent[]);
      const index = parent.children.indexOf(scope);
      parent.children.splice(index, 1, ...result);
      return SKIP;
    });
  };
}
