/**
 * A small, independent float64 reference of the engine's maths in plain JS (loops, no tfjs), for
 * central finite differences, plus seeded random specs for the tests.
 */
import type { CellKind, DirectionWeights, SimSpec } from '../../../src/engine/index';

const GATES: Record<CellKind, number> = { rnn: 1, lstm: 4, gru: 3 };

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const hardSigmoid = (x: number) => Math.min(1, Math.max(0, 0.2 * x + 0.5));

/**
 * Adds `eps` to component j of the forward direction's h_k, right after step k computes it; or,
 * with `of: 'c'` (LSTM), to c_k right after it is computed and before h_k = o_k ⊙ tanh(c_k).
 */
export interface Perturbation {
  k: number;
  j: number;
  eps: number;
  of?: 'h' | 'c';
}

/** The bias as rows: [b] for a one-row bias, [b_in, b_rec] for a reset-after GRU. */
function rowsOf(bias: DirectionWeights['bias']): number[][] {
  return Array.isArray(bias[0]) ? (bias as number[][]) : [bias as number[]];
}

export interface RefResult {
  h: number[][];
  c?: number[][];
  hb?: number[][];
  out: number[][];
  y: number[][];
  loss: number[];
}

function runDirection(spec: SimSpec, w: DirectionWeights, xs: number[][], perturb?: Perturbation) {
  const u = spec.units;
  const sg = (spec.recurrentActivation ?? 'sigmoid') === 'sigmoid' ? sigmoid : hardSigmoid;
  let h = new Array<number>(u).fill(0);
  let c = new Array<number>(u).fill(0);
  const hs: number[][] = [];
  const cs: number[][] = [];
  const [bIn, bRec] = rowsOf(w.bias);
  // pre[j] = x·K[:,j] + hIn·U[:,j] + b[j] for gate-column j (both bias rows when there are two)
  const affine = (x: number[], hIn: number[], col: number) => {
    let s = bIn[col] + (bRec ? bRec[col] : 0);
    for (let i = 0; i < x.length; i++) s += x[i] * w.kernel[i][col];
    for (let i = 0; i < u; i++) s += hIn[i] * w.recurrentKernel[i][col];
    return s;
  };
  for (let k = 0; k < xs.length; k++) {
    const x = xs[k];
    const hNew = new Array<number>(u);
    if (spec.cell === 'rnn') {
      for (let j = 0; j < u; j++) hNew[j] = Math.tanh(affine(x, h, j));
    } else if (spec.cell === 'lstm') {
      const cNew = new Array<number>(u);
      const o = new Array<number>(u);
      for (let j = 0; j < u; j++) {
        const i = sg(affine(x, h, j));
        const f = sg(affine(x, h, u + j));
        const g = Math.tanh(affine(x, h, 2 * u + j));
        o[j] = sg(affine(x, h, 3 * u + j));
        cNew[j] = f * c[j] + i * g;
      }
      if (perturb && perturb.of === 'c' && perturb.k === k) cNew[perturb.j] += perturb.eps;
      for (let j = 0; j < u; j++) hNew[j] = o[j] * Math.tanh(cNew[j]);
      c = cNew;
      cs.push(c);
    } else {
      const z = Array.from({ length: u }, (_, j) => sg(affine(x, h, j)));
      const r = Array.from({ length: u }, (_, j) => sg(affine(x, h, u + j)));
      const rh = h.map((v, j) => v * r[j]);
      for (let j = 0; j < u && bRec; j++) {
        // reset after the recurrent product (Keras reset_after=True, PyTorch):
        // h̃ = tanh(x W_h + b_in,h + r ⊙ (h U_h + b_rec,h))
        let xs = bIn[2 * u + j];
        for (let i = 0; i < x.length; i++) xs += x[i] * w.kernel[i][2 * u + j];
        let hs = bRec[2 * u + j];
        for (let i = 0; i < u; i++) hs += h[i] * w.recurrentKernel[i][2 * u + j];
        const hh = Math.tanh(xs + r[j] * hs);
        hNew[j] = z[j] * h[j] + (1 - z[j]) * hh;
      }
      for (let j = 0; j < u && !bRec; j++) {
        // x W_h + (r ⊙ h) U_h + b_h
        let s = bIn[2 * u + j];
        for (let i = 0; i < x.length; i++) s += x[i] * w.kernel[i][2 * u + j];
        for (let i = 0; i < u; i++) s += rh[i] * w.recurrentKernel[i][2 * u + j];
        const hh = Math.tanh(s);
        hNew[j] = z[j] * h[j] + (1 - z[j]) * hh;
      }
    }
    if (perturb && (perturb.of ?? 'h') === 'h' && perturb.k === k) hNew[perturb.j] += perturb.eps;
    h = hNew;
    hs.push(h);
  }
  return { h: hs, c: spec.cell === 'lstm' ? cs : undefined };
}

