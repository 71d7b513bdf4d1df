/**
 * The plain typed-array path's forward pass (no tfjs): one direction of a cell over the rows of X,
 * written into preallocated Float32Arrays by loops.
 *
 * It performs the very float32 operations tfjs' CPU backend performs for cells.ts, in the same
 * order, so its forward values are bit-identical to the tfjs CPU path: a matMul sums its shared
 * dimension in float64 in blocks of 48 (MathBackendCPU.blockSize), each block's sum added into the
 * float32 result; every elementwise op (add, mul, tanh, sigmoid 1/(1 + e^−x), hardSigmoid
 * clip(0.2x + 0.5, 0, 1)) is computed in float64 and rounded to float32 (a Float32Array store).
 */
import { GATES, type CellKind, type RecurrentActivation } from '../types';

/** tfjs' CPU backend's matMul block (MathBackendCPU.blockSize). */
export const CPU_BLOCK = 48;

const f32 = Math.fround;
const F32_02 = f32(0.2);

/** One direction's weights as flat float32 arrays (simulate.ts's PackedDirection). */
export interface PlainWeights {
  /** [inputDim, G·u] */
  K: Float32Array;
  /** [u, G·u] */
  U: Float32Array;
  /** [G·u]; the input bias of a resetAfter GRU */
  b: Float32Array;
  /** resetAfter GRU: the recurrent bias [3·u] */
  bRec?: Float32Array;
}

export interface PlainForward {
  /** h_1 … h_T, [T, u] */
  H: Float32Array;
  /** pre-activations [T, G·u], as cells.ts's P */
  P: Float32Array;
  /** the gate values [T, u] each, as cells.ts's gateValues (LSTM i f g o, GRU z r hh) */
  gates: Record<string, Float32Array>;
  /** LSTM c_1 … c_T */
  C?: Float32Array;
  /** resetAfter GRU: h_prev U_h + b_rec,h, [T, u] */
  RecH?: Float32Array;
}

/** The gate activation of one float32 value, as cells.ts's gateAct on the CPU. */
export function gateAct(x: number, act: RecurrentActivation): number {
  if (act === 'sigmoid') return f32(1 / (1 + Math.exp(-x)));
  const y = f32(0.5 + f32(F32_02 * x));
  return y > 1 ? 1 : y < 0 ? 0 : y;
}

/**
 * out[r, j] (float32) = a[r, :] · B[:, colStart + j] for r < rows, j < width; a [rows, n] row-major
 * from aOff, B [n, ldb] row-major. tfjs' CPU summation (see the header); `acc` is scratch of ≥ width.
 */
export function matMulF32(
  a: ArrayLike<number>,
  aOff: number,
  rows: number,
  n: number,
  B: Float32Array,
  ldb: number,
  colStart: number,
  width: number,
  out: Float32Array,
  outOff: number,
  acc: Float64Array,
): void {
  for (let r = 0; r < rows; r++) {
    const o = outOff + r * width;
    for (let j = 0; j < width; j++) out[o + j] = 0;
    for (let k0 = 0; k0 < n; k0 += CPU_BLOCK) {
      const kEnd = Math.min(k0 + CPU_BLOCK, n);
      for (let j = 0; j < width; j++) acc[j] = 0;
      for (let k = k0; k < kEnd; k++) {
        const av = a[aOff + r * n + k];
        const bRow = k * ldb + colStart;
        for (let j = 0; j < width; j++) acc[j] += av * B[bRow + j];
      }
      for (let j = 0; j < width; j++) out[o + j] += acc[j];
    }
  }
}

/** x_t · kernel + bias for every t: [T, G·u] float32, as add(matMul(X, K), b). */
function inputProjection(X: Float32Array, T: number, d: number, w: PlainWeights, gu: number, acc: Float64Array): Float32Array {
  const XW = new Float32Array(T * gu);
  matMulF32(X, 0, T, d, w.K, gu, 0, gu, XW, 0, acc);
  for (let t = 0; t < T; t++) for (let j = 0; j < gu; j++) XW[t * gu + j] += w.b[j];
  return XW;
}

