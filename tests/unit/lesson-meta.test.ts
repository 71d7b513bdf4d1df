import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lessons } from '../../lessons';
import { extractMeta } from '../../scripts/vite-lesson-meta';

const dir = path.resolve(__dirname, '../../lessons');

describe('lesson meta without the content (code-split sections)', () => {
  it('finds the object literal, braces and quotes inside strings included', () => {
    expect(extractMeta('export const meta = { a: \'x } y\', b: [1, { c: "{" }] };\n\n# Title')).toBe('{ a: \'x } y\', b: [1, { c: "{" }] }');
    expect(() => extractMeta('# no meta')).toThrow(/no `export const meta/);
    expect(() => extractMeta('export const meta = makeMeta()')).toThrow(/object literal/);
  });

  it('every section file gives the same meta through ?meta as through its MDX module', async () => {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.mdx'))
      .sort();
    expect(lessons.length).toBe(files.length);
    for (const l of lessons) {
      const file = files.find((f) => readFileSync(path.join(dir, f), 'utf8').includes(`slug: '${l.meta.slug}'`));
      expect(file, l.meta.slug).toBeTruthy();
      const mod = (await import(/* @vite-ignore */ path.join(dir, file!))) as { meta: unknown };
      expect(l.meta).toEqual(mod.meta);
    }
  });
});
