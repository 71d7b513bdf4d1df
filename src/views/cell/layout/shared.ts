/**
 * What every cell layout shares: the item types (plain data the view draws), the sizes, the
 * builders of the columns every cell has — x_t, h_{t−1}, [x_t; h_{t−1}], h_t — and of the gate
 * bus, each written once. See index.ts for the layouts as a whole.
 *
 * long-file: the item types, the shared builders and the context every layout starts from (on a
 * slide too; its text metrics are in slideText.ts) belong together: each layout reads them from here.
 */
import type { SimSpec, Trace } from '../../../engine/index';
import { stateAliases, tOf, type TermRef } from '../../kit/link';
import { concatInput, prevH, rowOr0, STATE_EXTENT, zeros } from '../../kit/math';
import { badgeWidth, type ColorMode, type VectorGeometry } from '../../kit/parts';
import { SLIDE_FONT_SIZE, slideSizing, symWidth } from './slideText';

/** Base text size of the diagrams, in SVG units (.dv-svg's font-size; the other texts are em of it). */
export const FONT_SIZE = 15;

/** The smallest size a diagram's text may paint at on a phone, CSS px (issue 30, item 7). */
export const LEGIBLE_PX = 12;
/**
 * The diagrams' smallest texts, in em of the drawing's font size (detail-views.css sets them): the
 * numbers inside the cells (.dv-cell-num) and a note's small run (a subscript tspan at 0.75 em of
 * a 1 em note). Every other text (notes, badges, symbols and their subscripts) is 1 em or more.
 */
export const CELL_NUM_EM = 14 / 15;
export const SMALL_RUN_EM = 0.75;

export type Anchor = 'start' | 'middle' | 'end';

/** A label: a symbol with a real subscript (drawn by Sym), or a plain text. */
export type Label =
  | { kind: 'sym'; x: number; y: number; base: string; sub?: string | number; prefix?: string; anchor?: Anchor }
  | { kind: 'text'; x: number; y: number; text: string; className: string; anchor?: Anchor };

/** A run of a note: plain, or raised/lowered by dy, optionally small (a subscript). */
export interface Run {
  text: string | number;
  dy?: string;
  small?: boolean;
}

export interface VectorItem extends VectorGeometry {
  kind: 'vector';
  /** stable id for tests and keys, e.g. "x", "hprev", "f" */
  id: string;
  showNumbers: boolean;
  refs?: TermRef[];
  cellNames?: string[];
  split?: number;
  /** the colour scale of the cells from `split` on (the h_{t−1} part of [x; h] is a state) */
  splitColor?: ColorMode;
  labels: Label[];
}

export interface MatrixItem {
  kind: 'matrix';
  id: string;
  x: number;
  y: number;
  values: number[][];
  cw: number;
  ch: number;
  extent: number;
  split?: number;
  name: string;
  description: string;
  refs?: TermRef[];
  rowNames: string[];
  colNames: string[];
  labels: Label[];
}

export interface NoteItem {
  kind: 'note';
  x: number;
  y: number;
  runs: Run[];
  className: string;
  anchor?: Anchor;
  hidden?: boolean;
  /** a note that names a term (W_f): it lights up with it and sets it on hover */
  refs?: TermRef[];
}

export type Item =
  | VectorItem
  | MatrixItem
  | { kind: 'edge'; d: string; arrow?: boolean; lag?: boolean; bridge?: boolean; className?: string }
  | NoteItem
  | { kind: 'op'; id: string; x: number; y: number; op: string; r: number; title?: string }
  | { kind: 'badge'; id: string; x: number; y: number; text: string; w: number; h: number; title?: string }
  | { kind: 'box'; id: string; x: number; y: number; w: number; h: number; text: string; refs: TermRef[] };

export interface TableRow {
  name: string;
  description: string;
  values: number[];
}

export interface CellLayout {
  width: number;
  height: number;
  fontSize: number;
  /**
   * The CSS width (px) at which the drawing's smallest text paints at LEGIBLE_PX: on a phone the
   * drawing keeps at least this width and scrolls sideways (CellView, detail-views.css). About the
   * same for any fontSize, since the drawing (all but a few fixed offsets) scales with it.
   */
  legibleWidth: number;
  /** in drawing order (later items draw over earlier ones) */
  items: Item[];
  /** the values table: one column per vector */
  rows: TableRow[];
  /** the text alternative: every value, in a sentence */
  summary: string;
}

