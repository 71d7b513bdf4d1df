/**
 * "Inside the cell at step t": the vanilla tanh cell, the LSTM (with its time-lagged cell-state
 * conveyor), the GRU (Keras convention) and, for bidirectional layers, both chains at step t and
 * how they merge. Pure playback of the trace at props.step: the drawings are data computed by the
 * layout functions in ./layout.ts; this component only draws the items they return.
 */
import { useId, useMemo, useRef, useState, type CSSProperties } from 'react';
import { useScrollCue } from '../useScrollCue';
import type { SimSpec, Trace } from '../../engine/index';
import { formatValue } from '../kit/format';
import type { ViewProps } from '../types';
import '../detail-views.css';
import { maxAbs, niceExtent, sharedValueExtent, STATE_EXTENT } from '../kit/math';
import { cx, highlightRef, linkHandlers, matchesHighlight, tOf, type DrawCtx, type TermRef } from '../kit/link';
import { ArrowDefs, Badge, Edge, MatrixHeat, OpNode, Sym, VectorColumn } from '../kit/parts';
import { DivergingLegend, LagLegend, SequentialLegend } from '../kit/legend';
import { useTooltip } from '../kit/tooltip';
import { ValuesTable } from '../kit/table';
import { cellLayout, FONT_SIZE, innerLayout, type CellLayout, type Item, type Label } from './layout';
import { SLIDE_BI_SCALE, slideWidth } from './layout/slideText';

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/* ---------------------------------------------------------------- drawing the items - */

function LabelView({ l }: { l: Label }) {
  if (l.kind === 'sym') return <Sym x={l.x} y={l.y} base={l.base} sub={l.sub} prefix={l.prefix} anchor={l.anchor} />;
  return (
    <text className={l.className} x={l.x} y={l.y} textAnchor={l.anchor} aria-hidden="true">
      {l.text}
    </text>
  );
}

const labels = (ls: Label[]) => (
  <>
    {ls.map((l, i) => (
      <LabelView key={i} l={l} />
    ))}
  </>
);

/** Draws one layout item; nothing here decides a position. */
function ItemView({ it, ctx, arrow }: { it: Item; ctx: DrawCtx; arrow: string }) {
  switch (it.kind) {
    case 'edge':
      return <Edge d={it.d} arrow={it.arrow ? arrow : undefined} lag={it.lag} bridge={it.bridge} className={it.className} />;
    case 'note':
      return (
        <text
          className={cx(it.className, it.refs && matchesHighlight(ctx.highlight, it.refs) && 'is-linked')}
          x={it.x}
          y={it.y}
          textAnchor={it.anchor}
          aria-hidden={it.hidden ? 'true' : undefined}
          data-term={it.refs?.[0].term}
          {...(it.refs ? linkHandlers(ctx, it.refs[0], undefined, false) : {})}
        >
          {it.runs.map((r, i) =>
            r.dy === undefined && !r.small ? (
              String(r.text)
            ) : (
              <tspan key={i} dy={r.dy} fontSize={r.small ? '0.75em' : undefined}>
                {r.text}
              </tspan>
            ),
          )}
        </text>
      );
    case 'vector': {
      const names = it.cellNames;
      return (
        <VectorColumn
          ctx={ctx}
          x={it.x}
          y={it.y}
          values={it.values}
          cw={it.cw}
          ch={it.ch}
          color={it.color}
          showNumbers={it.showNumbers}
          split={it.split}
          splitColor={it.splitColor}
          name={it.name}
          description={it.description}
          refs={it.refs}
          cellName={names ? (i) => names[i] ?? `unit ${i + 1}` : undefined}
          label={labels(it.labels)}
        />
      );
    }
    case 'matrix':
      return (
        <MatrixHeat
          ctx={ctx}
          x={it.x}
          y={it.y}
          values={it.values}
          cw={it.cw}
          ch={it.ch}
          extent={it.extent}
          split={it.split}
          name={it.name}
          description={it.description}
          refs={it.refs}
          rowName={(j) => it.rowNames[j]}
          colName={(i) => it.colNames[i]}
          label={labels(it.labels)}
        />
      );
    case 'op':
      return <OpNode x={it.x} y={it.y} op={it.op} r={it.r} title={it.title} />;
    case 'badge':
      return <Badge x={it.x} y={it.y} text={it.text} w={it.w} h={it.h} title={it.title} />;
    case 'box':
      return (
        <g className={cx('dv-cellbox', matchesHighlight(ctx.highlight, it.refs) && 'is-linked')} aria-hidden="true">
          <rect x={it.x} y={it.y} width={it.w} height={it.h} rx={10} />
          <text x={it.x + it.w / 2} y={it.y + it.h / 2} dy="0.35em" textAnchor="middle">
            {it.text}
          </text>
        </g>
      );
  }
}

