/**
 * "Inside the cell at step t": the vanilla tanh cell, the LSTM (with its time-lagged cell-state
 * conveyor), the GRU (Keras convention) and, for bidirectional layers, both chains at step t and
 * how they merge. Pure playback of the trace at props.step.
 */
import { useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { useScrollCue } from '../useScrollCue';
import type { SimSpec, Trace } from '../../engine/index';
import { formatValue, fmtTuple } from '../kit/format';
import type { ViewProps } from '../types';
import '../detail-views.css';
import {
  biasBlock,
  combinedW,
  concatInput,
  maxAbs,
  niceExtent,
  sharedValueExtent,
  prevC,
  prevH,
  rowOr0,
  vanillaPreactivation,
  zeros,
} from '../kit/math';
import { cx, highlightRef, linkHandlers, matchesHighlight, stateAliases, tOf, type DrawCtx, type TermRef } from '../kit/link';
import { ArrowDefs, Badge, Edge, MatrixHeat, OpNode, Sym, VectorColumn, type ColorMode } from '../kit/parts';
import { DivergingLegend, LagLegend, SequentialLegend } from '../kit/legend';
import { useTooltip } from '../kit/tooltip';
import { ValuesTable } from '../kit/table';

/* ---------------------------------------------------------------- sizing ----------- */

interface Sizing {
  cw: number;
  ch: number;
  showNumbers: boolean;
}

function sizing(units: number, inputs: number): Sizing {
  const ch = Math.max(7, Math.min(30, Math.floor(160 / Math.max(1, units, inputs))));
  return { cw: 58, ch, showNumbers: ch >= 19 };
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/** A smooth horizontal-first connection. */
function curve(x1: number, y1: number, x2: number, y2: number): string {
  if (Math.abs(y1 - y2) < 0.5) return `M ${x1} ${y1} H ${x2}`;
  const mx = (x1 + x2) / 2;
  return `M ${x1} ${y1} C ${mx} ${y1}, ${mx} ${y2}, ${x2} ${y2}`;
}

function inputDim(spec: SimSpec): number {
  return spec.inputs[0]?.length ?? spec.weights.kernel.length;
}

/** Everything a layout needs. */
interface LayoutProps {
  p: ViewProps;
  ctx: DrawCtx;
  arrow: string;
  ext: number;
  wExt: number;
  sz: Sizing;
}

interface Drawn {
  width: number;
  height: number;
  body: ReactNode;
  /** rows for the text alternative */
  rows: { name: string; description: string; values: number[] }[];
  summary: string;
}

const vals = fmtTuple;

/* ---------------------------------------------------------------- vanilla ---------- */

function drawRnn({ p, ctx, arrow, ext, wExt, sz }: LayoutProps): Drawn {
  const { spec, trace, step } = p;
  const u = spec.units;
  const nIn = inputDim(spec);
  const t = tOf(step);
  const { cw, ch, showNumbers } = sz;
  const x = spec.inputs[step] ?? zeros(nIn);
  const hp = prevH(trace, step, u);
  const v = concatInput(spec, trace, step);
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
  const xX = 96;
  const xY = midY - stackH / 2;
  const hY = xY + Hx + gap;
  const cX = 230;
  const cY = midY - Hv / 2;
  const mw = clamp(Math.floor(190 / nV), 8, 34);
  const wX = cX + cw + 78;
  const wY = midY - Hh / 2;
  const wEnd = wX + nV * mw;
  const pX = wEnd + 52;
  const bY = midY + 48;
  const aX = pX + 48;
  const tanhX = aX + cw + 58;
  const hX = tanhX + 48;
  const width = hX + cw + 120;
  const height = Math.max(midY + Math.max(Hv, stackH) / 2, bY + Hh + 8) + 34;
  const c = ctx;
  const div: ColorMode = { kind: 'diverging', extent: ext };

  const body = (
    <>
      {/* time-lagged input and output */}
      <Edge d={`M 8 ${hY + Hh / 2} H ${xX - 8}`} arrow={arrow} lag />
      <text className="dv-note" x={8} y={hY + Hh / 2 - 10}>
        from t − 1
      </text>
      <Edge d={curve(xX + cw + 4, xY + Hx / 2, cX - 8, cY + Hx / 2)} arrow={arrow} />
      <Edge d={curve(xX + cw + 4, hY + Hh / 2, cX - 8, cY + Hx + Hh / 2)} arrow={arrow} />
      <Edge d={`M ${cX + cw + 6} ${midY} H ${wX - 10}`} arrow={arrow} />
      <Edge d={`M ${wEnd + 6} ${midY} H ${pX - 17}`} arrow={arrow} />
      <Edge d={`M ${pX} ${bY - 6} V ${midY + 17}`} arrow={arrow} />
      <Edge d={`M ${pX + 15} ${midY} H ${aX - 8}`} arrow={arrow} />
      <Edge d={`M ${aX + cw + 6} ${midY} H ${tanhX - 24}`} />
      <Edge d={`M ${tanhX + 24} ${midY} H ${hX - 8}`} arrow={arrow} />
      <Edge d={`M ${hX + cw + 6} ${midY} H ${width - 12}`} arrow={arrow} lag />
      <text className="dv-note" x={width - 12} y={midY - 10} textAnchor="end">
        to t + 1
      </text>

      <VectorColumn
        ctx={c} x={xX} y={xY} values={x} cw={cw} ch={ch} color={div} showNumbers={showNumbers}
        name={`x_${t}`} description="input" refs={[{ term: 'x', step }]} cellName={(i) => `dim ${i + 1}`}
        label={<Sym x={xX + cw / 2} y={xY - 12} base="x" sub={t} />}
      />
      <VectorColumn
        ctx={c} x={xX} y={hY} values={hp} cw={cw} ch={ch} color={div} showNumbers={showNumbers}
        name={`h_${t - 1}`} description={step === 0 ? 'previous hidden state (the zero initial state)' : 'previous hidden state'}
        refs={stateAliases('hprev', step)}
        label={<Sym x={xX + cw / 2} y={hY + Hh + 22} base="h" sub={t - 1} />}
      />
      <VectorColumn
        ctx={c} x={cX} y={cY} values={v} cw={cw} ch={ch} color={div} showNumbers={showNumbers} split={nIn}
        name={`[x_${t}; h_${t - 1}]`} description="the input and the previous state stacked into one vector"
        cellName={(i) => (i < nIn ? `x dim ${i + 1}` : `h unit ${i - nIn + 1}`)}
        label={
          <text className="dv-sym dv-sym-small" x={cX + cw / 2} y={cY - 12} textAnchor="middle" aria-hidden="true">
            [x; h]
          </text>
        }
      />
      <MatrixHeat
        ctx={c} x={wX} y={wY} values={W} cw={mw} ch={ch} extent={wExt} split={nIn}
        name="W" description="shared weights, one row per unit; columns for x then for h"
        refs={[{ term: 'W' }]}
        rowName={(j) => `unit ${j + 1}`}
        colName={(i) => (i < nIn ? `x dim ${i + 1}` : `h unit ${i - nIn + 1}`)}
        label={
          <>
            <Sym x={wX + (nV * mw) / 2} y={wY - 30} base="W" />
            <text className="dv-note" x={wX + (nIn * mw) / 2} y={wY - 9} textAnchor="middle" aria-hidden="true">x</text>
            <text className="dv-note" x={wX + nIn * mw + (u * mw) / 2} y={wY - 9} textAnchor="middle" aria-hidden="true">h</text>
          </>
        }
      />
      <OpNode x={pX} y={midY} op="+" title="add the bias" />
      <VectorColumn
        ctx={c} x={pX - cw / 2} y={bY} values={b} cw={cw} ch={ch} color={{ kind: 'diverging', extent: wExt }} showNumbers={showNumbers}
        name="b" description="bias (part of the weights)"
        label={<Sym x={pX + cw / 2 + 10} y={bY + Hh / 2 + 6} base="b" anchor="start" />}
      />
      <VectorColumn
        ctx={c} x={aX} y={wY} values={a} cw={cw} ch={ch} color={div} showNumbers={showNumbers}
        name={`a_${t}`} description="pre-activation W [x; h] + b"
        label={<Sym x={aX + cw / 2} y={wY - 12} base="a" sub={t} />}
      />
      <Badge x={tanhX} y={midY} text="tanh" />
      <VectorColumn
        ctx={c} x={hX} y={wY} values={h} cw={cw} ch={ch} color={div} showNumbers={showNumbers}
        name={`h_${t}`} description="new hidden state" refs={stateAliases('h', step)}
        label={<Sym x={hX + cw / 2} y={wY - 12} base="h" sub={t} />}
      />
    </>
  );
  return {
    width,
    height,
    body,
    rows: [
      { name: `x_${t}`, description: 'input', values: x },
      { name: `h_${t - 1}`, description: 'previous state', values: hp },
      { name: `a_${t}`, description: 'pre-activation W[x;h]+b', values: a },
      { name: `h_${t}`, description: 'new state tanh(a)', values: h },
    ],
    summary: `Vanilla RNN cell at t = ${t}: the input x_${t} = ${vals(x)} and the previous state h_${t - 1} = ${vals(hp)} are stacked into one vector, multiplied by the shared weights W (${u} by ${nV}) and the bias added, giving the pre-activation a_${t} = ${vals(a)}; tanh squashes it into the new state h_${t} = ${vals(h)}.`,
  };
}

/* ---------------------------------------------------------------- LSTM ------------- */

function drawLstm({ p, ctx, arrow, ext, sz }: LayoutProps): Drawn {
  const { spec, trace, step } = p;
  const u = spec.units;
  const nIn = inputDim(spec);
  const t = tOf(step);
  const { cw, ch, showNumbers } = sz;
  const x = spec.inputs[step] ?? zeros(nIn);
  const hp = prevH(trace, step, u);
  const cp = prevC(trace, step, u);
  const c = rowOr0(trace.c, step, u);
  const h = rowOr0(trace.h, step, u);
  const gate = (k: string) => rowOr0(trace.gates[k], step, u);
  const [fv, iv, gv, ov] = [gate('f'), gate('i'), gate('g'), gate('o')];
  const v = concatInput(spec, trace, step);
  const H = u * ch;
  const Hx = nIn * ch;
  const Hv = (nIn + u) * ch;
  const div: ColorMode = { kind: 'diverging', extent: ext };
  const seq: ColorMode = { kind: 'sequential' };

  const top = 48;
  const yC = top + H / 2; // conveyor
  const yIG = top + H + 42; // i ⊗ g and tanh(c) level
  const gateTop = top + H + 96;
  const gateBot = gateTop + H;
  const badgeY = gateBot + 30;
  const inTop = gateTop;
  const hpTop = inTop + Hx + 44;
  const concatTop = inTop;
  const busY = Math.max(badgeY + 40, concatTop + Hv + 26, hpTop + H + 34);
  const height = busY + 30;

  const cpX = 96;
  const xX = 96;
  const catX = 220;
  const fC = 360; // gate centres
  const iC = 470;
  const gC = 590;
  const oC = 730;
  const plusX = 530;
  const cX = 820; // c_t column left
  const cMid = cX + cw / 2;
  const oxX = cMid; // ⊗ for o · tanh c
  const oxY = gateTop + H / 2;
  const hX = cMid + 70;
  const width = hX + cw + 96;

  const gateCol = (C: number, vals: number[], key: 'f' | 'i' | 'g' | 'o', color: ColorMode, name: string) => (
    <VectorColumn
      ctx={ctx} x={C - cw / 2} y={gateTop} values={vals} cw={cw} ch={ch} color={color} showNumbers={showNumbers}
      name={`${key}_${t}`} description={name} refs={[{ term: key, step }]}
      label={
        key === 'o' ? (
          <Sym x={C - cw / 2 - 8} y={gateTop + H / 2 + 6} base={key} sub={t} anchor="end" />
        ) : (
          <Sym x={C + cw / 2 + 8} y={gateTop + H / 2 + 6} base={key} sub={t} anchor="start" />
        )
      }
    />
  );
  const busBranch = (C: number, act: string, wLabel: string) => (
    <>
      <Edge d={`M ${C} ${busY} V ${badgeY + 14}`} arrow={arrow} />
      <Badge x={C} y={badgeY} text={act} title={act === 'σ' ? 'sigmoid: squashes to 0…1' : 'tanh: squashes to −1…1'} />
      <Edge d={`M ${C} ${badgeY - 13} V ${gateBot + 6}`} arrow={arrow} />
      <text className="dv-note" x={C + 8} y={busY - 8} aria-hidden="true">
        {wLabel}
      </text>
    </>
  );

  const body = (
    <>
      {/* the conveyor: c_{t-1} → ⊗ f → + (i ⊗ g) → c_t */}
      <Edge d={`M 8 ${yC} H ${cpX - 8}`} arrow={arrow} lag />
      <text className="dv-note" x={8} y={yC - 12}>from t − 1</text>
      <Edge d={`M ${cpX + cw + 6} ${yC} H ${fC - 16}`} arrow={arrow} className="dv-conveyor" />
      <Edge d={`M ${fC + 16} ${yC} H ${plusX - 16}`} arrow={arrow} className="dv-conveyor" />
      <Edge d={`M ${plusX + 16} ${yC} H ${cX - 8}`} arrow={arrow} className="dv-conveyor" />
      <Edge d={`M ${cX + cw + 6} ${yC} H ${width - 12}`} arrow={arrow} lag className="dv-conveyor" />
      <text className="dv-note" x={width - 12} y={yC - 12} textAnchor="end">to t + 1</text>
      <text className="dv-note dv-note-strong" x={(cpX + cw + fC) / 2} y={top - 16} textAnchor="middle">
        cell state (memory)
      </text>
      <OpNode x={fC} y={yC} op="×" title="f ⊗ c: keep what the forget gate lets through" />
      <OpNode x={plusX} y={yC} op="+" title="add the new memory" />
      {/* f up to the conveyor */}
      <Edge d={`M ${fC} ${gateTop - 6} V ${yC + 17}`} arrow={arrow} />
      {/* i and g into ⊗, then up to + */}
      <Edge d={curve(iC, gateTop - 6, plusX - 16, yIG)} arrow={arrow} />
      <Edge d={curve(gC, gateTop - 6, plusX + 16, yIG)} arrow={arrow} />
      <OpNode x={plusX} y={yIG} op="×" title="i ⊗ g: how much of the candidate to write" />
      <Edge d={`M ${plusX} ${yIG - 15} V ${yC + 17}`} arrow={arrow} />
      {/* c_t → tanh → ⊗ o → h_t */}
      <Edge d={`M ${cMid} ${top + H + 6} V ${yIG - 13}`} />
      <Badge x={cMid} y={yIG} text="tanh" />
      <Edge d={`M ${cMid} ${yIG + 13} V ${oxY - 17}`} arrow={arrow} />
      <Edge d={`M ${oC + cw / 2 + 6} ${oxY} H ${oxX - 17}`} arrow={arrow} />
      <OpNode x={oxX} y={oxY} op="×" title="o ⊗ tanh c: what of the memory to show" />
      <Edge d={`M ${oxX + 15} ${oxY} H ${hX - 8}`} arrow={arrow} />
      <Edge d={`M ${hX + cw + 6} ${oxY} H ${width - 12}`} arrow={arrow} lag />
      <text className="dv-note" x={width - 12} y={oxY - 12} textAnchor="end">to t + 1</text>

      {/* inputs → [x; h] → bus → four gates */}
      <Edge d={`M 8 ${hpTop + H / 2} H ${xX - 8}`} arrow={arrow} lag />
      <text className="dv-note" x={8} y={hpTop + H / 2 - 12}>from t − 1</text>
      <Edge d={curve(xX + cw + 4, inTop + Hx / 2, catX - 8, concatTop + Hx / 2)} arrow={arrow} />
      <Edge d={curve(xX + cw + 4, hpTop + H / 2, catX - 8, concatTop + Hx + H / 2)} arrow={arrow} />
      <Edge d={`M ${catX + cw + 4} ${concatTop + Hv / 2} H ${catX + cw + 24} V ${busY} H ${oC}`} />
      {busBranch(fC, 'σ', 'W_f')}
      {busBranch(iC, 'σ', 'W_i')}
      {busBranch(gC, 'tanh', 'W_g')}
      {busBranch(oC, 'σ', 'W_o')}

      <VectorColumn
        ctx={ctx} x={cpX} y={top} values={cp} cw={cw} ch={ch} color={div} showNumbers={showNumbers}
        name={`c_${t - 1}`} description={step === 0 ? 'previous cell state (zero initial state)' : 'previous cell state'}
        refs={stateAliases('cprev', step)}
        label={<Sym x={cpX + cw / 2} y={top + H + 24} base="c" sub={t - 1} />}
      />
      <VectorColumn
        ctx={ctx} x={cX} y={top} values={c} cw={cw} ch={ch} color={div} showNumbers={showNumbers}
        name={`c_${t}`} description="new cell state" refs={stateAliases('c', step)}
        label={<Sym x={cX + cw + 8} y={top + 14} base="c" sub={t} anchor="start" />}
      />
      {gateCol(fC, fv, 'f', seq, 'forget gate')}
      {gateCol(iC, iv, 'i', seq, 'input gate')}
      {gateCol(gC, gv, 'g', div, 'candidate memory')}
      {gateCol(oC, ov, 'o', seq, 'output gate')}
      <VectorColumn
        ctx={ctx} x={hX} y={gateTop} values={h} cw={cw} ch={ch} color={div} showNumbers={showNumbers}
        name={`h_${t}`} description="new hidden state" refs={stateAliases('h', step)}
        label={<Sym x={hX + cw / 2} y={gateTop - 12} base="h" sub={t} />}
      />
      <VectorColumn
        ctx={ctx} x={xX} y={inTop} values={x} cw={cw} ch={ch} color={div} showNumbers={showNumbers}
        name={`x_${t}`} description="input" refs={[{ term: 'x', step }]} cellName={(i) => `dim ${i + 1}`}
        label={<Sym x={xX + cw / 2} y={inTop - 12} base="x" sub={t} />}
      />
      <VectorColumn
        ctx={ctx} x={xX} y={hpTop} values={hp} cw={cw} ch={ch} color={div} showNumbers={showNumbers}
        name={`h_${t - 1}`} description={step === 0 ? 'previous hidden state (zero initial state)' : 'previous hidden state'}
        refs={stateAliases('hprev', step)}
        label={<Sym x={xX + cw / 2} y={hpTop + H + 22} base="h" sub={t - 1} />}
      />
      <VectorColumn
        ctx={ctx} x={catX} y={concatTop} values={v} cw={cw} ch={ch} color={div} showNumbers={showNumbers} split={nIn}
        name={`[x_${t}; h_${t - 1}]`} description="input and previous state stacked"
        cellName={(i) => (i < nIn ? `x dim ${i + 1}` : `h unit ${i - nIn + 1}`)}
        label={
          <text className="dv-sym dv-sym-small" x={catX + cw / 2} y={concatTop - 12} textAnchor="middle" aria-hidden="true">
            [x; h]
          </text>
        }
      />
    </>
  );
  return {
    width,
    height,
    body,
    rows: [
      { name: `x_${t}`, description: 'input', values: x },
      { name: `h_${t - 1}`, description: 'previous hidden state', values: hp },
      { name: `c_${t - 1}`, description: 'previous cell state', values: cp },
      { name: `f_${t}`, description: 'forget gate', values: fv },
      { name: `i_${t}`, description: 'input gate', values: iv },
      { name: `g_${t}`, description: 'candidate', values: gv },
      { name: `o_${t}`, description: 'output gate', values: ov },
      { name: `c_${t}`, description: 'new cell state', values: c },
      { name: `h_${t}`, description: 'new hidden state', values: h },
    ],
    summary: `LSTM cell at t = ${t}. From the input x_${t} = ${vals(x)} and the previous state h_${t - 1} = ${vals(hp)} it computes the forget gate f_${t} = ${vals(fv)}, the input gate i_${t} = ${vals(iv)}, the candidate g_${t} = ${vals(gv)} and the output gate o_${t} = ${vals(ov)}. Along the time-lagged cell-state path, c_${t} = f_${t} ⊗ c_${t - 1} + i_${t} ⊗ g_${t}: from ${vals(cp)} to ${vals(c)}. The new hidden state h_${t} = o_${t} ⊗ tanh c_${t} = ${vals(h)}.`,
  };
}

/* ---------------------------------------------------------------- GRU -------------- */

function drawGru({ p, ctx, arrow, ext, sz }: LayoutProps): Drawn {
  const { spec, trace, step } = p;
  const u = spec.units;
  const nIn = inputDim(spec);
  const t = tOf(step);
  const { cw, ch, showNumbers } = sz;
  const x = spec.inputs[step] ?? zeros(nIn);
  const hp = prevH(trace, step, u);
  const h = rowOr0(trace.h, step, u);
  const gate = (k: string) => rowOr0(trace.gates[k], step, u);
  const [zv, rv, hhv] = [gate('z'), gate('r'), gate('hh')];
  const v = concatInput(spec, trace, step);
  const H = u * ch;
  const Hx = nIn * ch;
  const Hv = (nIn + u) * ch;
  const div: ColorMode = { kind: 'diverging', extent: ext };
  const seq: ColorMode = { kind: 'sequential' };

  const top = 48;
  const yC = top + H / 2;
  const yA = top + H + 34; // 1 − z and ⊗ with h̃
  const yB = top + H + 80; // r ⊗ h_{t-1} and its route
  const gateTop = top + H + 124;
  const gateBot = gateTop + H;
  const badgeY = gateBot + 30;
  const catTop = gateTop;
  const busY = Math.max(badgeY + 40, catTop + Hv + 26);
  const xBusY = busY + 28;
  const height = xBusY + 30;

  const hpX = 96;
  const hpMid = hpX + cw / 2;
  const xX = 96;
  const catX = 230;
  const rC = 360;
  const zC = 480;
  const oneX = 585;
  const hhC = 700;
  const hX = 830;
  const width = hX + cw + 96;
  const branchX = 190;
  const routeX = hhC - cw / 2 - 36;

  const col = (C: number, vals: number[], key: 'z' | 'r' | 'hh', color: ColorMode, name: string, base: string) => (
    <VectorColumn
      ctx={ctx} x={C - cw / 2} y={gateTop} values={vals} cw={cw} ch={ch} color={color} showNumbers={showNumbers}
      name={`${key === 'hh' ? 'h̃' : key}_${t}`} description={name} refs={[{ term: key, step }]}
      label={<Sym x={C + cw / 2 + 8} y={gateTop + H / 2 + 6} base={base} sub={t} anchor="start" />}
    />
  );

  const body = (
    <>
      {/* the state path: h_{t-1} → ⊗ z → + → h_t */}
      <Edge d={`M 8 ${yC} H ${hpX - 8}`} arrow={arrow} lag />
      <text className="dv-note" x={8} y={yC - 12}>from t − 1</text>
      <Edge d={`M ${hpX + cw + 6} ${yC} H ${zC - 16}`} arrow={arrow} className="dv-conveyor" />
      <Edge d={`M ${zC + 16} ${yC} H ${hhC - 16}`} arrow={arrow} className="dv-conveyor" />
      <Edge d={`M ${hhC + 16} ${yC} H ${hX - 8}`} arrow={arrow} className="dv-conveyor" />
      <Edge d={`M ${hX + cw + 6} ${yC} H ${width - 12}`} arrow={arrow} lag className="dv-conveyor" />
      <text className="dv-note" x={width - 12} y={yC - 12} textAnchor="end">to t + 1</text>
      <OpNode x={zC} y={yC} op="×" title="z ⊙ h_{t−1}: keep this much of the old state" />
      <OpNode x={hhC} y={yC} op="+" title="interpolate old state and candidate" />

      {/* z up to the state path, and 1 − z across to the candidate */}
      <Edge d={`M ${zC} ${gateTop - 6} V ${yC + 17}`} arrow={arrow} />
      <Edge d={`M ${zC} ${yA} H ${oneX - 17}`} arrow={arrow} />
      <OpNode x={oneX} y={yA} op="1−" r={17} title="1 − z" />
      <Edge d={`M ${oneX + 17} ${yA} H ${hhC - 17}`} arrow={arrow} />
      <OpNode x={hhC} y={yA} op="×" title="(1 − z) ⊙ h̃: take this much of the candidate" />
      <Edge d={`M ${hhC} ${gateTop - 6} V ${yA + 17}`} arrow={arrow} />
      <Edge d={`M ${hhC} ${yA - 15} V ${yC + 17}`} arrow={arrow} />

      {/* r ⊙ h_{t-1}, routed into the candidate's tanh (it passes over z's line) */}
      <Edge d={`M ${rC} ${yC} V ${yB - 17}`} arrow={arrow} />
      <Edge d={`M ${rC} ${gateTop - 6} V ${yB + 17}`} arrow={arrow} />
      <OpNode x={rC} y={yB} op="×" title="r ⊙ h_{t−1}: the reset gate decides how much of the old state the candidate sees" />
      <Edge d={`M ${rC + 15} ${yB} H ${routeX} V ${badgeY} H ${hhC - 32}`} arrow={arrow} bridge />

      {/* inputs → [x; h] → r and z; x also into the candidate */}
      <Edge d={`M ${branchX} ${yC} V ${catTop + Hx + H / 2} H ${catX - 8}`} arrow={arrow} />
      <Edge d={curve(xX + cw + 4, catTop + Hx / 2, catX - 8, catTop + Hx / 2)} arrow={arrow} />
      <Edge d={`M ${catX + cw + 4} ${catTop + Hv / 2} H ${catX + cw + 24} V ${busY} H ${zC}`} />
      <Edge d={`M ${xX + cw / 2} ${catTop + Hx + 6} V ${xBusY} H ${hhC} V ${badgeY + 14}`} arrow={arrow} />
      {[
        { C: rC, w: 'W_r' },
        { C: zC, w: 'W_z' },
      ].map(({ C, w }) => (
        <g key={w}>
          <Edge d={`M ${C} ${busY} V ${badgeY + 14}`} arrow={arrow} />
          <Badge x={C} y={badgeY} text="σ" title="sigmoid: squashes to 0…1" />
          <Edge d={`M ${C} ${badgeY - 13} V ${gateBot + 6}`} arrow={arrow} />
          <text className="dv-note" x={C + 8} y={busY - 8} aria-hidden="true">{w}</text>
        </g>
      ))}
      <Badge x={hhC} y={badgeY} text="tanh" title="tanh: squashes to −1…1" />
      <Edge d={`M ${hhC} ${badgeY - 13} V ${gateBot + 6}`} arrow={arrow} />
      <text className="dv-note" x={hhC + 8} y={xBusY - 8} aria-hidden="true">W_h</text>

      <VectorColumn
        ctx={ctx} x={hpX} y={top} values={hp} cw={cw} ch={ch} color={div} showNumbers={showNumbers}
        name={`h_${t - 1}`} description={step === 0 ? 'previous hidden state (zero initial state)' : 'previous hidden state'}
        refs={stateAliases('hprev', step)}
        label={<Sym x={hpMid} y={top - 12} base="h" sub={t - 1} />}
      />
      {col(rC, rv, 'r', seq, 'reset gate', 'r')}
      {col(zC, zv, 'z', seq, 'update gate', 'z')}
      {col(hhC, hhv, 'hh', div, 'candidate state', 'h̃')}
      <VectorColumn
        ctx={ctx} x={hX} y={top} values={h} cw={cw} ch={ch} color={div} showNumbers={showNumbers}
        name={`h_${t}`} description="new hidden state" refs={stateAliases('h', step)}
        label={<Sym x={hX + cw / 2} y={top - 12} base="h" sub={t} />}
      />
      <VectorColumn
        ctx={ctx} x={xX} y={catTop} values={x} cw={cw} ch={ch} color={div} showNumbers={showNumbers}
        name={`x_${t}`} description="input" refs={[{ term: 'x', step }]} cellName={(i) => `dim ${i + 1}`}
        label={<Sym x={xX - 8} y={catTop + Hx / 2 + 6} base="x" sub={t} anchor="end" />}
      />
      <VectorColumn
        ctx={ctx} x={catX} y={catTop} values={v} cw={cw} ch={ch} color={div} showNumbers={showNumbers} split={nIn}
        name={`[x_${t}; h_${t - 1}]`} description="input and previous state stacked"
        cellName={(i) => (i < nIn ? `x dim ${i + 1}` : `h unit ${i - nIn + 1}`)}
        label={
          <text className="dv-sym dv-sym-small" x={catX + cw / 2} y={catTop - 12} textAnchor="middle" aria-hidden="true">
            [x; h]
          </text>
        }
      />
    </>
  );
  return {
    width,
    height,
    body,
    rows: [
      { name: `x_${t}`, description: 'input', values: x },
      { name: `h_${t - 1}`, description: 'previous state', values: hp },
      { name: `z_${t}`, description: 'update gate', values: zv },
      { name: `r_${t}`, description: 'reset gate', values: rv },
      { name: `h̃_${t}`, description: 'candidate', values: hhv },
      { name: `h_${t}`, description: 'new state', values: h },
    ],
    summary: `GRU cell at t = ${t} (Keras convention). The update gate z_${t} = ${vals(zv)} and reset gate r_${t} = ${vals(rv)} are computed from x_${t} = ${vals(x)} and h_${t - 1} = ${vals(hp)}. The candidate h̃_${t} = tanh(W_h [x_${t}; r_${t} ⊙ h_${t - 1}] + b_h) = ${vals(hhv)}. The new state interpolates: h_${t} = z_${t} ⊙ h_${t - 1} + (1 − z_${t}) ⊙ h̃_${t} = ${vals(h)}.`,
  };
}

/* ---------------------------------------------------------------- bidirectional ---- */

const MERGE_OP: Record<string, { op: string; text: string }> = {
  concat: { op: '[;]', text: 'concatenated: out_t = [→h_t ; ←h_t]' },
  sum: { op: '+', text: 'summed: out_t = →h_t + ←h_t' },
  ave: { op: '½+', text: 'averaged: out_t = (→h_t + ←h_t) / 2' },
  mul: { op: '×', text: 'multiplied element-wise: out_t = →h_t ⊙ ←h_t' },
};

function drawBi({ p, ctx, arrow, ext, sz }: LayoutProps): Drawn {
  const { spec, trace, step } = p;
  const u = spec.units;
  const T = spec.inputs.length;
  const nIn = inputDim(spec);
  const t = tOf(step);
  const { cw, ch, showNumbers } = sz;
  const merge = spec.merge ?? 'concat';
  const x = spec.inputs[step] ?? zeros(nIn);
  const hfPrev = prevH(trace, step, u);
  const hf = rowOr0(trace.h, step, u);
  const hb = rowOr0(trace.hBackward, step, u);
  const hbNext = step >= T - 1 ? zeros(u) : rowOr0(trace.hBackward, step + 1, u);
  const out = trace.outputs[step] ?? [];
  const H = u * ch;
  const Hx = nIn * ch;
  const Ho = out.length * ch;
  const div: ColorMode = { kind: 'diverging', extent: ext };
  const kindName = spec.cell === 'rnn' ? 'RNN' : spec.cell.toUpperCase();

  const top = 92;
  const yF = top + H / 2;
  const xTop = top + H + 70;
  const yB = xTop + Hx + 70 + H / 2;
  const height = Math.max(yB + H / 2 + 72, top + Ho + 60);
  const boxW = 124;
  const boxH = Math.max(48, Math.min(H + 10, 80));
  const fPrevX = 90;
  const boxX = 300; // centre
  const fX = 470;
  const bX = fX;
  const bPrevX = fPrevX;
  const mX = 640; // merge copies
  const mergeX = mX + cw + 70;
  const mergeY = (yF + yB) / 2;
  const outX = mergeX + 60;
  const width = outX + cw + 80;
  const m = MERGE_OP[merge] ?? MERGE_OP.concat;
  const fwdRefs: TermRef[] = stateAliases('h', step);
  const bwdRefs: TermRef[] = [{ term: 'hb', step }];
  const boxLinked = (refs: TermRef[]) => matchesHighlight(ctx.highlight, refs);

  const box = (cyy: number, dir: '→' | '←') => (
    <g className={cx('dv-cellbox', boxLinked(dir === '→' ? fwdRefs : bwdRefs) && 'is-linked')} aria-hidden="true">
      <rect x={boxX - boxW / 2} y={cyy - boxH / 2} width={boxW} height={boxH} rx={10} />
      <text x={boxX} y={cyy} dy="0.35em" textAnchor="middle">
        {dir === '→' ? `${kindName} →` : `← ${kindName}`}
      </text>
    </g>
  );

  const body = (
    <>
      <text className="dv-note dv-note-strong" x={8} y={yF - H / 2 - 46}>
        forward chain: reads x<tspan dy="0.3em" fontSize="0.75em">1</tspan>
        <tspan dy="-0.3em"> → x</tspan>
        <tspan dy="0.3em" fontSize="0.75em">{T}</tspan>
      </text>
      <text className="dv-note dv-note-strong" x={8} y={yB + H / 2 + 58}>
        reverse chain: reads x<tspan dy="0.3em" fontSize="0.75em">{T}</tspan>
        <tspan dy="-0.3em"> → x</tspan>
        <tspan dy="0.3em" fontSize="0.75em">1</tspan>
      </text>
      {/* forward row */}
      <Edge d={`M 8 ${yF} H ${fPrevX - 8}`} arrow={arrow} lag />
      <Edge d={`M ${fPrevX + cw + 6} ${yF} H ${boxX - boxW / 2 - 6}`} arrow={arrow} />
      {box(yF, '→')}
      <Edge d={`M ${boxX + boxW / 2} ${yF} H ${fX - 8}`} arrow={arrow} />
      <Edge d={`M ${fX + cw + 6} ${yF} H ${mX - 24}`} arrow={arrow} lag />
      <text className="dv-note" x={fX + cw + 10} y={yF - 12}>to t + 1</text>
      {/* reverse row, flowing right to left */}
      <Edge d={`M ${mX - 24} ${yB} H ${bX + cw + 8}`} arrow={arrow} lag />
      <text className="dv-note" x={fX + cw + 10} y={yB - 12}>from t + 1</text>
      <Edge d={`M ${bX - 6} ${yB} H ${boxX + boxW / 2 + 6}`} arrow={arrow} />
      {box(yB, '←')}
      <Edge d={`M ${boxX - boxW / 2} ${yB} H ${bPrevX + cw + 8}`} arrow={arrow} />
      <Edge d={`M ${bPrevX - 6} ${yB} H 10`} arrow={arrow} lag />
      <text className="dv-note" x={10} y={yB - 12}>to t − 1</text>
      {/* x_t feeds both */}
      <Edge d={`M ${boxX} ${xTop - 6} V ${yF + boxH / 2 + 6}`} arrow={arrow} />
      <Edge d={`M ${boxX} ${xTop + Hx + 6} V ${yB - boxH / 2 - 6}`} arrow={arrow} />
      {/* merge */}
      <Edge d={curve(mX + cw + 6, yF, mergeX - 18, mergeY - 6)} arrow={arrow} />
      <Edge d={curve(mX + cw + 6, yB, mergeX - 18, mergeY + 6)} arrow={arrow} />
      <OpNode x={mergeX} y={mergeY} op={m.op} r={18} title={`merge: ${m.text}`} />
      <Edge d={`M ${mergeX + 18} ${mergeY} H ${outX - 8}`} arrow={arrow} />
      <text className="dv-note dv-note-strong" x={mergeX} y={mergeY + 40} textAnchor="middle">{merge}</text>

      <VectorColumn
        ctx={ctx} x={boxX - cw / 2} y={xTop} values={x} cw={cw} ch={ch} color={div} showNumbers={showNumbers}
        name={`x_${t}`} description="input (read by both chains)" refs={[{ term: 'x', step }]} cellName={(i) => `dim ${i + 1}`}
        label={<Sym x={boxX + cw / 2 + 8} y={xTop + Hx / 2 + 6} base="x" sub={t} anchor="start" />}
      />
      <VectorColumn
        ctx={ctx} x={fPrevX} y={yF - H / 2} values={hfPrev} cw={cw} ch={ch} color={div} showNumbers={showNumbers}
        name={`→h_${t - 1}`} description="forward state from the previous step" refs={stateAliases('hprev', step)}
        label={<Sym x={fPrevX + cw / 2} y={yF - H / 2 - 10} base="h" sub={t - 1} prefix="→" />}
      />
      <VectorColumn
        ctx={ctx} x={fX} y={yF - H / 2} values={hf} cw={cw} ch={ch} color={div} showNumbers={showNumbers}
        name={`→h_${t}`} description="forward state" refs={fwdRefs}
        label={<Sym x={fX + cw / 2} y={yF - H / 2 - 10} base="h" sub={t} prefix="→" />}
      />
      <VectorColumn
        ctx={ctx} x={bX} y={yB - H / 2} values={hbNext} cw={cw} ch={ch} color={div} showNumbers={showNumbers}
        name={`←h_${t + 1}`} description={step >= T - 1 ? 'reverse state from the next step (zero initial state)' : 'reverse state from the next step'}
        refs={[{ term: 'hb', step: step + 1 }]}
        label={<Sym x={bX + cw / 2} y={yB + H / 2 + 24} base="h" sub={t + 1} prefix="←" />}
      />
      <VectorColumn
        ctx={ctx} x={bPrevX} y={yB - H / 2} values={hb} cw={cw} ch={ch} color={div} showNumbers={showNumbers}
        name={`←h_${t}`} description="reverse state" refs={bwdRefs}
        label={<Sym x={bPrevX + cw / 2} y={yB + H / 2 + 24} base="h" sub={t} prefix="←" />}
      />
      {/* copies of the two states at the merge */}
      <VectorColumn
        ctx={ctx} x={mX} y={yF - H / 2} values={hf} cw={cw} ch={ch} color={div} showNumbers={showNumbers}
        name={`→h_${t}`} description="forward state, into the merge" refs={fwdRefs}
        label={<Sym x={mX + cw / 2} y={yF - H / 2 - 10} base="h" sub={t} prefix="→" />}
      />
      <VectorColumn
        ctx={ctx} x={mX} y={yB - H / 2} values={hb} cw={cw} ch={ch} color={div} showNumbers={showNumbers}
        name={`←h_${t}`} description="reverse state, into the merge" refs={bwdRefs}
        label={<Sym x={mX + cw / 2} y={yB + H / 2 + 24} base="h" sub={t} prefix="←" />}
      />
      <VectorColumn
        ctx={ctx} x={outX} y={mergeY - Ho / 2} values={out} cw={cw} ch={ch} color={div} showNumbers={showNumbers}
        split={merge === 'concat' ? u : undefined}
        name={`out_${t}`} description={`merged output (${merge})`} refs={[{ term: 'out', step }]}
        cellName={(i) => (merge === 'concat' ? (i < u ? `forward unit ${i + 1}` : `reverse unit ${i - u + 1}`) : `unit ${i + 1}`)}
        label={<Sym x={outX + cw / 2} y={mergeY - Ho / 2 - 12} base="out" sub={t} />}
      />
    </>
  );
  return {
    width,
    height,
    body,
    rows: [
      { name: `x_${t}`, description: 'input', values: x },
      { name: `→h_${t}`, description: 'forward state', values: hf },
      { name: `←h_${t}`, description: 'reverse state', values: hb },
      { name: `out_${t}`, description: `merged (${merge})`, values: out },
    ],
    summary: `Bidirectional ${kindName} at t = ${t}. The forward chain carries →h_${t - 1} = ${vals(hfPrev)} to →h_${t} = ${vals(hf)}; the reverse chain, which reads the sequence from the end, carries ←h_${t + 1} = ${vals(hbNext)} to ←h_${t} = ${vals(hb)}. Both read x_${t} = ${vals(x)}. The two states are ${m.text.replace(/_t/g, `_${t}`)} = ${vals(out)}.`,
  };
}

/* ---------------------------------------------------------------- readout strip ---- */

function Chip({ ctx, value, label, refs }: { ctx: DrawCtx; value: number; label: string; refs: TermRef[] }) {
  const linked = matchesHighlight(ctx.highlight, refs);
  return (
    // a button (like the equation's term buttons): focusing or pressing it highlights the term
    // everywhere; its name starts with the label and ends with the value it shows (WCAG 2.5.3)
    <button
      type="button"
      className={cx('dv-chip', linked && 'is-linked')}
      data-term={refs[0].term}
      data-step={refs[0].step}
      aria-label={label}
      onClick={() => highlightRef(ctx, refs[0])}
      {...linkHandlers(ctx, refs[0])}
    >
      {formatValue(value)}
    </button>
  );
}

function Readout({ p, ctx }: { p: ViewProps; ctx: DrawCtx }) {
  const { spec, trace, step } = p;
  const y = trace.y[step];
  if (!y || y.length === 0 || (!spec.readout && !spec.targets)) return null;
  const t = tOf(step);
  const gt = spec.targets?.[step];
  const loss = trace.loss[step];
  const src = spec.backward ? `out_${t}` : `h_${t}`;
  const srcSym = spec.backward ? 'out' : 'h';
  return (
    <div className="dv-readout" role="group" aria-label={`Output and loss at t = ${t}`}>
      <span className="dv-readout-item">
        <span className="dv-readout-eq">
          {spec.readout ? (
            <>
              y<sub>{t}</sub> = F({srcSym}
              <sub>{t}</sub>) =
            </>
          ) : (
            <>
              y<sub>{t}</sub> = {srcSym}
              <sub>{t}</sub> (no readout layer) =
            </>
          )}
        </span>
        {y.map((v, k) => (
          <Chip key={k} ctx={ctx} value={v} label={`y_${t} output ${k + 1} = ${formatValue(v)} (${spec.readout ? `F applied to ${src}` : `equal to ${src}`})`} refs={[{ term: 'y', step }]} />
        ))}
      </span>
      {gt && (
        <span className="dv-readout-item">
          <span className="dv-readout-eq">
            GT<sub>{t}</sub> =
          </span>
          {gt.map((v, k) => (
            <Chip key={k} ctx={ctx} value={v} label={`GT_${t} target ${k + 1} = ${formatValue(v)}`} refs={[{ term: 'GT', step }]} />
          ))}
        </span>
      )}
      {gt && loss !== undefined && (
        <span className="dv-readout-item">
          <span className="dv-readout-eq">
            C<sub>{t}</sub> = Loss(y<sub>{t}</sub>, GT<sub>{t}</sub>) =
          </span>
          <Chip ctx={ctx} value={loss} label={`C_${t} loss = ${formatValue(loss)}`} refs={[{ term: 'C', step }]} />
        </span>
      )}
    </div>
  );
}

/* ---------------------------------------------------------------- text alternative - */

function CellTable({ rows, t }: { rows: Drawn['rows']; t: number }) {
  const n = Math.max(0, ...rows.map((r) => r.values.length));
  return (
    <ValuesTable
      summary={<>Values at t = {t} as a table</>}
      caption={<>Vectors inside the cell at t = {t}; one column per vector, one row per entry</>}
      corner="entry"
      columns={rows.map((r) => ({
        key: r.name,
        head: (
          <>
            {r.name} <span className="dv-muted">({r.description})</span>
          </>
        ),
      }))}
      rows={Array.from({ length: n }, (_, i) => ({
        key: i,
        head: i + 1,
        cells: rows.map((r) => ({ className: 'dv-num', content: i < r.values.length ? formatValue(r.values[i]) : '' })),
      }))}
    />
  );
}

/* ---------------------------------------------------------------- the view --------- */

/** What the value scale colours in each cell's drawing (the same scale as the unrolled strip). */
const VALUE_LEGEND: Record<string, string> = {
  rnn: 'values (x, W·[x; h], h, y) — one scale for the simulator',
  lstm: 'values (x, h, c, candidate g, y) — one scale for the simulator',
  gru: 'values (x, h, candidate h̃, y) — one scale for the simulator',
};

function useExtents(spec: SimSpec, trace: Trace) {
  return useMemo(() => {
    // one value scale for the whole simulator (the unrolled strip and equation panel use it too)
    const ext = sharedValueExtent(spec, trace);
    const wExt = niceExtent(maxAbs(spec.weights.kernel, spec.weights.recurrentKernel, spec.weights.bias), 0.1);
    return { ext, wExt };
  }, [spec, trace]);
}

function CellSvg({ draw, title, arrow }: { draw: Drawn; title: string; arrow: string }) {
  // on a narrow screen the drawing scrolls sideways: say so (edge fade + hint)
  const ref = useRef<HTMLDivElement>(null);
  const cue = useScrollCue(ref);
  return (
    <>
    {cue.overflow && (
      <p className="dv-scroll-hint" data-testid="cell-scroll-hint">
        <span aria-hidden="true">↔</span> The drawing is wider than the screen: scroll it sideways.
      </p>
    )}
    <div ref={ref} onScroll={cue.onScroll} className={cx('dv-scroll', cue.canLeft && 'can-left', cue.canRight && 'can-right')}>
      <svg
        className="dv-svg"
        viewBox={`0 0 ${draw.width} ${draw.height}`}
        style={{ maxWidth: `${(draw.width / 16).toFixed(1)}em` }}
        role="group"
        aria-label={title}
      >
        <ArrowDefs id={arrow} />
        {draw.body}
      </svg>
    </div>
    </>
  );
}

export function CellView(props: ViewProps) {
  const { spec, trace } = props;
  const T = spec.inputs.length;
  const step = clamp(props.step, 0, Math.max(0, T - 1));
  const p = step === props.step ? props : { ...props, step };
  const { hostRef, api, node } = useTooltip();
  const arrow = `dv-arrow-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const { ext, wExt } = useExtents(spec, trace);
  const [showInner, setShowInner] = useState(false);
  const ctx: DrawCtx = { highlight: props.highlight, setHighlight: props.setHighlight, tip: api };
  const nIn = inputDim(spec);
  const sz = sizing(spec.units, spec.cell === 'rnn' ? nIn + spec.units : nIn);
  const lp: LayoutProps = { p, ctx, arrow, ext, wExt, sz };
  const t = tOf(step);
  const bi = !!spec.backward;
  const inner = spec.cell === 'lstm' ? drawLstm : spec.cell === 'gru' ? drawGru : drawRnn;
  const kindName = spec.cell === 'rnn' ? 'vanilla RNN' : spec.cell.toUpperCase();
  const draw = bi ? drawBi(lp) : inner(lp);
  const title = bi ? `Bidirectional ${kindName} at t = ${t}` : `Inside the ${kindName} cell at t = ${t}`;
  const gated = spec.cell !== 'rnn';
  const sigmaNote =
    gated && spec.recurrentActivation === 'hardSigmoid'
      ? 'σ here is TensorFlow.js’s hard sigmoid, clip(0.2·x + 0.5, 0, 1).'
      : null;

  return (
    <section
      className={cx('dv dv-cell-view', props.reducedMotion && 'dv-reduced')}
      aria-label={title}
      data-cell={spec.cell}
      data-step={step}
    >
      <div ref={hostRef} className="dv-host">
        <h3 className="dv-title">
          {title}
          {bi && <span className="dv-muted"> · merge: {spec.merge ?? 'concat'}</span>}
        </h3>
        <p className="sr-only">{draw.summary}</p>
        <CellSvg draw={draw} title={`${title}: diagram. Tab to a vector, arrow keys move between its values.`} arrow={arrow} />
        {node}
      </div>
      <Readout p={p} ctx={ctx} />
      <div className="dv-legends">
        <DivergingLegend extent={ext} label={VALUE_LEGEND[spec.cell] ?? 'values'} />
        {spec.cell === 'rnn' && !bi && <DivergingLegend extent={wExt} label="weights W and bias b" />}
        {gated && !bi && <SequentialLegend label="gate values" />}
        <LagLegend />
      </div>
      {sigmaNote && <p className="dv-footnote">{sigmaNote}</p>}
      {spec.cell === 'gru' && !bi && (
        <p className="dv-footnote">
          Keras / TensorFlow convention: h<sub>t</sub> = z<sub>t</sub> ⊙ h<sub>t−1</sub> + (1 − z<sub>t</sub>) ⊙ h̃<sub>t</sub>,{' '}
          {spec.resetAfter ? (
            <>
              here in the Keras-default / PyTorch form: the reset gate multiplies the recurrent product, so the route drawn as r ⊗ h
              <sub>t−1</sub> stands for r ⊙ (U<sub>h̃</sub> h<sub>t−1</sub> + b<sub>rec</sub>).
            </>
          ) : (
            'with the reset gate applied before the recurrent product (TensorFlow.js).'
          )}{' '}
          Some figures swap z and 1 − z.
        </p>
      )}
      <CellTable rows={draw.rows} t={t} />
      {bi && (
        <details className="dv-data" onToggle={(e) => setShowInner((e.currentTarget as HTMLDetailsElement).open)}>
          <summary>Inside the forward {kindName} cell at t = {t}</summary>
          {showInner && (
            <>
              <CellSvg draw={inner({ ...lp, arrow: `${arrow}-in` })} title={`Inside the forward ${kindName} cell at t = ${t}`} arrow={`${arrow}-in`} />
              <div className="dv-legends">
                {gated ? <SequentialLegend label="gate values" /> : <DivergingLegend extent={wExt} label="weights W and bias b" />}
              </div>
            </>
          )}
        </details>
      )}
    </section>
  );
}
