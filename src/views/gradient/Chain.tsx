/**
 * The BPTT view's two drawings: the chain of states with the gradient flowing back (link width =
 * log-norm, revealed by the shared flow front) and the plot of ‖∂C_t/∂h_k‖ against the distance
 * t − k on a log axis. Positions come from ./layout.ts; linking, tooltip and focus from the kit.
 */
import { line as d3line, scaleLinear, scaleLog } from 'd3';
import { fmtNorm } from '../kit/format';
import { cx, linkHandlers, matchesHighlight, tOf, type DrawCtx, type TermRef } from '../kit/link';
import { ArrowDefs } from '../kit/parts';
import { useRoving } from '../kit/roving';
import { clampForLog, decadeTicks, logDomain, NORM_FLOOR } from '../kit/norms';
import { chainLayout, chainX, distanceTicks, GRAD_FONT_SIZE, linkWidths, plotLayout, svgStyle } from './layout';

export const FLOOR_TEXT = '10⁻¹²';

/** "10⁻⁴"-style tick label as SVG tspans. */
export function PowerOfTen({ v }: { v: number }) {
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

/* ---------------------------------------------------------------- the chain -------- */

export function Chain({
  ctx,
  norms,
  T,
  t,
  front,
  arrow,
  fontSize,
  scale,
}: {
  ctx: DrawCtx;
  norms: number[];
  T: number;
  t: number;
  front: number;
  arrow: string;
  fontSize?: number;
  /** on a slide: canvas px per SVG unit (slideText.ts) */
  scale?: number;
}) {
  const lay = chainLayout(T, { fontSize, lossStep: t });
  const { sp, width, yC, yY, yH, height, r, showVals, boxW, boxH, yR } = lay;
  const labelled = new Set(lay.labelled);
  const X = (k: number) => chainX(sp, k, lay.left);
  const widthOf = linkWidths(norms);
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
      className={cx('dv-svg dv-chain', !!scale && 'dv-svg-natural')}
      viewBox={`0 0 ${width} ${height}`}
      style={svgStyle(width, lay.fontSize, `${Math.round(Math.min(560, width * 0.6))}px`, scale)}
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
        <rect x={X(t) - boxW / 2} y={yC - boxH / 2} width={boxW} height={boxH} rx={(boxH * 8) / 34} />
        <text x={X(t)} y={yC} dy="0.35em" textAnchor="middle">
          C
          <tspan dy="0.3em" fontSize="0.75em">
            {Tt}
          </tspan>
        </text>
      </g>
      <g
        className={cx('dv-link-group', matchesHighlight(ctx.highlight, { term: 'dCdy', step: t }) && 'is-linked')}
        data-term="dCdy"
        data-step={t}
        {...linkHandlers(ctx, { term: 'dCdy', step: t }, `∂C_${Tt}/∂y_${Tt}: where the gradient starts`, false)}
        aria-hidden="true"
      >
        <path className="dv-link-hit" d={`M ${X(t)} ${yC + boxH / 2 + 1} V ${yY - yR - 1}`} />
        <path className="dv-link" d={`M ${X(t)} ${yC + boxH / 2 + 1} V ${yY - yR - 3}`} strokeWidth={3} markerEnd={`url(#${arrow})`} />
      </g>
      <g
        className={cx('dv-node', matchesHighlight(ctx.highlight, yRefs) && 'is-linked')}
        data-term="y"
        data-step={t}
        {...linkHandlers(ctx, yRefs[0], undefined, false)}
        aria-hidden="true"
      >
        <circle cx={X(t)} cy={yY} r={yR} />
        <text x={X(t) + yR + 5} y={yY} dy="0.35em">
          y
          <tspan dy="0.3em" fontSize="0.75em">
            {Tt}
          </tspan>
        </text>
      </g>
      {/* into h_t: ∂C_t/∂h_t = (∂C_t/∂y_t)(∂y_t/∂h_t) */}
      <g
        className={cx('dv-link-group', matchesHighlight(ctx.highlight, { term: 'dydh', step: t }) && 'is-linked')}
        data-term="dydh"
        data-step={t}
        {...linkHandlers(
          ctx,
          { term: 'dydh', step: t },
          `into h_${Tt} through ∂y_${Tt}/∂h_${Tt}: ‖∂C_${Tt}/∂h_${Tt}‖ = ${fmtNorm(norms[t])}`,
          false,
        )}
        aria-hidden="true"
      >
        <path className="dv-link-hit" d={`M ${X(t)} ${yY + yR + 1} V ${yH - r}`} />
        <path
          className={cx('dv-link', front > t && 'is-pending', front === t && 'is-front', !(norms[t] > NORM_FLOOR) && 'is-zero')}
          d={`M ${X(t)} ${yY + yR + 1} V ${yH - r - 3}`}
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
              markerEnd={lay.arrows ? `url(#${arrow})` : undefined}
            />
            {showVals && !pending && (
              <text className="dv-tick-label" x={(X(k) + X(k + 1)) / 2} y={yH - 14 * (lay.fontSize / GRAD_FONT_SIZE)} textAnchor="middle">
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
            {labelled.has(k) && (
              <text x={X(k)} y={lay.yLabel} textAnchor="middle" aria-hidden="true">
                h
                <tspan dy="0.3em" fontSize="0.75em">
                  {tOf(k)}
                </tspan>
              </text>
            )}
          </g>
        );
      })}
      {t < T - 1 && (
        <text className="dv-note" x={X(T - 1) + r} y={lay.yNoteRight} textAnchor="end">
          after t = {Tt}: no effect on C
          <tspan dy="0.3em" fontSize="0.75em">
            {Tt}
          </tspan>
        </text>
      )}
      <text className="dv-note" x={X(0) - r} y={lay.yNote}>
        ← gradient flows back in time
      </text>
    </svg>
  );
}