export function refForward(spec: SimSpec, perturb?: Perturbation): RefResult {
  const fw = runDirection(spec, spec.weights, spec.inputs, perturb);
  let hb: number[][] | undefined;
  let out = fw.h;
  if (spec.backward) {
    hb = runDirection(spec, spec.backward, [...spec.inputs].reverse()).h.reverse();
    const merge = spec.merge ?? 'concat';
    out = fw.h.map((a, t) => {
      const b = hb![t];
      if (merge === 'concat') return [...a, ...b];
      if (merge === 'sum') return a.map((v, j) => v + b[j]);
      if (merge === 'ave') return a.map((v, j) => 0.5 * (v + b[j]));
      return a.map((v, j) => v * b[j]);
    });
  }
  const y = spec.readout
    ? out.map((o) => spec.readout!.bias.map((b, m) => o.reduce((s, v, i) => s + v * spec.readout!.kernel[i][m], b)))
    : out.map((o) => o.slice());
  const loss = spec.targets ? y.map((yt, t) => yt.reduce((s, v, m) => s + (v - spec.targets![t][m]) ** 2, 0) / yt.length) : [];
  return { h: fw.h, c: fw.c, hb, out, y, loss };
}

/**
 * ∂C_t/∂h_k by central differences in float64: [t][k][units].
 * eps = 1e-5: truncation error ~eps²·|f'''| ≈ 1e-10 and rounding ~1e-16/eps ≈ 1e-11, so these are
 * good to ~1e-9, far below the float32 engine's own error (~1e-6); the kinks of hardSigmoid are
 * hit only if a pre-activation lies within 1e-5 of ±2.5 (a measure-zero event for random specs).
 */
export function fdDcdh(spec: SimSpec, eps = 1e-5, of: 'h' | 'c' = 'h'): number[][][] {
  const T = spec.inputs.length;
  const u = spec.units;
  const out = Array.from({ length: T }, () => Array.from({ length: T }, () => new Array<number>(u).fill(0)));
  for (let k = 0; k < T; k++) {
    for (let j = 0; j < u; j++) {
      const plus = refForward(spec, { k, j, eps, of }).loss;
      const minus = refForward(spec, { k, j, eps: -eps, of }).loss;
      for (let t = 0; t < T; t++) out[t][k][j] = (plus[t] - minus[t]) / (2 * eps);
    }
  }
  return out;
}

/** ∂C_t/∂c_k (LSTM) by central differences of a perturbation of c_k before h_k is computed. */
export function fdDcdc(spec: SimSpec, eps = 1e-5): number[][][] {
  return fdDcdh(spec, eps, 'c');
}

/** ∂(Σ_t C_t)/∂(forward weights) by central differences in float64 (same eps reasoning). */
export function fdGrads(spec: SimSpec, eps = 1e-5): DirectionWeights {
  const total = (s: SimSpec) => refForward(s).loss.reduce((a, b) => a + b, 0);
  const w = spec.weights;
  const clone = (): DirectionWeights => ({
    kernel: w.kernel.map((r) => r.slice()),
    recurrentKernel: w.recurrentKernel.map((r) => r.slice()),
    bias: Array.isArray(w.bias[0]) ? (w.bias as number[][]).map((r) => r.slice()) : (w.bias as number[]).slice(),
  });
  const d = (mutate: (cw: DirectionWeights, e: number) => void) => {
    const p = clone();
    mutate(p, eps);
    const m = clone();
    mutate(m, -eps);
    return (total({ ...spec, weights: p }) - total({ ...spec, weights: m })) / (2 * eps);
  };
  return {
    kernel: w.kernel.map((row, i) => row.map((_, j) => d((cw, e) => (cw.kernel[i][j] += e)))),
    recurrentKernel: w.recurrentKernel.map((row, i) => row.map((_, j) => d((cw, e) => (cw.recurrentKernel[i][j] += e)))),
    bias: Array.isArray(w.bias[0])
      ? (w.bias as number[][]).map((row, i) => row.map((_, j) => d((cw, e) => ((cw.bias as number[][])[i][j] += e))))
      : (w.bias as number[]).map((_, j) => d((cw, e) => ((cw.bias as number[])[j] += e))),
  };
}

