/**
 * KaTeX for the simulators' run-time equations, typeset once per (TeX, options): a bounded LRU of
 * `katex.renderToString` output. Typesetting one of the panel's display equations costs 5–40 ms of
 * main thread on the machines this runs on; the panel asks for the same few dozen strings again on
 * every new trace, every slider step and every playback step (the backward chain's t), so after the
 * first time they come from here. The safety settings (../../security/katexOptions: only the two
 * term-tagging commands trusted, macro expansion and sizes bounded) are always applied and cannot
 * be overridden by a caller; a TeX error renders as escaped source with the message as its title.
 */
import type katexLib from 'katex';
import { KATEX_SAFETY } from '../../security/katexOptions';

// KaTeX (76 KB gzip) is a chunk of its own, fetched when the first equation panel mounts: the
// panel mounts with the simulator's first trace, so on a slow link the picture does not wait for the
// typesetter (issue 30: 400 kbit/s). The panel shows a line in its place until it is here.
let katex: typeof katexLib | undefined;
let loading: Promise<true> | undefined;

/** Fetches KaTeX (once); resolves when renderTex can typeset. */
export function loadTex(): Promise<true> {
  return (loading ??= import('katex').then(
    (m) => {
      katex = m.default;
      return true as const;
    },
    (err: unknown) => {
      loading = undefined;
      throw err;
    },
  ));
}

/** true once KaTeX is here (renderTex works), else undefined. */
export const texLoaded = (): true | undefined => (katex ? true : undefined);

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
  const { skeleton, steps } = stepSkeleton(tex);
  const key = cacheKey(skeleton, opts);
  let html = cache.get(key);
  if (html === undefined) {
    if (!katex) throw new Error('renderTex before KaTeX has loaded: await loadTex() first');
    try {
      typeset++;
      html = katex.renderToString(skeleton, { ...KATEX_SAFETY, displayMode: opts.displayMode, output });
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      html = `<code title="${escapeHtml(msg)}">${escapeHtml(skeleton)}</code>`;
    }
    cache.set(key, html);
  }
  return steps.length ? html.replace(SENTINEL_OUT, (_, k: string) => steps[Number(k)]) : html;
}

// A term tagged with one step, \htmlData{term=jac, step=4}{…}, renders exactly as it does with any
// other step: only its data-step attribute (and the TeX source in MathML's annotation) differ. So
// the cache holds one typesetting per *shape*: the steps become sentinel numbers no sequence
// reaches, and each call writes its own steps back into the HTML. The backward chain's equations
// name the loss step t, which playback moves every tick: no tick typesets anything.
const STEP_IN = /(\\htmlData\{[^{}]*?\bstep=)(\d+)/g;
const SENTINEL = 918273;
const SENTINEL_OUT = new RegExp(`${SENTINEL}(\\d{3})`, 'g');

/** `tex` with its tagged steps replaced by sentinels, and the steps in the order they were found. */
function stepSkeleton(tex: string): { skeleton: string; steps: string[] } {
  const steps: string[] = [];
  const skeleton = tex.replace(STEP_IN, (m, head: string, step: string) => {
    if (steps.length >= 1000) return m;
    steps.push(step);
    return `${head}${SENTINEL}${String(steps.length - 1).padStart(3, '0')}`;
  });
  return { skeleton, steps };
}

const STEP_VALUE = /(data-step="|\bstep=)(\d+)/g;

/**
 * When `next` is `prev` with nothing but other step numbers (data-step attributes, and the TeX
 * source in MathML's annotation), the new values in document order: `attrs` for the elements with
 * data-step, `annotations` for the step=N in the annotations' text. null when anything else differs.
 */
export function stepOnlyChange(prev: string, next: string): { attrs: string[]; annotations: string[] } | null {
  if (prev === next) return { attrs: [], annotations: [] };
  if (prev.replace(STEP_VALUE, '$1') !== next.replace(STEP_VALUE, '$1')) return null;
  const attrs: string[] = [];
  const annotations: string[] = [];
  for (const m of next.matchAll(STEP_VALUE)) (m[1] === 'data-step="' ? attrs : annotations).push(m[2]);
  return { attrs, annotations };
}

/**
 * Brings `el`, which shows the typeset HTML `prev`, to `next` by rewriting its step numbers in
 * place when that is all that differs (no elements are replaced: no new layout for the equation,
 * no lost focus or highlight). Returns false, touching nothing, when `next` differs otherwise.
 */
export function patchSteps(el: Element, prev: string, next: string): boolean {
  const change = stepOnlyChange(prev, next);
  if (!change) return false;
  const tagged = el.querySelectorAll('[data-step]');
  const notes = el.querySelectorAll('annotation');
  const inNotes = [...notes].reduce((n, a) => n + (a.textContent?.match(/\bstep=\d+/g)?.length ?? 0), 0);
  if (tagged.length !== change.attrs.length || inNotes !== change.annotations.length) return false;
  tagged.forEach((t, i) => {
    if (t.getAttribute('data-step') !== change.attrs[i]) t.setAttribute('data-step', change.attrs[i]);
  });
  let k = 0;
  notes.forEach((a) => {
    const text = a.textContent ?? '';
    const updated = text.replace(/\bstep=\d+/g, () => `step=${change.annotations[k++]}`);
    if (updated !== text) a.textContent = updated;
  });
  return true;
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
  return cache.has(cacheKey(stepSkeleton(tex).skeleton, opts));
}

/** The cache's key: the options and the formula's shape (its steps as sentinels). */
function cacheKey(skeleton: string, opts: TexOptions): string {
  return `${opts.displayMode ? 'D' : 'I'}|${opts.output ?? 'htmlAndMathml'}|${skeleton}`;
}

/** For tests and the bench: entries held, and how many times KaTeX actually ran. */
export function texCacheStats(): { size: number; max: number; typeset: number } {
  return { size: cache.size, max: cache.max, typeset };
}

export function clearTexCache(): void {
  cache.clear();
  typeset = 0;
}
