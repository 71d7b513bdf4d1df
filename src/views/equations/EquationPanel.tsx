/**
 * The lecture's equations for the current cell kind, typeset with KaTeX. Every term carries
 * data-term; pointing at a term (in the equation or on its button) highlights it in every view,
 * and a highlight set elsewhere lights the matching terms here. Below: the term's live values at t.
 */
import { memo, useLayoutEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { divergingColor, sequentialColor, textOn } from '../kit/scales';
import { useViewTheme } from '../ThemeContext';
import { formatValue } from '../kit/format';
import type { Highlight, TermId, ViewProps } from '../types';
import '../detail-views.css';
import { cx, isTermId, matchesHighlight, tOf } from '../kit/link';
import { DivergingLegend, SequentialLegend } from '../kit/legend';
import { loadTex, patchSteps, renderNote, renderTex, texLoaded } from '../kit/texRender';
import { useLoaded } from '../kit/useLoaded';
import { buildEquations, termButtons } from './tex';
import { useLesson } from '../LessonContext';
import { termValues, type TermValues } from './termValues';
import { useTexWarmup } from './warmup';

const DISPLAY = { displayMode: true } as const;
const INLINE = { displayMode: false } as const;

/**
 * One typeset line. The same HTML string (the cache returns the identical string) never touches
 * the DOM again; HTML that differs only in its terms' steps (the backward chain at the next loss
 * step) has those attributes rewritten in place: playback replaces no elements, so it lays out and
 * paints no new equation. Anything else replaces the markup.
 */
const TexHtml = memo(function TexHtml({ as: Tag, className, html }: { as: 'div' | 'p' | 'span'; className?: string; html: string }) {
  const ref = useRef<HTMLElement>(null);
  // what React wrote at mount: an unchanging string, so React never rewrites the markup itself
  const [first] = useState(html);
  const shown = useRef(html);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || html === shown.current) return;
    if (!patchSteps(el, shown.current, html)) el.innerHTML = html;
    shown.current = html;
  }, [html]);
  return (
    <Tag
      ref={ref as React.Ref<never>}
      className={className}
      aria-hidden={Tag === 'span' ? true : undefined}
      dangerouslySetInnerHTML={{ __html: first }}
    />
  );
});

/** Does a rendered [data-term] element match the highlight? (Elements without data-step match any step.) */
function elementMatches(el: Element, hl: Highlight | null): boolean {
  const term = el.getAttribute('data-term');
  if (!hl || !isTermId(term)) return false;
  const s = el.getAttribute('data-step');
  return matchesHighlight(hl, { term, step: s === null ? undefined : Number(s) });
}

function ValueChips({ tv }: { tv: TermValues }) {
  const theme = useViewTheme();
  const color = (v: number) => (tv.color === 'sequential' ? sequentialColor(v, theme) : divergingColor(v, tv.extent, theme));
  if (tv.kind === 'vector' && tv.vector) {
    return (
      <div className="dv-valrow" role="list">
        {tv.vector.map((v, i) => {
          const bg = color(v);
          return (
            <span key={i} role="listitem" className="dv-val" style={{ background: bg, color: textOn(bg) }}>
              <span className="dv-val-unit">{tv.labels?.[i] ?? `unit ${i + 1}`}</span>
              {formatValue(v)}
            </span>
          );
        })}
      </div>
    );
  }
  if (tv.kind === 'matrix' && tv.matrix) {
    const rows = tv.matrix.length;
    const cols = rows ? tv.matrix[0].length : 0;
    const numbers = cols <= 10 && rows <= 24;
    const flat = tv.matrix.flat();
    return (
      <>
        <div className="dv-valmatrix" style={{ gridTemplateColumns: `repeat(${cols}, auto)` }} aria-hidden={!numbers}>
          {tv.matrix.map((row, j) =>
            row.map((v, i) => {
              const bg = divergingColor(v, tv.extent, theme);
              return (
                <span
                  key={`${j}-${i}`}
                  style={{ background: bg, color: textOn(bg) }}
                  title={`${tv.labels?.[j] ?? `row ${j + 1}`}, ${tv.colLabels?.[i] ?? `column ${i + 1}`} = ${formatValue(v)}`}
                >
                  {numbers ? formatValue(v, 2) : ''}
                </span>
              );
            }),
          )}
        </div>
        {!numbers && (
          <p className="dv-eq-values-hint">
            {rows} × {cols} entries from {formatValue(Math.min(...flat))} to {formatValue(Math.max(...flat))} (hover an entry for its value).
          </p>
        )}
      </>
    );
  }
  if (tv.kind === 'scalar' && tv.scalar !== undefined) {
    return (
      <p className="dv-valrow">
        <span className="dv-val">{formatValue(tv.scalar)}</span>
      </p>
    );
  }
  return null;
}

