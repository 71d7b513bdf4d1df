/** The LSTM: the time-lagged cell-state conveyor above, the four gates fed by one bus below. Pure: see index.ts. */
import { fmtTuple } from '../../kit/format';
import { stateAliases, tOf } from '../../kit/link';
import { prevC, rowOr0 } from '../../kit/math';
import type { ColorMode } from '../../kit/parts';
import {
  sym,
  edge,
  arrow,
  lagArrow,
  note,
  lagNote,
  badge,
  context,
  vec,
  hCol,
  inputs,
  busBranch,
  curve,
  conveyor,
  finish,
  type CellLayout,
  type LayoutInput,
  type LayoutOptions,
  type Item,
  type VectorItem,
} from './shared';
import { symWidth } from './slideText';

/* ---------------------------------------------------------------- LSTM ------------- */

export function lstmLayout(inp: LayoutInput, opts: LayoutOptions = {}): CellLayout {
  const c = context(inp, opts);
  const { trace, step, t, u, cw, k, X } = c;
  const x = c.x;
  const hp = c.hp;
  const cp = prevC(trace, step, u);
  const cv = rowOr0(trace.c, step, u);
  const h = rowOr0(trace.h, step, u);
  const gate = (g: string) => rowOr0(trace.gates[g], step, u);
  const [fv, iv, gv, ov] = [gate('f'), gate('i'), gate('g'), gate('o')];
  const { H, Hx, Hv, seq, opR, lab } = c;

  // a slide (LayoutOptions.slide): the same drawing, compacted around its text (see below)
  const S = c.slide;
  const top = (S ? 44 : 48) * k;
  const yC = top + H / 2; // conveyor
  const yIG = top + H + 42 * k; // i ⊗ g and tanh(c) level
  const gateTop = top + H + (S ? 74 : 96) * k;
  const gateBot = gateTop + H;
  const badgeY = gateBot + (S ? 26 : 30) * k;
  const inTop = gateTop;
  const hpTop = inTop + Hx + (S ? 24 : 44);
  const concatTop = inTop;
  const busY = Math.max(badgeY + (S ? 34 : 40) * k, concatTop + Hv + 26, hpTop + H + (S ? 28 : 34) * k);
  const height = busY + (S ? 10 : 30);

  // on a slide the columns sit as close as their labels allow: f, i, g each with its label on the
  // right, o with its label above, and the margins hold the lag arrows only (a slide hides their notes)
  const g = c.labGap;
  const cpX = S ? 32 : X(96);
  const xX = cpX;
  const catX = S ? xX + cw + 36 : X(220);
  const fC = S ? catX + cw + 28 + cw / 2 : X(360); // gate centres
  const iC = S ? fC + cw + g : X(470);
  const gC = S ? iC + cw + g : X(590);
  const oC = S ? gC + cw + g : X(730);
  const plusX = S ? (iC + gC) / 2 : X(530);
  const cMid = S ? oC + cw / 2 + 6 + 22 + opR + 2 : X(820) + cw / 2;
  const cX = cMid - cw / 2; // c_t column left
  const oxX = cMid; // ⊗ for o · tanh c
  const oxY = gateTop + H / 2;
  const hX = S ? cMid + opR + 28 : cMid + X(70);
  const width = S ? Math.max(hX + cw + 32, cX + cw + 8 * k + symWidth(c.k * 15, 'c', String(tOf(inp.spec.inputs.length))) + 8) : hX + cw + X(96);

  const gateCol = (C: number, values: number[], key: 'f' | 'i' | 'g' | 'o', color: ColorMode, description: string): VectorItem =>
    vec(c, key, C - cw / 2, gateTop, values, {
      name: `${key}_${t}`,
      description,
      refs: [{ term: key, step }],
      color,
      labels: [
        key === 'o'
          ? S
            ? sym(C, gateTop - c.lab, key, t)
            : sym(C - cw / 2 - 8 * k, gateTop + H / 2 + 6 * k, key, t, 'end')
          : sym(C + cw / 2 + 8 * k, gateTop + H / 2 + 6 * k, key, t, 'start'),
      ],
    });

  const items: Item[] = [
    // the conveyor: c_{t-1} → ⊗ f → + (i ⊗ g) → c_t
    ...conveyor(c, yC, cpX, [fC, plusX], cX, width, opR),
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
    lagNote(width - 12, oxY - lab, 'to t + 1', 'end'),

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
    gateCol(gC, gv, 'g', c.state, 'candidate memory'),
    gateCol(oC, ov, 'o', seq, 'output gate'),
    hCol(c, hX, gateTop, sym(hX + cw / 2, gateTop - lab, 'h', t)),
  ];
  return finish(
    c,
    width,
    height,
    items,
    [
      { name: `h_${t - 1}`, description: 'previous hidden state', values: hp },
      { name: `c_${t - 1}`, description: 'previous cell state', values: cp },
      { name: `f_${t}`, description: 'forget gate', values: fv },
      { name: `i_${t}`, description: 'input gate', values: iv },
      { name: `g_${t}`, description: 'candidate', values: gv },
      { name: `o_${t}`, description: 'output gate', values: ov },
      { name: `c_${t}`, description: 'new cell state', values: cv },
      { name: `h_${t}`, description: 'new hidden state', values: h },
    ],
    `LSTM cell at t = ${t}. From the input x_${t} = ${fmtTuple(x)} and the previous state h_${t - 1} = ${fmtTuple(hp)} it computes the forget gate f_${t} = ${fmtTuple(fv)}, the input gate i_${t} = ${fmtTuple(iv)}, the candidate g_${t} = ${fmtTuple(gv)} and the output gate o_${t} = ${fmtTuple(ov)}. Along the time-lagged cell-state path, c_${t} = f_${t} ⊗ c_${t - 1} + i_${t} ⊗ g_${t}: from ${fmtTuple(cp)} to ${fmtTuple(cv)}. The new hidden state h_${t} = o_${t} ⊗ tanh c_${t} = ${fmtTuple(h)}.`,
  );
}
