/** The vanilla tanh cell: [x; h] times W, plus b, through tanh. Pure: see index.ts. */
import { fmtTuple } from '../../kit/format';
import { biasBlock, combinedW, rowOr0, vanillaPreactivation } from '../../kit/math';
import {
  clamp,
  sym,
  edge,
  arrow,
  lagArrow,
  lagNote,
  badge,
  dims,
  xhNames,
  context,
  vec,
  hCol,
  inputs,
  finish,
  type CellLayout,
  type LayoutInput,
  type LayoutOptions,
  type Item,
} from './shared';

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
    lagNote(width - 12, midY - 10 * k, 'to t + 1', 'end'),
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
  return finish(
    c,
    width,
    height,
    items,
    [
      { name: `h_${t - 1}`, description: 'previous state', values: hp },
      { name: 'b', description: 'bias', values: b },
      { name: `a_${t}`, description: 'pre-activation W[x;h]+b', values: a },
      { name: `h_${t}`, description: 'new state tanh(a)', values: h },
    ],
    `Vanilla RNN cell at t = ${t}: the input x_${t} = ${fmtTuple(x)} and the previous state h_${t - 1} = ${fmtTuple(hp)} are stacked into one vector, multiplied by the shared weights W (${u} by ${nV}) and the bias added, giving the pre-activation a_${t} = ${fmtTuple(a)}; tanh squashes it into the new state h_${t} = ${fmtTuple(h)}.`,
  );
}
