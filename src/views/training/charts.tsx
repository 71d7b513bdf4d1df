/**
 * The training lab's live D3 charts: validation loss per model on a log axis with the
 * predict-the-mean baseline and "solved" markers; ‖∂C_T/∂h_k‖ against distance per model; gate
 * histograms over training. D3 computes scales, paths and axes; React owns the SVG. Every chart
 * has a legend and a text alternative (a summary and a data table).
 * long-file: the lab's three charts share their scales, legend and table helpers, kept in one module
 */
import { memo, useEffect, useMemo, useRef } from 'react';
import * as d3 from 'd3';
import { HIST_BINS, MODEL_LABEL, SOLVED_FRACTION, type CellKind } from '../../train/config';
import type { EvalPoint, ModelState } from '../../train/race';
import type { GateSnapshot } from '../../store/training';
import { formatValue } from '../kit/format';
import { sequentialColor, type ScaleTheme } from '../kit/scales';
import { useViewTheme } from '../ThemeContext';
import { Ramp } from '../kit/Ramp';
import { frameOf, placeMarkerLabels, type Frame } from './chartFrame';

/** Okabe–Ito colours (colour-blind safe), each with its own dash pattern and marker. */
export const MODEL_STYLE: Record<CellKind, { color: string; dash: string; marker: d3.SymbolType; markerName: string }> = {
  rnn: { color: '#D55E00', dash: '7 4', marker: d3.symbolTriangle, markerName: 'triangle' },
  lstm: { color: '#0072B2', dash: '', marker: d3.symbolSquare, markerName: 'square' },
  gru: { color: '#009E73', dash: '2 3', marker: d3.symbolCircle, markerName: 'circle' },
};

const GATE_W = 250;
const GATE_H = 120;

export function Axis({
  scale,
  orient,
  transform,
  label,
  ticks,
  frame,
}: {
  scale: d3.AxisScale<number>;
  orient: 'bottom' | 'left';
  transform: string;
  label: string;
  ticks?: number;
  frame: Frame;
}) {
  const { M, W, H } = frame;
  const ref = useRef<SVGGElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const axis = orient === 'bottom' ? d3.axisBottom(scale) : d3.axisLeft(scale);
    const isLog = 'base' in scale;
    if (isLog) axis.ticks(ticks ?? 5, '.0e');
    else axis.ticks(ticks ?? 6);
    d3.select(ref.current).call(axis as never);
  }, [scale, orient, ticks]);
  return (
    <g transform={transform}>
      <g ref={ref} className="tl-axis" />
      {orient === 'bottom' ? (
        <text className="tl-axis-label" x={(W - M.left - M.right) / 2} y={frame.xTitle} textAnchor="middle">
          {label}
        </text>
      ) : (
        <text className="tl-axis-label" transform="rotate(-90)" x={-(H - M.top - M.bottom) / 2} y={frame.yTitle} textAnchor="middle">
          {label}
        </text>
      )}
    </g>
  );
}

/** The model's line and marker, as in the charts (text stays in the theme's colour for contrast). */
export function Swatch({ c }: { c: CellKind }) {
  return (
    <svg width="34" height="12" aria-hidden="true" className="tl-swatch">
      <line x1="1" x2="33" y1="6" y2="6" stroke={MODEL_STYLE[c].color} strokeWidth="2.5" strokeDasharray={MODEL_STYLE[c].dash} />
      <path d={d3.symbol(MODEL_STYLE[c].marker, 36)() ?? ''} transform="translate(17,6)" fill={MODEL_STYLE[c].color} />
    </svg>
  );
}

/** One model's curve in the charts: its colour and dash; `data-*` attributes for the tests and the text alternative. */
export function ModelLine({
  c,
  d,
  className = 'tl-line',
  ...data
}: {
  c: CellKind;
  d: string | null;
  className?: string;
  [data: `data-${string}`]: string | number;
}) {
  return (
    <path
      className={className}
      d={d ?? ''}
      fill="none"
      stroke={MODEL_STYLE[c].color}
      strokeWidth={2.5}
      strokeDasharray={MODEL_STYLE[c].dash}
      data-model={c}
      {...data}
    />
  );
}

/** One model's marker (its shape names the model, not only its colour), outlined against the page. */
export function ModelMarker({ c, size, outline = 1, transform }: { c: CellKind; size: number; outline?: number; transform?: string }) {
  return (
    <path
      d={d3.symbol(MODEL_STYLE[c].marker, size)() ?? ''}
      transform={transform}
      fill={MODEL_STYLE[c].color}
      stroke="var(--bg, #fff)"
      strokeWidth={outline}
    />
  );
}