type Drawn = CellLayout;

/* ---------------------------------------------------------------- readout strip ---- */

function Chip({ ctx, value, label, refs }: { ctx: DrawCtx; value: number; label: string; refs: TermRef[] }) {
  const linked = matchesHighlight(ctx.highlight, refs);
  return (
    // a button (like the equation's term buttons): focusing or pressing it highlights the term
    // everywhere; its name starts with the label and ends with the value it shows (WCAG 2.5.3)
    <button
      type="button"
      className={cx('dv-chip', linked && 'is-linked')}
      data-term={refs[0].term}
      data-step={refs[0].step}
      aria-label={label}
      onClick={() => highlightRef(ctx, refs[0])}
      {...linkHandlers(ctx, refs[0])}
    >
      {formatValue(value)}
    </button>
  );
}

function Readout({ p, ctx }: { p: ViewProps; ctx: DrawCtx }) {
  const { spec, trace, step } = p;
  const y = trace.y[step];
  if (!y || y.length === 0 || (!spec.readout && !spec.targets)) return null;
  const t = tOf(step);
  const gt = spec.targets?.[step];
  const loss = trace.loss[step];
  const src = spec.backward ? `out_${t}` : `h_${t}`;
  const srcSym = spec.backward ? 'out' : 'h';
  return (
    <div className="dv-readout" role="group" aria-label={`Output and loss at t = ${t}`}>
      <span className="dv-readout-item">
        <span className="dv-readout-eq">
          {spec.readout ? (
            <>
              y<sub>{t}</sub> = F({srcSym}
              <sub>{t}</sub>) =
            </>
          ) : (
            <>
              y<sub>{t}</sub> = {srcSym}
              <sub>{t}</sub> (no readout layer) =
            </>
          )}
        </span>
        {y.map((v, k) => (
          <Chip
            key={k}
            ctx={ctx}
            value={v}
            label={`y_${t} output ${k + 1} = ${formatValue(v)} (${spec.readout ? `F applied to ${src}` : `equal to ${src}`})`}
            refs={[{ term: 'y', step }]}
          />
        ))}
      </span>
      {gt && (
        <span className="dv-readout-item">
          <span className="dv-readout-eq">
            GT<sub>{t}</sub> =
          </span>
          {gt.map((v, k) => (
            <Chip key={k} ctx={ctx} value={v} label={`GT_${t} target ${k + 1} = ${formatValue(v)}`} refs={[{ term: 'GT', step }]} />
          ))}
        </span>
      )}
      {gt && loss !== undefined && (
        <span className="dv-readout-item">
          <span className="dv-readout-eq">
            C<sub>{t}</sub> = Loss(y<sub>{t}</sub>, GT<sub>{t}</sub>) =
          </span>
          <Chip ctx={ctx} value={loss} label={`C_${t} loss = ${formatValue(loss)}`} refs={[{ term: 'C', step }]} />
        </span>
      )}
    </div>
  );
}

/* ---------------------------------------------------------------- text alternative - */

function CellTable({ rows, t }: { rows: Drawn['rows']; t: number }) {
  const n = Math.max(0, ...rows.map((r) => r.values.length));
  return (
    <ValuesTable
      summary={<>Values at t = {t} as a table</>}
      caption={<>Vectors inside the cell at t = {t}; one column per vector, one row per entry</>}
      corner="entry"
      columns={rows.map((r) => ({
        key: r.name,
        head: (
          <>
            {r.name} <span className="dv-muted">({r.description})</span>
          </>
        ),
      }))}
      rows={Array.from({ length: n }, (_, i) => ({
        key: i,
        head: i + 1,
        cells: rows.map((r) => ({ className: 'dv-num', content: i < r.values.length ? formatValue(r.values[i]) : '' })),
      }))}
    />
  );
}

