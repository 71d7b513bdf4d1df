/**
 * A simulator slide's design sizes (issue 23 item 1, one canvas): the hero views on a slide are
 * drawn at sizes declared here in canvas px (app/canvas.ts: 1920 × 1080, one SVG unit is `scale`
 * canvas px), never measured or re-fitted at run time. Chosen so that at 1920 × 1080 every SVG text
 * of every simulator slide paints at ≥ 24 px and each view fits the box its slide gives it, in the
 * forward and the backward phase (tests/e2e/presenter.spec.ts checks both).
 *
 * Also the cell diagrams' text on a slide (LayoutOptions.slide): its size, and estimates of how wide a
 * text paints, from which the slide layouts size their cells and gaps (and the tests check that a
 * text fits its box). Pure, imports nothing.
 */

/**
 * The diagrams' text size on a slide, SVG units = canvas px: the numbers in the cells (CELL_NUM_EM of
 * it) paint at 24.3 px, over the slide's 24 px minimum, with the drawing at its natural size.
 */
export const SLIDE_FONT_SIZE = 26;

/**
 * The bidirectional diagram on a slide: canvas px per SVG unit. The narrowest of the slide layouts,
 * it is drawn a little larger than its natural size (its numbers at 26.7 px), as large as its box
 * allows in the backward phase (the BPTT equations beside it are the widest).
 */
export const SLIDE_BI_SCALE = 1.15;

/**
 * The unrolled strip on a slide: canvas px per SVG unit. Its row and step labels are 13 units
 * (24.7 px at this scale); a strip longer than its box at this scale scrolls sideways, as it does on
 * the reading page, rather than shrinking its text.
 */
export const SLIDE_UNROLLED_SCALE = 1.9;

/**
 * The BPTT view (the chain and the norm plot) on a slide: its text size in SVG units (the layouts
 * space their labels for it, gradient/layout.ts), and canvas px per SVG unit. Its smallest texts,
 * the exponents of the plot's 10ˣ ticks and the chain's indices, are 0.75 of the 14/15-size labels:
 * 0.7 × 35 × 1 = 24.5 px. (A larger text at a smaller scale would not make the drawing shorter: the
 * plot's rotated y title sets its height in em; at 1 unit per px the chain's fixed rows are shortest,
 * which the LSTM's backward slide, the least height of them, needs.)
 */
export const SLIDE_GRAD_FONT_SIZE = 35;
export const SLIDE_GRAD_SCALE = 1;

/** A drawing's CSS width on a slide: `units` SVG units wide at `scale` canvas px per unit. */
export const slideWidth = (units: number, scale: number): string => `${(units * scale).toFixed(1)}px`;

/**
 * Estimated advance widths, in em, of DejaVu Sans (the diagrams' font; the symbols' KaTeX_Math is
 * narrower): digits and the minus are tabular; a letter at most 0.62 em. Used to size cells and gaps
 * on a slide, and by the tests to check that a text fits its box.
 */
const CHAR_EM: Record<string, number> = {
  '−': 0.838,
  '-': 0.838,
  '+': 0.838,
  '.': 0.318,
  ',': 0.318,
  ' ': 0.318,
  e: 0.615,
  '[': 0.46,
  ']': 0.46,
  ';': 0.4,
};
export function textEm(text: string): number {
  let w = 0;
  for (const ch of text) w += CHAR_EM[ch] ?? (/[0-9]/.test(ch) ? 0.636 : 0.62);
  return w;
}
/** The widest number a cell shows on a slide (formatValue(v, 2) of a value in −1…1, "−0.08"). */
export const CELL_NUMBER_EM = textEm('−0.00');
/**
 * A symbol label's width at the symbols' size (.dv-sym, 23/15 em), SVG units: KaTeX_Math, whose
 * italic letters are at most about 0.6 em and digits 0.5 em, the subscript at 0.68 em and a prefix
 * arrow (→, ←: 1 em) at 0.85 em; rounded up a little.
 */
export const symWidth = (fontSize: number, base: string, sub = '', prefix = '') =>
  (23 / 15) * fontSize * (0.6 * [...base].length + 0.68 * 0.52 * [...String(sub)].length + 0.85 * [...prefix].length);

/**
 * Cell size on a slide, for the cells' numbers at `num` px: as wide as the widest number with a few px each side,
 * as tall as a line of it; past four units (or five stacked rows) the cells shrink and the numbers go (the colours and the
 * table keep the values), so a diagram stays on its slide.
 */
export function slideSizing(units: number, inputs: number, num: number): { cw: number; ch: number; showNumbers: boolean } {
  const cw = Math.ceil(CELL_NUMBER_EM * num + 6);
  const line = Math.ceil(1.2 * num);
  // (a vanilla cell stacks x_t on h_{t−1}: 1 + 4 rows)
  return units <= 4 && inputs <= 5
    ? { cw, ch: line, showNumbers: true }
    : { cw, ch: Math.max(8, Math.floor((4 * line) / Math.max(units, inputs - 1))), showNumbers: false };
}
