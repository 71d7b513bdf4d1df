/**
 * One symbol per thing, everywhere (issue 24, item 6): the lessons (text, quizzes, speaker notes),
 * the lecture's equation list, the equation panel and the diagrams' words use the symbols of the
 * README's table of symbols. Each rule names a drifted spelling and the symbol to use instead; a
 * sentence that names another text's notation on purpose says "other texts".
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const RULES: { what: string; bad: RegExp; use: string }[] = [
  { what: 'element-wise product', bad: /\\odot|⊙/, use: '⊗ (\\otimes), the lecture’s' },
  { what: 'LSTM candidate', bad: /\\tilde\s*c_|\\tilde\{c\}|c̃|\bW_c\b|\bb_c\b/, use: 'g_t, W_g, b_g' },
  { what: 'readout weights', bad: /K\^\\top|K\^⊤|weights \$V\$|\\,V \+ b_y/, use: 'W_y and b_y (y_t = W_y h_t + b_y)' },
];

function files(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const rel = join(dir, e.name);
    if (e.isDirectory()) out.push(...files(rel, ext));
    else if (ext.test(e.name)) out.push(rel);
  }
  return out;
}

/** Every place a student reads a symbol: lessons, the equation list, the equation panel, the diagrams and their texts. */
const SOURCES = [...files('lessons', /\.(mdx|ts)$/), ...files('src/views', /\.(ts|tsx)$/), ...files('src/lesson-kit', /\.tsx?$/)];

/** Lines a student can see: source comments are for the authors (the engine's comments keep the papers' notation). */
function visibleLines(path: string): { n: number; text: string }[] {
  const lines = readFileSync(join(ROOT, path), 'utf8').split('\n');
  return lines
    .map((text, i) => ({ n: i + 1, text }))
    .filter(({ text }) => !/^\s*(\/\/|\/?\*)/.test(text))
    .filter(({ text }) => !/other texts/.test(text));
}

describe('notation: one symbol per thing', () => {
  it('reads the lessons and the views (a sanity check that the scan sees them)', () => {
    expect(SOURCES.filter((f) => f.endsWith('.mdx')).length).toBeGreaterThanOrEqual(15);
    expect(SOURCES).toContain(join('src', 'views', 'equations', 'tex.ts'));
  });

  for (const rule of RULES) {
    it(`${rule.what}: ${rule.use}`, () => {
      const found: string[] = [];
      for (const f of SOURCES)
        for (const { n, text } of visibleLines(f)) if (rule.bad.test(text)) found.push(`${f}:${n}: ${text.trim().slice(0, 120)}`);
      expect(found).toEqual([]);
    });
  }

  it('the rules catch the old spellings (each is found in a line that has it)', () => {
    const old = [
      'h_t = z_t \\odot h_{t-1}',
      'cₜ = fₜ ⊙ cₜ₋₁',
      'Here $\\tilde c_t = \\tanh W[x_t; h_{t-1}]$',
      'often written $W_c$',
      '2\\,(y_T - \\text{GT}_T)\\,K^\\top',
      'its own weights $V$ and bias',
    ];
    for (const line of old) expect(RULES.some((r) => r.bad.test(line))).toBe(true);
  });
});