export function Legend({ cells, extra }: { cells: CellKind[]; extra?: { label: string; dash: string }[] }) {
  return (
    <ul className="tl-legend" aria-label="Legend">
      {cells.map((c) => (
        <li key={c}>
          <Swatch c={c} />
          {MODEL_LABEL[c]}
        </li>
      ))}
      {extra?.map((e) => (
        <li key={e.label}>
          <svg width="34" height="12" aria-hidden="true">
            <line x1="1" x2="33" y1="6" y2="6" stroke="currentColor" strokeWidth="1.5" strokeDasharray={e.dash} />
          </svg>
          {e.label}
        </li>
      ))}
    </ul>
  );
}

const clampLog = (v: number) => Math.max(1e-12, v);
/** the power of ten at or below / above a positive value (a log axis' domain on whole decades) */
// Number('1e-5'), not 10 ** -5 (which is 9.999…e-6)
export const decadeBelow = (v: number) => Number(`1e${Math.floor(Math.log10(v) + 1e-9)}`);
export const decadeAbove = (v: number) => Number(`1e${Math.ceil(Math.log10(v) - 1e-9)}`);
/** the loss axis ends at most this many times the baseline */
export const LOSS_CEILING = 1000;

export interface LossChartProps {
  history: EvalPoint[];
  baseline: number | null;
  models: Record<CellKind, ModelState>;
  cells: CellKind[];
  budget: number;
  lossName: string;
  /** on a slide: larger labels (training.css) */
  presenting?: boolean;
}

export const LossChart = memo(function LossChart({ history, baseline, models, cells, budget, lossName, presenting }: LossChartProps) {
  const frame = frameOf(presenting);
  const { M, W, H } = frame;
  const iw = W - M.left - M.right;
  const ih = H - M.top - M.bottom;
  // the step axis only changes with the budget (so its ticks are not redrawn on every evaluation)
  const x = useMemo(
    () =>
      d3
        .scaleLinear()
        .domain([0, Math.max(budget, 1)])
        .range([0, iw]),
    [budget, iw],
  );
  const [lo, hi] = useMemo(() => {
    let lo = baseline ? baseline * SOLVED_FRACTION * 0.3 : 1e-3;
    let hi = baseline ? baseline * 2 : 1;
    for (const p of history)
      for (const c of cells) {
        const v = p.losses[c];
        if (v !== null && v > 0) {
          lo = Math.min(lo, v * 0.8);
          hi = Math.max(hi, v * 1.2);
        }
      }
    // whole decades: the axis (and its ticks) changes only when a curve crosses into a new
    // decade, not on every evaluation (each redraw moved every tick: ~80 DOM changes per update)
    lo = decadeBelow(clampLog(lo));
    hi = decadeAbove(hi);
    // a diverging model's loss can reach 1e30 before it stops: the axis keeps at most three
    // decades above the baseline (higher values run along the top edge), so the others stay readable
    if (baseline) hi = Math.min(hi, baseline * LOSS_CEILING);
    return [lo, hi];
  }, [history, baseline, cells]);
  // the loss axis is rebuilt (and its ticks redrawn) only when its domain changes
  const y = useMemo(() => d3.scaleLog().domain([lo, hi]).range([ih, 0]).clamp(true), [lo, hi, ih]);
  const paths = cells.map((c) => {
    const line = d3
      .line<EvalPoint>()
      .defined((p) => p.losses[c] !== null && p.losses[c]! > 0)
      .x((p) => x(p.step))
      .y((p) => y(clampLog(p.losses[c]!)));
    return { c, d: line(history) ?? '' };
  });
  const summary = summaryOfLoss(history, baseline, models, cells, lossName);
  const solved = cells.flatMap((c) => {
    const at = models[c].solvedAt;
    const v = at === null ? null : history.find((h) => h.step === at)?.losses[c];
    return at === null || v === null || v === undefined ? [] : [{ c, at, v, text: `${MODEL_LABEL[c]} solved, step ${at}` }];
  });
  const placed = placeMarkerLabels(
    solved.map((s) => ({ x: x(s.at), y: y(clampLog(s.v)), text: s.text })),
    frame,
  );
  return (
    <figure className="tl-chart" data-testid="tl-loss-chart">
      <figcaption className="tl-chart-title">Validation loss ({lossName}, log scale) against training step</figcaption>
      <Legend
        cells={cells}
        extra={[
          { label: 'predict the mean (baseline)', dash: '6 3' },
          { label: 'solved: a tenth of the baseline', dash: '1 3' },
        ]}
      />
      <svg viewBox={`0 0 ${W} ${H}`} style={{ aspectRatio: `${W} / ${H}` }} role="img" aria-label={summary} data-points={history.length}>
        <g transform={`translate(${M.left},${M.top})`}>
          {baseline !== null && (
            <g data-testid="tl-baseline" data-value={baseline}>
              <line className="tl-ref" x1={0} x2={iw} y1={y(baseline)} y2={y(baseline)} strokeDasharray="6 3" />
              <text className="tl-ref-label" x={iw - 4} y={y(baseline) - 5} textAnchor="end">
                predict the mean = {formatValue(baseline)}
              </text>
              <line className="tl-ref" x1={0} x2={iw} y1={y(baseline * SOLVED_FRACTION)} y2={y(baseline * SOLVED_FRACTION)} strokeDasharray="1 3" />
              <text className="tl-ref-label" x={iw - 4} y={y(baseline * SOLVED_FRACTION) - 5} textAnchor="end">
                solved below {formatValue(baseline * SOLVED_FRACTION)}
              </text>
            </g>
          )}
          {paths.map(({ c, d }) => (
            <ModelLine key={c} c={c} d={d} />
          ))}
          {solved.map(({ c, at, v, text }, k) => (
            <g key={c} transform={`translate(${x(at)},${y(clampLog(v))})`} data-testid={`tl-solved-${c}`} data-step={at}>
              <ModelMarker c={c} size={110} outline={1.5} />
              {/* below its marker (above it, at the solved line's height, it ran into "solved below …"),
                  a row lower where it would run into another model's label */}
              <text className="tl-marker-label" x={placed[k].dx} y={9 + placed[k].dy} dy="0.8em" textAnchor="middle">
                {text}
              </text>
            </g>
          ))}
          <Axis scale={x} orient="bottom" transform={`translate(0,${ih})`} label="training step" frame={frame} />
          <Axis scale={y} orient="left" transform="translate(0,0)" label={`validation ${lossName}`} frame={frame} />
        </g>
      </svg>
    </figure>
  );
});

