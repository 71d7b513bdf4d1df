/**
 * ‖∂C_T/∂h_k‖ against distance before and after training, side by side (issue 24, item 1): the
 * left panel is each model's probe after its first training step, the right one its probe at the
 * step it was solved (a model that never solves: its last probe, labelled so). Both panels share
 * one log axis, so a curve that flattens with training is seen to. The curves are the worker's
 * (race.gradMarks, kept in the training store); this module only lays them out and draws them.
 */
import { memo, useMemo } from 'react';
import * as d3 from 'd3';
import { MODEL_LABEL, type CellKind } from '../../train/config';
import type { GradCurve, GradMarks } from '../../train/gradMarks';
import { fmtNorm } from '../kit/format';
import { Axis, decadeAbove, decadeBelow, ModelLine, ModelMarker, Swatch } from './charts';
import { frameOf } from './chartFrame';

export type AfterKind = 'solved' | 'last' | 'stopped' | 'unsolved-yet';

export interface BACurve {
  c: CellKind;
  step: number;
  gradNorm: number[];
  /** the curve's label in its panel's legend, e.g. "GRU: solved at step 160" */
  label: string;
}

export interface BeforeAfter {
  before: BACurve[];
  after: (BACurve & { kind: AfterKind })[];
}

type ModelInfo = { solvedAt: number | null; diverged: string | null };

/**
 * Which curve goes in which panel, with its label: before = the first probe after a training
 * step; after = the probe at the solved step, else the latest one ("last step …, never solved" at
 * the end of a race, "stopped" for a model that diverged, "not solved yet" while it trains).
 */
export function beforeAfterCurves(marks: GradMarks, models: Record<CellKind, ModelInfo>, cells: CellKind[], finished: boolean): BeforeAfter {
  const out: BeforeAfter = { before: [], after: [] };
  for (const c of cells) {
    const m = marks[c];
    if (!m?.first) continue;
    const name = MODEL_LABEL[c];
    out.before.push({ c, ...m.first, label: `${name}: step ${m.first.step}` });
    const st = models[c];
    const pick = (curve: GradCurve, kind: AfterKind, label: string) => out.after.push({ c, ...curve, kind, label });
    if (m.solved) pick(m.solved, 'solved', `${name}: solved at step ${m.solved.step}`);
    else if (!m.last || m.last.step <= m.first.step) continue;
    else if (st?.diverged) pick(m.last, 'stopped', `${name}: step ${m.last.step}, its last probe before it stopped (never solved)`);
    else if (finished) pick(m.last, 'last', `${name}: last step ${m.last.step} (never solved)`);
    else pick(m.last, 'unsolved-yet', `${name}: step ${m.last.step} (not solved yet)`);
  }
  return out;
}

/** The shared log axis of both panels: whole decades around every finite positive value. */
export function sharedGradDomain(curves: { gradNorm: number[] }[]): [number, number] {
  const vals = curves.flatMap((s) => s.gradNorm.filter((v) => v > 0 && Number.isFinite(v)));
  if (!vals.length) return [1e-4, 10];
  const lo = decadeBelow(Math.min(...vals));
  const hi = decadeAbove(Math.max(...vals));
  return [Math.max(1e-12, lo), hi > lo ? hi : lo * 10];
}

/** The distances the text alternative quotes: the answer's step, the middle and the first step. */
export const quotedDistances = (T: number): number[] => [...new Set([0, Math.floor((T - 1) / 2), T - 1])];

/** the far end relative to the near one: how much of the gradient is left T − 1 steps back */
export function keptRatio(g: number[]): number {
  const near = g[0];
  const far = g[g.length - 1];
  return Number.isFinite(near) && Number.isFinite(far) && near > 0 ? far / near : NaN;
}

const word = (v: number | undefined) => (v === undefined ? '–' : Number.isFinite(v) ? fmtNorm(v) : 'overflowed');

