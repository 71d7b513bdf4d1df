/**
 * Pure helpers for the backpropagation-through-time view. Every number comes from trace.dCdh;
 * nothing is recomputed from the model.
 */
import type { Trace } from '../../engine/index';

/** Norms below this are drawn on a floor line of the log plot (log 0 does not exist). */
export const NORM_FLOOR = 1e-12;

/** Euclidean (L2) norm; NaN if any entry is NaN, +∞ if any is infinite. */
export function l2(v: readonly number[]): number {
  let s = 0;
  let big = 0;
  for (const x of v) big = Math.max(big, Math.abs(x));
  if (Number.isNaN(big)) return NaN;
  if (!Number.isFinite(big)) return Infinity;
  if (big === 0) return 0;
  // scaled sum of squares: no overflow for huge (exploding) gradients, no underflow for tiny ones
  for (const x of v) s += (x / big) * (x / big);
  return big * Math.sqrt(s);
}

/**
 * ‖∂C_t/∂h_k‖ for k = 0..t (0-based steps), the L2 norm over units of trace.dCdh[t][k].
 * Returns [] when t is outside the trace.
 */
export function gradientNorms(trace: Trace, t: number): number[] {
  return cubeNorms(trace.dCdh, t);
}

/**
 * LSTM only: ‖∂C_t/∂c_k‖ for k = 0..t from trace.dCdc (the gradient carried in the cell state);
 * null when the trace has no dCdc (other cells), [] when t is outside it.
 */
export function cellStateNorms(trace: Trace, t: number): number[] | null {
  if (!trace.dCdc) return null;
  return cubeNorms(trace.dCdc, t);
}

function cubeNorms(cube: number[][][] | undefined, t: number): number[] {
  const row = cube?.[t];
  if (!Number.isInteger(t) || t < 0 || !row) return [];
  const out: number[] = [];
  for (let k = 0; k <= t; k++) out.push(l2(row[k] ?? []));
  return out;
}

/** The value drawn on a log axis: at least NORM_FLOOR (and NaN stays NaN). */
export function clampForLog(n: number, floor = NORM_FLOOR): number {
  if (Number.isNaN(n)) return NaN;
  return Math.max(floor, n);
}

/** 10^e exactly as the decimal literal (Math.pow(10, -4) is 0.00009999999999999999). */
export function pow10(e: number): number {
  return Number(`1e${Math.round(e)}`);
}

/** Log-axis domain in whole decades around the (clamped) norms; never empty. */
export function logDomain(norms: readonly number[], floor = NORM_FLOOR): [number, number] {
  const finite = norms.filter((n) => Number.isFinite(n)).map((n) => clampForLog(n, floor));
  if (finite.length === 0) return [floor, 1];
  let lo = Math.floor(Math.log10(Math.min(...finite)) + 1e-9);
  let hi = Math.ceil(Math.log10(Math.max(...finite)) - 1e-9);
  if (hi <= lo) {
    lo -= 1;
    hi += 1;
  }
  return [pow10(lo), pow10(hi)];
}

/**
 * Where each norm sits between the smallest and largest (clamped) norm on a log scale, in [0, 1];
 * used for link widths. 1 for all when they are equal; NaN for non-finite norms.
 */
export function logPosition(norms: readonly number[], floor = NORM_FLOOR): number[] {
  const logs = norms.map((n) => (Number.isFinite(n) ? Math.log10(clampForLog(n, floor)) : NaN));
  const ok = logs.filter((l) => Number.isFinite(l));
  if (ok.length === 0) return logs.map(() => NaN);
  const lo = Math.min(...ok);
  const hi = Math.max(...ok);
  return logs.map((l) => (Number.isFinite(l) ? (hi - lo < 1e-12 ? 1 : (l - lo) / (hi - lo)) : NaN));
}

/**
 * Geometric-mean factor per step back: (‖∂C_t/∂h_1‖ / ‖∂C_t/∂h_t‖)^(1/t). Below 1 the gradient
 * vanishes along the chain, above 1 it explodes. null when undefined (t = 0, zero or non-finite ends).
 */
export function perStepFactor(norms: readonly number[]): number | null {
  const t = norms.length - 1;
  if (t < 1) return null;
  const first = norms[0];
  const last = norms[t];
  if (!(first > 0) || !(last > 0) || !Number.isFinite(first) || !Number.isFinite(last)) return null;
  return Math.pow(first / last, 1 / t);
}

export interface Trend {
  /** geometric-mean factor per step back over distances from..to */
  factor: number;
  from: number;
  to: number;
  /** 'vanishes' / 'explodes' when the norm changes by more than 10× over that span, else 'level' */
  verdict: 'vanishes' | 'explodes' | 'level';
  /** ‖at distance 1‖ / ‖at distance 0‖: the first step back, which the MSE loss's injection makes special */
  firstStep: number | null;
}

/**
 * What the plot shows, in numbers: the per-step factor (geometric mean) from distance 1 to the
 * farthest distance — leaving out the first step back, which often differs (the LSTM's first step
 * leaves the output path; a big drop there says nothing about the rest of the chain) — and whether
 * the norm changes by more than 10× over that span. Norms are indexed by k (distance t − k).
 * null when fewer than 2 steps back exist or the ends are zero or not finite.
 */
export function trendAfterFirstStep(norms: readonly number[]): Trend | null {
  const t = norms.length - 1;
  if (t < 2) return null;
  const at = (d: number) => norms[t - d];
  const a = at(1);
  const b = at(t);
  if (!(a > 0) || !(b > 0) || !Number.isFinite(a) || !Number.isFinite(b)) return null;
  const span = t - 1;
  const factor = Math.pow(b / a, 1 / span);
  const total = b / a;
  const verdict = total < 0.1 ? 'vanishes' : total > 10 ? 'explodes' : 'level';
  const first = at(0) > 0 && Number.isFinite(at(0)) ? a / at(0) : null;
  return { factor, from: 1, to: t, verdict, firstStep: first };
}

/** Powers of ten to label on a log axis from lo to hi, at most `max` of them. */
export function decadeTicks(lo: number, hi: number, max = 7): number[] {
  const a = Math.round(Math.log10(lo));
  const b = Math.round(Math.log10(hi));
  const span = Math.max(1, b - a);
  const stride = Math.max(1, Math.ceil(span / (max - 1)));
  const ticks: number[] = [];
  for (let e = b; e >= a; e -= stride) ticks.unshift(e);
  return ticks.map(pow10);
}
