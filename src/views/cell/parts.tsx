/**
 * Building blocks shared by the detail views: value vectors drawn as columns of cells, weight
 * heat maps, operator nodes, edges, symbols with subscripts, colour legends and the tooltip.
 * Everything is rendered by React; the only DOM reads are bounding boxes of the element under the
 * pointer or focus, to place the tooltip.
 */
import { useCallback, useMemo, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import { Ramp } from '../Ramp';
import { divergingColor, formatValue, scaleWords, sequentialColor, textOn } from '../scales';
import type { Highlight } from '../types';
import { matchesHighlight, type TermRef } from './linking';

/* ---------------------------------------------------------------- context ---------- */

export interface TipApi {
  show: (el: Element, text: string) => void;
  hide: () => void;
}

/** What every drawn element needs from its view. */
export interface DrawCtx {
  highlight: Highlight | null;
  setHighlight: (h: Highlight | null) => void;
  tip: TipApi;
}

/** Sets the highlight to a term reference (no-op for elements that are not a term). */
export function highlightRef(ctx: DrawCtx, ref: TermRef | undefined) {
  if (ref) ctx.setHighlight(ref.step === undefined ? { term: ref.term } : { term: ref.term, t: ref.step });
}

export function cx(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(' ');
}

/* ---------------------------------------------------------------- tooltip ---------- */

interface TipState {
  text: string;
  x: number;
  y: number;
  below: boolean;
}

/**
 * A tooltip positioned over `hostRef` (which must be position: relative). The tooltip repeats the
 * hovered or focused element's aria-label for sighted users, so it is aria-hidden itself.
 */
export function useTooltip(): { hostRef: RefObject<HTMLDivElement | null>; api: TipApi; node: ReactNode } {
  const hostRef = useRef<HTMLDivElement | null>(null);
  const [tip, setTip] = useState<TipState | null>(null);
  const show = useCallback((el: Element, text: string) => {
    const host = hostRef.current;
    if (!host) return;
    const r = el.getBoundingClientRect();
    const h = host.getBoundingClientRect();
    const x = Math.max(70, Math.min(h.width - 70, r.left + r.width / 2 - h.left));
    const top = r.top - h.top;
    const below = top < 48;
    setTip({ text, x, y: below ? r.bottom - h.top : top, below });
  }, []);
  const hide = useCallback(() => setTip(null), []);
  const api = useMemo<TipApi>(() => ({ show, hide }), [show, hide]);
  const node = tip ? (
    <div className={cx('dv-tooltip', tip.below && 'is-below')} aria-hidden="true" style={{ left: tip.x, top: tip.y }}>
      {tip.text}
    </div>
  ) : null;
  return { hostRef, api, node };
}

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

export function colorFor(mode: ColorMode, v: number): string {
  return mode.kind === 'diverging' ? divergingColor(v, mode.extent) : sequentialColor(v);
}

/* ---------------------------------------------------------------- vectors ---------- */

export interface VectorProps {
  ctx: DrawCtx;
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
  /** term references; the first is reported on hover/focus, any of them lights the vector up */
  refs?: TermRef[];
  /** visible label */
  label?: ReactNode;
  /** draw a divider after this many cells (the x | h split of [x_t; h_{t-1}]) */
  split?: number;
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
  const [active, setActive] = useState(0);
  const cells = useRef<(SVGRectElement | null)[]>([]);
  const primary = refs?.[0];
  const linked = refs ? matchesHighlight(ctx.highlight, refs) : false;
  const n = values.length;
  const cellName = p.cellName ?? ((i: number) => `unit ${i + 1}`);
  const labelOf = (i: number) => `${name} ${cellName(i)} = ${formatValue(values[i])}`;
  const move = (e: KeyboardEvent, i: number) => {
    let next: number;
    if (e.key === 'ArrowDown' || e.key === 'ArrowRight') next = Math.min(n - 1, i + 1);
    else if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') next = Math.max(0, i - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = n - 1;
    else return;
    e.preventDefault();
    setActive(next);
    cells.current[next]?.focus();
  };
  const idx = Math.min(active, Math.max(0, n - 1));
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
        const fill = colorFor(color, v);
        return (
          <g key={i}>
            <rect
              ref={(el) => {
                cells.current[i] = el;
              }}
              className="dv-cell"
              x={x}
              y={y + i * ch}
              width={cw}
              height={ch}
              fill={fill}
              tabIndex={i === idx ? 0 : -1}
              role="img"
              aria-label={labelOf(i)}
              onFocus={(e) => {
                setActive(i);
                highlightRef(ctx, primary);
                ctx.tip.show(e.currentTarget, labelOf(i));
              }}
              onBlur={() => {
                ctx.tip.hide();
                if (primary) ctx.setHighlight(null);
              }}
              onMouseEnter={(e) => ctx.tip.show(e.currentTarget, labelOf(i))}
              onMouseLeave={() => ctx.tip.hide()}
              onKeyDown={(e) => move(e, i)}
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
  const rows = values.length;
  const cols = rows ? values[0].length : 0;
  const [pos, setPos] = useState<[number, number]>([0, 0]);
  const cells = useRef<(SVGRectElement | null)[]>([]);
  const primary = refs?.[0];
  const linked = refs ? matchesHighlight(ctx.highlight, refs) : false;
  const rowName = p.rowName ?? ((j: number) => `row ${j + 1}`);
  const colName = p.colName ?? ((i: number) => `column ${i + 1}`);
  const labelOf = (j: number, i: number) => `${p.name} ${rowName(j)}, ${colName(i)} = ${formatValue(values[j][i])}`;
  const move = (e: KeyboardEvent, j: number, i: number) => {
    let [nj, ni] = [j, i];
    if (e.key === 'ArrowDown') nj = Math.min(rows - 1, j + 1);
    else if (e.key === 'ArrowUp') nj = Math.max(0, j - 1);
    else if (e.key === 'ArrowRight') ni = Math.min(cols - 1, i + 1);
    else if (e.key === 'ArrowLeft') ni = Math.max(0, i - 1);
    else if (e.key === 'Home') ni = 0;
    else if (e.key === 'End') ni = cols - 1;
    else return;
    e.preventDefault();
    setPos([nj, ni]);
    cells.current[nj * cols + ni]?.focus();
  };
  const [aj, ai] = [Math.min(pos[0], rows - 1), Math.min(pos[1], cols - 1)];
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
            ref={(el) => {
              cells.current[j * cols + i] = el;
            }}
            className="dv-cell"
            x={x + i * cw}
            y={y + j * ch}
            width={cw}
            height={ch}
            fill={divergingColor(v, extent)}
            tabIndex={j === aj && i === ai ? 0 : -1}
            role="img"
            aria-label={labelOf(j, i)}
            onFocus={(e) => {
              setPos([j, i]);
              highlightRef(ctx, primary);
              ctx.tip.show(e.currentTarget, labelOf(j, i));
            }}
            onBlur={() => {
              ctx.tip.hide();
              if (primary) ctx.setHighlight(null);
            }}
            onMouseEnter={(e) => ctx.tip.show(e.currentTarget, labelOf(j, i))}
            onMouseLeave={() => ctx.tip.hide()}
            onKeyDown={(e) => move(e, j, i)}
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

/** σ, tanh, F: an activation badge. */
export function Badge({ x, y, text, w, title }: { x: number; y: number; text: string; w?: number; title?: string }) {
  const width = w ?? Math.max(34, text.length * 11 + 16);
  return (
    <g className="dv-badge" aria-hidden="true">
      {title && <title>{title}</title>}
      <rect x={x - width / 2} y={y - 13} width={width} height={26} rx={13} />
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

/* ---------------------------------------------------------------- legends ---------- */

/** "purple" or "orange": the hue divergingColor gives a value, named for text alternatives. */
export function hueName(v: number): string {
  const m = /rgb\((\d+), ?(\d+), ?(\d+)\)/.exec(divergingColor(v, 1));
  if (!m) return 'coloured';
  return Number(m[1]) > Number(m[3]) ? 'orange' : 'purple';
}

/** Legend for a diverging scale on [−extent, extent]. */
export function DivergingLegend({ extent, label }: { extent: number; label: string }) {
  return (
    <div
      className="dv-legend"
      role="group"
      aria-label={`Colour scale: ${label}, from ${formatValue(-extent)} (${hueName(-1)}) through 0 (${scaleWords().zero}) to ${formatValue(extent)} (${hueName(1)})`}
    >
      <span className="dv-legend-title">{label}</span>
      <Ramp className="dv-legend-bar" color={(u) => divergingColor((u * 2 - 1) * extent, extent)} />
      <span className="dv-legend-ticks" aria-hidden="true">
        <span>{formatValue(-extent, 2)}</span>
        <span>0</span>
        <span>{formatValue(extent, 2)}</span>
      </span>
    </div>
  );
}

/** Legend for gate values on [0, 1]. */
export function SequentialLegend({ label }: { label: string }) {
  return (
    <div className="dv-legend" role="group" aria-label={`Colour scale: ${label}, from 0 (${scaleWords().seqLow}) to 1 (${scaleWords().seqHigh})`}>
      <span className="dv-legend-title">{label}</span>
      <Ramp className="dv-legend-bar" color={(u) => sequentialColor(u)} />
      <span className="dv-legend-ticks" aria-hidden="true">
        <span>0 (closed)</span>
        <span>0.5</span>
        <span>1 (open)</span>
      </span>
    </div>
  );
}

/** A legend entry for dashed (time-lagged) connections. */
export function LagLegend() {
  return (
    <div className="dv-legend dv-legend-lag">
      <svg width="48" height="12" viewBox="0 0 48 12" aria-hidden="true">
        <line className="dv-edge is-lag" x1="2" x2="46" y1="6" y2="6" />
      </svg>
      <span>dashed = time lag (from step t − 1, or on to step t + 1)</span>
    </div>
  );
}
