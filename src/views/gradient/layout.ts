/**
 * Geometry of the BPTT view, as plain numbers: the chain of states (spacing, rows, node size, which
 * labels fit) and the norm plot's frame, and the link widths (log-norm). Pure, so it is unit-tested;
 * the components only draw what these say.
 */
import { logPosition, NORM_FLOOR } from '../kit/norms';
import { slideWidth } from '../cell/layout/slideText';

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/** The views' default diagram text size in SVG units (the cell layouts' FONT_SIZE). */
export const GRAD_FONT_SIZE = 15;

/**
 * The inline style of one of the BPTT view's drawings, `width` SVG units wide at text size
 * `fontSize` (the SVG's own only when a layout asks for other than the default): at most 1 unit per
 * 1/16 em, at least `minWidth`; on a slide `scale` canvas px per unit (slideText.ts).
 */
export function svgStyle(width: number, fontSize: number, minWidth: string, scale?: number) {
  return {
    ...(scale ? { width: slideWidth(width, scale) } : {}),
    maxWidth: `${(width / 16).toFixed(1)}em`,
    minWidth,
    fontSize: fontSize === GRAD_FONT_SIZE ? undefined : fontSize,
  };
}

/** Estimated width of a text in SVG units: `chars` characters at `fs` (the diagrams' sans-serif averages 0.6 em). */
export const textWidth = (chars: number, fs: number) => chars * 0.6 * fs;

export interface ChainOptions {
  /** text size in SVG units (default 15): a slide asks for more, and the labels thin out to make room */
  fontSize?: number;
  /** the loss step the chain starts from (0-based), for the labels that must show */
  lossStep?: number;
}

export interface ChainLayout {
  /** spacing of the states */
  sp: number;
  left: number;
  width: number;
  height: number;
  /** the text size the layout spaces for */
  fontSize: number;
  /** rows: the loss C_t, the output y_t, the states h_k */
  yC: number;
  yY: number;
  yH: number;
  /** baseline of the state labels, of the notes under them and of the right-hand note (the same row when both fit) */
  yLabel: number;
  yNote: number;
  yNoteRight: number;
  /** the loss box's size, the output node's radius */
  boxW: number;
  boxH: number;
  yR: number;
  /** radius of a state node */
  r: number;
  /** label every n-th state */
  every: number;
  /** the states that carry a label: every n-th and the loss step, and the last unless it is next to the loss step */
  labelled: number[];
  /** whether the norm values fit on the links */
  showVals: boolean;
  /** whether the links have room for arrowheads */
  arrows: boolean;
}

/** Width of the label h_k (the index at 0.75 of the label size), in SVG units. */
export const stateLabelWidth = (k1: number, fs: number) => textWidth(1, fs) + textWidth(String(k1).length, 0.75 * fs);

export function chainLayout(T: number, opts: ChainOptions = {}): ChainLayout {
  const fontSize = opts.fontSize ?? GRAD_FONT_SIZE;
  const k = fontSize / GRAD_FONT_SIZE;
  const t = clamp(opts.lossStep ?? T - 1, 0, Math.max(0, T - 1));
  // the spacing is the chain's: a larger text thins the labels, it does not widen the drawing
  const sp = clamp(Math.floor(760 / Math.max(1, T)), 16, 96);
  const r = clamp(sp * 0.28, 4.5, 15);
  // a label needs its own width and a gap (44 units at the default size, as many as "h" + 3 digits)
  const labelFs = (14 / 15) * fontSize;
  const boxW = Math.max(52 * k, textWidth(1, labelFs) + textWidth(String(T).length, 0.75 * labelFs) + 20 * k);
  // room for the loss box over the first state, and on the right for the output's label y_t beside the last
  const left = Math.max(36, boxW / 2 - sp / 2 + 4);
  const right = Math.max(36, boxW / 2 - sp / 2 + 4, 11 * k + 5 + stateLabelWidth(T, labelFs) - sp / 2 + 4);
  const width = left + right + T * sp;
  const need = Math.max(44 * k, stateLabelWidth(Math.max(1, T), labelFs) + 0.6 * labelFs);
  const every = sp >= need ? 1 : Math.ceil(need / sp);
  const minGap = Math.ceil(need / sp);
  // the loss step's label always shows; the last state's too, unless it sits right beside the loss step's
  const forced = T - 1 - t >= minGap || T - 1 === t ? [...new Set([t, T - 1])] : [t];
  const labelled: number[] = [];
  for (let i = 0; i < T; i++) {
    if (forced.includes(i)) labelled.push(i);
    else if (i % every === 0 && forced.every((f) => Math.abs(f - i) >= minGap)) labelled.push(i);
  }
  // the rows: the loss box, a link, the output node, the gradient's link into h_t (its length stays:
  // a larger text makes the boxes larger, not the drawing taller than it needs to be)
  const boxH = 34 * k;
  const yR = 11 * k;
  const yC = 17 + boxH / 2;
  const yY = yC + boxH / 2 + 34 + yR;
  const yH = yY + yR + 57;
  const yLabel = yH + r + 20 * k;
  const yNote = yH + r + 48 * k;
  // the two notes under the chain ("← gradient flows back in time", "after t = …: no effect on C_t"):
  // one row when they fit side by side, else the right one a row lower
  const leftNote = textWidth(29, fontSize);
  const rightNote = t < T - 1 ? textWidth(26 + 2 * String(T).length, fontSize) : 0;
  const oneRow = leftNote + rightNote + 2 * fontSize <= T * sp + 2 * r;
  const yNoteRight = oneRow ? yNote : yNote + 1.5 * fontSize;
  return {
    sp,
    left,
    width,
    height: Math.max(yH + 15 + 53 * k, yNoteRight + 5 * k),
    fontSize,
    yC,
    yY,
    yH,
    yLabel,
    yNote,
    yNoteRight,
    boxW,
    boxH,
    yR,
    r,
    every,
    labelled,
    showVals: sp >= Math.max(72, textWidth(6, labelFs) + 8),
    arrows: sp >= 30,
  };
}

