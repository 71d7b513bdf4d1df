/**
 * Backpropagation through time for one loss C_t: the gradient ∂C_t/∂h_k flowing back along the
 * chain from k = t to k = 1 (link width ∝ log-norm), and beside it ‖∂C_t/∂h_k‖ against the
 * distance t − k on a log axis. Pure playback of trace.dCdh; the flow animation only reveals
 * links that are already computed.
 */
import { useId, useMemo } from 'react';
import { line as d3line, scaleLinear, scaleLog } from 'd3';
import { fmtFactor, fmtNorm, fmtPrecise } from '../kit/format';
import type { ViewProps } from '../types';
import '../detail-views.css';
import { cx, linkHandlers, matchesHighlight, tOf, type DrawCtx, type TermRef } from '../kit/link';
import { ArrowDefs } from '../kit/parts';
import { useTooltip } from '../kit/tooltip';
import { useRoving } from '../kit/roving';
import { useFlowFront } from '../kit/flow';
import { ValuesTable } from '../kit/table';
import { cellStateNorms, clampForLog, decadeTicks, gradientNorms, logDomain, logPosition, NORM_FLOOR, trendAfterFirstStep, type Trend } from '../kit/norms';

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/** "10⁻⁴"-style tick label as SVG tspans. */
function PowerOfTen({ v }: { v: number }) {
  const e = Math.round(Math.log10(v));
  if (e === 0) return <tspan>1</tspan>;
  if (e === 1) return <tspan>10</tspan>;
  return (
    <>
      <tspan>10</tspan>
      <tspan dy="-0.55em" fontSize="0.75em">
        {e < 0 ? `−${-e}` : e}
      </tspan>
    </>
  );
}

const FLOOR_TEXT = '10⁻¹²';

/* ---------------------------------------------------------------- the chain -------- */

