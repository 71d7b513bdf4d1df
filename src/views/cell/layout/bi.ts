/** A bidirectional layer at step t: both chains as boxes, x_t feeding both, and the merge. Pure: see index.ts. */
import { fmtTuple } from '../../kit/format';
import { stateAliases, type TermRef } from '../../kit/link';
import { outputExtent, rowOr0, zeros } from '../../kit/math';
import {
  sym,
  arrow,
  lagArrow,
  note,
  lagNote,
  context,
  vec,
  xCol,
  curve,
  finish,
  type CellLayout,
  type LayoutInput,
  type LayoutOptions,
  type Item,
  type Label,
  type NoteItem,
} from './shared';
import { textEm } from './slideText';

/* ---------------------------------------------------------------- bidirectional ---- */

/** The width of a cell box's text ("LSTM →", bold at 17/15 em) on a slide, with room either side. */
const textWidthOfBox = (kindName: string, k: number) => textEm(`${kindName} →`) * 17 * k * 1.1 + 24 * k;

export const MERGE_OP: Record<string, { op: string; text: string }> = {
  concat: { op: '[;]', text: 'concatenated: out_t = [→h_t ; ←h_t]' },
  sum: { op: '+', text: 'summed: out_t = →h_t + ←h_t' },
  ave: { op: '½+', text: 'averaged: out_t = (→h_t + ←h_t) / 2' },
  mul: { op: '×', text: 'multiplied element-wise: out_t = →h_t ⊗ ←h_t' },
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

  // a slide (LayoutOptions.slide): the rows as close as the arrows between them allow, the columns
  // as close as their arrows allow, margins for the lag arrows only
  const S = c.slide;
  const top = (S ? 52 : 92) * k;
  const yF = top + H / 2;
  const gapY = (S ? 34 : 70) * k;
  const xTop = top + H + gapY;
  const yB = xTop + Hx + gapY + H / 2;
  const below = S ? 50 : 72; // the reverse chain's labels and its note under it
  const height = Math.max(yB + H / 2 + below * k, top + Ho + 60);
  const boxW = S ? 8 + textWidthOfBox(kindName, k) : X(124);
  const boxH = Math.max(48 * k, Math.min(H + 10 * k, 80 * k));
  const fPrevX = S ? 40 : X(90);
  const boxX = S ? fPrevX + cw + 40 + boxW / 2 : X(300); // centre
  const fX = S ? boxX + boxW / 2 + 40 : X(470);
  const bX = fX;
  const bPrevX = fPrevX;
  const mX = S ? fX + cw + 70 : X(640); // merge copies
  const mergeX = mX + cw + (S ? 60 : X(70));
  const mergeY = (yF + yB) / 2;
  // the merge's name under its node clears the output column
  const outX = mergeX + (S ? Math.max(mR + 30, (textEm(merge) * 15 * k * 1.1) / 2 + 12) : X(60));
  const width = outX + cw + (S ? 30 : X(80));
  const m = MERGE_OP[merge] ?? MERGE_OP.concat;
  const fwdRefs: TermRef[] = stateAliases('h', step);
  const bwdRefs: TermRef[] = [{ term: 'hb', step }];
  const above = (X: number, s = t) => sym(X + cw / 2, yF - H / 2 - 10 * k, 'h', s, undefined, '→');
  const belowSym = (X: number, s = t) => sym(X + cw / 2, yB + H / 2 + 24 * k, 'h', s, undefined, '←');
  const chain = (y: number, label: string, from: number, to: number): NoteItem => ({
    kind: 'note',
    x: 8,
    y,
    className: 'dv-note dv-note-strong',
    runs: [
      { text: `${label}: reads x` },
      // (on a slide the indices keep the note's size: at 0.75 em they painted under the slide's minimum)
      { text: from, dy: '0.3em', small: !S },
      { text: ' → x', dy: '-0.3em' },
      { text: to, dy: '0.3em', small: !S },
    ],
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
    vec(c, id, X, y, values, { name, description, refs, labels: [label], color: c.state });

  const items: Item[] = [
    chain(yF - H / 2 - (S ? 36 : 46) * k, 'forward chain', 1, T),
    chain(yB + H / 2 + (S ? 42 : 58) * k, 'reverse chain', T, 1),
    // forward row
    lagArrow(`M 8 ${yF} H ${fPrevX - 8}`),
    arrow(`M ${fPrevX + cw + 6} ${yF} H ${boxX - boxW / 2 - 6}`),
    box(yF, '→'),
    arrow(`M ${boxX + boxW / 2} ${yF} H ${fX - 8}`),
    lagArrow(`M ${fX + cw + 6} ${yF} H ${mX - 24}`),
    lagNote(fX + cw + 10, yF - 12 * k, 'to t + 1'),
    // reverse row, flowing right to left
    lagArrow(`M ${mX - 24} ${yB} H ${bX + cw + 8}`),
    lagNote(fX + cw + 10, yB - 12 * k, 'from t + 1'),
    arrow(`M ${bX - 6} ${yB} H ${boxX + boxW / 2 + 6}`),
    box(yB, '←'),
    arrow(`M ${boxX - boxW / 2} ${yB} H ${bPrevX + cw + 8}`),
    lagArrow(`M ${bPrevX - 6} ${yB} H 10`),
    lagNote(10, yB - 12 * k, 'to t − 1'),
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
    col(
      'hprev',
      fPrevX,
      yF - H / 2,
      hfPrev,
      `→h_${t - 1}`,
      'forward state from the previous step',
      stateAliases('hprev', step),
      above(fPrevX, t - 1),
    ),
    col('h', fX, yF - H / 2, hf, `→h_${t}`, 'forward state', fwdRefs, above(fX)),
    col(
      'hbnext',
      bX,
      yB - H / 2,
      hbNext,
      `←h_${t + 1}`,
      step >= T - 1 ? 'reverse state from the next step (zero initial state)' : 'reverse state from the next step',
      [{ term: 'hb', step: step + 1 }],
      belowSym(bX, t + 1),
    ),
    col('hb', bPrevX, yB - H / 2, hb, `←h_${t}`, 'reverse state', bwdRefs, belowSym(bPrevX)),
    // copies of the two states at the merge
    col('h-merge', mX, yF - H / 2, hf, `→h_${t}`, 'forward state, into the merge', fwdRefs, above(mX)),
    col('hb-merge', mX, yB - H / 2, hb, `←h_${t}`, 'reverse state, into the merge', bwdRefs, belowSym(mX)),
    vec(c, 'out', outX, mergeY - Ho / 2, out, {
      color: { kind: 'diverging', extent: outputExtent(spec) },
      name: `out_${t}`,
      description: `merged output (${merge})`,
      refs: [{ term: 'out', step }],
      split: merge === 'concat' ? u : undefined,
      cellNames: out.map((_, i) => (merge === 'concat' ? (i < u ? `forward unit ${i + 1}` : `reverse unit ${i - u + 1}`) : `unit ${i + 1}`)),
      labels: [sym(outX + cw / 2, mergeY - Ho / 2 - 12 * k, 'out', t)],
    }),
  ];
  return finish(
    c,
    width,
    height,
    items,
    [
      { name: `→h_${t}`, description: 'forward state', values: hf },
      { name: `←h_${t}`, description: 'reverse state', values: hb },
      { name: `out_${t}`, description: `merged (${merge})`, values: out },
    ],
    `Bidirectional ${kindName} at t = ${t}. The forward chain carries →h_${t - 1} = ${fmtTuple(hfPrev)} to →h_${t} = ${fmtTuple(hf)}; the reverse chain, which reads the sequence from the end, carries ←h_${t + 1} = ${fmtTuple(hbNext)} to ←h_${t} = ${fmtTuple(hb)}. Both read x_${t} = ${fmtTuple(x)}. The two states are ${m.text.replace(/_t/g, `_${t}`)} = ${fmtTuple(out)}.`,
  );
}
