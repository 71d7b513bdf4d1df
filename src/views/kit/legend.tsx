/**
 * Colour legends: every colour a view uses is paired with one of these (and with the exact value on
 * hover or focus). The ramps are drawn by Ramp, so what a legend shows can be measured.
 */
import type { ReactNode } from 'react';
import { Ramp } from './Ramp';
import { divergingColor, scaleWords, sequentialColor, type ScaleTheme } from './scales';
import { useViewTheme } from '../ThemeContext';
import { formatValue } from './format';
import '../detail-views.css';

/** "purple" or "orange": the hue divergingColor gives a value, named for text alternatives. */
export function hueName(v: number, theme: ScaleTheme): string {
  const m = /rgb\((\d+), ?(\d+), ?(\d+)\)/.exec(divergingColor(v, 1, theme));
  if (!m) return 'coloured';
  return Number(m[1]) > Number(m[3]) ? 'orange' : 'purple';
}

/** The class names of a legend's parts: the detail views' dv- family or the unrolled strip's uv- family. */
export interface LegendClasses {
  root: string;
  title: string;
  ramp: string;
  ticks: string;
}

export const DV_LEGEND: LegendClasses = { root: 'dv-legend', title: 'dv-legend-title', ramp: 'dv-legend-bar', ticks: 'dv-legend-ticks' };

/**
 * A colour scale's legend: a title, the ramp and its tick labels. The one legend every view draws
 * (the cell view, the equation panel, the unrolled strip); the name says the scale in words.
 */
export function ScaleLegend({
  classes = DV_LEGEND,
  as: Tag = 'div',
  role,
  name,
  title,
  titleHidden,
  color,
  ticks,
  ticksHidden = true,
  attrs,
}: {
  classes?: LegendClasses;
  as?: 'div' | 'span';
  role?: 'group' | 'img';
  /** the accessible name: the scale in words, both ends and the middle */
  name?: string;
  title: ReactNode;
  titleHidden?: boolean;
  color: (u: number) => string;
  ticks: ReactNode[];
  ticksHidden?: boolean;
  attrs?: Record<string, string | number>;
}) {
  return (
    <Tag className={classes.root} role={role} aria-label={name} {...attrs}>
      <span className={classes.title} aria-hidden={titleHidden ? 'true' : undefined}>
        {title}
      </span>
      <Ramp className={classes.ramp} color={color} />
      <span className={classes.ticks} aria-hidden={ticksHidden ? 'true' : undefined}>
        {ticks.map((t, i) => (
          <span key={i}>{t}</span>
        ))}
      </span>
    </Tag>
  );
}

/** Legend for a diverging scale on [−extent, extent]. */
export function DivergingLegend({ extent, label }: { extent: number; label: string }) {
  const theme = useViewTheme();
  return (
    <ScaleLegend
      role="group"
      name={`Colour scale: ${label}, from ${formatValue(-extent)} (${hueName(-1, theme)}) through 0 (${scaleWords(theme).zero}) to ${formatValue(extent)} (${hueName(1, theme)})`}
      title={label}
      color={(u) => divergingColor((u * 2 - 1) * extent, extent, theme)}
      ticks={[formatValue(-extent, 2), '0', formatValue(extent, 2)]}
    />
  );
}

/** Legend for gate values on [0, 1]. */
export function SequentialLegend({ label }: { label: string }) {
  const theme = useViewTheme();
  const words = scaleWords(theme);
  return (
    <ScaleLegend
      role="group"
      name={`Colour scale: ${label}, from 0 (${words.seqLow}) to 1 (${words.seqHigh})`}
      title={label}
      color={(u) => sequentialColor(u, theme)}
      ticks={['0 (closed)', '0.5', '1 (open)']}
    />
  );
}

/** A legend entry for dashed (time-lagged) connections. */
export function LagLegend({ short = false }: { short?: boolean }) {
  return (
    <div className="dv-legend dv-legend-lag">
      <svg width="48" height="12" viewBox="0 0 48 12" aria-hidden="true">
        <line className="dv-edge is-lag" x1="2" x2="46" y1="6" y2="6" />
      </svg>
      {/* a slide's legends share one row under the drawing: the short form */}
      <span>{short ? 'dashed = time lag: from t − 1, to t + 1' : 'dashed = time lag (from step t − 1, or on to step t + 1)'}</span>
    </div>
  );
}
