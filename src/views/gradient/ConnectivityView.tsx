/**
 * Which inputs does the prediction use? The input connectivity ‖∂y_T/∂x_k‖ of the last step's
 * output y_T against the input step k, on a log axis (the Distill "memorization in RNNs" figure).
 * Pure playback of trace.inputConnectivity (the engine computes it in the same reverse sweep as
 * ∂C_t/∂h_k). Shown below the BPTT view on the lesson page and in an embed, not on slides.
 */
import { line as d3line, scaleLinear, scaleLog } from 'd3';
import { fmtFactor, fmtNorm, fmtPrecise } from '../kit/format';
import type { ViewProps } from '../types';
import '../detail-views.css';
import { tOf } from '../kit/link';
import { useTooltip } from '../kit/tooltip';
import { useRoving } from '../kit/roving';
import { ValuesTable } from '../kit/table';
import { clampForLog, decadeTicks, logDomain, NORM_FLOOR } from '../kit/norms';
import { FLOOR_TEXT, PowerOfTen } from './Chain';
import { distanceTicks, GRAD_FONT_SIZE, plotLayout, svgStyle } from './layout';

/** A triangle marker centred on (x, y): the shape, not only the colour, names the series. */
const triangle = (x: number, y: number, r: number) => `M${x},${y - r}L${x + 0.9 * r},${y + 0.6 * r}L${x - 0.9 * r},${y + 0.6 * r}Z`;

/** The y title ‖∂y_T/∂x_k‖ with its sub-scripts as SVG tspans. */
function NormTitle({ Tt }: { Tt: number }) {
  return (
    <>
      ‖∂y
      <tspan dy="0.3em" fontSize="0.75em">
        {Tt}
      </tspan>
      <tspan dy="-0.3em">/∂x</tspan>
      <tspan dy="0.3em" fontSize="0.75em">
        k
      </tspan>
      <tspan dy="-0.3em">‖ (log scale)</tspan>
    </>
  );
}

/** One sentence: how much less the first input counts than the last one. */
export function connectivitySentence(norms: readonly number[]): string {
  const T = norms.length;
  if (T < 2) return `With one step, y_${T} can use only x_${T}.`;
  const first = norms[0];
  const last = norms[T - 1];
  if (!(last > 0)) return `y_${T} does not move with x_${T} here (the gates have cut that path); the table has every value.`;
  const ratio = first / last;
  if (ratio >= 0.1 && ratio <= 10)
    return `y_${T} moves with x_1 about as much as with x_${T} (×${fmtFactor(ratio)}): the first input still counts for the last prediction.`;
  if (ratio > 10) return `y_${T} moves ×${fmtFactor(ratio)} more with x_1 than with x_${T}.`;
  return `y_${T} moves ×${fmtFactor(ratio)} as much with x_1 as with x_${T}: the first input is all but forgotten by the last step.`;
}

