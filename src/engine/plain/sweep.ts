/**
 * The plain typed-array path's backward sweep (no tfjs): the sweep of sweep.ts, row by row, in
 * float64, written into preallocated arrays by loops.
 *
 * The adjoint holds one row per loss C_t (rows t ≥ k are live at step k: the others are exactly
 * zero) and, for the input connectivity, m output rows injected at the last step. Each step applies
 * the cell's vector–Jacobian product to every live row. The recurrent part of that product is one
 * u × u matrix per step (two for the LSTM: the paths through the cell-state adjoint and through
 * h), formed once per step from the stored activations and applied to every row, so a row costs
 * u² (LSTM 2u²) instead of the G·u² of dpre · recurrentKernelᵀ; the reset-before GRU, whose reset
 * sits inside the product, applies its three blocks to each row.
 */
import { GATES, type CellKind, type RecurrentActivation } from '../types';
import type { PlainForward } from './forward';

const f32 = Math.fround;
const F32_02 = f32(0.2);

export interface PlainSweep {
  /** [t][k][u] = ∂C_t/∂h_k, zero arrays for k > t (loss rows only) */
  dCdh?: number[][][];
  /** LSTM: [t][k][u] = ∂C_t/∂c_k */
  dCdc?: number[][][];
  /** [T, G·u]: ∂(Σ_t C_t)/∂(pre-activation at step k); resetAfter GRU: of x·kernel + b_in */
  Delta?: Float64Array;
  /** resetAfter GRU: [T, 3·u], ∂(Σ_t C_t)/∂(h_{k−1}·recurrentKernel + b_rec) */
  DeltaRec?: Float64Array;
  /** with output rows: [T, m, G·u], ∂y_T,j/∂(pre-activation at step k) */
  dyPre?: Float64Array;
}

/** d gate / d pre-activation (cells.ts's gateDeriv): sigmoid s(1 − s); hardSigmoid 0.2 inside [0, 1], else 0. */
export function gateDeriv(p: number, s: number, act: RecurrentActivation): number {
  if (act === 'sigmoid') return s * (1 - s);
  const y = f32(0.5 + f32(F32_02 * p));
  return y >= 0 && y <= 1 ? 0.2 : 0;
}

/** v[off … off + n) as a plain array (a loop: several times faster than Array.from of a subarray). */
export function toArray(v: ArrayLike<number>, off: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(v[off + i]);
  return out;
}

/** The cell's local coefficients at step k, for the rows' VJP (see sweepPlain). */
interface StepCoefs {
  /** pre-activation adjoint = multiplier ⊙ coef, [G·u] */
  coef: Float64Array;
  /** LSTM ∂h_k/∂c_k; GRU z_k (the direct path h_prev → h_k) */
  a: Float64Array;
  /** LSTM f_k; GRU r_k */
  b: Float64Array;
  /** the recurrent maps, [u, u] each (see the header) */
  W1: Float64Array;
  W2: Float64Array;
}

/**
 * The one-pass backward sweep. E [T, u]: ∂C_t/∂h_t through the readout (null without losses);
 * outE [m, u]: ∂y_T/∂h_T of the output rows (injected at the last step), or null.
 */
