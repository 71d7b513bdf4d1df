import { interpolateLab, interpolatePuOr, interpolateViridis, piecewise } from 'd3';

/**
 * Colour scales shared by every simulator view, one palette per theme.
 *
 * - Diverging (signed values): orange for negative, purple for positive. On the light theme it is
 *   ColorBrewer's PuOr (marked colour-blind safe), dark ends on a near-white middle. On the dark
 *   and projector themes the ends are light (orange, lavender) on a dark middle, so both ends keep
 *   ≥ 3:1 contrast against the page (WCAG 1.4.11) instead of fading into black.
 * - Sequential (gates in [0, 1], normalised magnitudes): viridis, cut so both ends keep ≥ 3:1
 *   against the page — its dark half on the light theme, its light part on the dark themes.
 *
 * Every use pairs colour with a legend and the exact value on hover/focus. Every colour function
 * takes the theme to paint in; the views get it from the app (views/ThemeContext.ts), never from
 * a module-level setting.
 */

export type ScaleTheme = 'light' | 'dark' | 'contrast';

/** Page backgrounds of the themes (src/styles/app.css), for contrast checks. */
export const THEME_BACKGROUND: Record<ScaleTheme, string> = { light: '#ffffff', dark: '#15171b', contrast: '#000000' };

const DARK_DIVERGING = piecewise(interpolateLab, ['#f59a45', '#9a6232', '#34373e', '#6e5aa8', '#c4a8ff']);
const CONTRAST_DIVERGING = piecewise(interpolateLab, ['#ffa552', '#a8662e', '#262626', '#7660b8', '#cdb4ff']);

const SEQ_RANGE: Record<ScaleTheme, [number, number]> = { light: [0, 0.55], dark: [0.38, 1], contrast: [0.36, 1] };

/** u ∈ [0, 1]: 0 = the negative end (orange), 0.5 = zero, 1 = the positive end (purple). */
function diverging(u: number, theme: ScaleTheme): string {
  if (theme === 'dark') return DARK_DIVERGING(u);
  if (theme === 'contrast') return CONTRAST_DIVERGING(u);
  // d3's PuOr runs purple (0) → white (0.5) → orange (1): flip it so negative is orange.
  return interpolatePuOr(1 - u);
}

/** Colour for a signed value in [-extent, extent]: negative orange, zero neutral, positive purple. */
export function divergingColor(value: number, extent: number, theme: ScaleTheme): string {
  if (!Number.isFinite(value)) return '#808080';
  const v = Math.max(-1, Math.min(1, value / (extent || 1)));
  return diverging(0.5 + v / 2, theme);
}

/** Colour for a non-negative magnitude on [0, 1] (e.g. a gate value or a normalised norm). */
export function sequentialColor(t: number, theme: ScaleTheme): string {
  if (!Number.isFinite(t)) return '#808080';
  const [a, b] = SEQ_RANGE[theme];
  return interpolateViridis(a + (b - a) * Math.max(0, Math.min(1, t)));
}

/** Words for the legends' text alternatives. */
export function scaleWords(theme: ScaleTheme): { zero: string; seqLow: string; seqHigh: string } {
  return theme === 'light'
    ? { zero: 'near white', seqLow: 'dark purple', seqHigh: 'green' }
    : { zero: 'dark grey', seqLow: 'blue', seqHigh: 'yellow' };
}

/** WCAG relative luminance of a CSS colour given as rgb(…) or #rrggbb. */
export function luminance(color: string): number {
  const rgb = parseColor(color);
  if (!rgb) return 0;
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two colours. */
export function contrastRatio(a: string, b: string): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

function parseColor(c: string): [number, number, number] | null {
  const m = /rgba?\((\d+(?:\.\d+)?),\s*(\d+(?:\.\d+)?),\s*(\d+(?:\.\d+)?)/.exec(c);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  const h = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(c.trim());
  if (h) return [parseInt(h[1], 16), parseInt(h[2], 16), parseInt(h[3], 16)];
  return null;
}

/** Text colour that stays readable on a given fill. */
export function textOn(fill: string): string {
  const rgb = parseColor(fill);
  if (!rgb) return '#000';
  const [r, g, b] = rgb;
  const lum = (0.299 * r + 0.587 * g + 0.114 * b) / 255;
  return lum > 0.55 ? '#000' : '#fff';
}
