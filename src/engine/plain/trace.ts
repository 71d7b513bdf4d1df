/**
 * The plain typed-array path: the whole Trace of simulate() without tfjs, by loops over
 * preallocated arrays (forward.ts, sweep.ts). The engine's CPU path: chosen by measurement over
 * tfjs' CPU and WebAssembly backends at every size the simulators run (npm run bench's Node table,
 * bench/plain-bench.ts), it computes the same fields as compute() in simulate.ts:
 * the forward values bit-identical to tfjs' CPU backend (forward.ts), the losses, every ∂C_t/∂h_k
 * (and LSTM ∂C_t/∂c_k), the weight gradients and the input connectivity in float64 from them.
 * It creates no tensor and runs wherever the engine does (Node, a page, a Web Worker).
 */
import { frobenius } from '../connectivity';
import type { Packed } from '../packed';
import type { Trace } from '../types';
import { connectivityFits, type CheckedSpec } from '../validate';
import { matMulF32, plainForward, type PlainForward } from './forward';
import { sweepPlain, toArray } from './sweep';

const f32 = Math.fround;

/** The rows of a row-major [rows, cols] block as plain arrays. */
function rowsOf(v: ArrayLike<number>, rows: number, cols: number): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) out.push(toArray(v, r * cols, cols));
  return out;
}

function zeros(rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
}

/** [rows, cols] row order reversed (the time reversal of a bidirectional cell). */
function reverseRows(v: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) out.set(v.subarray(r * cols, (r + 1) * cols), (rows - 1 - r) * cols);
  return out;
}

/** Step 0 of a direction's forward pass (the backward direction's state at T has read x_T alone). */
function firstStep(f: PlainForward, u: number, gu: number): PlainForward {
  const gates: Record<string, Float32Array> = {};
  for (const [k, g] of Object.entries(f.gates)) gates[k] = g.subarray(0, u);
  return { H: f.H.subarray(0, u), P: f.P.subarray(0, gu), gates, C: f.C?.subarray(0, u), RecH: f.RecH?.subarray(0, u) };
}

/** A [rows, n] · [n, cols] product in float64 with A given transposed (Aᵀ [n, rows], lda = rows). */
function gradOf(
  A: ArrayLike<number>,
  rows: number,
  n: number,
  D: Float64Array,
  ldd: number,
  colStart: number,
  cols: number,
  shift: boolean,
): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < rows; i++) {
    const row = new Array<number>(cols).fill(0);
    for (let k = shift ? 1 : 0; k < n; k++) {
      const av = A[(shift ? k - 1 : k) * rows + i];
      if (av === 0) continue;
      const dk = k * ldd + colStart;
      for (let j = 0; j < cols; j++) row[j] += av * D[dk + j];
    }
    out.push(row);
  }
  return out;
}

/** Column sums of a [n, ld] block's columns colStart … colStart + cols. */
function colSums(D: Float64Array, n: number, ld: number): number[] {
  const out = new Array<number>(ld).fill(0);
  for (let k = 0; k < n; k++) for (let j = 0; j < ld; j++) out[j] += D[k * ld + j];
  return out;
}