function Panel({
  title,
  curves,
  y,
  T,
  presenting,
  phase,
}: {
  title: string;
  curves: BACurve[];
  y: d3.ScaleLogarithmic<number, number>;
  T: number;
  presenting?: boolean;
  phase: 'before' | 'after';
}) {
  const frame = frameOf(presenting);
  const { M, W, H } = frame;
  const iw = W - M.left - M.right;
  const x = useMemo(
    () =>
      d3
        .scaleLinear()
        .domain([0, Math.max(1, T - 1)])
        .range([0, iw]),
    [T, iw],
  );
  const yy = useMemo(() => y.copy().range([H - M.top - M.bottom, 0]), [y, H, M.top, M.bottom]);
  const line = d3
    .line<number>()
    .defined((v) => v > 0 && Number.isFinite(v))
    .x((_, i) => x(i))
    .y((v) => yy(v));
  const ds = quotedDistances(T);
  const alt = curves.length
    ? `${title}. ‖∂C_T/∂h_k‖ at distance ${ds.join(', ')}: ` +
      curves.map((s) => `${s.label}: ${ds.map((d) => word(s.gradNorm[d])).join(', ')}`).join('; ') +
      '.'
    : `${title}: no probe yet.`;
  return (
    <div className="tl-ba-panel" data-phase={phase}>
      <p className="tl-ba-title">{title}</p>
      <ul className="tl-legend" aria-label={`${title}: legend`}>
        {curves.map((s) => (
          <li key={s.c} data-model={s.c} data-step={s.step}>
            <Swatch c={s.c} />
            {s.label}
          </li>
        ))}
      </ul>
      {/* focusable, so the keyboard reaches the panel and a screen reader reads its values */}
      <svg viewBox={`0 0 ${W} ${H}`} style={{ aspectRatio: `${W} / ${H}` }} role="img" aria-label={alt} tabIndex={0}>
        <g transform={`translate(${M.left},${M.top})`}>
          {curves.map((s) => (
            <g key={s.c}>
              <ModelLine
                c={s.c}
                d={line(s.gradNorm)}
                data-phase={phase}
                data-step={s.step}
                data-values={s.gradNorm.map((v) => (Number.isFinite(v) ? v.toPrecision(4) : 'NaN')).join(',')}
              />
              {ds.map((d) =>
                s.gradNorm[d] > 0 && Number.isFinite(s.gradNorm[d]) ? (
                  <ModelMarker key={d} c={s.c} size={presenting ? 70 : 40} transform={`translate(${x(d)},${yy(s.gradNorm[d])})`} />
                ) : null,
              )}
            </g>
          ))}
          <Axis scale={x} orient="bottom" transform={`translate(0,${H - M.top - M.bottom})`} label="distance T − k (steps back)" frame={frame} />
          <Axis scale={yy} orient="left" transform="translate(0,0)" label="‖∂C_T/∂h_k‖" frame={frame} />
        </g>
      </svg>
    </div>
  );
}

export interface BeforeAfterProps {
  marks: GradMarks;
  models: Record<CellKind, ModelInfo>;
  cells: CellKind[];
  finished: boolean;
  /** on a slide (its popover): the slide's frame and type */
  presenting?: boolean;
}

export const GradBeforeAfter = memo(function GradBeforeAfter({ marks, models, cells, finished, presenting }: BeforeAfterProps) {
  const ba = useMemo(() => beforeAfterCurves(marks, models, cells, finished), [marks, models, cells, finished]);
  const all = [...ba.before, ...ba.after];
  const T = Math.max(2, ...all.map((s) => s.gradNorm.length));
  const [lo, hi] = sharedGradDomain(all);
  const y = useMemo(() => d3.scaleLog().domain([lo, hi]).clamp(true), [lo, hi]);
  const ds = quotedDistances(T);
  const rows = cells.flatMap((c) => {
    const b = ba.before.find((s) => s.c === c);
    return b ? [{ c, b, a: ba.after.find((s) => s.c === c) }] : [];
  });
  return (
    <figure className="tl-chart tl-ba" data-testid="tl-grad-before-after" data-curves={all.length}>
      <figcaption className="tl-chart-title">
        ‖∂C<sub>T</sub>/∂h<sub>k</sub>‖ against distance, before and after training{presenting ? '' : ' (one log axis for both)'}
      </figcaption>
      <div className="tl-ba-panels">
        <Panel title="Before: after the first training step" curves={ba.before} y={y} T={T} presenting={presenting} phase="before" />
        <Panel title="After: where each model was solved" curves={ba.after} y={y} T={T} presenting={presenting} phase="after" />
      </div>
      {!rows.length && <p className="tl-ba-empty">The curves appear after the first training step.</p>}
      <details className="tl-data" data-testid="tl-ba-data">
        <summary>Before and after as a table</summary>
        <table>
          <caption className="sr-only">‖∂C_T/∂h_k‖ by distance before and after training, per model</caption>
          <thead>
            <tr>
              <th scope="col">model</th>
              <th scope="col">probe</th>
              {ds.map((d) => (
                <th scope="col" key={d}>
                  distance {d}
                </th>
              ))}
              <th scope="col">distance {T - 1} ÷ distance 0</th>
            </tr>
          </thead>
          <tbody>
            {rows.flatMap(({ c, b, a }) =>
              [{ s: b, phase: 'before' }, ...(a ? [{ s: a as BACurve, phase: 'after' }] : [])].map(({ s, phase }) => (
                <tr key={`${c}-${phase}`} data-model={c} data-phase={phase} data-step={s.step} data-ratio={keptRatio(s.gradNorm)}>
                  <th scope="row">{MODEL_LABEL[c]}</th>
                  <td>{s.label.slice(MODEL_LABEL[c].length + 2)}</td>
                  {ds.map((d) => (
                    <td key={d} data-distance={d} data-value={s.gradNorm[d]}>
                      {word(s.gradNorm[d])}
                    </td>
                  ))}
                  <td>{word(keptRatio(s.gradNorm))}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </details>
    </figure>
  );
});