export function summaryOfLoss(
  history: EvalPoint[],
  baseline: number | null,
  models: Record<CellKind, ModelState>,
  cells: CellKind[],
  lossName: string,
): string {
  if (!history.length || baseline === null) return 'No training yet.';
  const last = history[history.length - 1];
  const parts = cells.map((c) => {
    const st = models[c];
    const v = last.losses[c];
    const state = st.diverged ? `stopped (${st.diverged})` : st.solvedAt !== null ? `solved at step ${st.solvedAt}` : 'not solved yet';
    return `${MODEL_LABEL[c]} ${v === null ? '–' : formatValue(v)} (${state})`;
  });
  return `Validation ${lossName} at step ${last.step}, baseline ${formatValue(baseline)}: ${parts.join('; ')}.`;
}

/** a gradient norm for the text alternative (an overflowed one in words, never NaN or ∞) */
const gradWord = (v: number) => (Number.isFinite(v) ? formatValue(v) : 'overflowed');

export interface GradChartProps {
  probe: { step: number; models: Partial<Record<CellKind, { gradNorm: number[] }>> } | null;
  cells: CellKind[];
  reducedMotion: boolean;
  /** on a slide: larger labels and a shorter title */
  presenting?: boolean;
}

export const GradNormChart = memo(function GradNormChart({ probe, cells, reducedMotion, presenting }: GradChartProps) {
  const frame = frameOf(presenting);
  const { M, W, H } = frame;
  const iw = W - M.left - M.right;
  const ih = H - M.top - M.bottom;
  const series = cells.map((c) => ({ c, g: probe?.models[c]?.gradNorm ?? [] })).filter((s) => s.g.length);
  const T = Math.max(2, ...series.map((s) => s.g.length));
  const { x, y } = useMemo(() => {
    // a model about to diverge can overflow its gradients (Infinity, NaN): those points are gaps
    const vals = series.flatMap((s) => s.g.filter((v) => v > 0 && Number.isFinite(v)));
    const lo = Math.max(1e-12, Math.min(1e-4, ...vals) * 0.5);
    const hi = Math.max(1e-2, ...vals) * 2;
    return {
      x: d3
        .scaleLinear()
        .domain([0, T - 1])
        .range([0, iw]),
      y: d3.scaleLog().domain([lo, hi]).range([ih, 0]).clamp(true),
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [probe, T, iw, ih]);
  const line = d3
    .line<number>()
    .defined((v) => Number.isFinite(v))
    .x((_, i) => x(i))
    .y((v) => y(clampLog(v)));
  const summary = probe
    ? `At training step ${probe.step}, ‖∂C_T/∂h_k‖ at distance 0, ${Math.floor((T - 1) / 2)} and ${T - 1}: ` +
      series.map((s) => `${MODEL_LABEL[s.c]} ${[0, Math.floor((T - 1) / 2), T - 1].map((i) => gradWord(s.g[i] ?? 0)).join(', ')}`).join('; ') +
      '.'
    : 'No gradients measured yet.';
  return (
    <figure className="tl-chart" data-testid="tl-grad-chart" data-step={probe?.step ?? -1}>
      <figcaption className="tl-chart-title">
        ‖∂C<sub>T</sub>/∂h<sub>k</sub>‖ against distance T − k{probe ? `, at step ${probe.step}` : ''}
        {presenting ? '' : ' (mean over 32 validation sequences)'}
      </figcaption>
      <Legend cells={cells} />
      <svg viewBox={`0 0 ${W} ${H}`} style={{ aspectRatio: `${W} / ${H}` }} role="img" aria-label={summary}>
        <g transform={`translate(${M.left},${M.top})`}>
          {series.map((d) => (
            // the CSS transition on `d` eases each update (off under prefers-reduced-motion)
            <ModelLine key={d.c} c={d.c} d={line(d.g)} className={`tl-line${reducedMotion ? '' : ' tl-line-eased'}`} />
          ))}
          <Axis
            scale={x}
            orient="bottom"
            transform={`translate(0,${ih})`}
            label={presenting ? 'distance T − k (steps back)' : 'distance T − k (steps back from the answer)'}
            frame={frame}
          />
          <Axis scale={y} orient="left" transform="translate(0,0)" label="‖∂C_T/∂h_k‖" frame={frame} />
        </g>
      </svg>
    </figure>
  );
});

const GATE_LABEL: Record<string, string> = { i: 'input gate i', f: 'forget gate f', o: 'output gate o', z: 'update gate z', r: 'reset gate r' };

export function histMean(counts: number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  return total ? counts.reduce((a, n, i) => a + n * ((i + 0.5) / counts.length), 0) / total : 0;
}

/** the sequential ramp as RGBA bytes, LUT_LEVELS steps (the strips index it instead of parsing colour strings) */
const LUT_LEVELS = 256;
function rampLut(theme: ScaleTheme): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(LUT_LEVELS * 4);
  for (let i = 0; i < LUT_LEVELS; i++) {
    const c = d3.rgb(sequentialColor(i / (LUT_LEVELS - 1), theme));
    lut[4 * i] = c.r;
    lut[4 * i + 1] = c.g;
    lut[4 * i + 2] = c.b;
    lut[4 * i + 3] = 255;
  }
  return lut;
}

/**
 * A gate strip as one bitmap: one pixel per (probe step, value bin), stretched to the panel
 * without smoothing. It is redrawn only when a probe arrives (the chart is memoised on its data);
 * up to 200 columns × 20 bins would otherwise be 4,000 SVG rects per strip for layout and style.
 * The pixels are written as bytes through a colour lookup table: setting a canvas fillStyle
 * string per pixel (parsed by the canvas each time) was the lab's longest main-thread work while
 * training (up to ~400 ms per probe on this machine's loaded cores, see bench/training-trace.mjs).
 */
export function gateStripPixels(cols: number[][], theme: ScaleTheme): Uint8ClampedArray {
  const lut = rampLut(theme);
  const w = cols.length;
  const px = new Uint8ClampedArray(w * HIST_BINS * 4);
  for (let i = 0; i < w; i++) {
    const counts = cols[i];
    let max = 1;
    for (const n of counts) if (n > max) max = n;
    for (let b = 0; b < HIST_BINS; b++) {
      const t = Math.sqrt((counts[b] ?? 0) / max);
      const l = 4 * Math.round(Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0)) * (LUT_LEVELS - 1));
      const o = 4 * ((HIST_BINS - 1 - b) * w + i);
      px[o] = lut[l];
      px[o + 1] = lut[l + 1];
      px[o + 2] = lut[l + 2];
      px[o + 3] = 255;
    }
  }
  return px;
}

