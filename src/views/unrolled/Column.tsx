/**
 * One time step of the unrolled strip (x_t, the W diamond, h_t, ←h_t, out_t, y_t | GT_t, C_t) and
 * the recurrent links between steps, positioned by ./layout.ts. Which cells light up for a
 * highlight is said by term references (rowRefs) and the kit's one matcher.
 */
import { memo } from 'react';
import type { Trace } from '../../engine/index';
// the value from types.ts: engine/index pulls tfjs (simulate) into the page
import { GATE_KEYS } from '../../engine/types';
import { divergingColor, sequentialColor, type ScaleTheme } from '../kit/scales';
import { formatValue } from '../kit/format';
import { STATE_EXTENT } from '../kit/math';
import { matchesHighlight, type TermRef } from '../kit/link';
import type { Highlight, TermId } from '../types';
import { cx, type RowBox, type UnrolledLayout } from './layout';

/** Rows that hold values, with the term each stands for. */
type RowId = 'x' | 'h' | 'hb' | 'out' | 'y' | 'GT' | 'C';
const ROW_TERM: Record<RowId, TermId> = { x: 'x', h: 'h', hb: 'hb', out: 'out', y: 'y', GT: 'GT', C: 'C' };
const ROW_SYMBOL: Record<RowId, string> = { x: 'x', h: 'h', hb: '←h', out: 'out', y: 'y', GT: 'GT', C: 'C' };

export interface Extents {
  /** the simulator's scale of unbounded values (x, y, GT): the same as the cell view's */
  value: number;
  /** the merged output's scale (±1, or ±2 for a sum); h and ←h are on STATE_EXTENT */
  out: number;
  lossMax: number;
}

function cellLabel(row: RowId, t: number, unit: number | null, v: number): string {
  const part = unit === null ? '' : row === 'x' ? ` channel ${unit + 1}` : ` unit ${unit + 1}`;
  return `${ROW_SYMBOL[row]}_${t + 1}${part} = ${formatValue(v)}`;
}

const ROWS: RowId[] = ['x', 'h', 'hb', 'out', 'y', 'GT', 'C'];
const GATE_TERMS: TermId[] = [...new Set<TermId>([...GATE_KEYS.lstm, ...GATE_KEYS.gru])];

/**
 * The terms a row's cell at step t stands for: h_t is also the next step's h_{t−1}, and the state
 * the gates at t act on and the readout reads; y_t is where ∂C_t/∂y_t starts.
 */
function rowRefs(row: RowId, t: number, T: number): TermRef[] {
  if (row === 'h')
    return [
      { term: 'h', step: t },
      ...(t < T - 1 ? [{ term: 'hprev' as TermId, step: t + 1 }] : []),
      ...GATE_TERMS.map((term) => ({ term, step: t })),
      { term: 'dydh', step: t },
    ];
  if (row === 'y')
    return [
      { term: 'y', step: t },
      { term: 'dCdy', step: t },
    ];
  return [{ term: ROW_TERM[row], step: t }];
}

/** The rows (and the shared W) lit in column t by the highlight, as a string so memoised columns compare it cheaply. */
export function linkedAt(h: Highlight | null, t: number, T: number): string {
  if (!h) return '';
  const rows: string[] = ROWS.filter((row) => matchesHighlight(h, rowRefs(row, t, T)));
  if (matchesHighlight(h, { term: 'W' })) rows.push('W');
  return rows.join(',');
}

interface ColumnProps {
  layout: UnrolledLayout;
  trace: Trace;
  inputs: number[][];
  targets: number[][] | undefined;
  t: number;
  dim: boolean;
  focusable: boolean;
  hl: string;
  ext: Extents;
  onTip: (el: Element | null, text: string, term: TermId | null, t: number) => void;
  register: (key: string, el: SVGElement | null) => void;
  arrow: string;
  /** the palette's theme: a prop so a theme change redraws the memoised columns */
  theme: ScaleTheme;
}