/** Centre of state k on the chain. */
export const chainX = (sp: number, k: number, left = 36) => left + k * sp + sp / 2;

/** Width of the link into h_k: 2–15 by log-norm; 1.5 (a hairline) for zero, floored or non-finite norms. */
export function linkWidths(norms: readonly number[]): (k: number) => number {
  const pos = logPosition(norms);
  return (k) => (norms[k] > NORM_FLOOR && Number.isFinite(pos[k]) ? 2 + 13 * pos[k] : 1.5);
}

/** The norm plot's frame: size and margins, at the default text size. */
export const PLOT = { W: 470, H: 330, m: { l: 74, r: 18, t: 18, b: 62 } } as const;

export interface PlotLayout {
  W: number;
  H: number;
  m: { l: number; r: number; t: number; b: number };
  fontSize: number;
  /** the x axis title without its parenthesis ("distance t − k"), when the whole would not fit */
  shortTitle: boolean;
}

/**
 * The plot's frame for a text size: the margins grow with the text (tick labels and titles) and
 * the frame with them, so the plotting area keeps its size (or grows taller, to hold a y title of
 * `yTitleChars` characters); fewer x ticks when their labels would crowd.
 */
export function plotLayout(fontSize = GRAD_FONT_SIZE, yTitleChars = 0): PlotLayout {
  const k = fontSize / GRAD_FONT_SIZE;
  if (k <= 1) return { ...PLOT, m: { ...PLOT.m }, fontSize, shortTitle: false };
  const tick = (14 / 15) * fontSize;
  // y tick labels ("10" and an exponent of up to 3 characters at 0.75, digits 0.64 em wide) right of
  // the rotated axis title (its centre at 1.2 em, as drawn)
  const l = Math.ceil(1.2 * fontSize + 0.75 * fontSize + 0.3 * fontSize + 0.64 * (2 * tick + 3 * 0.75 * tick) + 8 * k);
  // the axis titles are bold: 0.62 em a character
  const titleW = 37 * 0.62 * fontSize;
  const areaW = PLOT.W - PLOT.m.l - PLOT.m.r;
  const W = Math.ceil(l + areaW + 18 * k);
  const shortTitle = titleW > W - 12;
  // under the area: the tick labels (baseline 22 units down), a gap, the title and 12 units
  const b = Math.ceil(12 + 22 * k + 0.3 * tick + 0.3 * fontSize + 0.85 * fontSize);
  // a larger text leaves the plotting area a little flatter: the margins have grown around it
  // the rotated y title (bold, 0.62 em a character) is centred on the area: the area and the top
  // margin twice over hold it (yTitleChars of it), so it never runs over what is above or below
  const areaH = Math.max((PLOT.H - PLOT.m.b - PLOT.m.t) * (k > 1.5 ? 0.8 : 1), 0.62 * fontSize * yTitleChars - 2 * 18 * k);
  const H = Math.ceil(areaH + 18 * k + b);
  return { W, H, m: { l, r: 18 * k, t: 18 * k, b }, fontSize, shortTitle };
}

/** Width of an x tick label of the norm plot (`digits` digits) in SVG units: digits are 0.64 em of the tick text. */
export const tickLabelWidth = (digits: number, fontSize: number) => digits * 0.64 * (14 / 15) * fontSize;
/** The least space between two x tick labels: half an em of the tick text. */
export const tickGap = (fontSize: number) => 0.5 * (14 / 15) * fontSize;

/**
 * The norm plot's x ticks over the distances 0 … t: whole numbers at the smallest 1-2-5 step that
 * leaves every label its width and half an em between neighbours, at the plot's text size. (d3's
 * `ticks(n)` takes n as a hint: asked for 7 it gave ten labels at step 2 on a slide, and a printed
 * handout read "10121416 18", issue 29, item 8.)
 */
export function distanceTicks(t: number, lay: Pick<PlotLayout, 'W' | 'm' | 'fontSize'>): number[] {
  const span = Math.max(1, Math.floor(t));
  const areaW = lay.W - lay.m.l - lay.m.r;
  const need = tickLabelWidth(String(span).length, lay.fontSize) + tickGap(lay.fontSize);
  const fits = (step: number) => step * (areaW / span) >= need || step >= span;
  let step = 1;
  for (let p = 1; !fits(step); p *= 10) step = [1, 2, 5].map((f) => f * p).find(fits) ?? 10 * p;
  return Array.from({ length: Math.floor(span / step) + 1 }, (_, i) => i * step);
}
