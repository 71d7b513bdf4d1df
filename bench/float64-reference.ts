/**
 * The benchmarks' yardstick (bench/engine-node.ts): an independent, straightforward float64
 * implementation of the trace's core in plain loops — the forward pass and every ∂C_t/∂h_k (and
 * LSTM ∂C_t/∂c_k) from one reverse sweep over the live loss rows, each row's pre-activation adjoint
 * times recurrentKernelᵀ (G·u² per row) — written into flat Float64Arrays. Reset-before GRU,
 * sigmoid gates, one readout; what "near the physical limit" is measured against.
 */
import type { SimSpec } from '../src/engine/index';

const sig = (x: number) => 1 / (1 + Math.exp(-x));

export interface RefTrace {
  h: Float64Array;
  loss: Float64Array;
  /** [t, k, u] */
  dCdh: Float64Array;
  dCdc?: Float64Array;
}

export function float64Trace(spec: SimSpec): RefTrace {
  const { cell, units: u } = spec;
  const T = spec.inputs.length;
  const d = spec.inputs[0].length;
  const G = cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
  const gu = G * u;
  const K = Float64Array.from(spec.weights.kernel.flat());
  const U = Float64Array.from(spec.weights.recurrentKernel.flat());
  const b = Float64Array.from((spec.weights.bias as number[]).flat());
  const RK = Float64Array.from(spec.readout!.kernel.flat());
  const m = spec.readout!.bias.length;
  const H = new Float64Array((T + 1) * u); // row 0 = h_0
  const C = new Float64Array((T + 1) * u);
  const A = new Float64Array(T * gu); // gate activations (GRU: z, r, h̃)
  const pre = new Float64Array(gu);
  for (let k = 0; k < T; k++) {
    const x = spec.inputs[k];
    const hp = k * u;
    for (let g = 0; g < gu; g++) {
      let s = b[g];
      for (let i = 0; i < d; i++) s += x[i] * K[i * gu + g];
      if (cell !== 'gru' || g < 2 * u) for (let i = 0; i < u; i++) s += H[hp + i] * U[i * gu + g];
      pre[g] = s;
    }
    const a = k * gu;
    const hn = (k + 1) * u;
    if (cell === 'rnn') for (let j = 0; j < u; j++) H[hn + j] = Math.tanh(pre[j]);
    else if (cell === 'lstm') {
      for (let j = 0; j < u; j++) {
        const i = sig(pre[j]);
        const f = sig(pre[u + j]);
        const g = Math.tanh(pre[2 * u + j]);
        const o = sig(pre[3 * u + j]);
        A[a + j] = i;
        A[a + u + j] = f;
        A[a + 2 * u + j] = g;
        A[a + 3 * u + j] = o;
        C[hn + j] = f * C[hp + j] + i * g;
        H[hn + j] = o * Math.tanh(C[hn + j]);
      }
    } else {
      for (let j = 0; j < 2 * u; j++) A[a + j] = sig(pre[j]);
      for (let j = 0; j < u; j++) {
        let s = pre[2 * u + j];
        for (let i = 0; i < u; i++) s += A[a + u + i] * H[hp + i] * U[i * gu + 2 * u + j];
        const hh = Math.tanh(s);
        A[a + 2 * u + j] = hh;
        const z = A[a + j];
        H[hn + j] = z * H[hp + j] + (1 - z) * hh;
      }
    }
  }
  // without targets: the forward pass only (simulate() then computes no ∂C_t/∂h_k either)
  if (!spec.targets) return { h: H.subarray(u), loss: new Float64Array(0), dCdh: new Float64Array(0) };
  // losses and their direct derivatives E_t = ∂C_t/∂h_t through the readout
  const loss = new Float64Array(T);
  const E = new Float64Array(T * u);
  for (let t = 0; t < T; t++) {
    for (let q = 0; q < m; q++) {
      let y = spec.readout!.bias[q];
      for (let i = 0; i < u; i++) y += H[(t + 1) * u + i] * RK[i * m + q];
      const D = y - spec.targets![t][q];
      loss[t] += (D * D) / m;
      for (let i = 0; i < u; i++) E[t * u + i] += ((2 * D) / m) * RK[i * m + q];
    }
  }
  // the reverse sweep: rows t ≥ k live at step k
  const dCdh = new Float64Array(T * T * u);
  const dCdc = cell === 'lstm' ? new Float64Array(T * T * u) : undefined;
  let ah = new Float64Array(T * u);
  let ac = new Float64Array(T * u);
  let ahN = new Float64Array(T * u);
  let acN = new Float64Array(T * u);
  const dp = new Float64Array(gu);
  const drh = new Float64Array(u);
  for (let k = T - 1; k >= 0; k--) {
    ah.set(E.subarray(k * u, (k + 1) * u), k * u);
    ac.fill(0, k * u, (k + 1) * u);
    const a = k * gu;
    const hn = (k + 1) * u;
    const hp = k * u;
    for (let t = k; t < T; t++) {
      const o = t * u;
      dCdh.set(ah.subarray(o, o + u), (t * T + k) * u);
      if (cell === 'rnn') for (let j = 0; j < u; j++) dp[j] = ah[o + j] * (1 - H[hn + j] * H[hn + j]);
      else if (cell === 'lstm') {
        for (let j = 0; j < u; j++) {
          const tc = Math.tanh(C[hn + j]);
          const i = A[a + j];
          const f = A[a + u + j];
          const g = A[a + 2 * u + j];
          const og = A[a + 3 * u + j];
          const act = ac[o + j] + ah[o + j] * og * (1 - tc * tc);
          dCdc![(t * T + k) * u + j] = act;
          dp[j] = act * g * i * (1 - i);
          dp[u + j] = act * C[hp + j] * f * (1 - f);
          dp[2 * u + j] = act * i * (1 - g * g);
          dp[3 * u + j] = ah[o + j] * tc * og * (1 - og);
          acN[o + j] = act * f;
        }
      } else {
        for (let j = 0; j < u; j++) {
          const z = A[a + j];
          const hh = A[a + 2 * u + j];
          dp[j] = ah[o + j] * (H[hp + j] - hh) * z * (1 - z);
          dp[2 * u + j] = ah[o + j] * (1 - z) * (1 - hh * hh);
        }
        for (let i = 0; i < u; i++) {
          let s = 0;
          for (let j = 0; j < u; j++) s += dp[2 * u + j] * U[i * gu + 2 * u + j];
          drh[i] = s;
          const r = A[a + u + i];
          dp[u + i] = s * H[hp + i] * r * (1 - r);
        }
      }
      if (k === 0) continue;
      for (let i = 0; i < u; i++) {
        let s = 0;
        const gEnd = cell === 'gru' ? 2 * u : gu;
        for (let g = 0; g < gEnd; g++) s += dp[g] * U[i * gu + g];
        if (cell === 'gru') s += ah[o + i] * A[a + i] + drh[i] * A[a + u + i];
        ahN[o + i] = s;
      }
    }
    [ah, ahN] = [ahN, ah];
    [ac, acN] = [acN, ac];
  }
  return { h: H.subarray(u), loss, dCdh, dCdc };
}
