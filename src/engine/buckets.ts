/**
 * Shape buckets: on WebGL, tfjs compiles (and keeps) shader programs per op and tensor shape, so
 * every new (T, units) used to cost a round of shader compilation and more memory for good. The
 * engine therefore computes in a small set of padded shapes:
 *
 * - units up to the next of UNIT_BUCKETS, each gate block padded on its own (gate g, unit j sits in
 *   column g·U + j), with zero kernel columns, zero recurrent rows and columns, zero biases and a
 *   zero readout row: from h_0 = 0 a padded unit's pre-activations are exactly 0, so its state
 *   stays exactly 0 (RNN tanh 0 = 0; LSTM c = f·0 + i·tanh 0 = 0, h = o·tanh 0 = 0; GRU
 *   h = z·0 + (1 − z)·tanh 0 = 0, both reset forms) and it adds exact zeros to every real sum;
 * - inputDim and (with a readout) outDim up to the next of DIM_BUCKETS, with zero inputs, kernel
 *   rows, readout columns and targets; the loss divides by the real outDim;
 * - T up to the next of STEP_BUCKETS: padded steps come after the real ones (the backward direction
 *   of a bidirectional cell reads the real steps reversed first, then the padding), so no real
 *   state depends on them, and their loss rows are masked to exactly 0, so the adjoints of every
 *   real loss are untouched and the padded steps' adjoints and weight-gradient terms are 0.
 *
 * simulate.ts slices the padding off before it builds the trace, so the Trace is the one the
 * unpadded shapes give (tests/unit/engine-buckets.test.ts compares them bit for bit).
 *
 * A shape whose padded ∂C_t/∂h_k cube would exceed LIMITS.maxDcdhEntries is computed unpadded (the
 * program cache cap in backend.ts still bounds those rare sizes).
 */
import { LIMITS, type CheckedSpec } from './validate';

export const UNIT_BUCKETS: readonly number[] = [1, 2, 4, 8, 16, 32, 64, 128, 256];
export const STEP_BUCKETS: readonly number[] = [4, 8, 12, 16, 24, 32, 48, 64, 96, 128, 160, 200];
export const DIM_BUCKETS: readonly number[] = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512];

/** The smallest bucket ≥ n (n itself beyond the last bucket). */
export function bucketUp(n: number, sizes: readonly number[]): number {
  for (const s of sizes) if (s >= n) return s;
  return n;
}

/**
 * The padded shapes for spec `s` (a new CheckedSpec with the padded sizes; a new object even where
 * `s` fits its bucket exactly, so every size of a bucket runs the same ops), or null when the
 * padded cube would be too large.
 */
export function bucketSpec(s: CheckedSpec, hasReadout: boolean): CheckedSpec | null {
  const units = bucketUp(s.units, UNIT_BUCKETS);
  const steps = bucketUp(s.steps, STEP_BUCKETS);
  const inputDim = bucketUp(s.inputDim, DIM_BUCKETS);
  const outWidth = s.bidirectional && s.merge === 'concat' ? 2 * units : units;
  const outDim = hasReadout ? bucketUp(s.outDim, DIM_BUCKETS) : outWidth;
  if (s.hasTargets && steps * steps * units > LIMITS.maxDcdhEntries) return null;
  return { ...s, units, steps, inputDim, outWidth, outDim };
}

/** Column c of a [·, G·u] gate matrix → its column in the padded [·, G·U] one. */
export function gateIndex(u: number, U: number, G: number): number[] {
  const idx: number[] = [];
  for (let g = 0; g < G; g++) for (let j = 0; j < u; j++) idx.push(g * U + j);
  return idx;
}

/** Column c of out_t ([·, u], or [·, 2u] concatenated) → its column in the padded out_t. */
export function outIndex(real: CheckedSpec, pad: CheckedSpec): number[] {
  return real.outWidth === 2 * real.units && real.bidirectional && real.merge === 'concat'
    ? gateIndex(real.units, pad.units, 2)
    : gateIndex(real.units, pad.units, 1);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/**
 * Copies a rows × cols row-major matrix into a zero outRows × outCols one, row r to rowIdx[r]
 * (default r), column c to colIdx[c] (default c).
 */
export function padMatrix(
  src: Float32Array,
  rows: number,
  cols: number,
  outRows: number,
  outCols: number,
  colIdx?: readonly number[],
  rowIdx?: readonly number[],
): Float32Array {
  const out = new Float32Array(outRows * outCols);
  for (let r = 0; r < rows; r++) {
    const to = (rowIdx ? rowIdx[r] : r) * outCols;
    if (!colIdx) out.set(src.subarray(r * cols, (r + 1) * cols), to);
    else for (let c = 0; c < cols; c++) out[to + colIdx[c]] = src[r * cols + c];
  }
  return out;
}

/** How to read a result piece back without its padding: the real rows (a prefix) and columns. */
export interface Unpad {
  rows: number;
  /** padded column of each real column; null: the first `cols` columns as they are */
  cols: readonly number[] | null;
}

/** For each named result piece of simulate.ts, how to slice its padding off. */
export function unpadPlan(real: CheckedSpec, pad: CheckedSpec, hasReadout: boolean): (name: string) => Unpad {
  const units = range(real.units);
  const gates = gateIndex(real.units, pad.units, real.gates);
  const out = outIndex(real, pad);
  const y = hasReadout ? range(real.outDim) : out;
  return (name) => {
    switch (name) {
      case 'outputs':
        return { rows: real.steps, cols: out };
      case 'y':
        return { rows: real.steps, cols: y };
      case 'loss':
        return { rows: 1, cols: range(real.steps) };
      case 'gK':
        return { rows: real.inputDim, cols: gates };
      case 'gU':
        return { rows: real.units, cols: gates };
      case 'gb':
        return { rows: real.resetAfter ? 2 : 1, cols: gates };
      default:
        // h, c, gate:*, hBackward: [T, units]; dCdh, dCdc: [T, T, units] (rows = T)
        return { rows: real.steps, cols: units };
    }
  };
}