function Chain({
  ctx,
  norms,
  T,
  t,
  front,
  arrow,
}: {
  ctx: DrawCtx;
  norms: number[];
  T: number;
  t: number;
  front: number;
  arrow: string;
}) {
  const sp = clamp(Math.floor(760 / Math.max(1, T)), 16, 96);
  const left = 36;
  const width = left * 2 + T * sp;
  const yC = 34;
  const yY = 96;
  const yH = 164;
  const height = 232;
  const r = clamp(sp * 0.28, 4.5, 15);
  const X = (k: number) => left + k * sp + sp / 2;
  const pos = logPosition(norms);
  const widthOf = (k: number) => (norms[k] > NORM_FLOOR && Number.isFinite(pos[k]) ? 2 + 13 * pos[k] : 1.5);
  const every = sp >= 44 ? 1 : Math.ceil(44 / sp);
  const showVals = sp >= 72;
  const roving = useRoving<SVGGElement>(T);
  const Tt = tOf(t);
  const nodeLabel = (k: number) =>
    k <= t
      ? `h_${tOf(k)}: ‖∂C_${Tt}/∂h_${tOf(k)}‖ = ${fmtNorm(norms[k])}${norms[k] < NORM_FLOOR ? ' (below the plot floor)' : ''}, ${t - k} step${t - k === 1 ? '' : 's'} back`
      : `h_${tOf(k)}: comes after C_${Tt}, so C_${Tt} does not depend on it (gradient 0)`;
  const yRefs: TermRef[] = [{ term: 'y', step: t }];
  const cRefs: TermRef[] = [{ term: 'C', step: t }];

  return (
    <svg
      className="dv-svg dv-chain"
      viewBox={`0 0 ${width} ${height}`}
      style={{ maxWidth: `${(width / 16).toFixed(1)}em`, minWidth: `${Math.round(Math.min(560, width * 0.6))}px` }}
      role="group"
      aria-label={`The chain of hidden states h_1 to h_${T}; the gradient of C_${Tt} flows from h_${Tt} back to h_1. Tab to the chain, arrow keys move between states.`}
    >
      <ArrowDefs id={arrow} />
      {/* C_t → y_t → h_t */}
      <g
        className={cx('dv-node dv-node-loss', matchesHighlight(ctx.highlight, cRefs) && 'is-linked')}
        data-term="C"
        data-step={t}
        {...linkHandlers(ctx, cRefs[0], undefined, false)}
        aria-hidden="true"
      >
        <rect x={X(t) - 26} y={yC - 17} width={52} height={34} rx={8} />
        <text x={X(t)} y={yC} dy="0.35em" textAnchor="middle">
          C<tspan dy="0.3em" fontSize="0.75em">{Tt}</tspan>
        </text>
      </g>
      <g
        className={cx('dv-link-group', matchesHighlight(ctx.highlight, { term: 'dCdy', step: t }) && 'is-linked')}
        data-term="dCdy"
        data-step={t}
        {...linkHandlers(ctx, { term: 'dCdy', step: t }, `∂C_${Tt}/∂y_${Tt}: where the gradient starts`, false)}
        aria-hidden="true"
      >
        <path className="dv-link-hit" d={`M ${X(t)} ${yC + 18} V ${yY - 12}`} />
        <path className="dv-link" d={`M ${X(t)} ${yC + 18} V ${yY - 14}`} strokeWidth={3} markerEnd={`url(#${arrow})`} />
      </g>
      <g
        className={cx('dv-node', matchesHighlight(ctx.highlight, yRefs) && 'is-linked')}
        data-term="y"
        data-step={t}
        {...linkHandlers(ctx, yRefs[0], undefined, false)}
        aria-hidden="true"
      >
        <circle cx={X(t)} cy={yY} r={11} />
        <text x={X(t) + 16} y={yY} dy="0.35em">
          y<tspan dy="0.3em" fontSize="0.75em">{Tt}</tspan>
        </text>
      </g>
      {/* into h_t: ∂C_t/∂h_t = (∂C_t/∂y_t)(∂y_t/∂h_t) */}
      <g
        className={cx('dv-link-group', matchesHighlight(ctx.highlight, { term: 'dydh', step: t }) && 'is-linked')}
        data-term="dydh"
        data-step={t}
        {...linkHandlers(ctx, { term: 'dydh', step: t }, `into h_${Tt} through ∂y_${Tt}/∂h_${Tt}: ‖∂C_${Tt}/∂h_${Tt}‖ = ${fmtNorm(norms[t])}`, false)}
        aria-hidden="true"
      >
        <path className="dv-link-hit" d={`M ${X(t)} ${yY + 12} V ${yH - r}`} />
        <path
          className={cx('dv-link', front > t && 'is-pending', front === t && 'is-front', !(norms[t] > NORM_FLOOR) && 'is-zero')}
          d={`M ${X(t)} ${yY + 12} V ${yH - r - 3}`}
          strokeWidth={front > t ? 1.5 : widthOf(t)}
          markerEnd={`url(#${arrow})`}
        />
      </g>
      {/* h_{k+1} → h_k, for k < t */}
      {norms.slice(0, t).map((n, k) => {
        const refs: TermRef[] = [{ term: 'jac', step: k + 1 }];
        const pending = k < front;
        const d = `M ${X(k + 1) - r - 2} ${yH} H ${X(k) + r + 3}`;
        return (
          <g
            key={`l${k}`}
            className={cx('dv-link-group', matchesHighlight(ctx.highlight, refs) && 'is-linked')}
            data-term="jac"
            data-step={k + 1}
            aria-hidden="true"
            {...linkHandlers(ctx, refs[0], `through ∂h_${tOf(k + 1)}/∂h_${tOf(k)}: ‖∂C_${Tt}/∂h_${tOf(k)}‖ = ${fmtNorm(n)}`, false)}
          >
            <path className="dv-link-hit" d={d} />
            <path
              className={cx('dv-link', pending && 'is-pending', k === front && 'is-front', !(n > NORM_FLOOR) && 'is-zero')}
              d={d}
              strokeWidth={pending ? 1.5 : widthOf(k)}
              markerEnd={sp >= 30 ? `url(#${arrow})` : undefined}
            />
            {showVals && !pending && (
              <text className="dv-tick-label" x={(X(k) + X(k + 1)) / 2} y={yH - 14} textAnchor="middle">
                {fmtNorm(n)}
              </text>
            )}
          </g>
        );
      })}
      {/* the states */}
      {Array.from({ length: T }, (_, k) => {
        const refs: TermRef[] = [
          { term: 'dCdh', step: k },
          { term: 'h', step: k },
        ];
        const future = k > t;
        const label = nodeLabel(k);
        return (
          <g
            key={`n${k}`}
            {...roving.item(k)}
            onFocusCapture={() => roving.setActive(k)}
            className={cx('dv-node', future && 'is-future', matchesHighlight(ctx.highlight, refs) && 'is-linked')}
            data-term="dCdh"
            data-step={k}
            role="img"
            aria-label={label}
            {...linkHandlers(ctx, refs[0], label)}
          >
            <circle cx={X(k)} cy={yH} r={r} />
            {(k % every === 0 || k === t || k === T - 1) && (
              <text x={X(k)} y={yH + r + 20} textAnchor="middle" aria-hidden="true">
                h<tspan dy="0.3em" fontSize="0.75em">{tOf(k)}</tspan>
              </text>
            )}
          </g>
        );
      })}
      {t < T - 1 && (
        <text className="dv-note" x={X(T - 1) + r} y={yH + r + 48} textAnchor="end">
          after t = {Tt}: no effect on C<tspan dy="0.3em" fontSize="0.75em">{Tt}</tspan>
        </text>
      )}
      <text className="dv-note" x={X(0) - r} y={yH + r + 48}>
        ← gradient flows back in time
      </text>
    </svg>
  );
}

