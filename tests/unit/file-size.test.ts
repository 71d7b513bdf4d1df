/** scripts/check-file-size.mjs: a source file over 400 lines must say why in its header comment. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, longFileReason, MAX_LINES } from '../../scripts/check-file-size.mjs';

const body = (n: number) => Array.from({ length: n }, (_, i) => `export const v${i} = ${i};`).join('\n') + '\n';

describe('long-file headers', () => {
  it('reads the reason from the header comment in each comment style', () => {
    expect(longFileReason('// long-file: one table of every gate, kept together\nexport {};')).toBe('one table of every gate, kept together');
    expect(longFileReason('/**\n * The view.\n * long-file: four diagrams share one set of helpers\n */\nimport x from "y";')).toBe(
      'four diagrams share one set of helpers',
    );
    expect(longFileReason('/* Styles.\n   long-file: one cascade for every theme */\n:root {}')).toBe('one cascade for every theme');
  });

  it('ignores a marker outside the header, and a reason too short to say anything', () => {
    expect(longFileReason('import x from "y";\n// long-file: said too late, after the code starts\n')).toBeNull();
    expect(longFileReason('// long-file: big\n')).toBeNull();
    expect(longFileReason('// long-file:\n')).toBeNull();
  });

  it('fails a long file without a reason and passes a short one or one that says why', () => {
    const dir = mkdtempSync(join(tmpdir(), 'long-file-'));
    const files = {
      short: join(dir, 'short.ts'),
      long: join(dir, 'long.ts'),
      said: join(dir, 'said.ts'),
    };
    writeFileSync(files.short, body(MAX_LINES));
    writeFileSync(files.long, body(MAX_LINES + 1));
    writeFileSync(files.said, `// long-file: generated lookup table, one entry per line\n${body(MAX_LINES + 1)}`);
    expect(check(Object.values(files))).toEqual([{ file: files.long, lines: MAX_LINES + 1 }]);
  });
});