/**
 * The strip as a data: URL of an uncompressed 24-bit BMP, written in JS. No canvas: a canvas'
 * toDataURL (PNG) blocked the main thread for up to ~400 ms per probe on this machine (it waits for
 * the GPU process / the encoder on loaded cores; see bench/training-trace.mjs); this is ~0.1 ms.
 */
export function bmpDataUrl(rgba: Uint8ClampedArray, w: number, h: number): string {
  const row = (w * 3 + 3) & ~3;
  const size = 54 + row * h;
  const buf = new Uint8Array(size);
  const dv = new DataView(buf.buffer);
  buf[0] = 0x42; // 'B'
  buf[1] = 0x4d; // 'M'
  dv.setUint32(2, size, true);
  dv.setUint32(10, 54, true); // pixel data offset
  dv.setUint32(14, 40, true); // BITMAPINFOHEADER
  dv.setInt32(18, w, true);
  dv.setInt32(22, -h, true); // negative: rows top-down
  dv.setUint16(26, 1, true); // planes
  dv.setUint16(28, 24, true); // bits per pixel
  dv.setUint32(34, row * h, true);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = 4 * (y * w + x);
      const o = 54 + y * row + 3 * x;
      buf[o] = rgba[i + 2]; // BGR
      buf[o + 1] = rgba[i + 1];
      buf[o + 2] = rgba[i];
    }
  let bin = '';
  for (let i = 0; i < size; i += 8192) bin += String.fromCharCode(...buf.subarray(i, i + 8192));
  return `data:image/bmp;base64,${btoa(bin)}`;
}