/* ---------------------------------------------------------------- the view --------- */

/** What the value scale colours in each cell's drawing (the same scale as the unrolled strip). */
const VALUE_LEGEND: Record<string, string> = {
  rnn: 'values (x, W·[x; h], y) — one scale for the simulator',
  lstm: 'values (x, c, y) — one scale for the simulator',
  gru: 'values (x, y) — one scale for the simulator',
};
/** What the fixed ±1 scale colours: what a tanh bounds, so a saturated unit shows at full colour. */
const STATE_LEGEND: Record<string, string> = {
  rnn: 'states h (tanh: −1 … 1)',
  lstm: 'states h and candidate g (tanh: −1 … 1)',
  gru: 'states h and candidate h̃ (tanh: −1 … 1)',
};

/** A legend title on a slide, where the legends share one row: shorter (the reading page says the rest), wrapping rather than cut. */
const onSlide = (label: string) =>
  label.replace(' — one scale for the simulator', '').replace(' and candidate ', ', ').replace(' and their merge', ', merge').replace('tanh: ', '');

function useExtents(spec: SimSpec, trace: Trace) {
  return useMemo(() => {
    // one value scale for the whole simulator (the unrolled strip and equation panel use it too)
    const ext = sharedValueExtent(spec, trace);
    const wExt = niceExtent(maxAbs(spec.weights.kernel, spec.weights.recurrentKernel, spec.weights.bias), 0.1);
    return { ext, wExt };
  }, [spec, trace]);
}

/**
 * `title`: the drawing's name for screen readers; `region`: the scroll box's, when it scrolls;
 * `natural`: drawn at `scale` canvas px per SVG unit (a slide's layout, slideText.ts), never wider than its box.
 */
type SvgProps = { draw: Drawn; title: string; region: string; arrow: string; ctx: DrawCtx; natural?: boolean; scale?: number };
function CellSvg({ draw, title, region, arrow, ctx, natural = false, scale = 1 }: SvgProps) {
  // on a narrow screen the drawing keeps the width its smallest text needs to paint at 12 px
  // (--dv-legible, the layout's legibleWidth; detail-views.css) and scrolls sideways from its
  // input side: say so (edge fade + hint), and let the keyboard scroll it (a focusable region whose
  // arrow keys scroll it rather than step the simulator: SimulatorShell leaves them to it)
  const ref = useRef<HTMLDivElement>(null);
  const cue = useScrollCue(ref);
  return (
    <>
      {cue.overflow && (
        <p className="dv-scroll-hint" data-testid="cell-scroll-hint">
          <span aria-hidden="true">↔</span> The drawing is wider than the screen: scroll it sideways.
        </p>
      )}
      <div
        ref={ref}
        onScroll={cue.onScroll}
        className={cx('dv-scroll', cue.canLeft && 'can-left', cue.canRight && 'can-right')}
        data-testid="cell-scroll"
        {...(cue.overflow ? { role: 'region', 'aria-label': `${region}: the drawing, scrolls sideways`, tabIndex: 0, 'data-scroll-keys': '' } : {})}
      >
        <svg
          className={cx('dv-svg', natural && 'dv-svg-natural')}
          viewBox={`0 0 ${draw.width} ${draw.height}`}
          style={
            {
              ...(natural ? { width: slideWidth(draw.width, scale) } : {}),
              maxWidth: `${(draw.width / 16).toFixed(1)}em`,
              fontSize: draw.fontSize === FONT_SIZE ? undefined : draw.fontSize,
              '--dv-legible': `${draw.legibleWidth}px`,
            } as CSSProperties
          }
          role="group"
          aria-label={title}
        >
          <ArrowDefs id={arrow} />
          {draw.items.map((it, i) => (
            <ItemView key={i} it={it} ctx={ctx} arrow={arrow} />
          ))}
        </svg>
      </div>
    </>
  );
}