export function sweepPlain(
  cell: CellKind,
  u: number,
  T: number,
  fw: PlainForward,
  U: Float32Array,
  act: RecurrentActivation,
  E: Float64Array | null,
  outE: Float64Array | null,
  m: number,
  resetAfter: boolean,
): PlainSweep {
  const G = GATES[cell];
  const gu = G * u;
  const hasLoss = E !== null;
  const base = hasLoss ? T : 0;
  const R = base + (outE ? m : 0);
  let ah = new Float64Array(R * u);
  let ahN = new Float64Array(R * u);
  const lstm = cell === 'lstm';
  let ac = lstm ? new Float64Array(R * u) : ah;
  let acN = lstm ? new Float64Array(R * u) : ah;
  // per-row work matrices of the live rows: pre-activation adjoints, LSTM's total cell adjoint, GRU's dh · U_hᵀ
  const Dp = new Float64Array(R * gu);
  const Act = lstm ? new Float64Array(R * u) : Dp;
  const Drh = cell === 'gru' && !resetAfter ? new Float64Array(R * u) : Dp;
  const res: PlainSweep = {};
  const dCdh: number[][][] = [];
  const dCdc: number[][][] = [];
  if (hasLoss) {
    for (let t = 0; t < T; t++) {
      const row: number[][] = new Array(T);
      for (let k = t + 1; k < T; k++) row[k] = new Array<number>(u).fill(0);
      dCdh.push(row);
      if (lstm) {
        const rowC: number[][] = new Array(T);
        for (let k = t + 1; k < T; k++) rowC[k] = new Array<number>(u).fill(0);
        dCdc.push(rowC);
      }
    }
    res.dCdh = dCdh;
    if (lstm) res.dCdc = dCdc;
    res.Delta = new Float64Array(T * gu);
    if (resetAfter) res.DeltaRec = new Float64Array(T * gu);
  }
  if (outE) res.dyPre = new Float64Array(T * m * gu);
  const c: StepCoefs = {
    coef: new Float64Array(gu),
    a: new Float64Array(u),
    b: new Float64Array(u),
    W1: new Float64Array(u * u),
    W2: new Float64Array(u * u),
  };

  for (let k = T - 1; k >= 0; k--) {
    if (hasLoss) {
      for (let j = 0; j < u; j++) ah[k * u + j] = E![k * u + j];
      if (lstm) ac.fill(0, k * u, (k + 1) * u);
    }
    if (outE && k === T - 1) {
      ah.set(outE.subarray(0, m * u), base * u);
      if (lstm) ac.fill(0, base * u, R * u);
    }
    stepCoefs(cell, u, fw, U, act, k, resetAfter, c);
    const lo = hasLoss ? k : 0;
    const { coef, a, b, W1, W2 } = c;
    // the pre-activation adjoints of every live row
    for (let r = lo; r < R; r++) {
      const o = r * u;
      const q = r * gu;
      if (r < base) dCdh[r][k] = toArray(ah, o, u);
      if (lstm) {
        for (let j = 0; j < u; j++) {
          const t = ac[o + j] + ah[o + j] * a[j];
          Act[o + j] = t;
          Dp[q + j] = t * coef[j];
          Dp[q + u + j] = t * coef[u + j];
          Dp[q + 2 * u + j] = t * coef[2 * u + j];
          Dp[q + 3 * u + j] = ah[o + j] * coef[3 * u + j];
        }
        if (r < base) dCdc[r][k] = toArray(Act, o, u);
      } else if (Drh !== Dp) {
        // dz, dh elementwise here; dr = (dh · U_hᵀ) ⊙ ∂r below
        for (let j = 0; j < u; j++) {
          Dp[q + j] = ah[o + j] * coef[j];
          Dp[q + 2 * u + j] = ah[o + j] * coef[2 * u + j];
        }
      } else {
        for (let g = 0; g < gu; g++) Dp[q + g] = ah[o + (g % u)] * coef[g];
      }
    }
    if (Drh !== Dp) {
      mulRowsT(Dp, gu, 2 * u, lo, R, U, gu, 2 * u, u, u, Drh, u, false);
      for (let r = lo; r < R; r++) for (let i = 0; i < u; i++) Dp[r * gu + u + i] = Drh[r * u + i] * coef[u + i];
    }
    // Σ over the loss rows (weight gradients); the output rows' adjoints (input connectivity)
    if (hasLoss) {
      const d = res.Delta!;
      for (let r = lo; r < base; r++) for (let g = 0; g < gu; g++) d[k * gu + g] += Dp[r * gu + g];
      if (res.DeltaRec) {
        const dr = res.DeltaRec;
        for (let g = 0; g < 2 * u; g++) dr[k * gu + g] = d[k * gu + g];
        for (let j = 0; j < u; j++) dr[k * gu + 2 * u + j] = d[k * gu + 2 * u + j] * b[j];
      }
    }
    if (outE) res.dyPre!.set(Dp.subarray(base * gu, R * gu), k * m * gu);
    if (k === 0) break;
    // the adjoints of h_{k−1} (and c_{k−1}), all live rows at once
    if (cell === 'rnn') mulRowsT(Dp, gu, 0, lo, R, U, gu, 0, u, u, ahN, u, false);
    else if (lstm) {
      mulRowsT(Act, u, 0, lo, R, W1, u, 0, u, u, ahN, u, false);
      mulRowsT(ah, u, 0, lo, R, W2, u, 0, u, u, ahN, u, true);
      for (let r = lo; r < R; r++) for (let j = 0; j < u; j++) acN[r * u + j] = Act[r * u + j] * b[j];
    } else if (resetAfter) {
      mulRowsT(ah, u, 0, lo, R, W1, u, 0, u, u, ahN, u, false);
      for (let r = lo; r < R; r++) for (let i = 0; i < u; i++) ahN[r * u + i] += ah[r * u + i] * a[i];
    } else {
      mulRowsT(Dp, gu, 0, lo, R, U, gu, 0, 2 * u, u, ahN, u, false);
      for (let r = lo; r < R; r++) for (let i = 0; i < u; i++) ahN[r * u + i] += ah[r * u + i] * a[i] + Drh[r * u + i] * b[i];
    }
    [ah, ahN] = [ahN, ah];
    if (lstm) [ac, acN] = [acN, ac];
  }
  return res;
}

/**
 * out[r, i] (+)= Σ_{j<n} V[r, voff + j] · W[i, woff + j] for rows r0 … r1−1 and i < nOut (row
 * strides ldv, ldw, ldo): the live rows times a matrix transposed. Four rows at a time, so each
 * W element loaded serves four independent sums.
 */
