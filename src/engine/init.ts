/**
 * Reproducible Keras-style weight initialisation from a seed, in plain JS (no tfjs), so the page can
 * build a spec before TensorFlow.js has loaded and the same seed always gives the same weights.
 *
 * - kernel: Glorot uniform, U(−l, l) with l = √(6 / (fan_in + fan_out)), fan_in = inputDim,
 *   fan_out = G·units — exactly how Keras computes the fans of a [inputDim, G·units] kernel.
 * - recurrentKernel: orthogonal, as Keras' `Orthogonal` does for the whole [units, G·units]
 *   matrix: QR of a standard-normal [G·units, units] matrix (sign-corrected so R has a positive
 *   diagonal), transposed. The whole matrix then has ORTHONORMAL ROWS (W Wᵀ = I); for the vanilla
 *   RNN (G = 1) it is a square orthogonal matrix, so its spectral norm is exactly `recurrentScale`.
 *   For LSTM/GRU the individual units×units gate blocks are not orthogonal (their spectral norms
 *   are ≤ recurrentScale), which is what Keras and tf.layers do too.
 * - bias: zeros, except the LSTM forget block = forgetBias (default 0 as in tfjs; Keras'
 *   unit_forget_bias uses 1).
 */
import { GATES, type CellKind, type DirectionWeights } from './types';

/** mulberry32: a small, fast 32-bit seeded PRNG. Returns uniform numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples (Box–Muller) from a uniform source. */
function gaussian(rand: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let u1 = 0;
    while (u1 <= Number.MIN_VALUE) u1 = rand();
    const u2 = rand();
    const r = Math.sqrt(-2 * Math.log(u1));
    spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  };
}

function checkInt(v: unknown, name: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max}, but it is ${String(v)}.`);
  return v;
}

function checkFinite(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${name} must be a finite number, but it is ${String(v)}.`);
  return v;
}

/** Glorot-uniform limit √(6 / (fanIn + fanOut)). */
export function glorotLimit(fanIn: number, fanOut: number): number {
  return Math.sqrt(6 / (fanIn + fanOut));
}

function glorotUniform(rand: () => number, rows: number, cols: number, scale = 1): number[][] {
  const limit = glorotLimit(rows, cols);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => scale * limit * (2 * rand() - 1)));
}

/**
 * A rows × cols matrix with orthonormal rows (rows ≤ cols) or columns (rows > cols), as Keras'
 * Orthogonal(gain) for a 2-D shape: QR of a [max, min] standard-normal matrix with R's diagonal made
 * positive (modified Gram–Schmidt, run twice for accuracy, gives exactly that Q), transposed when
 * rows < cols.
 */
export function orthogonal(rand: () => number, rows: number, cols: number, gain = 1): number[][] {
  const n = Math.max(rows, cols);
  const m = Math.min(rows, cols);
  const normal = gaussian(rand);
  // m column vectors of length n
  const q: Float64Array[] = Array.from({ length: m }, () => {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = normal();
    return v;
  });
  for (let j = 0; j < m; j++) {
    const v = q[j];
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p < j; p++) {
        let d = 0;
        for (let i = 0; i < n; i++) d += v[i] * q[p][i];
        for (let i = 0; i < n; i++) v[i] -= d * q[p][i];
      }
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    // a gaussian matrix is full rank with probability 1; guard anyway
    if (!(norm > 1e-12)) throw new Error('orthogonal: degenerate random matrix (try another seed)');
    for (let i = 0; i < n; i++) v[i] /= norm;
  }
  // Q is n × m with columns q[j]. Result rows × cols: Q itself (rows ≥ cols) or Qᵀ (rows < cols).
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => gain * (rows >= cols ? q[c][r] : q[r][c])));
}

export interface InitWeightsOptions {
  cell: CellKind;
  inputDim: number;
  units: number;
  seed: number;
  /** multiplies the orthogonal recurrent kernel (its gain); default 1 */
  recurrentScale?: number;
  /** multiplies the Glorot-uniform kernel; default 1 */
  inputScale?: number;
  /** LSTM only: initial forget-gate bias; default 0 (tfjs), Keras uses 1 */
  forgetBias?: number;
  /** GRU only: the reset-after form's bias, two zero rows [2][3·units] (Keras' default shape) */
  resetAfter?: boolean;
}

/**
 * Seeded Keras-style weights for one direction (see the module comment). The same options always
 * give the same numbers; the kernel is drawn first, then the recurrent kernel, from one mulberry32
 * stream seeded with `seed`.
 */