/* ---------------------------------------------------------------- the plot --------- */

function NormPlot({ ctx, norms, cnorms, t, front }: { ctx: DrawCtx; norms: number[]; cnorms: number[] | null; t: number; front: number }) {
  const W = 470;
  const H = 330;
  const m = { l: 74, r: 18, t: 18, b: 62 };
  const domain = logDomain(cnorms ? [...norms, ...cnorms] : norms);
  const x = scaleLinear()
    .domain([0, Math.max(1, t)])
    .range([m.l, W - m.r]);
  const y = scaleLog().domain(domain).range([H - m.b, m.t]);
  const yTicks = decadeTicks(domain[0], domain[1]);
  const xTicks = x.ticks(Math.min(Math.max(1, t), 8)).filter((v) => Number.isInteger(v));
  const pts = norms.map((n, k) => ({ k, dist: t - k, n, v: clampForLog(n) })).filter((p) => Number.isFinite(p.v));
  const path = d3line<{ dist: number; v: number }>()
    .x((p) => x(p.dist))
    .y((p) => y(p.v))(pts.slice().sort((a, b) => a.dist - b.dist));
  const cpts = (cnorms ?? []).map((n, k) => ({ k, dist: t - k, n, v: clampForLog(n) })).filter((p) => Number.isFinite(p.v));
  const cpath = cnorms
    ? d3line<{ dist: number; v: number }>()
        .x((p) => x(p.dist))
        .y((p) => y(p.v))(cpts.slice().sort((a, b) => a.dist - b.dist))
    : null;
  const clamped = norms.some((n) => n < NORM_FLOOR) || (cnorms ?? []).some((n) => n < NORM_FLOOR);
  const roving = useRoving<SVGGElement>(pts.length + cpts.length);
  const Tt = tOf(t);
  // keyboard order: distance 0, 1, 2, … (left to right)
  const ordered = pts.slice().sort((a, b) => a.dist - b.dist);

  return (
    <svg
      className="dv-svg dv-plot"
      viewBox={`0 0 ${W} ${H}`}
      style={{ maxWidth: `${(W / 16).toFixed(1)}em`, minWidth: '320px' }}
      role="group"
      aria-label={`Plot of the gradient norm ‖∂C_${Tt}/∂h_k‖${cnorms ? ` (circles, solid line) and the cell-state gradient ‖∂C_${Tt}/∂c_k‖ (squares, dashed line)` : ''} against the distance t − k, log scale. Tab to the points, arrow keys move between them.`}
    >
      {yTicks.map((v) => (
        <g key={v} className="dv-axis">
          <line className="dv-grid" x1={m.l} x2={W - m.r} y1={y(v)} y2={y(v)} />
          <text x={m.l - 8} y={y(v)} dy="0.35em" textAnchor="end" aria-hidden="true">
            <PowerOfTen v={v} />
          </text>
        </g>
      ))}
      <g className="dv-axis" aria-hidden="true">
        <line x1={m.l} x2={W - m.r} y1={H - m.b} y2={H - m.b} />
        <line x1={m.l} x2={m.l} y1={m.t} y2={H - m.b} />
        {xTicks.map((v) => (
          <g key={v}>
            <line x1={x(v)} x2={x(v)} y1={H - m.b} y2={H - m.b + 6} />
            <text x={x(v)} y={H - m.b + 22} textAnchor="middle">
              {v}
            </text>
          </g>
        ))}
      </g>
      <text className="dv-axis-title" x={(m.l + W - m.r) / 2} y={H - 12} textAnchor="middle" aria-hidden="true">
        distance t − k (steps back from C<tspan dy="0.3em" fontSize="0.75em">{Tt}</tspan>)
      </text>
      <text
        className="dv-axis-title"
        transform={`translate(18 ${(m.t + H - m.b) / 2}) rotate(-90)`}
        textAnchor="middle"
        aria-hidden="true"
      >
        {cnorms ? (
          'gradient norm (log scale)'
        ) : (
          <>
            ‖∂C<tspan dy="0.3em" fontSize="0.75em">{Tt}</tspan>
            <tspan dy="-0.3em">/∂h</tspan>
            <tspan dy="0.3em" fontSize="0.75em">k</tspan>
            <tspan dy="-0.3em">‖ (log scale)</tspan>
          </>
        )}
      </text>
      {clamped && (
        <g aria-hidden="true">
          <line className="dv-floor" x1={m.l} x2={W - m.r} y1={y(NORM_FLOOR)} y2={y(NORM_FLOOR)} />
          <text className="dv-floor-label" x={m.l + 6} y={y(NORM_FLOOR) - 6}>
            floor {FLOOR_TEXT}: smaller values and exact zeros
          </text>
        </g>
      )}
      {path && <path className="dv-normline" d={path} aria-hidden="true" />}
      {cpath && <path className="dv-normline dv-normline-c" d={cpath} aria-hidden="true" />}
      {ordered.map((p, i) => {
        const refs: TermRef[] = [{ term: 'dCdh', step: p.k }];
        const label = `distance ${p.dist} (h_${tOf(p.k)}): ‖∂C_${Tt}/∂h_${tOf(p.k)}‖ = ${fmtNorm(p.n)}${p.n < NORM_FLOOR ? `, below ${FLOOR_TEXT}, drawn on the floor` : ''}`;
        const isClamped = p.n < NORM_FLOOR;
        return (
          <g
            key={p.k}
            {...roving.item(i)}
            onFocusCapture={() => roving.setActive(i)}
            className={cx('dv-point-group', matchesHighlight(ctx.highlight, refs) && 'is-linked')}
            data-term="dCdh"
            data-step={p.k}
            role="img"
            aria-label={label}
            {...linkHandlers(ctx, refs[0], label)}
          >
            <circle cx={x(p.dist)} cy={y(p.v)} r={12} fill="transparent" />
            <circle
              className={cx('dv-point', isClamped && 'is-clamped', p.k < front && 'is-pending')}
              cx={x(p.dist)}
              cy={y(p.v)}
              r={norms.length > 30 ? 4 : 6}
            />
          </g>
        );
      })}
      {cpts
        .slice()
        .sort((a, b) => a.dist - b.dist)
        .map((p, i) => {
          const label = `distance ${p.dist} (c_${tOf(p.k)}): ‖∂C_${Tt}/∂c_${tOf(p.k)}‖ = ${fmtNorm(p.n)}${p.n < NORM_FLOOR ? `, below ${FLOOR_TEXT}, drawn on the floor` : ''}`;
          const sz = norms.length > 30 ? 7 : 10;
          return (
            <g
              key={`c${p.k}`}
              {...roving.item(ordered.length + i)}
              onFocusCapture={() => roving.setActive(ordered.length + i)}
              className="dv-point-group dv-point-group-c"
              data-term="dCdc"
              data-step={p.k}
              role="img"
              aria-label={label}
              onFocus={(e) => ctx.tip.show(e.currentTarget, label)}
              onBlur={() => ctx.tip.hide()}
              onMouseEnter={(e) => ctx.tip.show(e.currentTarget, label)}
              onMouseLeave={() => ctx.tip.hide()}
            >
              <rect x={x(p.dist) - 10} y={y(p.v) - 10} width={20} height={20} fill="transparent" />
              <rect
                className={cx('dv-point dv-point-c', p.n < NORM_FLOOR && 'is-clamped', p.k < front && 'is-pending')}
                x={x(p.dist) - sz / 2}
                y={y(p.v) - sz / 2}
                width={sz}
                height={sz}
              />
            </g>
          );
        })}
    </svg>
  );
}

