/**
 * The numbers a lesson's prose prints (text, tables, KaTeX, quiz questions/options/explanations,
 * speaker notes, comments in code blocks), with the block each stands in, and the number markers
 * that tie them to what the app computes. Used by tests/unit/prose-numbers.test.ts.
 *
 * A marker is an MDX comment, so it renders nothing and the number stays plain text (or KaTeX):
 *
 *   {/* numbers: params(rnn, 3, 4) = 32; hand.h[1] = 0.462, −0.762; calc(0.9**50) = 0.005 *\/}
 *
 * It covers the numbers of the block it stands in, or, standing alone, of the next block.
 */

export interface NumberToken {
  /** the text as printed, "−" minus kept */
  text: string;
  at: number;
  end: number;
  block: number;
}

export interface MarkerEntry {
  /** e.g. "params(rnn, 3, 4)", "hand.h[1]", "calc(2/12)", "race.solvedAt.gru" */
  path: string;
  /** the printed values (one, or a vector) */
  values: string[];
  block: number;
  file: string;
}

/** Prose attributes of the lesson components; every other attribute is configuration. */
const PROSE_ATTRS = new Set(['caption', 'question', 'options', 'why', 'explanation', 'label', 'title', 'note']);

function blank(s: string): string {
  return s.replace(/[^\n]/g, ' ');
}

/** End of a balanced {…} starting at i (index after the closing brace). */
function braceEnd(src: string, i: number): number {
  let depth = 0;
  for (let j = i; j < src.length; j++) {
    if (src[j] === '{') depth++;
    else if (src[j] === '}' && --depth === 0) return j + 1;
  }
  throw new Error(`unbalanced brace at ${i}`);
}

/** The source with everything that is not prose blanked out (offsets and lines kept). */
export function proseOnly(src: string): string {
  let out = src;
  const cut = (a: number, b: number) => {
    out = out.slice(0, a) + blank(out.slice(a, b)) + out.slice(b);
  };
  // the module line: keep title and summary, drop the slug
  for (const m of src.matchAll(/slug: '[^']*'/g)) cut(m.index, m.index + m[0].length);
  // import lines
  for (const m of src.matchAll(/^import .*$/gm)) cut(m.index, m.index + m[0].length);
  // markers and other MDX comments
  for (const m of src.matchAll(/\{\/\*[\s\S]*?\*\/\}/g)) cut(m.index, m.index + m[0].length);
  // <ShowMe … />: its quotes are replayed by lesson-numbers.test.ts
  for (let i = 0; (i = src.indexOf('<ShowMe', i)) >= 0;) {
    let j = i + 7;
    while (!src.startsWith('/>', j)) j = src[j] === '{' ? braceEnd(src, j) : j + 1;
    cut(i, j + 2);
    i = j;
  }
  // configuration attributes of the components
  for (const m of src.matchAll(/\b([a-zA-Z]+)=(["{])/g)) {
    if (PROSE_ATTRS.has(m[1])) continue;
    const a = m.index;
    const v = a + m[1].length + 1;
    const b = m[2] === '"' ? src.indexOf('"', v + 1) + 1 : braceEnd(src, v);
    cut(a, b);
  }
  // fenced code: only comments are prose
  for (const m of src.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)) {
    const start = m.index;
    const body = m[0];
    let masked = blank(body);
    for (const c of body.matchAll(/(\/\/|#)[^\n]*/g)) masked = masked.slice(0, c.index) + c[0] + masked.slice(c.index + c[0].length);
    out = out.slice(0, start) + masked + out.slice(start + body.length);
  }
  // link targets, HTML entities
  for (const m of src.matchAll(/\]\(([^)]*)\)/g)) cut(m.index + 2, m.index + m[0].length - 1);
  for (const m of src.matchAll(/&#?\w+;/g)) cut(m.index, m.index + m[0].length);
  // TeX subscripts are indices (h_1, x_{t-1}, W_{\tilde h})
  for (const m of src.matchAll(/_(\{[^{}]*\}|[0-9A-Za-z])/g)) cut(m.index, m.index + m[0].length);
  // TeX commands' names never hold digits, but \frac12-like shorthands are not used; nothing else
  return out;
}

/** Block index of every offset: blocks are separated by blank lines (a fenced code block is one block). */
export function blockIndex(src: string): (at: number) => number {
  const starts: number[] = [0];
  let inFence = false;
  const lines = src.split('\n');
  let off = 0;
  for (const line of lines) {
    if (/^```/.test(line)) inFence = !inFence;
    if (!inFence && line.trim() === '') starts.push(off);
    off += line.length + 1;
  }
  return (at) => {
    let lo = 0;
    while (lo + 1 < starts.length && starts[lo + 1] <= at) lo++;
    return lo;
  };
}

const NUMBER = /[−-]?\d+(?:\.\d+)?(?:e[−-]?\d+)?/g;

/** Every printed number: not glued to a letter (identifiers like conv1d, 11b, h1 are names). */
export function numberTokens(src: string): NumberToken[] {
  const prose = proseOnly(src);
  const block = blockIndex(src);
  const out: NumberToken[] = [];
  for (const m of prose.matchAll(NUMBER)) {
    let text = m[0];
    let at = m.index;
    const before = prose[at - 1] ?? ' ';
    const after = prose[at + text.length] ?? ' ';
    // a hyphen after a letter, digit or closing bracket is a minus sign of arithmetic or a dash, not the number's
    if (/^[−-]/.test(text) && /[\w)}\]]/.test(before)) {
      text = text.slice(1);
      at += 1;
    }
    const b2 = prose[at - 1] ?? ' ';
    if (/[A-Za-z_\\]/.test(b2) || /[A-Za-z_]/.test(after)) continue;
    if (b2 === '.' && /\d/.test(prose[at - 2] ?? '')) continue;
    out.push({ text, at, end: at + text.length, block: block(at) });
  }
  return out;
}

/** The markers of a file, each attached to the block it covers. */
export function parseMarkers(src: string, file: string): MarkerEntry[] {
  const block = blockIndex(src);
  const out: MarkerEntry[] = [];
  for (const m of src.matchAll(/\{\/\*\s*numbers:([\s\S]*?)\*\/\}/g)) {
    // standing alone (only markers in its block) → it covers the next block
    const lineStart = src.lastIndexOf('\n', m.index) + 1;
    const lineEnd = src.indexOf('\n', m.index + m[0].length);
    const line = src.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
    const alone = line.replace(/\{\/\*[\s\S]*?\*\/\}/g, '').trim() === '' && src.slice(lineEnd + 1).match(/^\S/) === null;
    let b = block(m.index);
    if (alone) b += 1;
    for (const entry of splitEntries(m[1])) {
      const eq = entry.lastIndexOf('=');
      if (eq < 0) throw new Error(`${file}: marker entry without "= value": ${entry}`);
      const path = entry.slice(0, eq).trim();
      const values = entry
        .slice(eq + 1)
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
      out.push({ path, values, block: b, file });
    }
  }
  return out;
}

/** Entries split on ";" outside parentheses. */
function splitEntries(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(' || ch === '[') depth++;
    if (ch === ')' || ch === ']') depth--;
    if (ch === ';' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur);
  return out.map((e) => e.trim()).filter(Boolean);
}

/** "−0.762" and "-0.762" are one printed number. */
export function normalise(text: string): string {
  return text.replace(/−/g, '-');
}