export function initWeights(o: InitWeightsOptions): DirectionWeights {
  if (!o || !(o.cell in GATES)) throw new Error(`cell must be 'rnn', 'lstm' or 'gru', but it is ${String(o?.cell)}.`);
  const units = checkInt(o.units, 'units', 1, 4096);
  const inputDim = checkInt(o.inputDim, 'inputDim', 1, 4096);
  const seed = checkFinite(o.seed, 'seed');
  const recurrentScale = checkFinite(o.recurrentScale ?? 1, 'recurrentScale');
  const inputScale = checkFinite(o.inputScale ?? 1, 'inputScale');
  const forgetBias = checkFinite(o.forgetBias ?? 0, 'forgetBias');
  const gu = GATES[o.cell] * units;
  const rand = mulberry32(Math.trunc(seed));
  const kernel = glorotUniform(rand, inputDim, gu, inputScale);
  const recurrentKernel = orthogonal(rand, units, gu, recurrentScale);
  if (o.resetAfter !== undefined && typeof o.resetAfter !== 'boolean')
    throw new Error(`resetAfter must be true or false, but it is ${String(o.resetAfter)}.`);
  if (o.resetAfter && o.cell !== 'gru') throw new Error(`resetAfter applies only to a GRU, but cell is '${o.cell}'.`);
  if (o.resetAfter) return { kernel, recurrentKernel, bias: [new Array<number>(gu).fill(0), new Array<number>(gu).fill(0)] };
  const bias = new Array<number>(gu).fill(0);
  if (o.cell === 'lstm') for (let j = units; j < 2 * units; j++) bias[j] = forgetBias;
  return { kernel, recurrentKernel, bias };
}

/** A seeded readout like Keras' Dense defaults: Glorot-uniform kernel [inputDim][outDim], zero bias. */
export function initReadout(o: { inputDim: number; outDim: number; seed: number }): { kernel: number[][]; bias: number[] } {
  const inputDim = checkInt(o?.inputDim, 'inputDim', 1, 4096);
  const outDim = checkInt(o?.outDim, 'outDim', 1, 4096);
  const rand = mulberry32(Math.trunc(checkFinite(o.seed, 'seed')));
  return { kernel: glorotUniform(rand, inputDim, outDim), bias: new Array<number>(outDim).fill(0) };
}

/**
 * Largest singular value of a matrix (rows of numbers), by power iteration on MᵀM in float64.
 * 0 for an empty or all-zero matrix. Accurate to ~1e-9 relative for the sizes the lessons use.
 */
export function spectralNorm(matrix: number[][], maxIterations = 1000): number {
  const rows = matrix.length;
  const cols = rows > 0 ? matrix[0].length : 0;
  if (rows === 0 || cols === 0) return 0;
  const rand = mulberry32(0x5eed);
  let v = new Float64Array(cols);
  for (let j = 0; j < cols; j++) v[j] = rand() + 0.5;
  let sigma = 0;
  const Mv = new Float64Array(rows);
  for (let it = 0; it < maxIterations; it++) {
    let vn = 0;
    for (let j = 0; j < cols; j++) vn += v[j] * v[j];
    vn = Math.sqrt(vn);
    if (vn === 0) return 0;
    for (let j = 0; j < cols; j++) v[j] /= vn;
    for (let i = 0; i < rows; i++) {
      let s = 0;
      const row = matrix[i];
      for (let j = 0; j < cols; j++) s += row[j] * v[j];
      Mv[i] = s;
    }
    let mvn = 0;
    for (let i = 0; i < rows; i++) mvn += Mv[i] * Mv[i];
    const next = Math.sqrt(mvn); // ‖M v‖ for unit v: a lower bound that rises to σ_max
    const w = new Float64Array(cols);
    for (let i = 0; i < rows; i++) {
      const row = matrix[i];
      for (let j = 0; j < cols; j++) w[j] += row[j] * Mv[i];
    }
    const converged = Math.abs(next - sigma) <= 1e-13 * Math.max(1, next);
    sigma = next;
    v = w;
    if (converged) break;
  }
  return sigma;
}

/**
 * The bias of one direction as its rows: `input` (the only row of a one-row bias) and, for a
 * reset-after GRU's two-row bias, `recurrent`.
 */
export function biasRows(bias: DirectionWeights['bias']): { input: number[]; recurrent?: number[] } {
  if (Array.isArray(bias[0])) {
    const rows = bias as number[][];
    return { input: rows[0], recurrent: rows[1] };
  }
  return { input: bias as number[] };
}