/** simulate()'s trace on the plain typed-array path. */
export function simulatePlain(s: CheckedSpec, p: Packed): Trace {
  const { cell, units: u, steps: T, inputDim: d, outDim: m, outWidth: ow, recurrentActivation: act, resetAfter } = s;
  const gu = s.gates * u;
  const fw = plainForward(cell, u, p.X, T, d, p.fw, act);

  // bidirectional: the same cell over x_T … x_1, merged as tf.layers.bidirectional
  let HB: Float32Array | null = null;
  let bwd: PlainForward | null = null;
  let OUT = fw.H;
  if (p.bw) {
    bwd = plainForward(cell, u, reverseRows(p.X, T, d), T, d, p.bw, act);
    HB = reverseRows(bwd.H, T, u);
    OUT = new Float32Array(T * ow);
    for (let t = 0; t < T; t++)
      for (let j = 0; j < u; j++) {
        const a = fw.H[t * u + j];
        const b = HB[t * u + j];
        if (s.merge === 'concat') {
          OUT[t * ow + j] = a;
          OUT[t * ow + u + j] = b;
        } else OUT[t * ow + j] = s.merge === 'sum' ? a + b : s.merge === 'ave' ? f32(0.5 * f32(a + b)) : a * b;
      }
  }
  let Y = OUT;
  const RK = p.readout?.K;
  if (p.readout) {
    Y = new Float32Array(T * m);
    matMulF32(OUT, 0, T, ow, p.readout.K, m, 0, m, Y, 0, new Float64Array(m));
    for (let t = 0; t < T; t++) for (let j = 0; j < m; j++) Y[t * m + j] += p.readout.b[j];
  }

  // the loss rows' injections E [T, u] = ∂C_t/∂→h_t, through the readout and the merge
  let E: Float64Array | null = null;
  const loss: number[] = [];
  if (p.targets) {
    E = new Float64Array(T * u);
    const dY = new Float64Array(m);
    for (let t = 0; t < T; t++) {
      let l = 0;
      for (let j = 0; j < m; j++) {
        const D = f32(Y[t * m + j] - p.targets[t * m + j]);
        l += f32(f32(D * D) / m);
        dY[j] = (D * 2) / m;
      }
      loss.push(f32(l));
      for (let i = 0; i < u; i++) {
        let g = 0;
        if (RK) for (let j = 0; j < m; j++) g += dY[j] * RK[i * m + j];
        else g = dY[i];
        if (HB && s.merge === 'ave') g *= 0.5;
        else if (HB && s.merge === 'mul') g *= HB[t * u + i];
        E[t * u + i] = g;
      }
    }
  }

  // the output rows: ∂y_T/∂→h_T and ∂y_T/∂←h_T, [m, u] each (connectivity.ts's outputRows)
  const connect = connectivityFits(s);
  const kT = T - 1;
  let Ey: Float64Array | null = null;
  let EyB: Float64Array | null = null;
  if (connect) {
    Ey = new Float64Array(m * u);
    EyB = new Float64Array(m * u);
    const dOutY = (j: number, i: number) => (RK ? RK[i * m + j] : i === j ? 1 : 0);
    for (let j = 0; j < m; j++)
      for (let i = 0; i < u; i++) {
        if (!HB) Ey[j * u + i] = dOutY(j, i);
        else if (s.merge === 'concat') {
          Ey[j * u + i] = dOutY(j, i);
          EyB[j * u + i] = dOutY(j, u + i);
        } else {
          const v = dOutY(j, i);
          const mf = s.merge === 'ave' ? 0.5 : s.merge === 'mul' ? HB[kT * u + i] : 1;
          const mb = s.merge === 'ave' ? 0.5 : s.merge === 'mul' ? fw.H[kT * u + i] : 1;
          Ey[j * u + i] = v * mf;
          EyB[j * u + i] = v * mb;
        }
      }
  }

  const sweep = E || connect ? sweepPlain(cell, u, T, fw, p.fw.U, act, E, Ey, m, resetAfter) : null;

  const trace: Trace = {
    h: rowsOf(fw.H, T, u),
    gates: Object.fromEntries(Object.entries(fw.gates).map(([k, g]) => [k, rowsOf(g, T, u)])),
    outputs: rowsOf(OUT, T, ow),
    y: rowsOf(Y, T, m),
    loss,
    dCdh: sweep?.dCdh && p.targets ? sweep.dCdh : [],
    grads: { kernel: zeros(d, gu), recurrentKernel: zeros(u, gu), bias: resetAfter ? zeros(2, gu) : new Array<number>(gu).fill(0) },
    backend: 'cpu',
    cpuPath: 'plain',
  };
  if (sweep && p.targets) {
    const D = sweep.Delta!;
    const kernel = gradOf(p.X, d, T, D, gu, 0, gu, false);
    let recurrentKernel: number[][];
    if (resetAfter) recurrentKernel = gradOf(fw.H, u, T, sweep.DeltaRec!, gu, 0, gu, true);
    else if (cell === 'gru') {
      // [h_prevᵀ Δ_zr, (r ⊙ h_prev)ᵀ Δ_h]
      const zr = gradOf(fw.H, u, T, D, gu, 0, 2 * u, true);
      const rh = new Float32Array(T * u);
      const r = fw.gates.r;
      for (let k = 1; k < T; k++) for (let j = 0; j < u; j++) rh[(k - 1) * u + j] = f32(r[k * u + j] * fw.H[(k - 1) * u + j]);
      const hb = gradOf(rh, u, T, D, gu, 2 * u, u, true);
      recurrentKernel = zr.map((row, i) => row.concat(hb[i]));
    } else recurrentKernel = gradOf(fw.H, u, T, D, gu, 0, gu, true);
    trace.grads = { kernel, recurrentKernel, bias: resetAfter ? [colSums(D, T, gu), colSums(sweep.DeltaRec!, T, gu)] : colSums(D, T, gu) };
  }
  if (sweep && connect) {
    const dyTdx = connectivityOf(sweep.dyPre!, p.fw.K, T, m, d, gu);
    if (bwd && p.bw) {
      // the backward direction reaches y_T from x_T alone: its first step, from the zero state
      const first = sweepPlain(cell, u, 1, firstStep(bwd, u, gu), p.bw.U, act, null, EyB, m, resetAfter);
      const JB = connectivityOf(first.dyPre!, p.bw.K, 1, m, d, gu)[0];
      for (let j = 0; j < m; j++) for (let i = 0; i < d; i++) dyTdx[kT][j][i] += JB[j][i];
    }
    trace.dyTdx = dyTdx;
    trace.inputConnectivity = dyTdx.map(frobenius);
  }
  if (cell === 'lstm') trace.dCdc = sweep?.dCdc && p.targets ? sweep.dCdc : [];
  if (fw.C) trace.c = rowsOf(fw.C, T, u);
  if (HB) trace.hBackward = rowsOf(HB, T, u);
  return trace;
}

/** ∂y_T/∂x_k = dyPre[k] · kernelᵀ, [T][m][d]. */
function connectivityOf(dyPre: Float64Array, K: Float32Array, T: number, m: number, d: number, gu: number): number[][][] {
  const out: number[][][] = [];
  for (let k = 0; k < T; k++) {
    const rows: number[][] = [];
    for (let j = 0; j < m; j++) {
      const o = (k * m + j) * gu;
      const row: number[] = [];
      for (let i = 0; i < d; i++) {
        let sum = 0;
        for (let g = 0; g < gu; g++) sum += dyPre[o + g] * K[i * gu + g];
        row.push(sum);
      }
      rows.push(row);
    }
    out.push(rows);
  }
  return out;
}