export function CellView(props: ViewProps) {
  const { spec, trace } = props;
  const T = spec.inputs.length;
  const step = clamp(props.step, 0, Math.max(0, T - 1));
  const p = step === props.step ? props : { ...props, step };
  const { hostRef, api, node } = useTooltip();
  const arrow = `dv-arrow-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const { ext, wExt } = useExtents(spec, trace);
  const [showInner, setShowInner] = useState(false);
  const ctx: DrawCtx = { highlight: props.highlight, setHighlight: props.setHighlight, tip: api };
  const t = tOf(step);
  const bi = !!spec.backward;
  const kindName = spec.cell === 'rnn' ? 'vanilla RNN' : spec.cell.toUpperCase();
  const slide = !!props.slide;
  const draw = useMemo(() => cellLayout({ spec, trace, step, ext, wExt }, { slide }), [spec, trace, step, ext, wExt, slide]);
  const title = bi ? `Bidirectional ${kindName} at t = ${t}` : `Inside the ${kindName} cell at t = ${t}`;
  const gated = spec.cell !== 'rnn';
  const legend = (label: string) => (slide ? onSlide(label) : label);
  const sigmaNote = gated && spec.recurrentActivation === 'hardSigmoid' ? 'σ here is TensorFlow.js’s hard sigmoid, clip(0.2·x + 0.5, 0, 1).' : null;

  return (
    <section className={cx('dv dv-cell-view', props.reducedMotion && 'dv-reduced')} aria-label={title} data-cell={spec.cell} data-step={step}>
      <div ref={hostRef} className="dv-host">
        <h3 className="dv-title">
          {title}
          {bi && <span className="dv-muted"> · merge: {spec.merge ?? 'concat'}</span>}
        </h3>
        <p className="sr-only">{draw.summary}</p>
        <CellSvg
          draw={draw}
          title={`${title}: diagram. Tab to a vector, arrow keys move between its values.`}
          region={title}
          arrow={arrow}
          ctx={ctx}
          natural={slide}
          scale={slide && bi ? SLIDE_BI_SCALE : 1}
        />
        {node}
      </div>
      <Readout p={p} ctx={ctx} />
      <div className="dv-legends">
        <DivergingLegend extent={ext} label={legend(VALUE_LEGEND[spec.cell] ?? 'values')} />
        <DivergingLegend
          extent={STATE_EXTENT}
          label={legend(bi ? 'states →h, ←h and their merge (tanh: −1 … 1)' : (STATE_LEGEND[spec.cell] ?? 'states'))}
        />
        {spec.cell === 'rnn' && !bi && <DivergingLegend extent={wExt} label="weights W and bias b" />}
        {gated && !bi && <SequentialLegend label="gate values" />}
        <LagLegend short={slide} />
      </div>
      {sigmaNote && <p className="dv-footnote">{sigmaNote}</p>}
      {spec.cell === 'gru' && !bi && (
        <p className="dv-footnote">
          Keras / TensorFlow convention: h<sub>t</sub> = z<sub>t</sub> ⊗ h<sub>t−1</sub> + (1 − z<sub>t</sub>) ⊗ h̃<sub>t</sub>,{' '}
          {spec.resetAfter ? (
            <>
              here in the Keras-default / PyTorch form: the reset gate multiplies the recurrent product, so the route drawn as r ⊗ h<sub>t−1</sub>{' '}
              stands for r ⊗ (W<sub>h̃h</sub> h<sub>t−1</sub> + b<sub>h̃h</sub>).
            </>
          ) : (
            'with the reset gate applied before the recurrent product (TensorFlow.js).'
          )}{' '}
          Some figures swap z and 1 − z.
        </p>
      )}
      <CellTable rows={draw.rows} t={t} />
      {bi && (
        <details className="dv-data" onToggle={(e) => setShowInner((e.currentTarget as HTMLDetailsElement).open)}>
          <summary>
            Inside the forward {kindName} cell at t = {t}
          </summary>
          {showInner && (
            <>
              <CellSvg
                draw={innerLayout({ spec, trace, step, ext, wExt })}
                title={`Inside the forward ${kindName} cell at t = ${t}`}
                region={`Inside the forward ${kindName} cell at t = ${t}`}
                arrow={`${arrow}-in`}
                ctx={ctx}
              />
              <div className="dv-legends">
                {gated ? <SequentialLegend label="gate values" /> : <DivergingLegend extent={wExt} label="weights W and bias b" />}
              </div>
            </>
          )}
        </details>
      )}
    </section>
  );
}
