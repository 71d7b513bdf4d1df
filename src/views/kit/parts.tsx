/**
 * Building blocks of the diagrams: value vectors drawn as columns of cells, weight heat maps,
 * operator nodes, activation badges, edges and symbols with subscripts. Each draws what it is
 * given (positions come from the pure layout functions); the link channel, the tooltip and the
 * roving focus come from the rest of the kit.
 */
import type { ReactNode } from 'react';
import { divergingColor, sequentialColor, textOn, type ScaleTheme } from './scales';
import { useViewTheme } from '../ThemeContext';
import { formatValue } from './format';
import { cx, highlightRef, matchesHighlight, type DrawCtx, type TermRef } from './link';
import { gridMove, linearMove, useRoving } from './roving';
import '../detail-views.css';

/* ---------------------------------------------------------------- symbols ---------- */

/** A symbol like h₃ or c₂ drawn as SVG text with a real subscript. */
export function Sym({
  x,
  y,
  base,
  sub,
  prefix,
  anchor = 'middle',
  className = 'dv-sym',
}: {
  x: number;
  y: number;
  base: string;
  sub?: string | number;
  prefix?: string;
  anchor?: 'start' | 'middle' | 'end';
  className?: string;
}) {
  return (
    <text x={x} y={y} textAnchor={anchor} className={className} aria-hidden="true">
      {prefix && <tspan className="dv-sym-prefix">{prefix}</tspan>}
      <tspan className="dv-sym-base">{base}</tspan>
      {sub !== undefined && sub !== '' && (
        <tspan className="dv-sym-sub" dy="0.32em">
          {String(sub)}
        </tspan>
      )}
    </text>
  );
}

/** "h_3", "←h_4": the plain-text name used in aria-labels. */
export function plainName(base: string, sub?: string | number, prefix = ''): string {
  return `${prefix}${base}${sub === undefined || sub === '' ? '' : `_${sub}`}`;
}

/* ---------------------------------------------------------------- colour ----------- */

export type ColorMode = { kind: 'diverging'; extent: number } | { kind: 'sequential' };

export function colorFor(mode: ColorMode, v: number, theme: ScaleTheme): string {
  return mode.kind === 'diverging' ? divergingColor(v, mode.extent, theme) : sequentialColor(v, theme);
}

/**
 * One cell of a vector or matrix: the pointer shows its value; focus also lights up the term (the
 * group lights it up on pointer entry) and makes the cell the group's tab stop.
 */
function cellHandlers(ctx: DrawCtx, primary: TermRef | undefined, label: () => string, activate: () => void) {
  return {
    onFocus: (e: { currentTarget: Element }) => {
      activate();
      highlightRef(ctx, primary);
      ctx.tip.show(e.currentTarget, label());
    },
    onBlur: () => {
      ctx.tip.hide();
      if (primary) ctx.setHighlight(null);
    },
    onMouseEnter: (e: { currentTarget: Element }) => ctx.tip.show(e.currentTarget, label()),
    onMouseLeave: () => ctx.tip.hide(),
  };
}

/* ---------------------------------------------------------------- vectors ---------- */

/** Where a vector column is and what it shows: what a layout says and VectorColumn draws. */
export interface VectorGeometry {
  /** top-left corner */
  x: number;
  y: number;
  values: number[];
  cw: number;
  ch: number;
  color: ColorMode;
  /** plain-text name for aria-labels, e.g. "f_3" */
  name: string;
  /** what it is, e.g. "forget gate" */
  description: string;
}

export interface VectorProps extends VectorGeometry {
  ctx: DrawCtx;
  /** term references; the first is reported on hover/focus, any of them lights the vector up */
  refs?: TermRef[];
  /** visible label */
  label?: ReactNode;
  /** draw a divider after this many cells (the x | h split of [x_t; h_{t-1}]) */
  split?: number;
  /** the colour scale of the cells after the divider, when it differs (h_{t−1} is a state, x_t a value) */
  splitColor?: ColorMode;
  showNumbers?: boolean;
  /** names of the cells ("unit 1", or "x dim 1") */
  cellName?: (i: number) => string;
  className?: string;
}

