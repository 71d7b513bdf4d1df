/**
 * The unrolled network over T steps: inputs x_t, hidden states h_t (a small column of cells per
 * step, one per unit), outputs y_t beside their targets GT_t, losses C_t; the recurrent links
 * h_{t−1} → h_t; the shared weights W as dashed links; for a bidirectional layer the reverse
 * chain ←h_t and the merged outputs. In the backward phase, ∂C_t/∂h_k flows back along the chain
 * from k = t to 1, link width ∝ log ‖∂C_t/∂h_k‖.
 *
 * React renders the SVG; d3 only supplies colour scales. Pure playback of the trace: nothing here
 * calls the engine.
 */
import { memo, useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { GATE_KEYS, type Trace } from '../../engine/index';
import { divergingColor, scaleTheme, scaleWords, sequentialColor, type ScaleTheme } from '../kit/scales';
import { fmtList, formatValue } from '../kit/format';
import { sharedValueExtent } from '../kit/math';
import { gradientNorms, logPosition } from '../kit/norms';
import { matchesHighlight, type TermRef } from '../kit/link';
import { useFlowFront } from '../kit/flow';
import { useTooltip } from '../kit/tooltip';
import { ScaleLegend, type LegendClasses } from '../kit/legend';
import { ValuesTable } from '../kit/table';
import type { Highlight, TermId, ViewProps } from '../types';
import { cx, unrolledLayout, type RowBox, type UnrolledLayout } from './layout';
import '../simulator.css';

/** Rows that hold values, with the term each stands for. */
type RowId = 'x' | 'h' | 'hb' | 'out' | 'y' | 'GT' | 'C';
const ROW_TERM: Record<RowId, TermId> = { x: 'x', h: 'h', hb: 'hb', out: 'out', y: 'y', GT: 'GT', C: 'C' };
const ROW_SYMBOL: Record<RowId, string> = { x: 'x', h: 'h', hb: '←h', out: 'out', y: 'y', GT: 'GT', C: 'C' };

interface Extents {
  /** the simulator's one value scale (x, h, ←h, out, y, GT): the same as the cell view's */
  value: number;
  lossMax: number;
}

function cellLabel(row: RowId, t: number, unit: number | null, v: number): string {
  return `${ROW_SYMBOL[row]}_${t + 1}${unit === null ? '' : ` unit ${unit + 1}`} = ${formatValue(v)}`;
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
  if (row === 'y') return [{ term: 'y', step: t }, { term: 'dCdy', step: t }];
  return [{ term: ROW_TERM[row], step: t }];
}

/** The rows (and the shared W) lit in column t by the highlight, as a string so memoised columns compare it cheaply. */
function linkedAt(h: Highlight | null, t: number, T: number): string {
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

const Column = memo(function Column(p: ColumnProps) {
  const { layout: l, trace, t, ext } = p;
  const x0 = cx(l, t) - l.cellW / 2;
  const hl = new Set(p.hl.split(',').filter(Boolean));

  const cell = (row: RowId, unit: number | null, v: number, x: number, y: number, w: number, h: number, fill: string, extra?: string) => {
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
    values.map((v, u) => cell(row, u, v, x0, box.y + u * box.cellH, l.cellW, box.cellH, divergingColor(v, extent, p.theme)));

  const r = l.rows;
  const xv = p.inputs[t]?.[0] ?? 0;
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
      {stack('h', r.h, trace.h[t] ?? [], ext.value)}
      {r.hb && stack('hb', r.hb, trace.hBackward?.[t] ?? [], ext.value)}
      {r.out && stack('out', r.out, trace.outputs[t] ?? [], ext.value)}
      {cell('x', null, xv, x0, r.x.y, l.cellW, r.x.h, divergingColor(xv, ext.value, p.theme))}
      {cell('y', null, yv, cx(l, t) - half - 1, r.y.y, half, r.y.h, divergingColor(yv, ext.value, p.theme))}
      {gt !== undefined && cell('GT', null, gt, cx(l, t) + 1, r.y.y, half, r.y.h, divergingColor(gt, ext.value, p.theme), 'uv-gt')}
      {cell('C', null, loss, x0, r.C.y, l.cellW, r.C.h, sequentialColor(ext.lossMax > 0 ? loss / ext.lossMax : 0, p.theme))}
      <text className="uv-tlabel" x={cx(l, t)} y={r.tLabel.y} textAnchor="middle">
        {`t=${t + 1}`}
      </text>
    </g>
  );
});

/** The recurrent links h_{t−1} → h_t (and ←h_{t+1} → ←h_t): unchanged while the step moves. */
const Recurrent = memo(function Recurrent({ layout, arrow, linked }: { layout: UnrolledLayout; arrow: string; linked: boolean }) {
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
          <line key={`b${t}`} className="uv-link uv-rec" x1={cx(layout, t + 1) - half} y1={hbMid} x2={cx(layout, t) + half + 2} y2={hbMid} markerEnd={arrow} />
        ))}
    </g>
  );
});