export function ConnectivityView(props: ViewProps) {
  const { trace, spec } = props;
  const norms = trace.inputConnectivity ?? [];
  const { hostRef, api, node } = useTooltip();
  const roving = useRoving<SVGGElement>(norms.length);
  if (norms.length === 0) return null;
  const T = norms.length;
  const Tt = tOf(T - 1);
  const lay = plotLayout();
  const { W, H, m } = lay;
  const fs = lay.fontSize;
  const domain = logDomain(norms);
  const x = scaleLinear()
    .domain([1, Math.max(2, T)])
    .range([m.l, W - m.r]);
  const y = scaleLog()
    .domain(domain)
    .range([H - m.b, m.t]);
  const yTicks = decadeTicks(domain[0], domain[1]);
  // the norm plot's rule for ticks that never run together (1-2-5 steps from the label widths), over 1 … T
  const xTicks = distanceTicks(T, lay).filter((v) => v >= 1 && v <= T);
  const pts = norms.map((n, k) => ({ k, n, v: clampForLog(n) }));
  const path = d3line<{ k: number; v: number }>()
    .x((p) => x(p.k + 1))
    .y((p) => y(p.v))(pts);
  const clamped = norms.filter((n) => n < NORM_FLOOR).length;
  const outputs = trace.y[0]?.length ?? 1;
  const inputs = spec.inputs[0]?.length ?? 1;
  const label = (k: number, n: number) =>
    `x_${tOf(k)} (distance ${T - 1 - k} back from y_${Tt}): ‖∂y_${Tt}/∂x_${tOf(k)}‖ = ${fmtNorm(n)}${n < NORM_FLOOR ? `, below ${FLOOR_TEXT}, drawn on the floor` : ''}`;
  const r = T > 30 ? 5 : 7;

  return (
    <section
      className="dv dv-conn-view"
      aria-label={`Input connectivity of y_${Tt}`}
      data-testid="connectivity-view"
      data-norms={JSON.stringify(norms)}
    >
      <div ref={hostRef} className="dv-host">
        <h3 className="dv-title">
          Which inputs does y<sub>{Tt}</sub> use?
        </h3>
        <p className="dv-bignum">
          ‖∂y<sub>{Tt}</sub>/∂x<sub>1</sub>‖ =
          <strong data-testid="conn-first" data-value={String(norms[0])}>
            {fmtNorm(norms[0])}
          </strong>
          <span className="dv-bignum-sep" aria-hidden="true">
            {'  ·  '}
          </span>
          ‖∂y<sub>{Tt}</sub>/∂x<sub>{Tt}</sub>‖ =
          <strong data-testid="conn-last" data-value={String(norms[T - 1])}>
            {fmtNorm(norms[T - 1])}
          </strong>
        </p>
        <p className="dv-trend" data-testid="conn-trend">
          {connectivitySentence(norms)}
        </p>
        <div className="dv-scroll">
          <svg
            className="dv-svg dv-plot"
            viewBox={`0 0 ${W} ${H}`}
            style={svgStyle(W, fs, '320px')}
            role="group"
            aria-label={`Plot of the input connectivity ‖∂y_${Tt}/∂x_k‖ (triangles, dotted line) against the input step k, log scale. Tab to the points, arrow keys move between them.`}
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
            <text className="dv-axis-title" x={(m.l + W - m.r) / 2} y={H - 12} textAnchor="middle" aria-hidden="true">
              input step k (x
              <tspan dy="0.3em" fontSize="0.75em">
                k
              </tspan>
              <tspan dy="-0.3em">)</tspan>
            </text>
            <text
              className="dv-axis-title"
              transform={`translate(${fs <= GRAD_FONT_SIZE ? 18 : 1.2 * fs} ${(m.t + H - m.b) / 2}) rotate(-90)`}
              textAnchor="middle"
              aria-hidden="true"
            >
              <NormTitle Tt={Tt} />
            </text>
            {clamped > 0 && (
              <g aria-hidden="true">
                <line className="dv-floor" x1={m.l} x2={W - m.r} y1={y(NORM_FLOOR)} y2={y(NORM_FLOOR)} />
                <text className="dv-floor-label" x={m.l + 6} y={y(NORM_FLOOR) - 6 * (fs / GRAD_FONT_SIZE)}>
                  floor {FLOOR_TEXT}: smaller values and exact zeros
                </text>
              </g>
            )}
            {path && <path className="dv-normline dv-normline-x" d={path} aria-hidden="true" />}
            {pts.map((p, i) => {
              const text = label(p.k, p.n);
              return (
                <g
                  key={p.k}
                  {...roving.item(i)}
                  onFocusCapture={() => roving.setActive(i)}
                  className="dv-point-group dv-point-group-x"
                  data-testid="conn-point"
                  data-step={p.k}
                  data-value={String(p.n)}
                  role="img"
                  aria-label={text}
                  onFocus={(e) => api.show(e.currentTarget, text)}
                  onBlur={() => api.hide()}
                  onMouseEnter={(e) => api.show(e.currentTarget, text)}
                  onMouseLeave={() => api.hide()}
                >
                  <circle cx={x(p.k + 1)} cy={y(p.v)} r={12} fill="transparent" />
                  <path className={`dv-point-x${p.n < NORM_FLOOR ? ' is-clamped' : ''}`} d={triangle(x(p.k + 1), y(p.v), r)} />
                </g>
              );
            })}
          </svg>
        </div>
        {node}
      </div>
      <div className="dv-legends">
        <div className="dv-legend dv-conn-legend" data-testid="conn-legend">
          <span>
            <svg width="34" height="16" viewBox="0 0 34 16" aria-hidden="true">
              <line className="dv-normline dv-normline-x" x1="2" x2="32" y1="9" y2="9" />
              <path className="dv-point-x" d={triangle(17, 9, 6)} />
            </svg>{' '}
            ‖∂y<sub>{Tt}</sub>/∂x<sub>k</sub>‖: how far the last prediction y<sub>{Tt}</sub> moves when input x<sub>k</sub> is nudged
            {outputs > 1 || inputs > 1 ? ' (the Frobenius norm over every output and input feature)' : ''}
          </span>
        </div>
      </div>
      <p className="dv-footnote">
        Every path from x<sub>k</sub> to y<sub>{Tt}</sub> counts: through h<sub>k</sub> and every later step
        {spec.cell === 'lstm' ? ', the gates and the cell state' : spec.cell === 'gru' ? ' and the gates' : ''}.
        {spec.backward
          ? ` Bidirectional: both directions count; the backward direction has read only x_${Tt} when it gives y_${Tt}, so it adds to k = ${Tt} alone.`
          : ''}
        {clamped > 0 ? ` ${clamped} of the ${T} values are below ${FLOOR_TEXT}, drawn as hollow triangles on the floor line.` : ''}
      </p>
      <ValuesTable
        summary="Input connectivity as a table"
        caption={<>‖∂y_{Tt}/∂x_k‖ for every input step k</>}
        corner="input"
        columns={[
          { key: 'd', head: `distance ${Tt} − k` },
          { key: 'n', head: <>‖∂y{Tt}/∂x_k‖</> },
        ]}
        rows={norms.map((n, k) => ({
          key: k,
          head: <>x{tOf(k)}</>,
          attrs: { 'data-testid': 'conn-row', 'data-value': String(n) },
          cells: [
            { className: 'dv-num', content: T - 1 - k },
            { className: 'dv-num', content: `${fmtPrecise(n)}${n < NORM_FLOOR ? ' (below the floor)' : ''}` },
          ],
        }))}
      />
    </section>
  );
}
