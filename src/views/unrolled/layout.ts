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