function LiveValues({ props }: { props: ViewProps }) {
  const { spec, trace, highlight, step, lossStep } = props;
  const t = tOf(step);
  if (!highlight) {
    return <p className="dv-eq-values-hint">Point at a term in the equations, or focus one of the term buttons, to see its values at t = {t}.</p>;
  }
  const tv = termValues(spec, trace, highlight.term, highlight.t ?? step, lossStep);
  return (
    <>
      <p className="dv-eq-values-title">{tv.title}</p>
      <ValueChips tv={tv} />
      {tv.note && <p className="dv-eq-values-hint">{tv.note}</p>}
      {tv.kind !== 'none' && tv.kind !== 'scalar' && (
        <div className="dv-legends">
          {tv.color === 'sequential' ? (
            <SequentialLegend label="colour: gate value" />
          ) : (
            <DivergingLegend extent={tv.extent} label="colour: value" />
          )}
        </div>
      )}
    </>
  );
}

const kindName = (spec: ViewProps['spec']) =>
  `${spec.backward ? 'bidirectional ' : ''}${spec.cell === 'rnn' ? 'vanilla RNN' : spec.cell.toUpperCase()}`;

/**
 * The panel, once KaTeX is here (kit/texRender.ts fetches it when the first panel mounts, after the
 * first trace): until then a line says the equations are being typeset.
 */
export function EquationPanel(props: ViewProps) {
  const ready = useLoaded('katex', texLoaded, loadTex);
  if (ready) return <TypesetPanel {...props} />;
  return (
    <section className="dv dv-eq dv-eq-pending" aria-label={`Equations of the ${kindName(props.spec)}`} data-cell={props.spec.cell}>
      <p className="dv-eq-pending-note" role="status">
        Typesetting the equations…
      </p>
    </section>
  );
}