function gateStripImage(cols: number[][], theme: ScaleTheme): string {
  if (!cols.length) return '';
  return bmpDataUrl(gateStripPixels(cols, theme), cols.length, HIST_BINS);
}

function GateStrip({ cols, width, height }: { cols: number[][]; width: number; height: number }) {
  const theme = useViewTheme();
  const href = useMemo(() => gateStripImage(cols, theme), [cols, theme]);
  if (!href) return null;
  return (
    <image
      href={href}
      x={0}
      y={0}
      width={width}
      height={height}
      preserveAspectRatio="none"
      style={{ imageRendering: 'pixelated' }}
      data-columns={cols.length}
    />
  );
}

/** One heat strip per gate: columns = probe steps, rows = value bins over [0, 1], colour = share. */
export const GateHistograms = memo(function GateHistograms({ history, cells }: { history: GateSnapshot[]; cells: CellKind[] }) {
  const gw = GATE_W;
  const gh = GATE_H;
  const m = { top: 6, right: 8, bottom: 28, left: 36 };
  const iw = gw - m.left - m.right;
  const ih = gh - m.top - m.bottom;
  const theme = useViewTheme();
  const gated = cells.filter((c) => c !== 'rnn');
  const panels = gated.flatMap((c) => {
    const names = Object.keys(history.find((h) => h.models[c])?.models[c] ?? {});
    return names.map((g) => ({ c, g }));
  });
  return (
    <figure className="tl-chart tl-gates" data-testid="tl-gate-chart" data-snapshots={history.length}>
      <figcaption className="tl-chart-title">Gate values over training (share of all steps, sequences and units in each value bin)</figcaption>
      <div className="tl-gate-legend" aria-hidden="true">
        <span>rare</span>
        <Ramp className="tl-gate-ramp" color={(u) => sequentialColor(u, theme)} />
        <span>common</span>
      </div>
      <div className="tl-gate-grid">
        {panels.map(({ c, g }) => {
          const cols = history.filter((h) => h.models[c]?.[g]);
          const first = cols[0];
          const last = cols[cols.length - 1];
          const alt = last
            ? `${MODEL_LABEL[c]} ${GATE_LABEL[g] ?? g}: mean ${formatValue(histMean(first.models[c]![g]), 2)} at step ${first.step}, ${formatValue(histMean(last.models[c]![g]), 2)} at step ${last.step}.`
            : '';
          return (
            <div key={`${c}-${g}`} className="tl-gate-panel" data-gate={`${c}-${g}`}>
              <p className="tl-gate-name">
                <Swatch c={c} />
                {MODEL_LABEL[c]}: {GATE_LABEL[g] ?? g}
              </p>
              <svg viewBox={`0 0 ${gw} ${gh}`} role="img" aria-label={alt}>
                <g transform={`translate(${m.left},${m.top})`}>
                  <GateStrip cols={cols.map((h) => h.models[c]![g])} width={iw} height={ih} />
                  <text className="tl-gate-tick" x={-4} y={4} textAnchor="end">
                    1
                  </text>
                  <text className="tl-gate-tick" x={-4} y={ih} textAnchor="end">
                    0
                  </text>
                  <text className="tl-gate-tick" x={0} y={ih + 14}>
                    step {first?.step ?? 0}
                  </text>
                  <text className="tl-gate-tick" x={iw} y={ih + 14} textAnchor="end">
                    step {last?.step ?? 0}
                  </text>
                </g>
              </svg>
            </div>
          );
        })}
        {!panels.length && <p>Gate histograms appear once training starts (the vanilla RNN has no gates).</p>}
      </div>
    </figure>
  );
});
