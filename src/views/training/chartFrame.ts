/**
 * The training charts' frames (drawing size, margins, axis title offsets) and the placement of the
 * loss chart's "solved" labels: plain data and pure functions, nothing measured.
 *
 * Text size: the charts' text is 11–12 SVG units (training.css: ticks and line labels 11, axis
 * titles 12), and a drawing paints at its width over its viewBox width. The reading frame is
 * READING_W units wide, so its text paints at ≥ 11 px wherever the chart is at least READING_W CSS px
 * wide: a 390 px phone's chart is ~354 px (issue 30, item 7; it painted at 6.9 px in the old 560-unit
 * drawing). On a slide the chart has a fixed size on the canvas (840 canvas px for 560 units) and
 * training.css sizes its text for that scale.
 */

export interface Frame {
  /** the viewBox's size */
  W: number;
  H: number;
  M: { top: number; right: number; bottom: number; left: number };
  xTitle: number;
  yTitle: number;
  /** the size its line and marker labels are drawn at, SVG units (training.css) */
  labelFont: number;
}

/** the reading page's chart width, SVG units: the narrowest chart (CSS px) whose 11-unit text paints at 11 px */
export const READING_W = 320;
export const READING: Frame = { W: READING_W, H: 220, M: { top: 14, right: 18, bottom: 40, left: 62 }, xTitle: 34, yTitle: -48, labelFont: 11 };
/** on the slide the text is the lab's type, 0.82 × the 30 px stage unit, over the chart's 1.5 canvas px per unit */
export const SLIDE: Frame = {
  W: 560,
  H: 300,
  M: { top: 16, right: 22, bottom: 58, left: 80 },
  xTitle: 50,
  yTitle: -64,
  labelFont: (30 * 0.82) / 1.5,
};
export const frameOf = (presenting?: boolean) => (presenting ? SLIDE : READING);

/** a generous average advance of a bold sans-serif character, em (digits and capitals ~0.6) */
const CHAR_EM = 0.62;
/** a label's line height, em */
const LINE_EM = 1.25;

/** A bold label's estimated width in SVG units, at `font` units. */
export const labelWidth = (text: string, font: number) => text.length * CHAR_EM * font;

/**
 * Where the "solved" labels go, one per marker (x, y: the marker's position in the plot): centred
 * under their marker, shifted to stay inside the drawing (from −left to iw + right), each on the
 * first line below its marker (0, 1, …) where its box keeps clear of the labels already placed
 * (the markers sit at different heights, so the boxes are compared in both directions). Returns each
 * label's shift from its marker (dx) and its line's offset (dy), in units.
 */
export function placeMarkerLabels(labels: { x: number; y: number; text: string }[], frame: Frame): { dx: number; dy: number }[] {
  const font = frame.labelFont;
  const iw = frame.W - frame.M.left - frame.M.right;
  const lo = -frame.M.left;
  const hi = iw + frame.M.right;
  const gap = 0.5 * font;
  const line = LINE_EM * font;
  const boxes: { x0: number; x1: number; y0: number; y1: number }[] = [];
  const order = labels.map((l, i) => ({ ...l, i })).sort((a, b) => a.x - b.x);
  const out = labels.map(() => ({ dx: 0, dy: 0 }));
  for (const l of order) {
    const w = Math.min(labelWidth(l.text, font), hi - lo);
    const centre = Math.max(lo + w / 2, Math.min(hi - w / 2, l.x));
    const [x0, x1] = [centre - w / 2, centre + w / 2];
    const clear = (y0: number) => boxes.every((b) => x1 + gap <= b.x0 || b.x1 + gap <= x0 || y0 + line <= b.y0 || b.y1 <= y0);
    let row = 0;
    while (!clear(l.y + row * line)) row++;
    boxes.push({ x0, x1, y0: l.y + row * line, y1: l.y + (row + 1) * line });
    out[l.i] = { dx: centre - l.x, dy: row * line };
  }
  return out;
}