export const Column = memo(function Column(p: ColumnProps) {
  const { layout: l, trace, t, ext } = p;
  const x0 = cx(l, t) - l.cellW / 2;
  const hl = new Set(p.hl.split(',').filter(Boolean));

  const cell = (row: RowId, unit: number | null, v: number, x: number, y: number, w: number, h: number, extent: number, extra?: string) => {
    const fill = row === 'C' ? sequentialColor(ext.lossMax > 0 ? v / ext.lossMax : 0, p.theme) : divergingColor(v, extent, p.theme);
    const key = `${row}:${unit ?? 0}`;
    const label = cellLabel(row, t, unit, v);
    const show = (e: { currentTarget: Element }) => p.onTip(e.currentTarget, label, ROW_TERM[row], t);
    const hide = () => p.onTip(null, '', null, t);
    return (
      <rect
        key={key}
        ref={(el) => p.register(`${t}:${key}`, el)}
        className={`uv-cell${hl.has(row) ? ' is-linked' : ''}${extra ? ` ${extra}` : ''}`}
        x={x}
        y={y}
        width={w}
        height={h}
        fill={fill}
        data-term={ROW_TERM[row]}
        data-step={t}
        data-unit={unit ?? undefined}
        data-key={key}
        data-value={String(v)}
        data-extent={row === 'C' ? undefined : extent}
        // one tab stop per column: the current step's cells; the others stay programmatically
        // focusable so a focused cell is not blurred when the step moves on
        tabIndex={p.focusable ? 0 : -1}
        role={p.focusable ? 'img' : undefined}
        aria-label={p.focusable ? label : undefined}
        onPointerEnter={show}
        onPointerLeave={hide}
        onFocus={show}
        onBlur={hide}
      />
    );
  };

  const stack = (row: 'h' | 'hb' | 'out', box: RowBox, values: number[], extent: number) =>
    values.map((v, u) => cell(row, u, v, x0, box.y + u * box.cellH, l.cellW, box.cellH, extent));

  const r = l.rows;
  // x_t: one square, or one per channel where the input is a vector (the adding problem's (value, marker))
  const xs = p.inputs[t]?.length ? p.inputs[t] : [0];
  const yv = trace.y[t]?.[0] ?? 0;
  const gt = p.targets?.[t]?.[0];
  const loss = trace.loss[t] ?? 0;
  const half = l.cellW * 0.55;

  return (
    <g className={`uv-col${p.dim ? ' is-dim' : ''}`} data-col={t}>
      {/* x → W → h */}
      <line className="uv-link" x1={cx(l, t)} y1={r.x.y} x2={cx(l, t)} y2={(r.hb ?? r.h).y + (r.hb ?? r.h).h + 2} markerEnd={p.arrow} />
      {/* h → (out) → y → C */}
      <line className="uv-link" x1={cx(l, t)} y1={r.h.y} x2={cx(l, t)} y2={(r.out ?? r.y).y + (r.out ?? r.y).h + 2} markerEnd={p.arrow} />
      {r.out && <line className="uv-link" x1={cx(l, t)} y1={r.out.y} x2={cx(l, t)} y2={r.y.y + r.y.h + 2} markerEnd={p.arrow} />}
      <line className="uv-link" x1={cx(l, t)} y1={r.y.y} x2={cx(l, t)} y2={r.C.y + r.C.h + 2} markerEnd={p.arrow} />
      {/* the shared W on this copy's input link */}
      <path
        className={`uv-w${hl.has('W') ? ' is-linked' : ''}`}
        d={`M ${cx(l, t)} ${r.w.y - 6} l 6 6 l -6 6 l -6 -6 z`}
        data-term="W"
        data-step={t}
      />
      {stack('h', r.h, trace.h[t] ?? [], STATE_EXTENT)}
      {r.hb && stack('hb', r.hb, trace.hBackward?.[t] ?? [], STATE_EXTENT)}
      {r.out && stack('out', r.out, trace.outputs[t] ?? [], ext.out)}
      {xs.length === 1
        ? cell('x', null, xs[0], x0, r.x.y, l.cellW, r.x.h, ext.value)
        : xs.map((v, i) => cell('x', i, v, x0, r.x.y + (i * r.x.h) / xs.length, l.cellW, r.x.h / xs.length, ext.value))}
      {cell('y', null, yv, cx(l, t) - half - 1, r.y.y, half, r.y.h, ext.value)}
      {gt !== undefined && cell('GT', null, gt, cx(l, t) + 1, r.y.y, half, r.y.h, ext.value, 'uv-gt')}
      {cell('C', null, loss, x0, r.C.y, l.cellW, r.C.h, 1)}
      <text className="uv-tlabel" x={cx(l, t)} y={r.tLabel.y} textAnchor="middle">
        {`t=${t + 1}`}
      </text>
    </g>
  );
});

/** The recurrent links h_{t−1} → h_t (and ←h_{t+1} → ←h_t): unchanged while the step moves. */
export const Recurrent = memo(function Recurrent({ layout, arrow, linked }: { layout: UnrolledLayout; arrow: string; linked: boolean }) {
  const r = layout.rows;
  const T = layout.T;
  const half = layout.cellW / 2;
  const hMid = r.h.y + r.h.h / 2;
  const hbMid = r.hb ? r.hb.y + r.hb.h / 2 : 0;
  return (
    <g className={`uv-recurrent${linked ? ' is-linked' : ''}`} data-term="jac">
      <line className="uv-link" x1={layout.marginLeft - 4} y1={hMid} x2={cx(layout, 0) - half - 2} y2={hMid} markerEnd={arrow} />
      {Array.from({ length: T - 1 }, (_, t) => (
        <line
          key={t}
          className="uv-link uv-rec"
          x1={cx(layout, t) + half}
          y1={hMid}
          x2={cx(layout, t + 1) - half - 2}
          y2={hMid}
          markerEnd={arrow}
          data-step={t + 1}
        />
      ))}
      {r.hb &&
        Array.from({ length: T - 1 }, (_, t) => (
          <line
            key={`b${t}`}
            className="uv-link uv-rec"
            x1={cx(layout, t + 1) - half}
            y1={hbMid}
            x2={cx(layout, t) + half + 2}
            y2={hbMid}
            markerEnd={arrow}
          />
        ))}
    </g>
  );
});
