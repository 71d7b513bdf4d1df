import { interpolatePuOr, interpolateViridis } from 'd3';

/**
 * Colour scales shared by every simulator view. Purple–orange is a diverging scheme that stays
 * distinguishable under the common colour-vision deficiencies (ColorBrewer marks PuOr
 * colour-blind safe); viridis is the sequential scale for magnitudes such as gradient norms.
 * Every use pairs colour with a legend and the exact value on hover/focus.
 */

/** Colour for a signed value in [-extent, extent]: negative orange, zero near white, positive purple. */
export function divergingColor(value: number, extent = 1): string {
  if (!Number.isFinite(value)) return '#808080';
  const v = Math.max(-1, Math.min(1, value / (extent || 1)));
  // d3's PuOr runs purple (0) → white (0.5) → orange (1); flip it so negative is orange.
  return interpolatePuOr(0.5 - v / 2);
}

/** Colour for a non-negative magnitude on [0, 1] (e.g. a gate value or a normalised norm). */
export function sequentialColor(t: number): string {
  if (!Number.isFinite(t)) return '#808080';
  return interpolateViridis(Math.max(0, Math.min(1, t)));
}

/** Text colour that stays readable on a given fill. */
export function textOn(fill: string): string {
  const m = /rgb\((\d+), ?(\d+), ?(\d+)\)/.exec(fill) ?? /#(..)(..)(..)/.exec(fill);
  if (!m) return '#000';
  const [r, g, b] = m.slice(1, 4).map((x) => (x.length === 2 && /[a-f]/i.test(x) ? parseInt(x, 16) : Number(x)));
  const lum = (0.299 * r + 0.587 * g + 0.114 * b) / 255;
  return lum > 0.55 ? '#000' : '#fff';
}

/** Formats a value for a tooltip or a label: enough digits to compare, never "NaN" unexplained. */
export function formatValue(v: number, digits = 3): string {
  if (Number.isNaN(v)) return 'not a number';
  if (!Number.isFinite(v)) return v > 0 ? '+∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(2).replace('-', '−');
  return v.toFixed(digits).replace('-', '−');
}
