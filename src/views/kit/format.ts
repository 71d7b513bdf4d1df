/**
 * Number formatting for every view: labels, tooltips, tables and text alternatives. One place, so a
 * value reads the same in the diagram, the equation panel and the table, and non-finite values
 * always show as such ("not a number", "+∞"), never as 0.
 */

/** Formats a value for a tooltip or a label: enough digits to compare, never "NaN" unexplained. */
export function formatValue(v: number, digits = 3): string {
  if (Number.isNaN(v)) return 'not a number';
  if (!Number.isFinite(v)) return v > 0 ? '+∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(2).replace('-', '−');
  return v.toFixed(digits).replace('-', '−');
}

/** Norm as a readable string: exponent form for small or huge values, "0" for exact zeros. */
export function fmtNorm(n: number): string {
  if (n === 0) return '0';
  if (!Number.isFinite(n)) return formatValue(n);
  const a = Math.abs(n);
  if (a < 1e-2 || a >= 1e4) return n.toExponential(2).replace('-', '−').replace('e+', 'e');
  // three significant digits, like the exponent form (0.0202, 0.113, 95.5, 797)
  return n.toPrecision(3).replace('-', '−');
}

/** Four significant digits for tables (exact zeros and non-finite values as fmtNorm says them). */
export function fmtPrecise(n: number): string {
  return Number.isFinite(n) && n !== 0 ? n.toPrecision(4).replace('-', '−') : fmtNorm(n);
}

/** A growth factor: ×0.93, ×1.2e−3. */
export function fmtFactor(f: number): string {
  return f < 0.01 || f > 100 ? f.toExponential(1).replace('-', '−') : f.toFixed(2);
}

/** "a, b, c" (empty for a missing vector). */
export const fmtList = (v: readonly number[] | undefined): string => (v ? v.map((x) => formatValue(x)).join(', ') : '');

/** "(a, b, c)", for sentences. */
export const fmtTuple = (v: readonly number[]): string => `(${fmtList(v)})`;

/** Three decimals, or the exponent form below 0.01 and from 10⁴ (the equation panel's notes). */
export const fmtFixed = (v: number): string => (Math.abs(v) < 1e-2 || Math.abs(v) >= 1e4 ? v.toExponential(2) : v.toFixed(3)).replace('-', '−');

/** A short number as written (a weight, an input), with a true minus sign: "−1", "0.5". */
export const fmtSigned = (v: number): string => String(v).replace('-', '−');