export function UnrolledView(props: ViewProps) {
  const { spec, trace, phase, reducedMotion, highlight, setHighlight } = props;
  const layout = useMemo(() => unrolledLayout(spec, trace), [spec, trace]);
  const T = layout.T;
  const step = Math.max(0, Math.min(T - 1, props.step));
  const L = Math.max(0, Math.min(T - 1, props.lossStep));
  const backward = phase === 'backward';
  const current = backward ? L : step;
  const uid = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const arrowId = `uv-arrow-${uid}`;
  const gradArrowId = `uv-garrow-${uid}`;

  const ext = useMemo<Extents>(
    () => ({
      value: sharedValueExtent(spec, trace),
      lossMax: Math.max(...trace.loss.filter(Number.isFinite), 0),
    }),
    [spec, trace],
  );

  const theme = scaleTheme();
  const norms = useMemo(() => (backward ? gradientNorms(trace, L) : []), [backward, trace, L]);
  const pos = useMemo(() => logPosition(norms), [norms]);
  // the one flow clock, shared with the BPTT chain; here every link from the front on is drawn
  const front = Math.max(0, useFlowFront(L, backward, reducedMotion).front);

  const { hostRef, api: tipApi, node: tipNode } = useTooltip();
  const onTip = useCallback(
    (el: Element | null, text: string, term: TermId | null, step: number) => {
      if (el) tipApi.show(el, text);
      else tipApi.hide();
      setHighlight(term ? { term, t: step } : null);
    },
    [setHighlight, tipApi],
  );

  // Focus follows the current step: a keyboard user on h_3 unit 2 who steps lands on h_4 unit 2.
  const cells = useRef(new Map<string, SVGElement>());
  const register = useCallback((key: string, el: SVGElement | null) => {
    if (el) cells.current.set(key, el);
    else cells.current.delete(key);
  }, []);
  const svgRef = useRef<SVGSVGElement>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const prevCurrent = useRef(current);
  useLayoutEffect(() => {
    const before = prevCurrent.current;
    prevCurrent.current = current;
    if (before === current) return;
    const active = document.activeElement as SVGElement | null;
    if (active && svgRef.current?.contains(active)) {
      const key = active.getAttribute('data-key');
      const next = key ? cells.current.get(`${current}:${key}`) : undefined;
      next?.focus({ preventScroll: true });
    }
  }, [current]);

  // Keep the current step in view when the drawing scrolls sideways.
  useEffect(() => {
    const sc = scrollRef.current;
    const svg = svgRef.current;
    if (!sc || !svg || sc.scrollWidth <= sc.clientWidth + 1) return;
    const scale = svg.clientWidth / layout.width;
    // the sticky row labels cover the drawing's left margin
    const labelsW = layout.marginLeft * scale;
    const left = (cx(layout, current) - layout.colW) * scale - labelsW;
    const right = (cx(layout, current) + layout.colW) * scale;
    if (current === 0) sc.scrollLeft = 0;
    else if (left < sc.scrollLeft) sc.scrollLeft = left;
    else if (right > sc.scrollLeft + sc.clientWidth) sc.scrollLeft = right - sc.clientWidth;
  }, [current, layout]);

  // Which steps are in view when the drawing scrolls sideways: drives the edge shadows and the
  // overview bar under the strip (a visible scroll cue for long sequences).
  const [view, setView] = useState<{ overflow: boolean; left: number; right: number; from: number; to: number }>({
    overflow: false,
    left: 0,
    right: 1,
    from: 0,
    to: T - 1,
  });
  const measure = useCallback(() => {
    const sc = scrollRef.current;
    const svg = svgRef.current;
    if (!sc || !svg) return;
    const overflow = sc.scrollWidth > sc.clientWidth + 1;
    const scale = svg.clientWidth / layout.width || 1;
    const labelsW = layout.marginLeft * scale;
    const left = sc.scrollLeft / sc.scrollWidth;
    const right = (sc.scrollLeft + sc.clientWidth) / sc.scrollWidth;
    // a step counts as shown when its cells are clear of the sticky row labels and the right edge
    const from = Math.max(0, Math.min(T - 1, Math.ceil((sc.scrollLeft + labelsW) / scale / layout.colW - layout.marginLeft / layout.colW - 0.3)));
    const to = Math.max(from, Math.min(T - 1, Math.floor((sc.scrollLeft + sc.clientWidth) / scale / layout.colW - layout.marginLeft / layout.colW - 0.7)));
    setView((v) => (v.overflow === overflow && v.from === from && v.to === to && Math.abs(v.left - left) < 0.002 && Math.abs(v.right - right) < 0.002 ? v : { overflow, left, right, from, to }));
  }, [layout, T]);
  useLayoutEffect(() => {
    measure();
    const sc = scrollRef.current;
    if (!sc) return;
    const ro = new ResizeObserver(measure);
    ro.observe(sc);
    return () => ro.disconnect();
  }, [measure]);

  // Readable at any length: one SVG unit is never under 1/17 em (≈ 1 px), so the 13-unit step
  // labels stay ≥ 12 px and long sequences scroll instead of shrinking.
  const svgWidth = `max(min(100%, ${(layout.width / 15).toFixed(1)}em), ${(layout.width / 17).toFixed(1)}em)`;
  const r = layout.rows;
  const hMid = r.h.y + r.h.h / 2;
  const hbMid = r.hb ? r.hb.y + r.hb.h / 2 : 0;
  const half = layout.cellW / 2;
  const linked = (term: TermId) => (matchesHighlight(highlight, { term }) ? ' is-linked' : '');

  const rowLabels: { y: number; text: string; term: TermId }[] = [
    { y: r.C.y + r.C.h / 2, text: 'C_t', term: 'C' },
    { y: r.y.y + r.y.h / 2, text: 'y_t | GT_t', term: 'y' },
    ...(r.out ? [{ y: r.out.y + r.out.h / 2, text: 'out_t', term: 'out' as TermId }] : []),
    { y: hMid, text: r.hb ? '→h_t' : 'h_t', term: 'h' },
    ...(r.hb ? [{ y: hbMid, text: '←h_t', term: 'hb' as TermId }] : []),
    ...(backward ? [{ y: r.norm.y, text: '‖∂C/∂h_k‖', term: 'dCdh' as TermId }] : []),
    { y: r.w.y, text: 'W', term: 'W' },
    { y: r.x.y + r.x.h / 2, text: 'x_t', term: 'x' },
  ];

  const hlKey = (t: number) => linkedAt(highlight, t, T);
  const title = `Unrolled ${spec.cell === 'rnn' ? 'vanilla RNN' : spec.cell.toUpperCase()}${layout.bidirectional ? ' (bidirectional)' : ''} over T = ${T} steps`;

  return (
    <section
      className={`uv${reducedMotion ? ' uv-reduced' : ''}`}
      aria-label="The unrolled network"
      data-testid="unrolled-view"
      data-step={current}
      data-phase={phase}
    >
      <div ref={hostRef} className="dv-host">
      <div
        className={`uv-scroll${view.overflow ? ' is-overflowing' : ''}${view.overflow && view.left > 0.001 ? ' can-left' : ''}${view.overflow && view.right < 0.999 ? ' can-right' : ''}`}
        ref={scrollRef}
        onScroll={measure}
        data-testid="uv-scroll"
      >
        <div className="uv-stage" style={{ width: svgWidth }}>
        {/* Row labels stay in view while the strip scrolls sideways (sticky, over the drawing's
            left margin); same viewBox scale as the drawing. */}
        <svg
          className="uv-rowlabels"
          viewBox={`0 0 ${layout.marginLeft} ${layout.height}`}
          style={{ width: `${(layout.marginLeft / layout.width) * 100}%` }}
          aria-hidden="true"
          data-testid="uv-rowlabels"
        >
          <rect className="uv-rowlabels-bg" x={0} y={0} width={layout.marginLeft - 4} height={layout.height} />
          {rowLabels.map((rl) => (
            <text key={rl.text} className={`uv-rowlabel${linked(rl.term) || ''}`} x={6} y={rl.y} dominantBaseline="middle" data-term={rl.term}>
              {rl.text}
            </text>
          ))}
        </svg>
        {/* The current step: an HTML layer over the drawing, so its slide is a compositor
            transform and never repaints the SVG. Sizes and offsets are fractions of the drawing. */}
        <div
          className="uv-current"
          aria-hidden="true"
          style={{
            width: `${((layout.colW - 4) / layout.width) * 100}%`,
            transform: `translateX(${((layout.marginLeft + layout.colW * current + 2) / (layout.colW - 4)) * 100}%)`,
          }}
          data-testid="uv-current"
          data-step={current}
        />
        <svg
          ref={svgRef}
          className="uv-svg"
          viewBox={`0 0 ${layout.width} ${layout.height}`}
          style={{ width: '100%' }}
          role="group"
          aria-label={`${title}. The highlighted column is t = ${current + 1}; its cells can be focused to read their values.`}
        >
          <defs>
            <marker id={arrowId} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" className="uv-arrowhead" />
            </marker>
            <marker id={gradArrowId} viewBox="0 0 10 10" refX="8" refY="5" markerWidth="4" markerHeight="4" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" className="uv-garrowhead" />
            </marker>
          </defs>

          {/* shared weights: one dashed line through every copy's W */}
          <line
            className={`uv-shared${linked('W') || ''}`}
            x1={cx(layout, 0)}
            x2={cx(layout, T - 1)}
            y1={r.w.y}
            y2={r.w.y}
            data-term="W"
          />

          <Recurrent layout={layout} arrow={`url(#${arrowId})`} linked={matchesHighlight(highlight, { term: 'jac' })} />

          {Array.from({ length: T }, (_, t) => (
            <Column
              key={t}
              layout={layout}
              trace={trace}
              inputs={spec.inputs}
              targets={spec.targets}
              t={t}
              dim={t > current}
              focusable={t === current}
              hl={hlKey(t)}
              ext={ext}
              onTip={onTip}
              register={register}
              arrow={`url(#${arrowId})`}
              theme={theme}
            />
          ))}

          {backward && (
            <g className="uv-flow" data-testid="uv-flow" data-loss-step={L} data-front={front}>
              {front <= L && (
                <path
                  className="uv-grad"
                  d={`M ${cx(layout, L) + half + 7} ${r.C.y + r.C.h / 2} V ${r.norm.y - 9}`}
                  strokeWidth={3}
                  markerEnd={`url(#${gradArrowId})`}
                  data-term="dCdy"
                />
              )}
              {norms.map((n, k) => {
                if (k < front) return null;
                // a non-finite norm (NaN, ∞) is drawn at full size and marked, never as a zero
                const finite = Number.isFinite(pos[k]);
                const u = finite ? pos[k] : 1;
                const rad = 2.5 + 5 * u;
                // ∂C/∂h_{k+1} → ∂C/∂h_k: one more Jacobian ∂h_{k+1}/∂h_k, along the row of norms
                const link =
                  k < L ? (
                    <line
                      className={`uv-grad${finite ? '' : ' is-nonfinite'}`}
                      x1={cx(layout, k + 1) - 9}
                      y1={r.norm.y}
                      x2={cx(layout, k) + rad + 3}
                      y2={r.norm.y}
                      strokeWidth={1 + 5 * u}
                      strokeOpacity={0.4 + 0.6 * u}
                      markerEnd={`url(#${gradArrowId})`}
                      data-term="jac"
                      data-step={k + 1}
                    />
                  ) : null;
                const label = `‖∂C_${L + 1}/∂h_${k + 1}‖ = ${formatValue(n)}`;
                return (
                  <g key={k}>
                    {link}
                    <circle
                      className={`uv-norm${finite ? '' : ' is-nonfinite'}${matchesHighlight(highlight, { term: 'dCdh', step: k }) ? ' is-linked' : ''}`}
                      cx={cx(layout, k)}
                      cy={r.norm.y}
                      r={rad}
                      data-term="dCdh"
                      data-step={k}
                      data-value={String(n)}
                      onPointerEnter={(e) => onTip(e.currentTarget, label, 'dCdh', k)}
                      onPointerLeave={() => onTip(null, '', null, k)}
                    />
                    {layout.normText && (
                      <text className="uv-normtext" x={cx(layout, k)} y={r.norm.y + 19} textAnchor="middle">
                        {formatValue(n, 2)}
                      </text>
                    )}
                  </g>
                );
              })}
            </g>
          )}

        </svg>
        </div>
      </div>
      {tipNode}
      </div>

      {view.overflow && (
        <div className="uv-overview" data-testid="uv-overview">
          <span className="uv-overview-track" aria-hidden="true">
            <span className="uv-overview-thumb" style={{ left: `${view.left * 100}%`, width: `${(view.right - view.left) * 100}%` }} />
          </span>
          <span className="uv-overview-text">
            Showing t = {view.from + 1}–{view.to + 1} of {T}: scroll sideways{' '}
            <span aria-hidden="true">↔</span>, or step with the arrow keys
          </span>
        </div>
      )}

      <Legend lossMax={ext.lossMax} extent={ext.value} backward={backward} theme={theme} />

      <StripTable spec={spec} trace={trace} norms={norms} L={L} backward={backward} />
    </section>
  );
}