/** Runs one direction over the rows of X ([T, inputDim]) from the zero state. */
export function plainForward(
  cell: CellKind,
  u: number,
  X: Float32Array,
  T: number,
  d: number,
  w: PlainWeights,
  act: RecurrentActivation,
): PlainForward {
  const G = GATES[cell];
  const gu = G * u;
  const acc = new Float64Array(Math.max(gu, 1));
  const XW = inputProjection(X, T, d, w, gu, acc);
  const H = new Float32Array(T * u);
  const P = new Float32Array(T * gu);
  const zero = new Float32Array(u);
  const mm = new Float32Array(gu);

  if (cell === 'rnn') {
    for (let k = 0; k < T; k++) {
      const hPrev = k ? H.subarray((k - 1) * u, k * u) : zero;
      matMulF32(hPrev, 0, 1, u, w.U, gu, 0, gu, mm, 0, acc);
      for (let j = 0; j < u; j++) {
        const p = f32(mm[j] + XW[k * u + j]);
        P[k * u + j] = p;
        H[k * u + j] = Math.tanh(p);
      }
    }
    return { H, P, gates: {} };
  }

  if (cell === 'lstm') {
    const C = new Float32Array(T * u);
    const gi = new Float32Array(T * u);
    const gf = new Float32Array(T * u);
    const gg = new Float32Array(T * u);
    const go = new Float32Array(T * u);
    for (let k = 0; k < T; k++) {
      const hPrev = k ? H.subarray((k - 1) * u, k * u) : zero;
      matMulF32(hPrev, 0, 1, u, w.U, gu, 0, gu, mm, 0, acc);
      const pk = k * gu;
      for (let j = 0; j < gu; j++) P[pk + j] = f32(mm[j] + XW[pk + j]);
      for (let j = 0; j < u; j++) {
        const at = k * u + j;
        const i = gateAct(P[pk + j], act);
        const f = gateAct(P[pk + u + j], act);
        const g = f32(Math.tanh(P[pk + 2 * u + j]));
        const o = gateAct(P[pk + 3 * u + j], act);
        const cPrev = k ? C[at - u] : 0;
        const c = f32(f32(f * cPrev) + f32(i * g));
        C[at] = c;
        H[at] = f32(o * f32(Math.tanh(c)));
        gi[at] = i;
        gf[at] = f;
        gg[at] = g;
        go[at] = o;
      }
    }
    return { H, P, C, gates: { i: gi, f: gf, g: gg, o: go } };
  }

  const gz = new Float32Array(T * u);
  const gr = new Float32Array(T * u);
  const ghh = new Float32Array(T * u);
  if (w.bRec) {
    // reset after the recurrent product (Keras reset_after=True, PyTorch)
    const RecH = new Float32Array(T * u);
    for (let k = 0; k < T; k++) {
      const hPrev = k ? H.subarray((k - 1) * u, k * u) : zero;
      matMulF32(hPrev, 0, 1, u, w.U, gu, 0, gu, mm, 0, acc);
      const pk = k * gu;
      for (let j = 0; j < 2 * u; j++) P[pk + j] = f32(XW[pk + j] + f32(mm[j] + w.bRec[j]));
      for (let j = 0; j < u; j++) {
        const at = k * u + j;
        const z = gateAct(P[pk + j], act);
        const r = gateAct(P[pk + u + j], act);
        const recH = f32(mm[2 * u + j] + w.bRec[2 * u + j]);
        const ph = f32(XW[pk + 2 * u + j] + f32(r * recH));
        const hh = f32(Math.tanh(ph));
        P[pk + 2 * u + j] = ph;
        RecH[at] = recH;
        H[at] = f32(f32(z * hPrev[j]) + f32(f32(1 - z) * hh));
        gz[at] = z;
        gr[at] = r;
        ghh[at] = hh;
      }
    }
    return { H, P, RecH, gates: { z: gz, r: gr, hh: ghh } };
  }

  // reset before the recurrent product (tf.layers, Keras reset_after=false)
  const rh = new Float32Array(u);
  const mmh = new Float32Array(u);
  for (let k = 0; k < T; k++) {
    const hPrev = k ? H.subarray((k - 1) * u, k * u) : zero;
    matMulF32(hPrev, 0, 1, u, w.U, gu, 0, 2 * u, mm, 0, acc);
    const pk = k * gu;
    for (let j = 0; j < u; j++) {
      const at = k * u + j;
      const pz = f32(mm[j] + XW[pk + j]);
      const pr = f32(mm[u + j] + XW[pk + u + j]);
      P[pk + j] = pz;
      P[pk + u + j] = pr;
      gz[at] = gateAct(pz, act);
      gr[at] = gateAct(pr, act);
      rh[j] = f32(gr[at] * hPrev[j]);
    }
    matMulF32(rh, 0, 1, u, w.U, gu, 2 * u, u, mmh, 0, acc);
    for (let j = 0; j < u; j++) {
      const at = k * u + j;
      const ph = f32(mmh[j] + XW[pk + 2 * u + j]);
      const hh = f32(Math.tanh(ph));
      P[pk + 2 * u + j] = ph;
      const z = gz[at];
      H[at] = f32(f32(z * hPrev[j]) + f32(f32(1 - z) * hh));
      ghh[at] = hh;
    }
  }
  return { H, P, gates: { z: gz, r: gr, hh: ghh } };
}