/* ---------------------------------------------------------------- the view --------- */

function WidthLegend({ norms }: { norms: number[] }) {
  const pos = logPosition(norms);
  const live = norms.map((n, k) => ({ n, u: pos[k] })).filter((d) => d.n > NORM_FLOOR && Number.isFinite(d.u));
  if (live.length === 0) return null;
  const lo = live.reduce((a, b) => (b.n < a.n ? b : a));
  const hi = live.reduce((a, b) => (b.n > a.n ? b : a));
  const samples = lo === hi ? [hi] : [lo, hi];
  return (
    <div className="dv-legend dv-width-legend" role="group" aria-label={`Link width shows the gradient norm on a log scale, from ${fmtNorm(lo.n)} (thinnest) to ${fmtNorm(hi.n)} (thickest)`}>
      <span className="dv-legend-title">link width = ‖∂C/∂h_k‖, log scale:</span>
      {samples.map((s, i) => (
        <span key={i} aria-hidden="true">
          <svg width="44" height="18" viewBox="0 0 44 18">
            <line x1="4" x2="40" y1="9" y2="9" strokeWidth={2 + 13 * s.u} />
          </svg>{' '}
          {fmtNorm(s.n)}
        </span>
      ))}
      <span aria-hidden="true">
        <svg width="44" height="18" viewBox="0 0 44 18">
          <line x1="4" x2="40" y1="9" y2="9" className="dv-link is-zero" strokeWidth={1.5} />
        </svg>{' '}
        below {FLOOR_TEXT}
      </span>
    </div>
  );
}