/** The unrolled strip's legend items: the kit's legend in the strip's uv- classes. */
const UV_LEGEND: LegendClasses = { root: 'uv-legend-item', title: 'uv-legend-label', ramp: 'uv-ramp', ticks: 'uv-legend-ends' };

const Legend = memo(function Legend({ lossMax, extent, backward, theme }: { lossMax: number; extent: number; backward: boolean; theme: ScaleTheme }) {
  const words = scaleWords(theme);
  return (
    <div className="uv-legend" aria-label="Colour legend" role="group">
      <ScaleLegend
        classes={UV_LEGEND}
        as="span"
        role="img"
        name={`Values (x, h, y and targets), one scale for the whole simulator: from ${formatValue(-extent, 2)} (orange) through 0 (${words.zero}) to +${formatValue(extent, 2)} (purple)`}
        attrs={{ 'data-testid': 'uv-value-legend', 'data-extent': extent }}
        title="values (x, h, y, GT)"
        titleHidden
        color={(u) => divergingColor(2 * u - 1, 1, theme)}
        ticks={[<>{formatValue(-extent, 2)} (orange)</>, '0', <>+{formatValue(extent, 2)} (purple)</>]}
      />
      <ScaleLegend
        classes={UV_LEGEND}
        as="span"
        title="loss C_t"
        color={(u) => sequentialColor(u, theme)}
        ticks={['0', formatValue(lossMax)]}
        ticksHidden={false}
      />
      <span className="uv-legend-item uv-legend-key">
        <svg width="34" height="10" aria-hidden="true">
          <line x1="1" y1="5" x2="33" y2="5" className="uv-shared" />
        </svg>
        shared weights W
      </span>
      {backward && (
        <span className="uv-legend-item uv-legend-key">
          <svg width="34" height="10" aria-hidden="true">
            <line x1="1" y1="5" x2="33" y2="5" className="uv-grad" strokeWidth={4} />
          </svg>
          ∂C/∂h flowing back (wider = larger norm, log scale)
        </span>
      )}
    </div>
  );
});