function TypesetPanel(props: ViewProps) {
  const { spec, phase, highlight, setHighlight, reducedMotion } = props;
  const T = spec.inputs.length;
  const lossStep = Math.max(0, Math.min(T - 1, props.lossStep));
  const backward = phase === 'backward';
  // the equations depend only on the kind of cell (and GRU form), the phase, the loss step and
  // the number of outputs (the loss note), not on values
  const { cell, merge, recurrentActivation, units } = spec;
  const bidirectional = !!spec.backward;
  const resetAfter = !!spec.resetAfter;
  const outputs = spec.readout ? spec.readout.kernel[0]?.length : -1;
  const hasTargets = !!spec.targets;
  const slide = !!useLesson().presenting;
  const groups = useMemo(
    () => buildEquations(spec, { backward, lossStep, slide }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the spec's structure (above): a new trace of the same cell must not re-typeset
    [cell, bidirectional, merge, recurrentActivation, resetAfter, outputs, hasTargets, units, backward, lossStep, slide],
  );
  const rendered = useMemo(
    () => groups.map((g) => ({ ...g, html: g.equations.map((e) => renderTex(e, DISPLAY)), notesHtml: g.notes.map(renderNote) })),
    [groups],
  );
  const buttons = useMemo(() => {
    // keyed by term and ordinal, not by step: a button whose step follows the loss step is the
    // same button at the next t (its data-step changes; it is not remounted)
    const seen = new Map<TermId, number>();
    return termButtons(groups).map((b) => {
      const n = seen.get(b.term) ?? 0;
      seen.set(b.term, n + 1);
      return { ...b, reactKey: `${b.term}#${n}`, html: renderTex(b.tex, INLINE) };
    });
  }, [groups]);
  // in the backward phase the chain's t follows playback: typeset the coming loss steps while the page is idle
  useTexWarmup(spec, backward, lossStep, T);
  const mathRef = useRef<HTMLDivElement>(null);
  const last = useRef<string | null>(null);

  // Light up the terms that match the current highlight. The KaTeX markup is ours (rendered into
  // this container only), so toggling a class on its elements does not fight React.
  useLayoutEffect(() => {
    const root = mathRef.current;
    if (!root) return;
    root.querySelectorAll('[data-term]').forEach((el) => el.classList.toggle('is-linked', elementMatches(el, highlight)));
  }, [highlight, rendered]);

  const point = (term: TermId | null, step?: number) => {
    const key = term === null ? null : `${term}@${step ?? ''}`;
    if (key === last.current) return;
    last.current = key;
    setHighlight(term === null ? null : { term, t: step ?? props.step });
  };
  const onMathOver = (e: MouseEvent<HTMLDivElement>) => {
    const el = (e.target as Element).closest?.('[data-term]');
    if (!el || !mathRef.current?.contains(el)) return point(null);
    const term = el.getAttribute('data-term');
    const s = el.getAttribute('data-step');
    if (isTermId(term)) point(term, s === null ? undefined : Number(s));
  };

  return (
    <section className={cx('dv dv-eq', reducedMotion && 'dv-reduced')} aria-label={`Equations of the ${kindName(spec)}`} data-cell={spec.cell}>
      <div ref={mathRef} className="dv-eq-math" onMouseOver={onMathOver} onMouseLeave={() => point(null)}>
        {rendered.map((g) => (
          <div key={g.id} className="dv-eq-group" data-group={g.id}>
            <p className="dv-eq-group-title">{g.title}</p>
            {g.html.map((h, i) => (
              <TexHtml key={i} as="div" className="dv-eq-line" html={h} />
            ))}
            {g.notesHtml.map((n, i) => (
              <TexHtml key={`n${i}`} as="p" className="dv-eq-note" html={n} />
            ))}
          </div>
        ))}
      </div>
      <div className="dv-eq-terms" role="group" aria-label="Terms: focus one to see its values and highlight it in the diagrams">
        <span className="dv-eq-terms-label" aria-hidden="true">
          Terms:
        </span>
        {buttons.map((b) => (
          <button
            key={b.reactKey}
            type="button"
            className={cx('dv-term-btn', matchesHighlight(highlight, { term: b.term, step: b.step }) && 'is-linked')}
            data-term={b.term}
            data-step={b.step}
            onMouseEnter={() => point(b.term, b.step)}
            onMouseLeave={() => point(null)}
            onFocus={() => point(b.term, b.step)}
            onBlur={() => point(null)}
            onClick={() => {
              last.current = null;
              point(b.term, b.step);
            }}
          >
            {/* named by its text (WCAG 2.5.3: the name contains what is seen), not by aria-label */}
            <TexHtml as="span" html={b.html} />
            <span className="sr-only">{b.label}</span>
          </button>
        ))}
      </div>
      <div
        className="dv-eq-values"
        aria-live="polite"
        aria-atomic="true"
        role="region"
        aria-label="Values of the term you point at"
        tabIndex={0}
        data-testid="eq-values"
      >
        <LiveValues props={{ ...props, lossStep }} />
      </div>
    </section>
  );
}
