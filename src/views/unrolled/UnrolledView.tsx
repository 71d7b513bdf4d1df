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
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { outputExtent, sharedValueExtent } from '../kit/math';
import { gradientNorms, logPosition } from '../kit/norms';
import { matchesHighlight } from '../kit/link';
import { useFlowFront } from '../kit/flow';
import { useTooltip } from '../kit/tooltip';
import { formatValue } from '../kit/format';
import type { TermId, ViewProps } from '../types';
import { useViewTheme } from '../ThemeContext';
import { cx, scrollToShow, stripView, unrolledLayout, type StripBox } from './layout';
import { Column, linkedAt, Recurrent, type Extents } from './Column';
import { Legend, StripTable } from './parts';
import { SLIDE_UNROLLED_SCALE, slideWidth } from '../cell/layout/slideText';
import '../simulator.css';

const NO_BOX: StripBox = { clientW: 0, scrollW: 0, svgW: 0, left: 0 };

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
      out: outputExtent(spec),
      lossMax: Math.max(...trace.loss.filter(Number.isFinite), 0),
    }),
    [spec, trace],
  );

  // the palette: the app's theme (a prop of the memoised columns, so a theme change redraws them)
  const theme = useViewTheme();
  const norms = useMemo(() => (backward ? gradientNorms(trace, L) : []), [backward, trace, L]);
  const pos = useMemo(() => logPosition(norms), [norms]);
  // the one flow clock, shared with the BPTT chain; here every link from the front on is drawn
  const front = Math.max(0, useFlowFront(L, backward, reducedMotion).front);

  const { hostRef, api: tipApi, node: tipNode } = useTooltip<HTMLElement>();
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

  // The strip's box, measured only where layout is already clean (ResizeObserver callbacks, scroll
  // events), never in a commit: a forced layout there blocked the main thread for tens of ms per
  // trace. The edge shadows, the overview bar and the scroll to the current step are arithmetic on
  // it and the layout (./layout.ts).
  const stageRef = useRef<HTMLDivElement>(null);
  const boxRef = useRef<StripBox>(NO_BOX);
  const [box, setBox] = useState<StripBox>(NO_BOX);
  const view = useMemo(() => stripView(layout, box), [layout, box]);
  const publish = useCallback((next: StripBox) => {
    boxRef.current = next;
    setBox((b) => (b.clientW === next.clientW && b.scrollW === next.scrollW && b.svgW === next.svgW && b.left === next.left ? b : next));
  }, []);
  // Keep the current step in view when the drawing scrolls sideways: once per change of t (or of the
  // strip's size), in one animation frame, and only when it is out of view.
  const latest = useRef({ layout, current });
  useEffect(() => {
    latest.current = { layout, current };
  }, [layout, current]);
  const keepInView = useCallback(() => {
    const sc = scrollRef.current;
    const target = scrollToShow(latest.current.layout, boxRef.current, latest.current.current);
    if (sc && target !== null) sc.scrollLeft = target;
  }, []);
  const frame = useRef(0);
  useEffect(() => {
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      keepInView();
    });
  }, [current, T, keepInView]);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);
  useEffect(() => {
    const sc = scrollRef.current;
    const stage = stageRef.current;
    if (!sc || !stage || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => {
      publish({ clientW: sc.clientWidth, scrollW: sc.scrollWidth, svgW: stage.clientWidth, left: sc.scrollLeft });
      keepInView();
    });
    ro.observe(sc);
    ro.observe(stage);
    return () => ro.disconnect();
  }, [publish, keepInView]);
  const onScroll = useCallback(() => {
    const sc = scrollRef.current;
    if (sc) publish({ ...boxRef.current, left: sc.scrollLeft });
  }, [publish]);

  // Readable at any length: one SVG unit is never under 1/17 em (≈ 1 px), so the 13-unit step
  // labels stay ≥ 12 px and long sequences scroll instead of shrinking.
  // On a slide: the strip's declared scale on the canvas (slideText.ts); longer ones scroll sideways.
  const svgWidth = props.slide
    ? slideWidth(layout.width, SLIDE_UNROLLED_SCALE)
    : `max(min(100%, ${(layout.width / 15).toFixed(1)}em), ${(layout.width / 17).toFixed(1)}em)`;
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
      ref={hostRef}
      className={`uv dv-host${reducedMotion ? ' uv-reduced' : ''}`}
      aria-label="The unrolled network"
      data-testid="unrolled-view"
      data-step={current}
      data-phase={phase}
    >
      <div
        className={`uv-scroll${view.overflow ? ' is-overflowing' : ''}${view.overflow && view.left > 0.001 ? ' can-left' : ''}${view.overflow && view.right < 0.999 ? ' can-right' : ''}`}
        ref={scrollRef}
        onScroll={onScroll}
        data-testid="uv-scroll"
      >
        <div className="uv-stage" ref={stageRef} style={{ width: svgWidth }}>
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
            <line className={`uv-shared${linked('W') || ''}`} x1={cx(layout, 0)} x2={cx(layout, T - 1)} y1={r.w.y} y2={r.w.y} data-term="W" />

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

      {view.overflow && (
        <div className="uv-overview" data-testid="uv-overview">
          <span className="uv-overview-track" aria-hidden="true">
            <span className="uv-overview-thumb" style={{ left: `${view.left * 100}%`, width: `${(view.right - view.left) * 100}%` }} />
          </span>
          <span className="uv-overview-text">
            Showing t = {view.from + 1}–{view.to + 1} of {T}: scroll sideways <span aria-hidden="true">↔</span>
            <span className="uv-hint-keys">, or step with the arrow keys</span>
            <span className="uv-hint-touch">, or step with ◀ ▶</span>
          </span>
        </div>
      )}

      <Legend lossMax={ext.lossMax} extent={ext.value} backward={backward} theme={theme} out={!!spec.backward} outExtent={ext.out} />

      <StripTable spec={spec} trace={trace} norms={norms} L={L} backward={backward} />
    </section>
  );
}
