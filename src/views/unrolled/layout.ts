/**
 * Geometry of the unrolled network drawing, and the small numeric helpers the view needs.
 * Pure: no DOM, unit-testable.
 */
import type { SimSpec, Trace } from '../../engine/index';

export interface RowBox {
  /** top edge, in SVG units */
  y: number;
  /** total height */
  h: number;
  /** height of one cell */
  cellH: number;
  /** number of cells stacked in the column */
  n: number;
}

export interface UnrolledLayout {
  T: number;
  units: number;
  bidirectional: boolean;
  outDim: number;
  /** width of one time column */
  colW: number;
  cellW: number;
  marginLeft: number;
  width: number;
  height: number;
  /** whether norm values fit as text under each state */
  normText: boolean;
  rows: {
    C: RowBox;
    y: RowBox;
    out: RowBox | null;
    h: RowBox;
    hb: RowBox | null;
    /** the shared-weight diamonds sit on the x → h link */
    w: { y: number };
    x: RowBox;
    tLabel: { y: number };
    norm: { y: number };
  };
}

export const cx = (l: UnrolledLayout, t: number) => l.marginLeft + l.colW * t + l.colW / 2;

export function unrolledLayout(spec: SimSpec, trace: Trace): UnrolledLayout {
  const T = Math.max(1, trace.h.length);
  const units = Math.max(1, spec.units);
  const bidirectional = Array.isArray(trace.hBackward) && trace.hBackward.length > 0;
  const outDim = Math.max(1, trace.outputs[0]?.length ?? units);
  const colW = T <= 8 ? 76 : T <= 14 ? 60 : T <= 24 ? 50 : 40;
  const cellW = Math.min(22, Math.round(colW * 0.4));
  const cellH = Math.max(8, Math.min(20, Math.floor((bidirectional ? 96 : 130) / units)));
  const single = 18;
  const gap = 24;
  let y = 10;
  const C: RowBox = { y, h: single, cellH: single, n: 1 };
  y += single + gap;
  const yRow: RowBox = { y, h: single, cellH: single, n: 1 };
  y += single + gap;
  let out: RowBox | null = null;
  if (bidirectional) {
    const oh = Math.max(6, Math.min(cellH, Math.floor((cellH * units) / outDim)));
    out = { y, h: oh * outDim, cellH: oh, n: outDim };
    y += out.h + gap;
  }
  const h: RowBox = { y, h: cellH * units, cellH, n: units };
  y += h.h + (bidirectional ? 16 : 0);
  let hb: RowBox | null = null;
  if (bidirectional) {
    hb = { y, h: cellH * units, cellH, n: units };
    y += hb.h;
  }
  const norm = { y: y + 22 };
  y += 50;
  const w = { y: y + 8 };
  y += 22;
  const x: RowBox = { y, h: single, cellH: single, n: 1 };
  y += single + 16;
  const tLabel = { y };
  y += 8;
  const marginLeft = 92;
  return {
    T,
    units,
    bidirectional,
    outDim,
    colW,
    cellW,
    marginLeft,
    width: marginLeft + colW * T + 12,
    height: y,
    normText: colW >= 60,
    rows: { C, y: yRow, out, h, hb, w, x, tLabel, norm },
  };
}

/**
 * The sideways-scrolling strip's box, as last measured (ResizeObserver callbacks and scroll
 * events, where layout is already clean): the scroller's visible width and content width, the
 * drawing's rendered width, and the scroll offset. CSS pixels.
 */
export interface StripBox {
  clientW: number;
  scrollW: number;
  svgW: number;
  left: number;
}

export interface StripView {
  overflow: boolean;
  /** the visible part, as fractions of the content width */
  left: number;
  right: number;
  /** the first and last steps shown whole (0-based) */
  from: number;
  to: number;
}

export const overflows = (b: StripBox) => b.scrollW > b.clientW + 1;

/** Which steps are in view: drives the edge shadows and the overview bar under the strip. */
export function stripView(l: UnrolledLayout, b: StripBox): StripView {
  const T = l.T;
  if (!(b.clientW > 0) || !(b.scrollW > 0)) return { overflow: false, left: 0, right: 1, from: 0, to: T - 1 };
  const scale = b.svgW / l.width || 1;
  // the sticky row labels cover the drawing's left margin
  const labelsW = l.marginLeft * scale;
  const left = b.left / b.scrollW;
  const right = (b.left + b.clientW) / b.scrollW;
  // a step counts as shown when its cells are clear of the sticky row labels and the right edge
  const from = Math.max(0, Math.min(T - 1, Math.ceil((b.left + labelsW) / scale / l.colW - l.marginLeft / l.colW - 0.3)));
  const to = Math.max(from, Math.min(T - 1, Math.floor((b.left + b.clientW) / scale / l.colW - l.marginLeft / l.colW - 0.7)));
  return { overflow: overflows(b), left, right, from, to };
}

/**
 * The scroll offset that brings step `t` (its column and a column's margin each side) into view,
 * clear of the sticky row labels; null when it is in view already or the strip does not scroll.
 * Step 0 scrolls right back to the start. Plain arithmetic on the layout and the last measured box.
 */
export function scrollToShow(l: UnrolledLayout, b: StripBox, t: number): number | null {
  if (!overflows(b) || !(b.svgW > 0)) return null;
  const scale = b.svgW / l.width;
  const labelsW = l.marginLeft * scale;
  const left = (cx(l, t) - l.colW) * scale - labelsW;
  const right = (cx(l, t) + l.colW) * scale;
  let target: number | null = null;
  if (t === 0) target = 0;
  else if (left < b.left) target = left;
  else if (right > b.left + b.clientW) target = right - b.clientW;
  if (target === null) return null;
  target = Math.max(0, Math.min(b.scrollW - b.clientW, target));
  return Math.abs(target - b.left) < 0.5 ? null : target;
}