/**
 * A vector as a column of coloured cells. One tab stop per vector (roving tabindex): Tab enters,
 * ↑/↓ (or ←/→), Home and End move between cells; each cell's aria-label carries its exact value.
 */
export function VectorColumn(p: VectorProps) {
  const { ctx, x, y, values, cw, ch, color, name, refs } = p;
  const theme = useViewTheme();
  const primary = refs?.[0];
  const linked = refs ? matchesHighlight(ctx.highlight, refs) : false;
  const n = values.length;
  const roving = useRoving<SVGRectElement>(n, linearMove(n));
  const cellName = p.cellName ?? ((i: number) => `unit ${i + 1}`);
  const labelOf = (i: number) => `${name} ${cellName(i)} = ${formatValue(values[i])}`;
  return (
    <g
      className={cx('dv-vec', linked && 'is-linked', p.className)}
      data-term={primary?.term}
      data-step={primary?.step}
      role="group"
      aria-label={`${name}, ${p.description}, ${n} value${n === 1 ? '' : 's'}`}
      onMouseEnter={() => highlightRef(ctx, primary)}
      onMouseLeave={() => primary && ctx.setHighlight(null)}
    >
      <rect className="dv-frame" x={x - 3} y={y - 3} width={cw + 6} height={n * ch + 6} rx={4} />
      {values.map((v, i) => {
        const fill = colorFor(p.splitColor && p.split !== undefined && i >= p.split ? p.splitColor : color, v, theme);
        return (
          <g key={i}>
            <rect
              className="dv-cell"
              x={x}
              y={y + i * ch}
              width={cw}
              height={ch}
              fill={fill}
              {...roving.item(i)}
              role="img"
              aria-label={labelOf(i)}
              {...cellHandlers(
                ctx,
                primary,
                () => labelOf(i),
                () => roving.setActive(i),
              )}
            />
            {p.showNumbers && (
              <text
                className="dv-cell-num"
                x={x + cw / 2}
                y={y + i * ch + ch / 2}
                dy="0.35em"
                textAnchor="middle"
                fill={textOn(fill)}
                aria-hidden="true"
              >
                {formatValue(v, 2)}
              </text>
            )}
          </g>
        );
      })}
      {p.split !== undefined && p.split > 0 && p.split < n && (
        <line className="dv-split" x1={x - 6} x2={x + cw + 6} y1={y + p.split * ch} y2={y + p.split * ch} />
      )}
      {p.label}
    </g>
  );
}

/* ---------------------------------------------------------------- matrices --------- */

export interface MatrixProps {
  ctx: DrawCtx;
  x: number;
  y: number;
  /** rows × cols */
  values: number[][];
  cw: number;
  ch: number;
  extent: number;
  name: string;
  description: string;
  refs?: TermRef[];
  /** column after which to draw the x | h divider */
  split?: number;
  rowName?: (j: number) => string;
  colName?: (i: number) => string;
  label?: ReactNode;
}

/**
 * A weight matrix as a heat map. A single tab stop: arrow keys walk the entries (each announced with
 * its value), so even a 32 × 40 matrix costs keyboard users one Tab.
 */
