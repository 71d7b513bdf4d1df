/**
 * The cell diagrams as data. For each cell kind a pure function from the dimensions and the trace
 * at step t to the items to draw — vectors, matrices, operator nodes, badges, boxes, edges and
 * notes, in drawing order — plus the rows of the values table and the sentence of the text
 * alternative. CellView only draws what these return; the tests check them without a DOM.
 *
 * The columns every cell shares (x_t, h_{t−1}, [x_t; h_{t−1}], h_t) are written once (inputs()
 * and the *Col helpers); restyling one is one edit here, and adding a cell kind is one function
 * in CELL_LAYOUTS.
 *
 * Text size: `fontSize` (default FONT_SIZE, today's diagram note size in SVG units) scales every
 * text in the drawing (CSS sizes are em of the SVG's font size), the label offsets, the cells and
 * the operator nodes, so a projector slide can ask for larger numbers without touching the view.
 */
import type { SimSpec, Trace } from '../../engine/index';
import { fmtTuple } from '../kit/format';
import { stateAliases, tOf, type TermRef } from '../kit/link';
import { biasBlock, combinedW, concatInput, prevC, prevH, rowOr0, vanillaPreactivation, zeros } from '../kit/math';
import { badgeWidth, type ColorMode } from '../kit/parts';

/** Base text size of the diagrams, in SVG units (.dv-svg's font-size; the other texts are em of it). */
export const FONT_SIZE = 15;

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

export interface VectorItem {
  kind: 'vector';
  /** stable id for tests and keys, e.g. "x", "hprev", "f" */
  id: string;
  x: number;
  y: number;
  values: number[];
  cw: number;
  ch: number;
  color: ColorMode;
  showNumbers: boolean;
  /** plain-text name for aria-labels, e.g. "f_3" */
  name: string;
  description: string;
  refs?: TermRef[];
  cellNames?: string[];
  split?: number;
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
}

/* ---------------------------------------------------------------- shared ----------- */

