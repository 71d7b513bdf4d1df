/**
 * KaTeX's faces that a section's first screen sets (Main and Math italic on every section; the
 * Size faces for display-size operators such as ∑ and ∏). A lesson renders once they have loaded,
 * or after a bound, so its text never reflows when a face arrives: no layout shift (issue 11's
 * Lighthouse budget: it was 0.1–0.2 on the BPTT and LSTM pages) and no slide fit measured with the
 * fallback font. index.html preloads the two faces every section needs.
 */
const FACES = ['1em KaTeX_Main', 'italic 1em KaTeX_Math', '1em KaTeX_Size1', '1em KaTeX_Size2', '1em KaTeX_Size3'];

/** A face that fails to load (offline before the fonts were cached) holds nothing up for longer than this. */
export const MATH_FONTS_BOUND_MS = 1500;

let pending: Promise<void> | null = null;
let settled = false;

/**
 * The wait for KaTeX's faces, or null when there is nothing to wait for: they have loaded (or the
 * bound passed) or there is no font loading API (Node, tests). One promise for the page, so React's
 * `use` can suspend on it.
 */
export function mathFontsPending(): Promise<void> | null {
  if (settled) return null;
  const fonts = typeof document !== 'undefined' ? document.fonts : undefined;
  if (!fonts?.load || !fonts.check) return null;
  if (!pending) {
    if (FACES.every((f) => fonts.check(f))) {
      settled = true;
      return null;
    }
    const loads = FACES.map((f) => fonts.load(f).catch(() => undefined));
    pending = Promise.race([Promise.all(loads), new Promise((r) => setTimeout(r, MATH_FONTS_BOUND_MS))]).then(() => {
      settled = true;
    });
  }
  return pending;
}