/** The plot's two series, for the LSTM (shape and line style, not only colour, tell them apart). */
function SeriesLegend({ Tt }: { Tt: number }) {
  return (
    <div className="dv-legend dv-series-legend" data-testid="grad-series-legend">
      <span>
        <svg width="34" height="14" viewBox="0 0 34 14" aria-hidden="true">
          <line className="dv-normline" x1="2" x2="32" y1="7" y2="7" />
          <circle className="dv-point" cx="17" cy="7" r="4.5" />
        </svg>{' '}
        ‖∂C<sub>{Tt}</sub>/∂h<sub>k</sub>‖, holding c<sub>k</sub> fixed
      </span>
      <span>
        <svg width="34" height="14" viewBox="0 0 34 14" aria-hidden="true">
          <line className="dv-normline dv-normline-c" x1="2" x2="32" y1="7" y2="7" />
          <rect className="dv-point dv-point-c" x="12.5" y="2.5" width="9" height="9" />
        </svg>{' '}
        ‖∂C<sub>{Tt}</sub>/∂c<sub>k</sub>‖, the gradient carried in the cell state
      </span>
    </div>
  );
}

/** One sentence that says what the plotted line does (see trendAfterFirstStep). */
export function trendSentence(tr: Trend, what: string): string {
  const span = tr.to - tr.from;
  const how =
    tr.verdict === 'vanishes'
      ? 'it vanishes along the chain'
      : tr.verdict === 'explodes'
        ? 'it explodes along the chain'
        : `it stays within a factor of 10 over ${span === 1 ? 'this one step' : `these ${span} steps`}: neither vanishing nor exploding`;
  const first = tr.firstStep === null ? '' : ` (the first step back, distance 0 → 1, changes it by ×${fmtFactor(tr.firstStep)})`;
  return `From distance ${tr.from} to ${tr.to}, ${what} is multiplied by ×${fmtFactor(tr.factor)} per step back (geometric mean): ${how}${first}.`;
}

