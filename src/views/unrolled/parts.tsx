/** The unrolled strip's legend and its values table: the kit's legend and table with the strip's classes and test ids. */
import { memo } from 'react';
import type { Trace } from '../../engine/index';
import { divergingColor, scaleWords, sequentialColor, type ScaleTheme } from '../kit/scales';
import { fmtList, formatValue } from '../kit/format';
import { STATE_EXTENT } from '../kit/math';
import { ScaleLegend, type LegendClasses } from '../kit/legend';
import { ValuesTable } from '../kit/table';
import type { ViewProps } from '../types';

/** The unrolled strip's legend items: the kit's legend in the strip's uv- classes. */
const UV_LEGEND: LegendClasses = { root: 'uv-legend-item', title: 'uv-legend-label', ramp: 'uv-ramp', ticks: 'uv-legend-ends' };

export const Legend = memo(function Legend({
  lossMax,
  extent,
  backward,
  theme,
  out = false,
  outExtent = STATE_EXTENT,
}: {
  lossMax: number;
  extent: number;
  backward: boolean;
  theme: ScaleTheme;
  /** a bidirectional strip: ←h and the merged output are states too */
  out?: boolean;
  outExtent?: number;
}) {
  const words = scaleWords(theme);
  return (
    <div className="uv-legend" aria-label="Colour legend" role="group">
      <ScaleLegend
        classes={UV_LEGEND}
        as="span"
        role="img"
        name={`States (h${out ? ', ←h, out' : ''}), bounded by tanh: from −1 (orange) through 0 (${words.zero}) to +1 (purple)${out && outExtent !== 1 ? `; the summed out_t from −${outExtent} to +${outExtent}` : ''}; a saturated unit is drawn at full colour`}
        attrs={{ 'data-testid': 'uv-state-legend', 'data-extent': STATE_EXTENT }}
        title={`states (h${out ? ', ←h, out' : ''})`}
        titleHidden
        color={(u) => divergingColor(2 * u - 1, 1, theme)}
        ticks={[<>−1 (orange)</>, '0', <>+1 (purple)</>]}
      />
      <ScaleLegend
        classes={UV_LEGEND}
        as="span"
        role="img"
        name={`Values (x, y and targets), one scale for the whole simulator: from ${formatValue(-extent, 2)} (orange) through 0 (${words.zero}) to +${formatValue(extent, 2)} (purple)`}
        attrs={{ 'data-testid': 'uv-value-legend', 'data-extent': extent }}
        title="values (x, y, GT)"
        titleHidden
        color={(u) => divergingColor(2 * u - 1, 1, theme)}
        ticks={[<>{formatValue(-extent, 2)} (orange)</>, '0', <>+{formatValue(extent, 2)} (purple)</>]}
      />
      <ScaleLegend
        classes={UV_LEGEND}
        as="span"
        title="loss C_t"
        color={(u) => sequentialColor(u, theme)}
        ticks={['0', formatValue(lossMax)]}
        ticksHidden={false}
      />
      <span className="uv-legend-item uv-legend-key">
        <svg width="34" height="10" aria-hidden="true">
          <line x1="1" y1="5" x2="33" y2="5" className="uv-shared" />
        </svg>
        shared weights W
      </span>
      {backward && (
        <span className="uv-legend-item uv-legend-key">
          <svg width="34" height="10" aria-hidden="true">
            <line x1="1" y1="5" x2="33" y2="5" className="uv-grad" strokeWidth={4} />
          </svg>
          ∂C/∂h flowing back (wider = larger norm, log scale)
        </span>
      )}
    </div>
  );
});

/** Depends on the trace (and, backward, on C_t), not on the step: memoised so playback skips it. */
export const StripTable = memo(function StripTable({
  spec,
  trace,
  norms,
  L,
  backward,
}: {
  spec: ViewProps['spec'];
  trace: Trace;
  norms: number[];
  L: number;
  backward: boolean;
}) {
  const bidi = !!trace.hBackward;
  return (
    <ValuesTable
      className="uv-table"
      summary="Show values as a table"
      caption="Values of the unrolled network at every step"
      scroll={{ className: 'uv-table-scroll', label: 'Values table (scrolls sideways on narrow screens)' }}
      corner="t"
      columns={[
        { key: 'x', head: 'x_t' },
        { key: 'h', head: bidi ? '→h_t' : 'h_t' },
        ...(bidi ? [{ key: 'hb', head: '←h_t' }] : []),
        { key: 'y', head: 'y_t' },
        { key: 'GT', head: 'GT_t' },
        { key: 'C', head: 'C_t' },
        ...(backward ? [{ key: 'g', head: <>‖∂C_{L + 1}/∂h_t‖</> }] : []),
      ]}
      rows={trace.h.map((h, t) => ({
        key: t,
        attrs: { 'data-step': t },
        head: t + 1,
        cells: [
          { content: fmtList(spec.inputs[t]) },
          { content: fmtList(h), attrs: { 'data-testid': 'h-values' } },
          ...(bidi ? [{ content: fmtList(trace.hBackward?.[t]) }] : []),
          { content: fmtList(trace.y[t]) },
          { content: fmtList(spec.targets?.[t]) },
          { content: formatValue(trace.loss[t] ?? NaN) },
          ...(backward
            ? [
                {
                  content: t <= L ? formatValue(norms[t]) : '— (after C_' + (L + 1) + ')',
                  attrs: { 'data-testid': 'grad-norm', 'data-k': t, 'data-value': t <= L ? String(norms[t]) : '' },
                },
              ]
            : []),
        ],
      }))}
    />
  );
});