/** Seeded uniform numbers for test specs (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomSpecOptions {
  cell: CellKind;
  seed: number;
  T?: number;
  inputDim?: number;
  units?: number;
  bidirectional?: boolean;
  merge?: SimSpec['merge'];
  recurrentActivation?: SimSpec['recurrentActivation'];
  readout?: boolean;
  outDim?: number;
  targets?: boolean;
  /** weights are U(−scale, scale); large enough that hardSigmoid saturates sometimes */
  scale?: number;
  /** GRU: the reset-after form, with a random two-row bias */
  resetAfter?: boolean;
}

/** A random valid spec; unspecified sizes are drawn: T 1..8, inputDim 1..4, units 1..6, outDim 1..3. */
/** The cells the random-shape tests cover, GRU in both reset placements. */
export const RANDOM_CELLS: { name: string; o: Pick<RandomSpecOptions, 'cell' | 'resetAfter'> }[] = [
  { name: 'rnn', o: { cell: 'rnn' } },
  { name: 'lstm', o: { cell: 'lstm' } },
  { name: 'gru', o: { cell: 'gru' } },
  { name: 'gru (reset after)', o: { cell: 'gru', resetAfter: true } },
];
/** Every bidirectional merge mode. */
export const MERGES: NonNullable<SimSpec['merge']>[] = ['concat', 'sum', 'ave', 'mul'];

export function randomSpec(o: RandomSpecOptions): SimSpec {
  const r = rng(o.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const T = o.T ?? int(1, 8);
  const inputDim = o.inputDim ?? int(1, 4);
  const units = o.units ?? int(1, 6);
  const scale = o.scale ?? 1;
  const G = GATES[o.cell];
  const uni = (s: number) => s * (2 * r() - 1);
  const mat = (rows: number, cols: number, s: number) => Array.from({ length: rows }, () => Array.from({ length: cols }, () => uni(s)));
  const dir = (): DirectionWeights => ({
    kernel: mat(inputDim, G * units, scale),
    recurrentKernel: mat(units, G * units, scale),
    bias: o.resetAfter ? mat(2, G * units, 0.5) : Array.from({ length: G * units }, () => uni(0.5)),
  });
  const spec: SimSpec = { cell: o.cell, units, inputs: mat(T, inputDim, 2), weights: dir() };
  if (o.resetAfter) spec.resetAfter = true;
  if (o.recurrentActivation) spec.recurrentActivation = o.recurrentActivation;
  let outWidth = units;
  if (o.bidirectional) {
    spec.backward = dir();
    if (o.merge) spec.merge = o.merge;
    if ((o.merge ?? 'concat') === 'concat') outWidth = 2 * units;
  }
  let outDim = outWidth;
  if (o.readout ?? true) {
    outDim = o.outDim ?? int(1, 3);
    spec.readout = { kernel: mat(outWidth, outDim, 1), bias: Array.from({ length: outDim }, () => uni(0.3)) };
  }
  if (o.targets ?? true) spec.targets = mat(T, outDim, 1);
  return spec;
}

/** max |a − b| / (atol + rtol·|b|) over nested arrays of the same shape; ≤ 1 means "close". */
export function closeness(a: unknown, b: unknown, atol: number, rtol: number, path = ''): { worst: number; where: string } {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return { worst: Infinity, where: `${path} length ${a.length} vs ${b.length}` };
    let best = { worst: 0, where: '' };
    for (let i = 0; i < a.length; i++) {
      const c = closeness(a[i], b[i], atol, rtol, `${path}[${i}]`);
      if (c.worst > best.worst) best = c;
    }
    return best;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.join() !== kb.join()) return { worst: Infinity, where: `${path} keys ${ka} vs ${kb}` };
    let best = { worst: 0, where: '' };
    for (const k of ka) {
      const c = closeness((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], atol, rtol, `${path}.${k}`);
      if (c.worst > best.worst) best = c;
    }
    return best;
  }
  if (typeof a === 'number' && typeof b === 'number') {
    const e = Math.abs(a - b) / (atol + rtol * Math.abs(b));
    return { worst: Number.isNaN(e) ? Infinity : e, where: `${path}: ${a} vs ${b}` };
  }
  return { worst: Infinity, where: `${path}: ${typeof a} vs ${typeof b}` };
}