export interface LayoutInput {
  spec: SimSpec;
  trace: Trace;
  /** 0-based step, already clamped into the trace */
  step: number;
  /** the simulator's value scale and the weights' scale (see sharedValueExtent) */
  ext: number;
  wExt: number;
}

export interface LayoutOptions {
  fontSize?: number;
  /**
   * Laid out for a slide of the one canvas (app/canvas.ts): drawn at 1 SVG unit per canvas px, with
   * the text at SLIDE_FONT_SIZE and the geometry compacted around it (cells as wide as their numbers,
   * gaps as wide as their labels, no room for the lag notes a slide hides), so it fits the slide's
   * drawing box without being shrunk and every number stays inside its cell.
   */
  slide?: boolean;
}

/* ---------------------------------------------------------------- shared ----------- */

export function inputDim(spec: SimSpec): number {
  return spec.inputs[0]?.length ?? spec.weights.kernel.length;
}

export const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/** A smooth horizontal-first connection. */
export function curve(x1: number, y1: number, x2: number, y2: number): string {
  if (Math.abs(y1 - y2) < 0.5) return `M ${x1} ${y1} H ${x2}`;
  const mx = (x1 + x2) / 2;
  return `M ${x1} ${y1} C ${mx} ${y1}, ${mx} ${y2}, ${x2} ${y2}`;
}

/** Cell size of the vector columns: taller cells for fewer units, numbers inside when they fit. */
export function sizing(units: number, inputs: number, k = 1): { cw: number; ch: number; showNumbers: boolean } {
  const ch = Math.round(Math.max(7, Math.min(30, Math.floor(160 / Math.max(1, units, inputs)))) * k);
  return { cw: Math.round(58 * k), ch, showNumbers: ch >= 19 * k };
}

/** What every cell's layout starts from: the sizes, the values at t and the scale factor k. */
export interface Ctx {
  spec: SimSpec;
  trace: Trace;
  step: number;
  t: number;
  u: number;
  nIn: number;
  k: number;
  /** horizontal spread: the x positions grow with the cells (1 at the default text size) */
  X: (v: number) => number;
  cw: number;
  ch: number;
  showNumbers: boolean;
  /** unbounded values (x, c, a, y): the simulator's value scale */
  div: ColorMode;
  /** tanh-bounded states and candidates (h, g, h̃): ±1 */
  state: ColorMode;
  seq: ColorMode;
  wExt: number;
  /** heights of a state column, of x_t and of [x; h] */
  H: number;
  Hx: number;
  Hv: number;
  /** operator node radius and a label's offset from its column */
  opR: number;
  /** laid out for a slide (LayoutOptions.slide) */
  slide: boolean;
  /** on a slide: the room a gate's label takes beside its column (offset, symbol with a subscript of T's digits, space) */
  labGap: number;
  lab: number;
  x: number[];
  hp: number[];
  v: number[];
}

export function context(inp: LayoutInput, opts: LayoutOptions): Ctx {
  const { spec, trace, step } = inp;
  const slide = !!opts.slide;
  const fontSize = slide ? SLIDE_FONT_SIZE : (opts.fontSize ?? FONT_SIZE);
  const k = fontSize / FONT_SIZE;
  const u = spec.units;
  const nIn = inputDim(spec);
  const sz = slide
    ? slideSizing(u, spec.cell === 'rnn' ? nIn + u : nIn, fontSize * CELL_NUM_EM)
    : sizing(u, spec.cell === 'rnn' ? nIn + u : nIn, k);
  const T = spec.inputs.length;
  return {
    spec,
    trace,
    step,
    t: tOf(step),
    u,
    nIn,
    k,
    // a slide spaces by the text (its cells are sized to their numbers, not the other way round)
    X: slide ? (v: number) => v * k : (v: number) => (v * sz.cw) / 58,
    ...sz,
    div: { kind: 'diverging', extent: inp.ext },
    state: { kind: 'diverging', extent: STATE_EXTENT },
    seq: { kind: 'sequential' },
    wExt: inp.wExt,
    H: u * sz.ch,
    Hx: nIn * sz.ch,
    Hv: (nIn + u) * sz.ch,
    opR: 15 * k,
    slide,
    labGap: 8 * k + symWidth(fontSize, 'h', String(T + 1)) + 4,
    lab: 12 * k,
    x: spec.inputs[step] ?? zeros(nIn),
    hp: prevH(trace, step, u),
    v: concatInput(spec, trace, step),
  };
}