/** Depends on the trace (and, backward, on C_t), not on the step: memoised so playback skips it. */
const StripTable = memo(function StripTable({
  spec,
  trace,
  norms,
  L,
  backward,
}: {
  spec: ViewProps['spec'];
  trace: Trace;
  norms: number[];
  L: number;
  backward: boolean;
}) {
  const bidi = !!trace.hBackward;
  return (
    <ValuesTable
      className="uv-table"
      summary="Show values as a table"
      caption="Values of the unrolled network at every step"
      scroll={{ className: 'uv-table-scroll', label: 'Values table (scrolls sideways on narrow screens)' }}
      corner="t"
      columns={[
        { key: 'x', head: 'x_t' },
        { key: 'h', head: bidi ? '→h_t' : 'h_t' },
        ...(bidi ? [{ key: 'hb', head: '←h_t' }] : []),
        { key: 'y', head: 'y_t' },
        { key: 'GT', head: 'GT_t' },
        { key: 'C', head: 'C_t' },
        ...(backward ? [{ key: 'g', head: <>‖∂C_{L + 1}/∂h_t‖</> }] : []),
      ]}
      rows={trace.h.map((h, t) => ({
        key: t,
        attrs: { 'data-step': t },
        head: t + 1,
        cells: [
          { content: fmtList(spec.inputs[t]) },
          { content: fmtList(h), attrs: { 'data-testid': 'h-values' } },
          ...(bidi ? [{ content: fmtList(trace.hBackward?.[t]) }] : []),
          { content: fmtList(trace.y[t]) },
          { content: fmtList(spec.targets?.[t]) },
          { content: formatValue(trace.loss[t] ?? NaN) },
          ...(backward
            ? [
                {
                  content: t <= L ? formatValue(norms[t]) : '— (after C_' + (L + 1) + ')',
                  attrs: { 'data-testid': 'grad-norm', 'data-k': t, 'data-value': t <= L ? String(norms[t]) : '' },
                },
              ]
            : []),
        ],
      }))}
    />
  );
});
