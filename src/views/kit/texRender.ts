/**
 * KaTeX for the simulators' run-time equations, typeset once per (TeX, options): a bounded LRU of
 * `katex.renderToString` output. Typesetting one of the panel's display equations costs 5–40 ms of
 * main thread on the machines this runs on; the panel asks for the same few dozen strings again on
 * every new trace, every slider step and every playback step (the backward chain's t), so after the
 * first time they come from here. The safety settings (../../security/katexOptions: only the two
 * term-tagging commands trusted, macro expansion and sizes bounded) are always applied and cannot
 * be overridden by a caller; a TeX error renders as escaped source with the message as its title.
 */
import katex from 'katex';
import { KATEX_SAFETY } from '../../security/katexOptions';

/** A small least-recently-used map: `get` refreshes an entry, `set` drops the oldest past `max`. */
export class LruCache<K, V> {
  private readonly map = new Map<K, V>();
  constructor(readonly max: number) {}
  get size(): number {
    return this.map.size;
  }
  has(key: K): boolean {
    return this.map.has(key);
  }
  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) return undefined;
    // Map keeps insertion order: re-inserting makes this the newest entry
    this.map.delete(key);
    this.map.set(key, v);
    return v;
  }
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K);
  }
  clear(): void {
    this.map.clear();
  }
}

export interface TexOptions {
  /** display (block) maths; inline otherwise */
  displayMode: boolean;
  /** KaTeX's output: both HTML and MathML (the default: screen readers read the MathML) or one of them */
  output?: 'htmlAndMathml' | 'html' | 'mathml';
}

/** Enough for every equation, note and term button of the nine simulators, at every loss step of a long sequence. */
export const TEX_CACHE_SIZE = 400;
const cache = new LruCache<string, string>(TEX_CACHE_SIZE);
let typeset = 0;

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** KaTeX's HTML for `tex`, from the cache when it has been typeset with the same options before. */
export function renderTex(tex: string, opts: TexOptions): string {
  const output = opts.output ?? 'htmlAndMathml';
  const key = `${opts.displayMode ? 'D' : 'I'}|${output}|${tex}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let html: string;
  try {
    typeset++;
    html = katex.renderToString(tex, { ...KATEX_SAFETY, displayMode: opts.displayMode, output });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    html = `<code title="${escapeHtml(msg)}">${escapeHtml(tex)}</code>`;
  }
  cache.set(key, html);
  return html;
}

/** A note: plain text with inline TeX between $…$. */
export function renderNote(note: string): string {
  return note
    .split('$')
    .map((part, i) => (i % 2 === 1 ? renderTex(part, { displayMode: false }) : escapeHtml(part)))
    .join('');
}

/** Whether `tex` with these options is already typeset (a warm-up can skip it). */
export function isTexCached(tex: string, opts: TexOptions): boolean {
  return cache.has(`${opts.displayMode ? 'D' : 'I'}|${opts.output ?? 'htmlAndMathml'}|${tex}`);
}

/** For tests and the bench: entries held, and how many times KaTeX actually ran. */
export function texCacheStats(): { size: number; max: number; typeset: number } {
  return { size: cache.size, max: cache.max, typeset };
}

export function clearTexCache(): void {
  cache.clear();
  typeset = 0;
}