function mulRowsT(
  V: Float64Array,
  ldv: number,
  voff: number,
  r0: number,
  r1: number,
  W: ArrayLike<number>,
  ldw: number,
  woff: number,
  n: number,
  nOut: number,
  out: Float64Array,
  ldo: number,
  add: boolean,
): void {
  let r = r0;
  for (; r + 3 < r1; r += 4) {
    const a0 = r * ldv + voff;
    const a1 = a0 + ldv;
    const a2 = a1 + ldv;
    const a3 = a2 + ldv;
    const o0 = r * ldo;
    for (let i = 0; i < nOut; i++) {
      const wi = i * ldw + woff;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0; j < n; j++) {
        const w = W[wi + j];
        s0 += V[a0 + j] * w;
        s1 += V[a1 + j] * w;
        s2 += V[a2 + j] * w;
        s3 += V[a3 + j] * w;
      }
      if (add) {
        out[o0 + i] += s0;
        out[o0 + ldo + i] += s1;
        out[o0 + 2 * ldo + i] += s2;
        out[o0 + 3 * ldo + i] += s3;
      } else {
        out[o0 + i] = s0;
        out[o0 + ldo + i] = s1;
        out[o0 + 2 * ldo + i] = s2;
        out[o0 + 3 * ldo + i] = s3;
      }
    }
  }
  for (; r < r1; r++) {
    const a0 = r * ldv + voff;
    for (let i = 0; i < nOut; i++) {
      const wi = i * ldw + woff;
      let s = 0;
      for (let j = 0; j < n; j++) s += V[a0 + j] * W[wi + j];
      if (add) out[r * ldo + i] += s;
      else out[r * ldo + i] = s;
    }
  }
}

/** Fills `c` with step k's coefficients and recurrent maps. */
function stepCoefs(
  cell: CellKind,
  u: number,
  fw: PlainForward,
  U: Float32Array,
  act: RecurrentActivation,
  k: number,
  resetAfter: boolean,
  c: StepCoefs,
): void {
  const G = GATES[cell];
  const gu = G * u;
  const { H, P } = fw;
  const pk = k * gu;
  const at = k * u;
  const { coef, a, b, W1, W2 } = c;
  if (cell === 'rnn') {
    for (let j = 0; j < u; j++) coef[j] = 1 - H[at + j] * H[at + j];
    return; // ahPrev = dpre · Uᵀ
  }
  if (cell === 'lstm') {
    const { i: I, f: F, g: Gc, o: O } = fw.gates;
    const C = fw.C!;
    for (let j = 0; j < u; j++) {
      const tc = Math.tanh(C[at + j]);
      const i = I[at + j];
      const g = Gc[at + j];
      const o = O[at + j];
      const cPrev = k ? C[at - u + j] : 0;
      coef[j] = g * gateDeriv(P[pk + j], i, act);
      coef[u + j] = cPrev * gateDeriv(P[pk + u + j], F[at + j], act);
      coef[2 * u + j] = i * (1 - g * g);
      coef[3 * u + j] = tc * gateDeriv(P[pk + 3 * u + j], o, act);
      a[j] = o * (1 - tc * tc);
      b[j] = F[at + j];
    }
    // ahPrev[i] = Σ_j acTot_j (coef_i,j U[i][j] + coef_f,j U[i][u+j] + coef_g,j U[i][2u+j]) + ah_j coef_o,j U[i][3u+j]
    for (let i = 0; i < u; i++) {
      const ui = i * gu;
      for (let j = 0; j < u; j++) {
        W1[i * u + j] = coef[j] * U[ui + j] + coef[u + j] * U[ui + u + j] + coef[2 * u + j] * U[ui + 2 * u + j];
        W2[i * u + j] = coef[3 * u + j] * U[ui + 3 * u + j];
      }
    }
    return;
  }
  const { z: Z, r: Rg, hh: HH } = fw.gates;
  for (let j = 0; j < u; j++) {
    const z = Z[at + j];
    const r = Rg[at + j];
    const hh = HH[at + j];
    const hPrev = k ? H[at - u + j] : 0;
    const ch = (1 - z) * (1 - hh * hh);
    coef[j] = (hPrev - hh) * gateDeriv(P[pk + j], z, act);
    coef[2 * u + j] = ch;
    // ∂p_h/∂r: rec_h (reset after), h_prev (reset before; applied to dh · U_hᵀ)
    const dr = gateDeriv(P[pk + u + j], r, act);
    coef[u + j] = resetAfter ? ch * fw.RecH![at + j] * dr : hPrev * dr;
    a[j] = z;
    b[j] = r;
  }
  if (resetAfter) {
    // ahPrev[i] = ah_i z_i + Σ_j ah_j (coef_z,j U[i][j] + coef_r,j U[i][u+j] + ch_j r_j U[i][2u+j])
    for (let i = 0; i < u; i++) {
      const ui = i * gu;
      for (let j = 0; j < u; j++) W1[i * u + j] = coef[j] * U[ui + j] + coef[u + j] * U[ui + u + j] + coef[2 * u + j] * b[j] * U[ui + 2 * u + j];
    }
  }
}
