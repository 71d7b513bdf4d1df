/**
 * The cell diagrams as data. For each cell kind a pure function from the dimensions and the trace
 * at step t to the items to draw — vectors, matrices, operator nodes, badges, boxes, edges and
 * notes, in drawing order — plus the rows of the values table and the sentence of the text
 * alternative. CellView only draws what these return; the tests check them without a DOM.
 *
 * The columns every cell shares (x_t, h_{t−1}, [x_t; h_{t−1}], h_t) are written once (shared.ts:
 * inputs() and the *Col helpers); restyling one is one edit there, and adding a cell kind is one
 * file and one entry in CELL_LAYOUTS.
 *
 * Text size: `fontSize` (default FONT_SIZE, today's diagram note size in SVG units) scales every
 * text in the drawing (CSS sizes are em of the SVG's font size), the label offsets, the cells and
 * the operator nodes, so a projector slide can ask for larger numbers without touching the view.
 */
import type { SimSpec } from '../../../engine/index';
import type { CellLayout, LayoutInput, LayoutOptions } from './shared';
import { rnnLayout } from './rnn';
import { lstmLayout } from './lstm';
import { gruLayout } from './gru';
import { biLayout } from './bi';

export { FONT_SIZE, curve, inputDim, sizing } from './shared';
export type { Anchor, CellLayout, Item, Label, LayoutInput, LayoutOptions, MatrixItem, NoteItem, Run, TableRow, VectorItem } from './shared';
export { rnnLayout, lstmLayout, gruLayout, biLayout };
export { MERGE_OP } from './bi';

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
