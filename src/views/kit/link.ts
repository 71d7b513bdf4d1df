/**
 * The one hover/link channel of the views (like llm-viz's single hover target): a Highlight
 * {term, t} held by the simulator store. Every element that stands for a term carries data-term
 * (and data-step); hovering or focusing it sets the highlight, and every view — the diagrams, the
 * equation panel, the tables — outlines its elements whose term references match it.
 */
import type { Highlight, TermId } from '../types';

export const TERM_IDS: readonly TermId[] = [
  'x',
  'h',
  'hprev',
  'W',
  'y',
  'C',
  'GT',
  'f',
  'i',
  'o',
  'g',
  'c',
  'cprev',
  'z',
  'r',
  'hh',
  'hb',
  'out',
  'dCdy',
  'dydh',
  'jac',
  'dCdh',
];

const TERM_SET = new Set<string>(TERM_IDS);

export function isTermId(s: unknown): s is TermId {
  return typeof s === 'string' && TERM_SET.has(s);
}

/** Plain-text symbol (t stands for the step) and a short name, for labels and aria text. */
export const TERM_INFO: Record<TermId, { symbol: string; name: string; tex: string }> = {
  x: { symbol: 'x_t', name: 'input', tex: 'x_t' },
  h: { symbol: 'h_t', name: 'hidden state', tex: 'h_t' },
  hprev: { symbol: 'h_{t−1}', name: 'previous hidden state', tex: 'h_{t-1}' },
  W: { symbol: 'W', name: 'weights', tex: 'W' },
  y: { symbol: 'y_t', name: 'output', tex: 'y_t' },
  C: { symbol: 'C_t', name: 'loss', tex: 'C_t' },
  GT: { symbol: 'GT_t', name: 'ground truth (target)', tex: '\\text{GT}_t' },
  f: { symbol: 'f_t', name: 'forget gate', tex: 'f_t' },
  i: { symbol: 'i_t', name: 'input gate', tex: 'i_t' },
  o: { symbol: 'o_t', name: 'output gate', tex: 'o_t' },
  g: { symbol: 'g_t', name: 'candidate memory', tex: 'g_t' },
  c: { symbol: 'c_t', name: 'cell state', tex: 'c_t' },
  cprev: { symbol: 'c_{t−1}', name: 'previous cell state', tex: 'c_{t-1}' },
  z: { symbol: 'z_t', name: 'update gate', tex: 'z_t' },
  r: { symbol: 'r_t', name: 'reset gate', tex: 'r_t' },
  hh: { symbol: 'h̃_t', name: 'candidate state', tex: '\\tilde h_t' },
  hb: { symbol: '←h_t', name: 'backward-direction state', tex: '\\overleftarrow{h}_t' },
  out: { symbol: 'out_t', name: 'merged output', tex: '\\text{out}_t' },
  dCdy: { symbol: '∂C_t/∂y_t', name: 'loss gradient at the output', tex: '\\frac{\\partial C_t}{\\partial y_t}' },
  dydh: { symbol: '∂y_t/∂h_t', name: 'readout Jacobian', tex: '\\frac{\\partial y_t}{\\partial h_t}' },
  jac: { symbol: '∂h_t/∂h_{t−1}', name: 'one step of the chain (recurrent Jacobian)', tex: '\\frac{\\partial h_t}{\\partial h_{t-1}}' },
  dCdh: { symbol: '∂C_t/∂h_k', name: 'gradient reaching a hidden state', tex: '\\frac{\\partial C_t}{\\partial h_k}' },
};

/** A (term, step) pair an element stands for. `step` undefined = "any step" (a generic symbol). */
export interface TermRef {
  term: TermId;
  step?: number;
}

/**
 * Whether an element standing for any of `refs` should light up for highlight `hl`. Steps match when
 * either side leaves the step open.
 */
export function matchesHighlight(hl: Highlight | null | undefined, refs: TermRef | TermRef[]): boolean {
  if (!hl) return false;
  const list = Array.isArray(refs) ? refs : [refs];
  return list.some((r) => r.term === hl.term && (hl.t === undefined || r.step === undefined || r.step === hl.t));
}

/**
 * The other names a state vector goes by: h at step t−1 is the h_{t−1} of step t, and likewise c.
 * `primary` first, so it is the one an element reports when hovered.
 */
export function stateAliases(term: TermId, step: number): TermRef[] {
  const refs: TermRef[] = [{ term, step }];
  if (term === 'hprev') refs.push({ term: 'h', step: step - 1 });
  if (term === 'h') refs.push({ term: 'hprev', step: step + 1 });
  if (term === 'cprev') refs.push({ term: 'c', step: step - 1 });
  if (term === 'c') refs.push({ term: 'cprev', step: step + 1 });
  return refs;
}

/** Shows the exact value of the element under the pointer or focus (see tooltip.tsx). */
export interface TipApi {
  show: (el: Element, text: string) => void;
  hide: () => void;
}

/** What every drawn element needs from its view: the link channel and the tooltip. */
export interface DrawCtx {
  highlight: Highlight | null;
  setHighlight: (h: Highlight | null) => void;
  tip: TipApi;
}

/** Sets the highlight to a term reference (no-op for elements that are not a term). */
export function highlightRef(ctx: Pick<DrawCtx, 'setHighlight'>, ref: TermRef | undefined) {
  if (ref) ctx.setHighlight(ref.step === undefined ? { term: ref.term } : { term: ref.term, t: ref.step });
}

/**
 * Pointer and focus handlers of an element that stands for `ref`: entering sets the highlight (and
 * shows `tip`, when given), leaving clears both. `focus: false` leaves focus handling to the caller.
 */
export function linkHandlers(ctx: DrawCtx, ref: TermRef | undefined, tip?: string | (() => string), focus = true) {
  const text = () => (typeof tip === 'function' ? tip() : tip);
  const enter = (el: Element) => {
    highlightRef(ctx, ref);
    const s = text();
    if (s !== undefined) ctx.tip.show(el, s);
  };
  const leave = () => {
    ctx.setHighlight(null);
    if (tip !== undefined) ctx.tip.hide();
  };
  const pointer = {
    onMouseEnter: (e: { currentTarget: Element }) => enter(e.currentTarget),
    onMouseLeave: leave,
  };
  return focus ? { ...pointer, onFocus: (e: { currentTarget: Element }) => enter(e.currentTarget), onBlur: leave } : pointer;
}

/** Joins class names, dropping the false ones. */
export function cx(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(' ');
}

/** Display t (1-based) for a 0-based step. */
export const tOf = (step: number) => step + 1;
