/** The BPTT view's legends: link width (log-norm) and, for the LSTM, the plot's two series. */
import { fmtNorm } from '../kit/format';
import { logPosition, NORM_FLOOR } from '../kit/norms';
import { FLOOR_TEXT } from './Chain';

export function WidthLegend({ norms }: { norms: number[] }) {
  const pos = logPosition(norms);
  const live = norms.map((n, k) => ({ n, u: pos[k] })).filter((d) => d.n > NORM_FLOOR && Number.isFinite(d.u));
  if (live.length === 0) return null;
  const lo = live.reduce((a, b) => (b.n < a.n ? b : a));
  const hi = live.reduce((a, b) => (b.n > a.n ? b : a));
  const samples = lo === hi ? [hi] : [lo, hi];
  return (
    <div
      className="dv-legend dv-width-legend"
      role="group"
      aria-label={`Link width shows the gradient norm on a log scale, from ${fmtNorm(lo.n)} (thinnest) to ${fmtNorm(hi.n)} (thickest)`}
    >
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
/** `short`: a slide's, the series' names only (the reading page says what each holds). */
export function SeriesLegend({ Tt, short = false }: { Tt: number; short?: boolean }) {
  return (
    <div className="dv-legend dv-series-legend" data-testid="grad-series-legend">
      <span>
        <svg width="34" height="14" viewBox="0 0 34 14" aria-hidden="true">
          <line className="dv-normline" x1="2" x2="32" y1="7" y2="7" />
          <circle className="dv-point" cx="17" cy="7" r="4.5" />
        </svg>{' '}
        ‖∂C<sub>{Tt}</sub>/∂h<sub>k</sub>‖
        {!short && (
          <>
            , holding c<sub>k</sub> fixed
          </>
        )}
      </span>
      <span>
        <svg width="34" height="14" viewBox="0 0 34 14" aria-hidden="true">
          <line className="dv-normline dv-normline-c" x1="2" x2="32" y1="7" y2="7" />
          <rect className="dv-point dv-point-c" x="12.5" y="2.5" width="9" height="9" />
        </svg>{' '}
        ‖∂C<sub>{Tt}</sub>/∂c<sub>k</sub>‖{short ? ', the cell state' : ', the gradient carried in the cell state'}
      </span>
    </div>
  );
}