export const sym = (x: number, y: number, base: string, sub?: string | number, anchor?: Anchor, prefix?: string): Label => ({
  kind: 'sym',
  x,
  y,
  base,
  sub,
  anchor,
  prefix,
});

export const edge = (d: string, o: { arrow?: boolean; lag?: boolean; bridge?: boolean; className?: string } = { arrow: true }): Item => ({
  kind: 'edge',
  d,
  ...o,
});
export const arrow = (d: string, className?: string): Item => edge(d, className ? { arrow: true, className } : { arrow: true });
export const lagArrow = (d: string, className?: string): Item =>
  edge(d, className ? { arrow: true, lag: true, className } : { arrow: true, lag: true });
export const note = (x: number, y: number, text: string, anchor?: Anchor, hidden?: boolean, strong?: boolean): NoteItem => ({
  kind: 'note',
  x,
  y,
  runs: [{ text }],
  className: strong ? 'dv-note dv-note-strong' : 'dv-note',
  anchor,
  hidden,
});

/** A note on a time-lag arrow ("from t − 1", "to t + 1"): a slide leaves these to the legend (dv-note-lag). */
export const lagNote = (x: number, y: number, text: string, anchor?: Anchor): NoteItem => ({
  ...note(x, y, text, anchor),
  className: 'dv-note dv-note-lag',
});

export const badge = (c: Ctx, id: string, x: number, y: number, text: string, title?: string): Item => ({
  kind: 'badge',
  id,
  x,
  y,
  text,
  w: badgeWidth(text, c.k),
  h: 26 * c.k,
  title,
});

/** A vector column; `label` places its symbol (above, below, left or right of the column). */
export function vec(
  c: Ctx,
  id: string,
  x: number,
  y: number,
  values: number[],
  o: {
    name: string;
    description: string;
    refs?: TermRef[];
    color?: ColorMode;
    cellNames?: string[];
    split?: number;
    splitColor?: ColorMode;
    labels: Label[];
  },
): VectorItem {
  return { kind: 'vector', id, x, y, values, cw: c.cw, ch: c.ch, color: o.color ?? c.div, showNumbers: c.showNumbers, ...o };
}

export const dims = (n: number, prefix = 'dim') => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);
export const xhNames = (c: Ctx) => [...dims(c.nIn, 'x dim'), ...dims(c.u, 'h unit')];

/** x_t. */
export function xCol(c: Ctx, x: number, y: number, label: Label, description = 'input'): VectorItem {
  return vec(c, 'x', x, y, c.x, { name: `x_${c.t}`, description, refs: [{ term: 'x', step: c.step }], cellNames: dims(c.nIn), labels: [label] });
}

/** h_{t−1} (the zero initial state at the first step). */
export function hPrevCol(c: Ctx, x: number, y: number, label: Label): VectorItem {
  return vec(c, 'hprev', x, y, c.hp, {
    color: c.state,
    name: `h_${c.t - 1}`,
    description: c.step === 0 ? 'previous hidden state (zero initial state)' : 'previous hidden state',
    refs: stateAliases('hprev', c.step),
    labels: [label],
  });
}

/** The lecture's [x_t; h_{t−1}], with the x | h divider. */
export function concatCol(c: Ctx, x: number, y: number): VectorItem {
  return vec(c, 'xh', x, y, c.v, {
    name: `[x_${c.t}; h_${c.t - 1}]`,
    description: 'input and previous state stacked',
    split: c.nIn,
    splitColor: c.state,
    cellNames: xhNames(c),
    labels: [{ kind: 'text', x: x + c.cw / 2, y: y - 12 * c.k, text: '[x; h]', className: 'dv-sym dv-sym-small', anchor: 'middle' }],
  });
}

/** h_t. */
export function hCol(c: Ctx, x: number, y: number, label: Label): VectorItem {
  return vec(c, 'h', x, y, rowOr0(c.trace.h, c.step, c.u), {
    color: c.state,
    name: `h_${c.t}`,
    description: 'new hidden state',
    refs: stateAliases('h', c.step),
    labels: [label],
  });
}

