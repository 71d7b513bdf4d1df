/** The GRU (Keras convention): the state path with z and 1 − z, r ⊗ h_{t−1} routed into the candidate. Pure: see index.ts. */
import { fmtTuple } from '../../kit/format';
import { rowOr0 } from '../../kit/math';
import type { ColorMode } from '../../kit/parts';
import {
  sym,
  edge,
  arrow,
  note,
  conveyor,
  badge,
  context,
  vec,
  xCol,
  hPrevCol,
  concatCol,
  hCol,
  busBranch,
  curve,
  finish,
  type CellLayout,
  type LayoutInput,
  type LayoutOptions,
  type Item,
  type VectorItem,
} from './shared';
import { symWidth } from './slideText';

/* ---------------------------------------------------------------- GRU -------------- */

export function gruLayout(inp: LayoutInput, opts: LayoutOptions = {}): CellLayout {
  const c = context(inp, opts);
  const { trace, step, t, u, cw, k, X } = c;
  const x = c.x;
  const hp = c.hp;
  const h = rowOr0(trace.h, step, u);
  const gate = (g: string) => rowOr0(trace.gates[g], step, u);
  const [zv, rv, hhv] = [gate('z'), gate('r'), gate('hh')];
  const { H, Hx, Hv, seq, opR, lab } = c;
  const oneR = 17 * k;

  // a slide (LayoutOptions.slide): the same drawing, compacted around its text: the rows as close
  // as their nodes allow, the columns as close as their labels allow, margins for the lag arrows only
  const S = c.slide;
  const top = (S ? 30 : 48) * k;
  const yC = top + H / 2;
  const yA = top + H + (S ? 20 : 34) * k; // 1 − z and ⊗ with h̃
  // (on a slide the route under the 1 − z node only clears it)
  const yB = yA + (S ? 25 : 46) * k; // r ⊗ h_{t-1} and its route
  const gateTop = yB + (S ? 30 : 44) * k;
  const gateBot = gateTop + H;
  const badgeY = gateBot + (S ? 24 : 30) * k;
  const catTop = gateTop;
  const busY = Math.max(badgeY + (S ? 34 : 40) * k, catTop + Hv + 26);
  const xBusY = busY + (S ? 20 : 28) * k;
  const height = xBusY + (S ? 4 : 30);

  const g = c.labGap;
  const xX = S ? 8 * k + symWidth(c.k * 15, 'x', String(inp.spec.inputs.length)) + 8 : X(96);
  const hpX = xX;
  const hpMid = hpX + cw / 2;
  const branchX = S ? xX + cw + 16 : X(190);
  const catX = S ? branchX + 30 : X(230);
  const rC = S ? catX + cw + 30 + cw / 2 : X(360);
  const zC = S ? rC + cw + g : X(480);
  const hhC = S ? zC + cw + g + 24 : X(700);
  const oneX = S ? (zC + hhC) / 2 : X(585);
  const hX = S ? hhC + opR + 40 : X(830);
  const width = S ? Math.max(hX + cw + 36, hhC + cw / 2 + g + 8) : hX + cw + X(96);
  const routeX = hhC - cw / 2 - (S ? 12 : X(36));

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
    ...conveyor(c, yC, hpX, [zC, hhC], hX, width, opR),
    { kind: 'op', id: 'times-z', x: zC, y: yC, op: '×', r: opR, title: 'z ⊗ h_{t−1}: keep this much of the old state' },
    { kind: 'op', id: 'plus', x: hhC, y: yC, op: '+', r: opR, title: 'interpolate old state and candidate' },

    // z up to the state path, and 1 − z across to the candidate
    arrow(`M ${zC} ${gateTop - 6} V ${yC + opR + 2}`),
    arrow(`M ${zC} ${yA} H ${oneX - oneR}`),
    { kind: 'op', id: 'one-minus', x: oneX, y: yA, op: '1−', r: oneR, title: '1 − z' },
    arrow(`M ${oneX + oneR} ${yA} H ${hhC - opR - 2}`),
    { kind: 'op', id: 'times-hh', x: hhC, y: yA, op: '×', r: opR, title: '(1 − z) ⊗ h̃: take this much of the candidate' },
    arrow(`M ${hhC} ${gateTop - 6} V ${yA + opR + 2}`),
    arrow(`M ${hhC} ${yA - opR} V ${yC + opR + 2}`),

    // r ⊗ h_{t-1}, routed into the candidate's tanh (it passes over z's line)
    arrow(`M ${rC} ${yC} V ${yB - opR - 2}`),
    arrow(`M ${rC} ${gateTop - 6} V ${yB + opR + 2}`),
    {
      kind: 'op',
      id: 'times-r',
      x: rC,
      y: yB,
      op: '×',
      r: opR,
      title: 'r ⊗ h_{t−1}: the reset gate decides how much of the old state the candidate sees',
    },
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
    col(hhC, hhv, 'hh', c.state, 'candidate state', 'h̃'),
    hCol(c, hX, top, sym(hX + cw / 2, top - lab, 'h', t)),
    xCol(c, xX, catTop, sym(xX - 8 * k, catTop + Hx / 2 + 6 * k, 'x', t, 'end')),
    concatCol(c, catX, catTop),
  ];
  return finish(
    c,
    width,
    height,
    items,
    [
      { name: `h_${t - 1}`, description: 'previous state', values: hp },
      { name: `z_${t}`, description: 'update gate', values: zv },
      { name: `r_${t}`, description: 'reset gate', values: rv },
      { name: `h̃_${t}`, description: 'candidate', values: hhv },
      { name: `h_${t}`, description: 'new state', values: h },
    ],
    `GRU cell at t = ${t} (Keras convention). The update gate z_${t} = ${fmtTuple(zv)} and reset gate r_${t} = ${fmtTuple(rv)} are computed from x_${t} = ${fmtTuple(x)} and h_${t - 1} = ${fmtTuple(hp)}. The candidate h̃_${t} = tanh(W_h [x_${t}; r_${t} ⊗ h_${t - 1}] + b_h) = ${fmtTuple(hhv)}. The new state interpolates: h_${t} = z_${t} ⊗ h_${t - 1} + (1 − z_${t}) ⊗ h̃_${t} = ${fmtTuple(h)}.`,
  );
}