/* ---------------------------------------------------------------- the plot --------- */

export function NormPlot({
  ctx,
  norms,
  cnorms,
  t,
  front,
  fontSize,
  scale,
}: {
  ctx: DrawCtx;
  norms: number[];
  cnorms: number[] | null;
  t: number;
  front: number;
  fontSize?: number;
  scale?: number;
}) {
  // the y title: 'norm (log scale)' beside two series (the legend names them) gets its height; the
  // single series' '‖∂C_t/∂h_k‖ (log scale)' fits the usual area (its sub-scripts are small), and a
  // taller frame would be zoomed smaller on a slide (its tick labels fell to 22 px at 1920×1080)
  const lay = plotLayout(fontSize, cnorms ? 16 : 0);
  const { W, H, m } = lay;
  const fs = lay.fontSize;
  const domain = logDomain(cnorms ? [...norms, ...cnorms] : norms);
  const x = scaleLinear()
    .domain([0, Math.max(1, t)])
    .range([m.l, W - m.r]);
  const y = scaleLog()
    .domain(domain)
    .range([H - m.b, m.t]);
  const yTicks = decadeTicks(domain[0], domain[1]);
  const xTicks = distanceTicks(t, lay);
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
      className={cx('dv-svg dv-plot', !!scale && 'dv-svg-natural')}
      viewBox={`0 0 ${W} ${H}`}
      style={svgStyle(W, fs, '320px', scale)}
      role="group"
      aria-label={`Plot of the gradient norm ‖∂C_${Tt}/∂h_k‖${cnorms ? ` (circles, solid line) and the cell-state gradient ‖∂C_${Tt}/∂c_k‖ (squares, dashed line)` : ''} against the distance t − k, log scale. Tab to the points, arrow keys move between them.`}
    >
      {yTicks.map((v) => (
        <g key={v} className="dv-axis">
          <line className="dv-grid" x1={m.l} x2={W - m.r} y1={y(v)} y2={y(v)} />
          <text x={m.l - 8 * (fs / GRAD_FONT_SIZE)} y={y(v)} dy="0.35em" textAnchor="end" aria-hidden="true">
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
            <text x={x(v)} y={H - m.b + 22 * (fs / GRAD_FONT_SIZE)} textAnchor="middle">
              {v}
            </text>
          </g>
        ))}
      </g>
      {lay.shortTitle ? (
        <text className="dv-axis-title" x={(m.l + W - m.r) / 2} y={H - 12} textAnchor="middle" aria-hidden="true">
          distance t − k
        </text>
      ) : (
        <text className="dv-axis-title" x={(m.l + W - m.r) / 2} y={H - 12} textAnchor="middle" aria-hidden="true">
          distance t − k (steps back from C
          <tspan dy="0.3em" fontSize="0.75em">
            {Tt}
          </tspan>
          )
        </text>
      )}
      <text
        className="dv-axis-title"
        transform={`translate(${fs <= GRAD_FONT_SIZE ? 18 : 1.2 * fs} ${(m.t + H - m.b) / 2}) rotate(-90)`}
        textAnchor="middle"
        aria-hidden="true"
      >
        {cnorms ? (
          'norm (log scale)'
        ) : (
          <>
            ‖∂C
            <tspan dy="0.3em" fontSize="0.75em">
              {Tt}
            </tspan>
            <tspan dy="-0.3em">/∂h</tspan>
            <tspan dy="0.3em" fontSize="0.75em">
              k
            </tspan>
            <tspan dy="-0.3em">‖ (log scale)</tspan>
          </>
        )}
      </text>
      {clamped && (
        <g aria-hidden="true">
          <line className="dv-floor" x1={m.l} x2={W - m.r} y1={y(NORM_FLOOR)} y2={y(NORM_FLOOR)} />
          <text className="dv-floor-label" x={m.l + 6} y={y(NORM_FLOOR) - 6 * (fs / GRAD_FONT_SIZE)}>
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