/**
 * The input side the vanilla cell and the LSTM share: h_{t−1} arriving from t − 1 below x_t, both
 * stacked into [x; h] (the GRU puts h_{t−1} on its state path instead, so it places the columns itself).
 */
export function inputs(c: Ctx, o: { xX: number; xY: number; hpY: number; catX: number; catY: number }): Item[] {
  const { cw, k } = c;
  const Hx = c.nIn * c.ch;
  const H = c.u * c.ch;
  return [
    lagArrow(`M 8 ${o.hpY + H / 2} H ${o.xX - 8}`),
    lagNote(8, o.hpY + H / 2 - 12 * k, 'from t − 1'),
    arrow(curve(o.xX + cw + 4, o.xY + Hx / 2, o.catX - 8, o.catY + Hx / 2)),
    arrow(curve(o.xX + cw + 4, o.hpY + H / 2, o.catX - 8, o.catY + Hx + H / 2)),
    xCol(c, o.xX, o.xY, sym(o.xX + cw / 2, o.xY - 12 * k, 'x', c.t)),
    hPrevCol(c, o.xX, o.hpY, sym(o.xX + cw / 2, o.hpY + H + 22 * k, 'h', c.t - 1)),
    concatCol(c, o.catX, o.catY),
  ];
}

/* ---------------------------------------------------------------- gates ------------ */

/** The bus from [x; h] up into a gate: the activation badge, the arrow into the gate, the W label. */
export function busBranch(c: Ctx, C: number, busY: number, badgeY: number, gateBot: number, act: string, wLabel: string, id: string): Item[] {
  const k = c.k;
  return [
    arrow(`M ${C} ${busY} V ${badgeY + 14 * k}`),
    badge(c, `act-${id}`, C, badgeY, act, act === 'σ' ? 'sigmoid: squashes to 0…1' : 'tanh: squashes to −1…1'),
    arrow(`M ${C} ${badgeY - 13 * k} V ${gateBot + 6}`),
    { ...note(C + 8 * k, busY - 8 * k, wLabel, undefined, true), refs: [{ term: 'W' }] },
  ];
}

/**
 * A state path along y (the LSTM's cell state, the GRU's hidden state): from t − 1 into the column
 * at fromX, through the operator nodes centred at `stops`, into the column at toX, on to t + 1.
 */
export function conveyor(c: Ctx, y: number, fromX: number, stops: number[], toX: number, width: number, opR: number): Item[] {
  const items: Item[] = [lagArrow(`M 8 ${y} H ${fromX - 8}`), lagNote(8, y - 12 * c.k, 'from t − 1')];
  let x0 = fromX + c.cw + 6;
  for (const s of stops) {
    items.push(arrow(`M ${x0} ${y} H ${s - opR - 1}`, 'dv-conveyor'));
    x0 = s + opR + 1;
  }
  items.push(arrow(`M ${x0} ${y} H ${toX - 8}`, 'dv-conveyor'), lagArrow(`M ${toX + c.cw + 6} ${y} H ${width - 12}`, 'dv-conveyor'));
  items.push(lagNote(width - 12, y - 12 * c.k, 'to t + 1', 'end'));
  return items;
}

/** The smallest text among the items, in em of the drawing's font size. */
export function smallestTextEm(items: Item[]): number {
  let em = 1;
  for (const it of items) {
    if (it.kind === 'vector' && it.showNumbers) em = Math.min(em, CELL_NUM_EM);
    if (it.kind === 'note' && it.runs.some((r) => r.small)) em = Math.min(em, SMALL_RUN_EM);
  }
  return em;
}

/** The CSS width at which a drawing `width` SVG units wide, with text `fontSize` units and its smallest `em` of it, paints that text at LEGIBLE_PX. */
export const legibleWidth = (width: number, fontSize: number, em: number) => Math.ceil((width * LEGIBLE_PX) / (fontSize * em));

/** The layout's result: the first table row is always the input x_t. */
export function finish(c: Ctx, width: number, height: number, items: Item[], rows: TableRow[], summary: string): CellLayout {
  const fontSize = FONT_SIZE * c.k;
  return {
    width,
    height,
    fontSize,
    legibleWidth: legibleWidth(width, fontSize, smallestTextEm(items)),
    items,
    rows: [{ name: `x_${c.t}`, description: 'input', values: c.x }, ...rows],
    summary,
  };
}
