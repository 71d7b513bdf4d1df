/**
 * Backpropagation through time for one loss C_t: the gradient ∂C_t/∂h_k flowing back along the
 * chain from k = t to k = 1 (link width ∝ log-norm), and beside it ‖∂C_t/∂h_k‖ against the
 * distance t − k on a log axis. Pure playback of trace.dCdh; the flow animation only reveals
 * links that are already computed.
 */
import { useId, useMemo } from 'react';
import { fmtFactor, fmtNorm, fmtPrecise } from '../kit/format';
import type { ViewProps } from '../types';
import '../detail-views.css';
import { cx, tOf, type DrawCtx } from '../kit/link';
import { useTooltip } from '../kit/tooltip';
import { useFlowFront } from '../kit/flow';
import { ValuesTable } from '../kit/table';
import { cellStateNorms, gradientNorms, NORM_FLOOR, trendAfterFirstStep, type Trend } from '../kit/norms';
import { Chain, FLOOR_TEXT, NormPlot } from './Chain';
import { SeriesLegend, WidthLegend } from './legends';
import { SLIDE_GRAD_FONT_SIZE, SLIDE_GRAD_SCALE } from '../cell/layout/slideText';

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/* ---------------------------------------------------------------- the view --------- */

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
  // on a slide: the design sizes of the one canvas (slideText.ts), never measured
  const fontSize = props.slide ? SLIDE_GRAD_FONT_SIZE : undefined;
  const scale = props.slide ? SLIDE_GRAD_SCALE : undefined;
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
            <Chain ctx={ctx} norms={norms} T={T} t={t} front={front} arrow={arrow} fontSize={fontSize} scale={scale} />
          </div>
          <div
            className="dv-grad-plot"
            data-norms={JSON.stringify(norms)}
            data-cnorms={cnorms ? JSON.stringify(cnorms) : undefined}
            data-loss-step={t}
          >
            <div className="dv-scroll">
              <NormPlot ctx={ctx} norms={norms} cnorms={cnorms} t={t} front={front} fontSize={fontSize} scale={scale} />
            </div>
          </div>
        </div>
        {node}
      </div>
      {/* outside the drawings: the legends keep the slide's text size */}
      <div className="dv-legends">
        <WidthLegend norms={norms} />
        {cnorms && <SeriesLegend Tt={Tt} short={props.slide} />}
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
          {clampedCount} of the {norms.length} norms are below {FLOOR_TEXT} (a log axis cannot show 0), so they are drawn as hollow points on the
          floor line; the table has their exact values.
        </p>
      )}
      <ValuesTable
        summary="Gradient norms as a table"
        caption={
          <>
            ‖∂C_{Tt}/∂h_k‖ for every k up to {Tt}
          </>
        }
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
            {
              className: 'dv-num',
              content: (
                <>
                  {fmtPrecise(n)}
                  {n < NORM_FLOOR ? ' (below the floor)' : ''}
                </>
              ),
            },
            ...(cnorms
              ? [
                  {
                    className: 'dv-num',
                    content: (
                      <>
                        {fmtPrecise(cnorms[k])}
                        {cnorms[k] < NORM_FLOOR ? ' (below the floor)' : ''}
                      </>
                    ),
                  },
                ]
              : []),
          ],
        }))}
      />
    </section>
  );
}