export function MatrixHeat(p: MatrixProps) {
  const { ctx, x, y, values, cw, ch, extent, refs } = p;
  const theme = useViewTheme();
  const rows = values.length;
  const cols = rows ? values[0].length : 0;
  const roving = useRoving<SVGRectElement>(rows * cols, gridMove(rows, cols));
  const primary = refs?.[0];
  const linked = refs ? matchesHighlight(ctx.highlight, refs) : false;
  const rowName = p.rowName ?? ((j: number) => `row ${j + 1}`);
  const colName = p.colName ?? ((i: number) => `column ${i + 1}`);
  const labelOf = (j: number, i: number) => `${p.name} ${rowName(j)}, ${colName(i)} = ${formatValue(values[j][i])}`;
  return (
    <g
      className={cx('dv-vec dv-matrix', linked && 'is-linked')}
      data-term={primary?.term}
      data-step={primary?.step}
      role="group"
      aria-label={`${p.name}, ${p.description}, ${rows} by ${cols} matrix; arrow keys move between entries`}
      onMouseEnter={() => highlightRef(ctx, primary)}
      onMouseLeave={() => primary && ctx.setHighlight(null)}
    >
      <rect className="dv-frame" x={x - 3} y={y - 3} width={cols * cw + 6} height={rows * ch + 6} rx={4} />
      {values.map((row, j) =>
        row.map((v, i) => (
          <rect
            key={`${j}-${i}`}
            className="dv-cell"
            x={x + i * cw}
            y={y + j * ch}
            width={cw}
            height={ch}
            fill={divergingColor(v, extent, theme)}
            {...roving.item(j * cols + i)}
            role="img"
            aria-label={labelOf(j, i)}
            {...cellHandlers(
              ctx,
              primary,
              () => labelOf(j, i),
              () => roving.setActive(j * cols + i),
            )}
          />
        )),
      )}
      {p.split !== undefined && p.split > 0 && p.split < cols && (
        <line className="dv-split" x1={x + p.split * cw} x2={x + p.split * cw} y1={y - 6} y2={y + rows * ch + 6} />
      )}
      {p.label}
    </g>
  );
}

/* ---------------------------------------------------------------- nodes & edges ---- */

/** ⊗, +, "1−": a round operator node. */
export function OpNode({ x, y, op, r = 15, title }: { x: number; y: number; op: string; r?: number; title?: string }) {
  return (
    <g className="dv-op" aria-hidden="true">
      {title && <title>{title}</title>}
      <circle cx={x} cy={y} r={r} />
      <text x={x} y={y} dy="0.35em" textAnchor="middle">
        {op}
      </text>
    </g>
  );
}

/** Width of a badge for `text` at the diagrams' base text size, times k. */
export const badgeWidth = (text: string, k = 1) => Math.max(34, text.length * 11 + 16) * k;

/** σ, tanh, F: an activation badge. */
export function Badge({ x, y, text, w, h = 26, title }: { x: number; y: number; text: string; w?: number; h?: number; title?: string }) {
  const width = w ?? badgeWidth(text);
  return (
    <g className="dv-badge" aria-hidden="true">
      {title && <title>{title}</title>}
      <rect x={x - width / 2} y={y - h / 2} width={width} height={h} rx={h / 2} />
      <text x={x} y={y} dy="0.35em" textAnchor="middle">
        {text}
      </text>
    </g>
  );
}

/** Arrow-head marker; render once per SVG and pass its id to Edge. */
export function ArrowDefs({ id }: { id: string }) {
  return (
    <defs>
      <marker
        id={id}
        viewBox="0 0 10 10"
        refX="9"
        refY="5"
        markerUnits="userSpaceOnUse"
        markerWidth="12"
        markerHeight="12"
        orient="auto-start-reverse"
      >
        <path className="dv-arrowhead" d="M 0 0 L 10 5 L 0 10 z" />
      </marker>
    </defs>
  );
}

/** A connection; `lag` draws it dashed (the lecture: "Dashed line indicates time-lag"). */
export function Edge({
  d,
  arrow,
  lag,
  bridge,
  className,
}: {
  d: string;
  arrow?: string;
  lag?: boolean;
  /** draw a background-coloured halo first, so the edge visibly passes over lines it crosses */
  bridge?: boolean;
  className?: string;
}) {
  return (
    <g aria-hidden="true">
      {bridge && <path className="dv-edge-halo" d={d} />}
      <path className={cx('dv-edge', lag && 'is-lag', className)} d={d} markerEnd={arrow ? `url(#${arrow})` : undefined} />
    </g>
  );
}