export function inputDim(spec: SimSpec): number {
  return spec.inputs[0]?.length ?? spec.weights.kernel.length;
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

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
interface Ctx {
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
  div: ColorMode;
  wExt: number;
  x: number[];
  hp: number[];
  v: number[];
}

function context(inp: LayoutInput, opts: LayoutOptions): Ctx {
  const { spec, trace, step } = inp;
  const k = (opts.fontSize ?? FONT_SIZE) / FONT_SIZE;
  const u = spec.units;
  const nIn = inputDim(spec);
  const sz = sizing(u, spec.cell === 'rnn' ? nIn + u : nIn, k);
  return {
    spec,
    trace,
    step,
    t: tOf(step),
    u,
    nIn,
    k,
    X: (v: number) => (v * sz.cw) / 58,
    ...sz,
    div: { kind: 'diverging', extent: inp.ext },
    wExt: inp.wExt,
    x: spec.inputs[step] ?? zeros(nIn),
    hp: prevH(trace, step, u),
    v: concatInput(spec, trace, step),
  };
}

const sym = (x: number, y: number, base: string, sub?: string | number, anchor?: Anchor, prefix?: string): Label => ({
  kind: 'sym',
  x,
  y,
  base,
  sub,
  anchor,
  prefix,
});

const edge = (d: string, o: { arrow?: boolean; lag?: boolean; bridge?: boolean; className?: string } = { arrow: true }): Item => ({ kind: 'edge', d, ...o });
const arrow = (d: string, className?: string): Item => edge(d, className ? { arrow: true, className } : { arrow: true });
const lagArrow = (d: string, className?: string): Item => edge(d, className ? { arrow: true, lag: true, className } : { arrow: true, lag: true });
const note = (x: number, y: number, text: string, anchor?: Anchor, hidden?: boolean, strong?: boolean): NoteItem => ({
  kind: 'note',
  x,
  y,
  runs: [{ text }],
  className: strong ? 'dv-note dv-note-strong' : 'dv-note',
  anchor,
  hidden,
});

const badge = (c: Ctx, id: string, x: number, y: number, text: string, title?: string): Item => ({
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
function vec(
  c: Ctx,
  id: string,
  x: number,
  y: number,
  values: number[],
  o: { name: string; description: string; refs?: TermRef[]; color?: ColorMode; cellNames?: string[]; split?: number; labels: Label[] },
): VectorItem {
  return { kind: 'vector', id, x, y, values, cw: c.cw, ch: c.ch, color: o.color ?? c.div, showNumbers: c.showNumbers, ...o };
}

const dims = (n: number, prefix = 'dim') => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);
const xhNames = (c: Ctx) => [...dims(c.nIn, 'x dim'), ...dims(c.u, 'h unit')];

/** x_t. */
function xCol(c: Ctx, x: number, y: number, label: Label, description = 'input'): VectorItem {
  return vec(c, 'x', x, y, c.x, { name: `x_${c.t}`, description, refs: [{ term: 'x', step: c.step }], cellNames: dims(c.nIn), labels: [label] });
}

/** h_{t−1} (the zero initial state at the first step). */
function hPrevCol(c: Ctx, x: number, y: number, label: Label): VectorItem {
  return vec(c, 'hprev', x, y, c.hp, {
    name: `h_${c.t - 1}`,
    description: c.step === 0 ? 'previous hidden state (zero initial state)' : 'previous hidden state',
    refs: stateAliases('hprev', c.step),
    labels: [label],
  });
}

/** The lecture's [x_t; h_{t−1}], with the x | h divider. */
function concatCol(c: Ctx, x: number, y: number): VectorItem {
  return vec(c, 'xh', x, y, c.v, {
    name: `[x_${c.t}; h_${c.t - 1}]`,
    description: 'input and previous state stacked',
    split: c.nIn,
    cellNames: xhNames(c),
    labels: [{ kind: 'text', x: x + c.cw / 2, y: y - 12 * c.k, text: '[x; h]', className: 'dv-sym dv-sym-small', anchor: 'middle' }],
  });
}

/** h_t. */
function hCol(c: Ctx, x: number, y: number, label: Label): VectorItem {
  return vec(c, 'h', x, y, rowOr0(c.trace.h, c.step, c.u), {
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
function inputs(c: Ctx, o: { xX: number; xY: number; hpY: number; catX: number; catY: number }): Item[] {
  const { cw, k } = c;
  const Hx = c.nIn * c.ch;
  const H = c.u * c.ch;
  return [
    lagArrow(`M 8 ${o.hpY + H / 2} H ${o.xX - 8}`),
    note(8, o.hpY + H / 2 - 12 * k, 'from t − 1'),
    arrow(curve(o.xX + cw + 4, o.xY + Hx / 2, o.catX - 8, o.catY + Hx / 2)),
    arrow(curve(o.xX + cw + 4, o.hpY + H / 2, o.catX - 8, o.catY + Hx + H / 2)),
    xCol(c, o.xX, o.xY, sym(o.xX + cw / 2, o.xY - 12 * k, 'x', c.t)),
    hPrevCol(c, o.xX, o.hpY, sym(o.xX + cw / 2, o.hpY + H + 22 * k, 'h', c.t - 1)),
    concatCol(c, o.catX, o.catY),
  ];
}

/* ---------------------------------------------------------------- vanilla ---------- */

export function rnnLayout(inp: LayoutInput, opts: LayoutOptions = {}): CellLayout {
  const c = context(inp, opts);
  const { spec, trace, step, t, u, nIn, cw, ch, k, X } = c;
  const W = combinedW(spec.weights, u, 0);
  const b = biasBlock(spec.weights, u, 0);
  const a = vanillaPreactivation(spec, trace, step);
  const h = rowOr0(trace.h, step, u);
  const nV = nIn + u;
  const Hx = nIn * ch;
  const Hh = u * ch;
  const Hv = nV * ch;
  const gap = 44;
  const stackH = Hx + gap + Hh;
  const top = 62;
  const midY = top + Math.max(Hv, stackH) / 2;
  const xX = X(96);
  const xY = midY - stackH / 2;
  const hY = xY + Hx + gap;
  const cX = X(230);
  const cY = midY - Hv / 2;
  const mw = Math.round(X(clamp(Math.floor(190 / nV), 8, 34)));
  const wX = cX + cw + X(78);
  const wY = midY - Hh / 2;
  const wEnd = wX + nV * mw;
  const opR = 15 * k;
  const pX = wEnd + X(52);
  const bY = midY + 48 * k;
  const aX = pX + X(48);
  const tanhX = aX + cw + X(58);
  const hX = tanhX + X(48);
  const width = hX + cw + X(120);
  const height = Math.max(midY + Math.max(Hv, stackH) / 2, bY + Hh + 8) + 34 * k;
  const lab = 12 * k;

  const items: Item[] = [
    ...inputs(c, { xX, xY, hpY: hY, catX: cX, catY: cY }),
    arrow(`M ${cX + cw + 6} ${midY} H ${wX - 10}`),
    arrow(`M ${wEnd + 6} ${midY} H ${pX - opR - 2}`),
    arrow(`M ${pX} ${bY - 6} V ${midY + opR + 2}`),
    arrow(`M ${pX + opR} ${midY} H ${aX - 8}`),
    edge(`M ${aX + cw + 6} ${midY} H ${tanhX - 24 * k}`, {}),
    arrow(`M ${tanhX + 24 * k} ${midY} H ${hX - 8}`),
    lagArrow(`M ${hX + cw + 6} ${midY} H ${width - 12}`),
    note(width - 12, midY - 10 * k, 'to t + 1', 'end'),
    {
      kind: 'matrix',
      id: 'W',
      x: wX,
      y: wY,
      values: W,
      cw: mw,
      ch,
      extent: c.wExt,
      split: nIn,
      name: 'W',
      description: 'shared weights, one row per unit; columns for x then for h',
      refs: [{ term: 'W' }],
      rowNames: dims(u, 'unit'),
      colNames: xhNames(c),
      labels: [
        sym(wX + (nV * mw) / 2, wY - 30 * k, 'W'),
        { kind: 'text', x: wX + (nIn * mw) / 2, y: wY - 9 * k, text: 'x', className: 'dv-note', anchor: 'middle' },
        { kind: 'text', x: wX + nIn * mw + (u * mw) / 2, y: wY - 9 * k, text: 'h', className: 'dv-note', anchor: 'middle' },
      ],
    },
    { kind: 'op', id: 'plus', x: pX, y: midY, op: '+', r: opR, title: 'add the bias' },
    vec(c, 'b', pX - cw / 2, bY, b, {
      name: 'b',
      description: 'bias (part of the weights)',
      color: { kind: 'diverging', extent: c.wExt },
      labels: [sym(pX + cw / 2 + 10 * k, bY + Hh / 2 + 6 * k, 'b', undefined, 'start')],
    }),
    vec(c, 'a', aX, wY, a, { name: `a_${t}`, description: 'pre-activation W [x; h] + b', labels: [sym(aX + cw / 2, wY - lab, 'a', t)] }),
    badge(c, 'tanh', tanhX, midY, 'tanh'),
    hCol(c, hX, wY, sym(hX + cw / 2, wY - lab, 'h', t)),
  ];
  const x = c.x;
  const hp = c.hp;
  return {
    width,
    height,
    fontSize: FONT_SIZE * k,
    items,
    rows: [
      { name: `x_${t}`, description: 'input', values: x },
      { name: `h_${t - 1}`, description: 'previous state', values: hp },
      { name: 'b', description: 'bias', values: b },
      { name: `a_${t}`, description: 'pre-activation W[x;h]+b', values: a },
      { name: `h_${t}`, description: 'new state tanh(a)', values: h },
    ],
    summary: `Vanilla RNN cell at t = ${t}: the input x_${t} = ${fmtTuple(x)} and the previous state h_${t - 1} = ${fmtTuple(hp)} are stacked into one vector, multiplied by the shared weights W (${u} by ${nV}) and the bias added, giving the pre-activation a_${t} = ${fmtTuple(a)}; tanh squashes it into the new state h_${t} = ${fmtTuple(h)}.`,
  };
}

/* ---------------------------------------------------------------- gates ------------ */

/** The bus from [x; h] up into a gate: the activation badge, the arrow into the gate, the W label. */
function busBranch(c: Ctx, C: number, busY: number, badgeY: number, gateBot: number, act: string, wLabel: string, id: string): Item[] {
  const k = c.k;
  return [
    arrow(`M ${C} ${busY} V ${badgeY + 14 * k}`),
    badge(c, `act-${id}`, C, badgeY, act, act === 'σ' ? 'sigmoid: squashes to 0…1' : 'tanh: squashes to −1…1'),
    arrow(`M ${C} ${badgeY - 13 * k} V ${gateBot + 6}`),
    { ...note(C + 8 * k, busY - 8 * k, wLabel, undefined, true), refs: [{ term: 'W' }] },
  ];
}

/* ---------------------------------------------------------------- LSTM ------------- */

export function lstmLayout(inp: LayoutInput, opts: LayoutOptions = {}): CellLayout {
  const c = context(inp, opts);
  const { trace, step, t, u, nIn, cw, ch, k, X } = c;
  const x = c.x;
  const hp = c.hp;
  const cp = prevC(trace, step, u);
  const cv = rowOr0(trace.c, step, u);
  const h = rowOr0(trace.h, step, u);
  const gate = (g: string) => rowOr0(trace.gates[g], step, u);
  const [fv, iv, gv, ov] = [gate('f'), gate('i'), gate('g'), gate('o')];
  const H = u * ch;
  const Hx = nIn * ch;
  const Hv = (nIn + u) * ch;
  const seq: ColorMode = { kind: 'sequential' };
  const opR = 15 * k;
  const lab = 12 * k;

  const top = 48 * k;
  const yC = top + H / 2; // conveyor
  const yIG = top + H + 42 * k; // i ⊗ g and tanh(c) level
  const gateTop = top + H + 96 * k;
  const gateBot = gateTop + H;
  const badgeY = gateBot + 30 * k;
  const inTop = gateTop;
  const hpTop = inTop + Hx + 44;
  const concatTop = inTop;
  const busY = Math.max(badgeY + 40 * k, concatTop + Hv + 26, hpTop + H + 34 * k);
  const height = busY + 30;

  const cpX = X(96);
  const xX = X(96);
  const catX = X(220);
  const fC = X(360); // gate centres
  const iC = X(470);
  const gC = X(590);
  const oC = X(730);
  const plusX = X(530);
  const cX = X(820); // c_t column left
  const cMid = cX + cw / 2;
  const oxX = cMid; // ⊗ for o · tanh c
  const oxY = gateTop + H / 2;
  const hX = cMid + X(70);
  const width = hX + cw + X(96);

  const gateCol = (C: number, values: number[], key: 'f' | 'i' | 'g' | 'o', color: ColorMode, description: string): VectorItem =>
    vec(c, key, C - cw / 2, gateTop, values, {
      name: `${key}_${t}`,
      description,
      refs: [{ term: key, step }],
      color,
      labels: [
        key === 'o'
          ? sym(C - cw / 2 - 8 * k, gateTop + H / 2 + 6 * k, key, t, 'end')
          : sym(C + cw / 2 + 8 * k, gateTop + H / 2 + 6 * k, key, t, 'start'),
      ],
    });

  const items: Item[] = [
    // the conveyor: c_{t-1} → ⊗ f → + (i ⊗ g) → c_t
    lagArrow(`M 8 ${yC} H ${cpX - 8}`),
    note(8, yC - lab, 'from t − 1'),
    arrow(`M ${cpX + cw + 6} ${yC} H ${fC - opR - 1}`, 'dv-conveyor'),
    arrow(`M ${fC + opR + 1} ${yC} H ${plusX - opR - 1}`, 'dv-conveyor'),
    arrow(`M ${plusX + opR + 1} ${yC} H ${cX - 8}`, 'dv-conveyor'),
    lagArrow(`M ${cX + cw + 6} ${yC} H ${width - 12}`, 'dv-conveyor'),
    note(width - 12, yC - lab, 'to t + 1', 'end'),
    note((cpX + cw + fC) / 2, top - 16 * k, 'cell state (memory)', 'middle', false, true),
    { kind: 'op', id: 'times-f', x: fC, y: yC, op: '×', r: opR, title: 'f ⊗ c: keep what the forget gate lets through' },
    { kind: 'op', id: 'plus', x: plusX, y: yC, op: '+', r: opR, title: 'add the new memory' },
    // f up to the conveyor
    arrow(`M ${fC} ${gateTop - 6} V ${yC + opR + 2}`),
    // i and g into ⊗, then up to +
    arrow(curve(iC, gateTop - 6, plusX - opR - 1, yIG)),
    arrow(curve(gC, gateTop - 6, plusX + opR + 1, yIG)),
    { kind: 'op', id: 'times-ig', x: plusX, y: yIG, op: '×', r: opR, title: 'i ⊗ g: how much of the candidate to write' },
    arrow(`M ${plusX} ${yIG - opR} V ${yC + opR + 2}`),
    // c_t → tanh → ⊗ o → h_t
    edge(`M ${cMid} ${top + H + 6} V ${yIG - 13 * k}`, {}),
    badge(c, 'tanh-c', cMid, yIG, 'tanh'),
    arrow(`M ${cMid} ${yIG + 13 * k} V ${oxY - opR - 2}`),
    arrow(`M ${oC + cw / 2 + 6} ${oxY} H ${oxX - opR - 2}`),
    { kind: 'op', id: 'times-o', x: oxX, y: oxY, op: '×', r: opR, title: 'o ⊗ tanh c: what of the memory to show' },
    arrow(`M ${oxX + opR} ${oxY} H ${hX - 8}`),
    lagArrow(`M ${hX + cw + 6} ${oxY} H ${width - 12}`),
    note(width - 12, oxY - lab, 'to t + 1', 'end'),

    // inputs → [x; h] → bus → four gates
    ...inputs(c, { xX, xY: inTop, hpY: hpTop, catX, catY: concatTop }),
    edge(`M ${catX + cw + 4} ${concatTop + Hv / 2} H ${catX + cw + 24} V ${busY} H ${oC}`, {}),
    ...busBranch(c, fC, busY, badgeY, gateBot, 'σ', 'W_f', 'f'),
    ...busBranch(c, iC, busY, badgeY, gateBot, 'σ', 'W_i', 'i'),
    ...busBranch(c, gC, busY, badgeY, gateBot, 'tanh', 'W_g', 'g'),
    ...busBranch(c, oC, busY, badgeY, gateBot, 'σ', 'W_o', 'o'),

    vec(c, 'cprev', cpX, top, cp, {
      name: `c_${t - 1}`,
      description: step === 0 ? 'previous cell state (zero initial state)' : 'previous cell state',
      refs: stateAliases('cprev', step),
      labels: [sym(cpX + cw / 2, top + H + 24 * k, 'c', t - 1)],
    }),
    vec(c, 'c', cX, top, cv, {
      name: `c_${t}`,
      description: 'new cell state',
      refs: stateAliases('c', step),
      labels: [sym(cX + cw + 8 * k, top + 14 * k, 'c', t, 'start')],
    }),
    gateCol(fC, fv, 'f', seq, 'forget gate'),
    gateCol(iC, iv, 'i', seq, 'input gate'),
    gateCol(gC, gv, 'g', c.div, 'candidate memory'),
    gateCol(oC, ov, 'o', seq, 'output gate'),
    hCol(c, hX, gateTop, sym(hX + cw / 2, gateTop - lab, 'h', t)),
  ];
  return {
    width,
    height,
    fontSize: FONT_SIZE * k,
    items,
    rows: [
      { name: `x_${t}`, description: 'input', values: x },
      { name: `h_${t - 1}`, description: 'previous hidden state', values: hp },
      { name: `c_${t - 1}`, description: 'previous cell state', values: cp },
      { name: `f_${t}`, description: 'forget gate', values: fv },
      { name: `i_${t}`, description: 'input gate', values: iv },
      { name: `g_${t}`, description: 'candidate', values: gv },
      { name: `o_${t}`, description: 'output gate', values: ov },
      { name: `c_${t}`, description: 'new cell state', values: cv },
      { name: `h_${t}`, description: 'new hidden state', values: h },
    ],
    summary: `LSTM cell at t = ${t}. From the input x_${t} = ${fmtTuple(x)} and the previous state h_${t - 1} = ${fmtTuple(hp)} it computes the forget gate f_${t} = ${fmtTuple(fv)}, the input gate i_${t} = ${fmtTuple(iv)}, the candidate g_${t} = ${fmtTuple(gv)} and the output gate o_${t} = ${fmtTuple(ov)}. Along the time-lagged cell-state path, c_${t} = f_${t} ⊗ c_${t - 1} + i_${t} ⊗ g_${t}: from ${fmtTuple(cp)} to ${fmtTuple(cv)}. The new hidden state h_${t} = o_${t} ⊗ tanh c_${t} = ${fmtTuple(h)}.`,
  };
}

/* ---------------------------------------------------------------- GRU -------------- */

export function gruLayout(inp: LayoutInput, opts: LayoutOptions = {}): CellLayout {
  const c = context(inp, opts);
  const { trace, step, t, u, nIn, cw, ch, k, X } = c;
  const x = c.x;
  const hp = c.hp;
  const h = rowOr0(trace.h, step, u);
  const gate = (g: string) => rowOr0(trace.gates[g], step, u);
  const [zv, rv, hhv] = [gate('z'), gate('r'), gate('hh')];
  const H = u * ch;
  const Hx = nIn * ch;
  const Hv = (nIn + u) * ch;
  const seq: ColorMode = { kind: 'sequential' };
  const opR = 15 * k;
  const oneR = 17 * k;
  const lab = 12 * k;

  const top = 48 * k;
  const yC = top + H / 2;
  const yA = top + H + 34 * k; // 1 − z and ⊗ with h̃
  const yB = top + H + 80 * k; // r ⊗ h_{t-1} and its route
  const gateTop = top + H + 124 * k;
  const gateBot = gateTop + H;
  const badgeY = gateBot + 30 * k;
  const catTop = gateTop;
  const busY = Math.max(badgeY + 40 * k, catTop + Hv + 26);
  const xBusY = busY + 28 * k;
  const height = xBusY + 30;

  const hpX = X(96);
  const hpMid = hpX + cw / 2;
  const xX = X(96);
  const catX = X(230);
  const rC = X(360);
  const zC = X(480);
  const oneX = X(585);
  const hhC = X(700);
  const hX = X(830);
  const width = hX + cw + X(96);
  const branchX = X(190);
  const routeX = hhC - cw / 2 - X(36);

  const col = (C: number, values: number[], key: 'z' | 'r' | 'hh', color: ColorMode, description: string, base: string): VectorItem =>
    vec(c, key, C - cw / 2, gateTop, values, {
      name: `${key === 'hh' ? 'h̃' : key}_${t}`,
      description,
      refs: [{ term: key, step }],
      color,
      labels: [sym(C + cw / 2 + 8 * k, gateTop + H / 2 + 6 * k, base, t, 'start')],
    });

  const items: Item[] = [
    // the state path: h_{t-1} → ⊗ z → + → h_t
    lagArrow(`M 8 ${yC} H ${hpX - 8}`),
    note(8, yC - lab, 'from t − 1'),
    arrow(`M ${hpX + cw + 6} ${yC} H ${zC - opR - 1}`, 'dv-conveyor'),
    arrow(`M ${zC + opR + 1} ${yC} H ${hhC - opR - 1}`, 'dv-conveyor'),
    arrow(`M ${hhC + opR + 1} ${yC} H ${hX - 8}`, 'dv-conveyor'),
    lagArrow(`M ${hX + cw + 6} ${yC} H ${width - 12}`, 'dv-conveyor'),
    note(width - 12, yC - lab, 'to t + 1', 'end'),
    { kind: 'op', id: 'times-z', x: zC, y: yC, op: '×', r: opR, title: 'z ⊙ h_{t−1}: keep this much of the old state' },
    { kind: 'op', id: 'plus', x: hhC, y: yC, op: '+', r: opR, title: 'interpolate old state and candidate' },

    // z up to the state path, and 1 − z across to the candidate
    arrow(`M ${zC} ${gateTop - 6} V ${yC + opR + 2}`),
    arrow(`M ${zC} ${yA} H ${oneX - oneR}`),
    { kind: 'op', id: 'one-minus', x: oneX, y: yA, op: '1−', r: oneR, title: '1 − z' },
    arrow(`M ${oneX + oneR} ${yA} H ${hhC - opR - 2}`),
    { kind: 'op', id: 'times-hh', x: hhC, y: yA, op: '×', r: opR, title: '(1 − z) ⊙ h̃: take this much of the candidate' },
    arrow(`M ${hhC} ${gateTop - 6} V ${yA + opR + 2}`),
    arrow(`M ${hhC} ${yA - opR} V ${yC + opR + 2}`),

    // r ⊙ h_{t-1}, routed into the candidate's tanh (it passes over z's line)
    arrow(`M ${rC} ${yC} V ${yB - opR - 2}`),
    arrow(`M ${rC} ${gateTop - 6} V ${yB + opR + 2}`),
    { kind: 'op', id: 'times-r', x: rC, y: yB, op: '×', r: opR, title: 'r ⊙ h_{t−1}: the reset gate decides how much of the old state the candidate sees' },
    edge(`M ${rC + opR} ${yB} H ${routeX} V ${badgeY} H ${hhC - 32 * k}`, { arrow: true, bridge: true }),

    // inputs → [x; h] → r and z; x also into the candidate
    arrow(`M ${branchX} ${yC} V ${catTop + Hx + H / 2} H ${catX - 8}`),
    arrow(curve(xX + cw + 4, catTop + Hx / 2, catX - 8, catTop + Hx / 2)),
    edge(`M ${catX + cw + 4} ${catTop + Hv / 2} H ${catX + cw + 24} V ${busY} H ${zC}`, {}),
    arrow(`M ${xX + cw / 2} ${catTop + Hx + 6} V ${xBusY} H ${hhC} V ${badgeY + 14 * k}`),
    ...busBranch(c, rC, busY, badgeY, gateBot, 'σ', 'W_r', 'r'),
    ...busBranch(c, zC, busY, badgeY, gateBot, 'σ', 'W_z', 'z'),
    badge(c, 'act-hh', hhC, badgeY, 'tanh', 'tanh: squashes to −1…1'),
    arrow(`M ${hhC} ${badgeY - 13 * k} V ${gateBot + 6}`),
    { ...note(hhC + 8 * k, xBusY - 8 * k, 'W_h', undefined, true), refs: [{ term: 'W' }] },

    hPrevCol(c, hpX, top, sym(hpMid, top - lab, 'h', t - 1)),
    col(rC, rv, 'r', seq, 'reset gate', 'r'),
    col(zC, zv, 'z', seq, 'update gate', 'z'),
    col(hhC, hhv, 'hh', c.div, 'candidate state', 'h̃'),
    hCol(c, hX, top, sym(hX + cw / 2, top - lab, 'h', t)),
    xCol(c, xX, catTop, sym(xX - 8 * k, catTop + Hx / 2 + 6 * k, 'x', t, 'end')),
    concatCol(c, catX, catTop),
  ];
  return {
    width,
    height,
    fontSize: FONT_SIZE * k,
    items,
    rows: [
      { name: `x_${t}`, description: 'input', values: x },
      { name: `h_${t - 1}`, description: 'previous state', values: hp },
      { name: `z_${t}`, description: 'update gate', values: zv },
      { name: `r_${t}`, description: 'reset gate', values: rv },
      { name: `h̃_${t}`, description: 'candidate', values: hhv },
      { name: `h_${t}`, description: 'new state', values: h },
    ],
    summary: `GRU cell at t = ${t} (Keras convention). The update gate z_${t} = ${fmtTuple(zv)} and reset gate r_${t} = ${fmtTuple(rv)} are computed from x_${t} = ${fmtTuple(x)} and h_${t - 1} = ${fmtTuple(hp)}. The candidate h̃_${t} = tanh(W_h [x_${t}; r_${t} ⊙ h_${t - 1}] + b_h) = ${fmtTuple(hhv)}. The new state interpolates: h_${t} = z_${t} ⊙ h_${t - 1} + (1 − z_${t}) ⊙ h̃_${t} = ${fmtTuple(h)}.`,
  };
}

/* ---------------------------------------------------------------- bidirectional ---- */

export const MERGE_OP: Record<string, { op: string; text: string }> = {
  concat: { op: '[;]', text: 'concatenated: out_t = [→h_t ; ←h_t]' },
  sum: { op: '+', text: 'summed: out_t = →h_t + ←h_t' },
  ave: { op: '½+', text: 'averaged: out_t = (→h_t + ←h_t) / 2' },
  mul: { op: '×', text: 'multiplied element-wise: out_t = →h_t ⊙ ←h_t' },
};

/** Both chains at step t and how they merge; the cells themselves are boxes (their insides: the kind's own layout). */
export function biLayout(inp: LayoutInput, opts: LayoutOptions = {}): CellLayout {
  const c = context(inp, opts);
  const { spec, trace, step, t, u, nIn, cw, ch, k, X } = c;
  const T = spec.inputs.length;
  const merge = spec.merge ?? 'concat';
  const x = c.x;
  const hfPrev = c.hp;
  const hf = rowOr0(trace.h, step, u);
  const hb = rowOr0(trace.hBackward, step, u);
  const hbNext = step >= T - 1 ? zeros(u) : rowOr0(trace.hBackward, step + 1, u);
  const out = trace.outputs[step] ?? [];
  const H = u * ch;
  const Hx = nIn * ch;
  const Ho = out.length * ch;
  const kindName = spec.cell === 'rnn' ? 'RNN' : spec.cell.toUpperCase();
  const mR = 18 * k;

  const top = 92 * k;
  const yF = top + H / 2;
  const xTop = top + H + 70 * k;
  const yB = xTop + Hx + 70 * k + H / 2;
  const height = Math.max(yB + H / 2 + 72 * k, top + Ho + 60);
  const boxW = X(124);
  const boxH = Math.max(48 * k, Math.min(H + 10 * k, 80 * k));
  const fPrevX = X(90);
  const boxX = X(300); // centre
  const fX = X(470);
  const bX = fX;
  const bPrevX = fPrevX;
  const mX = X(640); // merge copies
  const mergeX = mX + cw + X(70);
  const mergeY = (yF + yB) / 2;
  const outX = mergeX + X(60);
  const width = outX + cw + X(80);
  const m = MERGE_OP[merge] ?? MERGE_OP.concat;
  const fwdRefs: TermRef[] = stateAliases('h', step);
  const bwdRefs: TermRef[] = [{ term: 'hb', step }];
  const above = (X: number, s = t) => sym(X + cw / 2, yF - H / 2 - 10 * k, 'h', s, undefined, '→');
  const below = (X: number, s = t) => sym(X + cw / 2, yB + H / 2 + 24 * k, 'h', s, undefined, '←');
  const chain = (y: number, label: string, from: number, to: number): NoteItem => ({
    kind: 'note',
    x: 8,
    y,
    className: 'dv-note dv-note-strong',
    runs: [{ text: `${label}: reads x` }, { text: from, dy: '0.3em', small: true }, { text: ' → x', dy: '-0.3em' }, { text: to, dy: '0.3em', small: true }],
  });
  const box = (y: number, dir: '→' | '←'): Item => ({
    kind: 'box',
    id: dir === '→' ? 'box-f' : 'box-b',
    x: boxX - boxW / 2,
    y: y - boxH / 2,
    w: boxW,
    h: boxH,
    text: dir === '→' ? `${kindName} →` : `← ${kindName}`,
    refs: dir === '→' ? fwdRefs : bwdRefs,
  });
  const col = (id: string, X: number, y: number, values: number[], name: string, description: string, refs: TermRef[], label: Label) =>
    vec(c, id, X, y, values, { name, description, refs, labels: [label] });

  const items: Item[] = [
    chain(yF - H / 2 - 46 * k, 'forward chain', 1, T),
    chain(yB + H / 2 + 58 * k, 'reverse chain', T, 1),
    // forward row
    lagArrow(`M 8 ${yF} H ${fPrevX - 8}`),
    arrow(`M ${fPrevX + cw + 6} ${yF} H ${boxX - boxW / 2 - 6}`),
    box(yF, '→'),
    arrow(`M ${boxX + boxW / 2} ${yF} H ${fX - 8}`),
    lagArrow(`M ${fX + cw + 6} ${yF} H ${mX - 24}`),
    note(fX + cw + 10, yF - 12 * k, 'to t + 1'),
    // reverse row, flowing right to left
    lagArrow(`M ${mX - 24} ${yB} H ${bX + cw + 8}`),
    note(fX + cw + 10, yB - 12 * k, 'from t + 1'),
    arrow(`M ${bX - 6} ${yB} H ${boxX + boxW / 2 + 6}`),
    box(yB, '←'),
    arrow(`M ${boxX - boxW / 2} ${yB} H ${bPrevX + cw + 8}`),
    lagArrow(`M ${bPrevX - 6} ${yB} H 10`),
    note(10, yB - 12 * k, 'to t − 1'),
    // x_t feeds both
    arrow(`M ${boxX} ${xTop - 6} V ${yF + boxH / 2 + 6}`),
    arrow(`M ${boxX} ${xTop + Hx + 6} V ${yB - boxH / 2 - 6}`),
    // merge
    arrow(curve(mX + cw + 6, yF, mergeX - mR, mergeY - 6)),
    arrow(curve(mX + cw + 6, yB, mergeX - mR, mergeY + 6)),
    { kind: 'op', id: 'merge', x: mergeX, y: mergeY, op: m.op, r: mR, title: `merge: ${m.text}` },
    arrow(`M ${mergeX + mR} ${mergeY} H ${outX - 8}`),
    note(mergeX, mergeY + 40 * k, merge, 'middle', false, true),

    xCol(c, boxX - cw / 2, xTop, sym(boxX + cw / 2 + 8 * k, xTop + Hx / 2 + 6 * k, 'x', t, 'start'), 'input (read by both chains)'),
    col('hprev', fPrevX, yF - H / 2, hfPrev, `→h_${t - 1}`, 'forward state from the previous step', stateAliases('hprev', step), above(fPrevX, t - 1)),
    col('h', fX, yF - H / 2, hf, `→h_${t}`, 'forward state', fwdRefs, above(fX)),
    col(
      'hbnext',
      bX,
      yB - H / 2,
      hbNext,
      `←h_${t + 1}`,
      step >= T - 1 ? 'reverse state from the next step (zero initial state)' : 'reverse state from the next step',
      [{ term: 'hb', step: step + 1 }],
      below(bX, t + 1),
    ),
    col('hb', bPrevX, yB - H / 2, hb, `←h_${t}`, 'reverse state', bwdRefs, below(bPrevX)),
    // copies of the two states at the merge
    col('h-merge', mX, yF - H / 2, hf, `→h_${t}`, 'forward state, into the merge', fwdRefs, above(mX)),
    col('hb-merge', mX, yB - H / 2, hb, `←h_${t}`, 'reverse state, into the merge', bwdRefs, below(mX)),
    vec(c, 'out', outX, mergeY - Ho / 2, out, {
      name: `out_${t}`,
      description: `merged output (${merge})`,
      refs: [{ term: 'out', step }],
      split: merge === 'concat' ? u : undefined,
      cellNames: out.map((_, i) => (merge === 'concat' ? (i < u ? `forward unit ${i + 1}` : `reverse unit ${i - u + 1}`) : `unit ${i + 1}`)),
      labels: [sym(outX + cw / 2, mergeY - Ho / 2 - 12 * k, 'out', t)],
    }),
  ];
  return {
    width,
    height,
    fontSize: FONT_SIZE * k,
    items,
    rows: [
      { name: `x_${t}`, description: 'input', values: x },
      { name: `→h_${t}`, description: 'forward state', values: hf },
      { name: `←h_${t}`, description: 'reverse state', values: hb },
      { name: `out_${t}`, description: `merged (${merge})`, values: out },
    ],
    summary: `Bidirectional ${kindName} at t = ${t}. The forward chain carries →h_${t - 1} = ${fmtTuple(hfPrev)} to →h_${t} = ${fmtTuple(hf)}; the reverse chain, which reads the sequence from the end, carries ←h_${t + 1} = ${fmtTuple(hbNext)} to ←h_${t} = ${fmtTuple(hb)}. Both read x_${t} = ${fmtTuple(x)}. The two states are ${m.text.replace(/_t/g, `_${t}`)} = ${fmtTuple(out)}.`,
  };
}

/** One layout function per cell kind: adding a kind is one entry here (and its function). */
export const CELL_LAYOUTS: Record<SimSpec['cell'], (inp: LayoutInput, opts?: LayoutOptions) => CellLayout> = {
  rnn: rnnLayout,
  lstm: lstmLayout,
  gru: gruLayout,
};

/** The diagram for a spec: the bidirectional overview, or the cell kind's own. */
export function cellLayout(inp: LayoutInput, opts: LayoutOptions = {}): CellLayout {
  return inp.spec.backward ? biLayout(inp, opts) : CELL_LAYOUTS[inp.spec.cell](inp, opts);
}

/** The inside of one forward cell (the bidirectional view's disclosure). */
export function innerLayout(inp: LayoutInput, opts: LayoutOptions = {}): CellLayout {
  return CELL_LAYOUTS[inp.spec.cell](inp, opts);
}