export function GradientView(props: ViewProps) {
  const { trace, spec, phase, reducedMotion } = props;
  const T = Math.max(1, spec.inputs.length || trace.h.length);
  const t = clamp(props.lossStep, 0, T - 1);
  const Tt = tOf(t);
  const norms = useMemo(() => gradientNorms(trace, t), [trace, t]);
  const cnormsAll = useMemo(() => cellStateNorms(trace, t), [trace, t]);
  const cnorms = cnormsAll && cnormsAll.length === norms.length && norms.length > 0 ? cnormsAll : null;
  const { front, replay, animating } = useFlowFront(t, phase === 'backward', reducedMotion);
  const { hostRef, api, node } = useTooltip();
  const arrow = `dv-garrow-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const ctx: DrawCtx = { highlight: props.highlight, setHighlight: props.setHighlight, tip: api };
  const first = norms[0];
  const cfirst = cnorms?.[0];
  const hTrend = trendAfterFirstStep(norms);
  const cTrend = cnorms ? trendAfterFirstStep(cnorms) : null;
  const clampedCount = norms.filter((n) => n < NORM_FLOOR).length + (cnorms ?? []).filter((n) => n < NORM_FLOOR).length;
  const trend =
    t === 0
      ? `C${Tt} depends only on h${Tt} here: there is no chain to go back along.`
      : t === 1
        ? `One step back the norm changes by ×${norms[1] > 0 && norms[0] >= 0 ? fmtFactor(norms[0] / norms[1]) : '—'}; lengthen T to see a trend.`
        : hTrend
          ? trendSentence(hTrend, cnorms ? '‖∂C/∂h_k‖' : 'the norm')
          : null;
  const ctrend = cTrend ? trendSentence(cTrend, '‖∂C/∂c_k‖') : null;

  if (norms.length === 0) {
    return (
      <section className={cx('dv dv-grad-view', reducedMotion && 'dv-reduced')} aria-label="Backpropagation through time" data-loss-step={t}>
        <h3 className="dv-title">Backpropagation through time</h3>
        <p className="dv-trend">
          This simulation has no targets, so there is no loss C<sub>t</sub> and no gradient to follow back.
        </p>
        <div className="dv-grad-plot" data-norms="[]" data-loss-step={t} />
        <p className="sr-only" data-testid="grad-norm-first" data-value="">
          no gradient
        </p>
      </section>
    );
  }

  return (
    <section
      className={cx('dv dv-grad-view', reducedMotion && 'dv-reduced')}
      aria-label={`Backpropagation through time from C_${Tt}`}
      data-loss-step={t}
      data-phase={phase}
      data-front={front}
    >
      <div ref={hostRef} className="dv-host">
        <div className="dv-grad-head">
          <h3 className="dv-title">
            Backpropagation through time from C<sub>{Tt}</sub>
          </h3>
          {phase === 'backward' && !reducedMotion && (
            <button type="button" className="button button-quiet" onClick={replay} disabled={animating}>
              Replay the flow
            </button>
          )}
        </div>
        <p className="dv-bignum">
          ‖∂C<sub>{Tt}</sub>/∂h<sub>1</sub>‖ =
          <strong data-testid="grad-norm-first" data-value={first === undefined ? '' : String(first)}>
            {first === undefined ? '—' : fmtNorm(first)}
          </strong>
          {first === 0 && <span className="dv-muted"> (exactly zero: underflow, or no path)</span>}
          {cnorms && (
            <>
              <span className="dv-bignum-sep" aria-hidden="true">
                {'  ·  '}
              </span>
              ‖∂C<sub>{Tt}</sub>/∂c<sub>1</sub>‖ =
              <strong data-testid="grad-cnorm-first" data-value={cfirst === undefined ? '' : String(cfirst)}>
                {cfirst === undefined ? '—' : fmtNorm(cfirst)}
              </strong>
            </>
          )}
        </p>
        {trend && (
          <p className="dv-trend" data-testid="grad-trend">
            {trend}
          </p>
        )}
        {ctrend && (
          <p className="dv-trend" data-testid="grad-ctrend">
            {ctrend}
          </p>
        )}
        <p className="sr-only" aria-live="off">
          {`Gradient norms of C_${Tt} with respect to h_${Tt} back to h_1: ${norms
            .map((n, k) => `h_${tOf(k)} ${fmtNorm(n)}`)
            .reverse()
            .join('; ')}.`}
        </p>
        <div className="dv-grad-layout">
          <div className="dv-scroll">
            <Chain ctx={ctx} norms={norms} T={T} t={t} front={front} arrow={arrow} />
          </div>
          <div
            className="dv-grad-plot"
            data-norms={JSON.stringify(norms)}
            data-cnorms={cnorms ? JSON.stringify(cnorms) : undefined}
            data-loss-step={t}
          >
            {cnorms && <SeriesLegend Tt={Tt} />}
            <div className="dv-scroll">
              <NormPlot ctx={ctx} norms={norms} cnorms={cnorms} t={t} front={front} />
            </div>
          </div>
        </div>
        {node}
      </div>
      <div className="dv-legends">
        <WidthLegend norms={norms} />
      </div>
      {(spec.cell === 'lstm' || spec.backward) && (
        <p className="dv-footnote">
          {spec.backward ? 'These are the gradients reaching the forward chain’s states. ' : ''}
          {spec.cell === 'lstm'
            ? 'For the LSTM, ∂C/∂h_k counts every path from h_k to the loss while holding the cell state c_k fixed; ∂C/∂c_k (squares) is the gradient the cell state carries back, through ∂c_k/∂c_(k−1) = diag(f_k) and the gates. With a forget bias near 3 it stays level where ∂C/∂h_k has dropped.'
            : ''}
        </p>
      )}
      {clampedCount > 0 && (
        <p className="dv-footnote">
          {clampedCount} of the {norms.length} norms are below {FLOOR_TEXT} (a log axis cannot show 0), so they are drawn as hollow points
          on the floor line; the table has their exact values.
        </p>
      )}
      <ValuesTable
        summary="Gradient norms as a table"
        caption={<>‖∂C_{Tt}/∂h_k‖ for every k up to {Tt}</>}
        corner="state"
        columns={[
          { key: 'd', head: 'distance t − k' },
          { key: 'h', head: <>‖∂C{Tt}/∂h_k‖</> },
          ...(cnorms ? [{ key: 'c', head: <>‖∂C{Tt}/∂c_k‖</> }] : []),
        ]}
        rows={norms.map((n, k) => ({
          key: k,
          head: <>h{tOf(k)}</>,
          cells: [
            { className: 'dv-num', content: t - k },
            { className: 'dv-num', content: <>{fmtPrecise(n)}{n < NORM_FLOOR ? ' (below the floor)' : ''}</> },
            ...(cnorms ? [{ className: 'dv-num', content: <>{fmtPrecise(cnorms[k])}{cnorms[k] < NORM_FLOOR ? ' (below the floor)' : ''}</> }] : []),
          ],
        }))}
      />
    </section>
  );
}
