/**
 * `import meta from './01-welcome.mdx?meta'`: only a lesson's `export const meta = { … }`, without
 * its content, so the sidebar and the router know every section while each section's MDX (its
 * text and typeset maths) is a separate chunk loaded when it is opened (lessons/index.ts).
 * The meta must be a plain object literal (strings, numbers, booleans, arrays, objects). The import
 * adds `slides`: the section's slide outline (scripts/remark-slides.ts), for the deck.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { createProcessor } from '@mdx-js/mdx';
import remarkMath from 'remark-math';
import { slidesOf, type SlideInfo } from './remark-slides';

const PREFIX = '\0lesson-meta:';

/** The object literal after `export const meta =`, found by matching braces outside strings. */
export function extractMeta(source: string, file = 'lesson'): string {
  const m = /export\s+const\s+meta\s*=\s*/.exec(source);
  if (!m) throw new Error(`${file}: no \`export const meta = { … }\` found`);
  let i = m.index + m[0].length;
  if (source[i] !== '{') throw new Error(`${file}: meta must be an object literal`);
  const start = i;
  let depth = 0;
  let quote: string | null = null;
  for (; i < source.length; i++) {
    const c = source[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return source.slice(start, i + 1);
    }
  }
  throw new Error(`${file}: unterminated meta object`);
}

/** A lesson's slides (scripts/remark-slides.ts), read from its source: the same cut the page renders. */
export function outlineSlides(source: string): SlideInfo[] {
  const tree = createProcessor({ remarkPlugins: [remarkMath] }).parse(source) as unknown as Parameters<typeof slidesOf>[0];
  return slidesOf(tree);
}

export function lessonMeta(): Plugin {
  return {
    name: 'unrolled-lesson-meta',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!source.endsWith('.mdx?meta') || !importer) return null;
      return PREFIX + path.resolve(path.dirname(importer), source.slice(0, -'?meta'.length));
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length);
      this.addWatchFile(file);
      const source = readFileSync(file, 'utf8');
      return `export default { ...${extractMeta(source, path.basename(file))}, slides: ${JSON.stringify(outlineSlides(source))} };\n`;
    },
  };
}
