/**
 * The three cells as tfjs ops: a forward pass that keeps what the backward sweep needs, and a
 * backward sweep that computes every ∂C_t/∂h_k in ONE reverse pass.
 *
 * Backward sweep. The adjoint matrix A_h has one ROW PER LOSS C_t: at step k, row t holds
 * ∂C_t/∂h_k. Going k = T … 1: inject ∂C_k/∂h_k (the direct derivative through the readout) into
 * row k, record A_h (rows t < k are still exactly zero: C_t does not depend on later states), then
 * apply the cell's vector–Jacobian product (closed form, from the stored activations) to all rows
 * at once to move to k − 1. The local derivative coefficients of every step are computed batched
 * before the sweep, so one sweep step is a handful of ops on [T, ·] matrices. The same sweep yields
 * the weight gradients of Σ_t C_t: the pre-activation adjoints summed over the loss rows at step k
 * form row k of Δ [T, G·units]; then ∂/∂kernel = Xᵀ Δ, ∂/∂recurrentKernel = H_prevᵀ Δ (GRU h-block:
 * (r ⊙ h_prev)ᵀ Δ_h), ∂/∂bias = Σ_k Δ_k.
 *
 * LSTM: the sweep carries the cell-state adjoint too; its total at step k, before the path into
 * h_k = o_k ⊙ tanh(c_k) is taken, is ∂C_t/∂c_k (recorded as dCdc, in the same sweep).
 *
 * GRU with resetAfter (Keras' default, PyTorch): the recurrent product is taken before the reset,
 * so the adjoints of x·kernel + b_in and of h·recurrentKernel + b_rec differ in the h block
 * (Δ_in,h = ∂/∂p_h, Δ_rec,h = r ⊙ ∂/∂p_h); both are kept, for the two bias rows.
 *
 * Rows t < k are zero at step k; on the CPU the sweep keeps only rows k … T−1 (half the work on
 * average), on WebGL all T rows (fixed shapes, so no shader is compiled per step).
 *
 * Everything here runs inside the caller's tf.tidy; the per-step backward work has its own tidy so
 * its [T, G·units] intermediates are freed as the sweep goes.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { CellKind, RecurrentActivation } from './types';

/** Internally every tensor is a matrix; tfjs' rank generics only get in the way here. */
type T2 = tf.Tensor;

export interface DirectionTensors {
  /** [inputDim, G·u] */
  K: T2;
  /** [u, G·u] */
  U: T2;
  /** [G·u]; the input bias for a resetAfter GRU */
  b: tf.Tensor;
  /** GRU with resetAfter only: the recurrent bias [3·u] (its presence selects that form) */
  bRec?: tf.Tensor;
}

export interface ForwardTensors {
  /** h_1 … h_T, [T, u] */
  H: T2;
  /** h_0 … h_{T−1}, [T, u] */
  Hprev: T2;
  /**
   * pre-activations [T, G·u]; for the GRU's h block: x W_h + (r ⊙ h_prev) U_h + b_h, or with
   * resetAfter x W_h + b_in,h + r ⊙ (h_prev U_h + b_rec,h)
   */
  P: T2;
  /** resetAfter GRU only: h_prev U_h + b_rec,h, [T, u] */
  RecH?: T2;
  /** LSTM c_1 … c_T and c_0 … c_{T−1} */
  C?: T2;
  Cprev?: T2;
}

/** Gate activations [T, u] each, computed batched from the pre-activations. */
export type GateTensors = Record<string, T2>;

/** tfjs-layers' hardSigmoid: clip(0.2·x + 0.5, 0, 1), written the same way so float32 results agree. */
function gateAct(x: T2, act: RecurrentActivation): T2 {
  return act === 'sigmoid' ? tf.sigmoid(x) : tf.clipByValue(tf.add(0.5, tf.mul(0.2, x)), 0, 1);
}

/**
 * d gate / d pre-activation, given the pre-activation p and the gate value s = gateAct(p).
 * sigmoid: s(1 − s). hardSigmoid: 0.2 where 0 ≤ 0.2p + 0.5 ≤ 1 (boundaries included, as tfjs'
 * clipByValue gradient), else 0.
 */
function gateDeriv(p: T2, s: T2, act: RecurrentActivation): T2 {
  if (act === 'sigmoid') return tf.mul(s, tf.sub(1, s));
  const y = tf.add(0.5, tf.mul(0.2, p));
  return tf.mul(0.2, tf.cast(tf.logicalAnd(tf.greaterEqual(y, 0), tf.lessEqual(y, 1)), 'float32'));
}

function cols(x: T2, start: number, width: number): T2 {
  return tf.slice(x, [0, start], [x.shape[0], width]);
}

/** [0; M without its last row]: the previous-step version of a [T, u] stack. */
function shiftDown(M: T2): T2 {
  const [T, u] = M.shape;
  return tf.concat([tf.zeros([1, u]), tf.slice(M, [0, 0], [T - 1, u])], 0);
}

/** Runs one direction over the rows of X ([T, inputDim]) from the zero state. */
export function forward(cell: CellKind, u: number, X: T2, w: DirectionTensors, act: RecurrentActivation): ForwardTensors {
  const T = X.shape[0];
  // x_t · kernel + bias for every t in one matmul
  const XW: T2 = tf.add(tf.matMul(X, w.K), w.b);
  let h: T2 = tf.zeros([1, u]);
  const hs: T2[] = [];

  if (cell === 'rnn') {
    const xs = tf.unstack(XW);
    const ps: T2[] = [];
    for (let k = 0; k < T; k++) {
      const p = tf.fused.matMul({ a: h, b: w.U, bias: xs[k] });
      h = tf.tanh(p);
      ps.push(p);
      hs.push(h);
    }
    const H = tf.concat(hs, 0);
    return { H, Hprev: shiftDown(H), P: tf.concat(ps, 0) };
  }

  if (cell === 'lstm') {
    const xs = tf.unstack(XW);
    let c: T2 = tf.zeros([1, u]);
    const ps: T2[] = [];
    const cs: T2[] = [];
    for (let k = 0; k < T; k++) {
      const p = tf.fused.matMul({ a: h, b: w.U, bias: xs[k] });
      const s = gateAct(p, act);
      const i = tf.slice(s, [0, 0], [1, u]);
      const f = tf.slice(s, [0, u], [1, u]);
      const g = tf.tanh(tf.slice(p, [0, 2 * u], [1, u]));
      const o = tf.slice(s, [0, 3 * u], [1, u]);
      c = tf.add(tf.mul(f, c), tf.mul(i, g));
      h = tf.mul(o, tf.tanh(c));
      ps.push(p);
      cs.push(c);
      hs.push(h);
    }
    const H = tf.concat(hs, 0);
    const C = tf.concat(cs, 0);
    return { H, Hprev: shiftDown(H), P: tf.concat(ps, 0), C, Cprev: shiftDown(C) };
  }

  if (w.bRec) {
    // GRU, reset applied after the recurrent product (Keras reset_after=True, PyTorch)
    const xzr = tf.unstack(cols(XW, 0, 2 * u));
    const xh = tf.unstack(cols(XW, 2 * u, u));
    const pzrs: T2[] = [];
    const phs: T2[] = [];
    const recs: T2[] = [];
    for (let k = 0; k < T; k++) {
      const rec = tf.fused.matMul({ a: h, b: w.U, bias: w.bRec });
      const pzr = tf.add(xzr[k], tf.slice(rec, [0, 0], [1, 2 * u]));
      const szr = gateAct(pzr, act);
      const z = tf.slice(szr, [0, 0], [1, u]);
      const r = tf.slice(szr, [0, u], [1, u]);
      const recH = tf.slice(rec, [0, 2 * u], [1, u]);
      const ph = tf.add(xh[k], tf.mul(r, recH));
      const hh = tf.tanh(ph);
      h = tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), hh));
      pzrs.push(pzr);
      phs.push(ph);
      recs.push(recH);
      hs.push(h);
    }
    const H = tf.concat(hs, 0);
    return { H, Hprev: shiftDown(H), P: tf.concat([tf.concat(pzrs, 0), tf.concat(phs, 0)], 1), RecH: tf.concat(recs, 0) };
  }

  // GRU, reset applied before the recurrent product (tf.layers, Keras reset_after=false)
  const xzr = tf.unstack(cols(XW, 0, 2 * u));
  const xh = tf.unstack(cols(XW, 2 * u, u));
  const Uzr = cols(w.U, 0, 2 * u);
  const Uh = cols(w.U, 2 * u, u);
  const pzrs: T2[] = [];
  const phs: T2[] = [];
  for (let k = 0; k < T; k++) {
    const pzr = tf.fused.matMul({ a: h, b: Uzr, bias: xzr[k] });
    const szr = gateAct(pzr, act);
    const z = tf.slice(szr, [0, 0], [1, u]);
    const r = tf.slice(szr, [0, u], [1, u]);
    const ph = tf.fused.matMul({ a: tf.mul(r, h), b: Uh, bias: xh[k] });
    const hh = tf.tanh(ph);
    h = tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), hh));
    pzrs.push(pzr);
    phs.push(ph);
    hs.push(h);
  }
  const H = tf.concat(hs, 0);
  return { H, Hprev: shiftDown(H), P: tf.concat([tf.concat(pzrs, 0), tf.concat(phs, 0)], 1) };
}

/** The gate values of every step, batched from the stored pre-activations. */
export function gateValues(cell: CellKind, u: number, P: T2, act: RecurrentActivation): GateTensors {
  if (cell === 'lstm') {
    return {
      i: gateAct(cols(P, 0, u), act),
      f: gateAct(cols(P, u, u), act),
      g: tf.tanh(cols(P, 2 * u, u)),
      o: gateAct(cols(P, 3 * u, u), act),
    };
  }
  if (cell === 'gru') {
    return { z: gateAct(cols(P, 0, u), act), r: gateAct(cols(P, u, u), act), hh: tf.tanh(cols(P, 2 * u, u)) };
  }
  return {};
}

export interface SweepResult {
  /** [T(t), T(k), u]: ∂C_t/∂h_k, zero for k > t */
  dCdh: tf.Tensor;
  /** LSTM only, [T(t), T(k), u]: ∂C_t/∂c_k (perturbation before h_k = o_k ⊙ tanh c_k), zero for k > t */
  dCdc?: tf.Tensor;
  /** Δ [T(k), G·u]: ∂(Σ_t C_t)/∂(pre-activation at step k); for a resetAfter GRU, of x·kernel + b_in */
  Delta: T2;
  /** resetAfter GRU only, [T(k), 3·u]: ∂(Σ_t C_t)/∂(h_{k−1}·recurrentKernel + b_rec) */
  DeltaRec?: T2;
}

/**
 * The one-pass backward sweep. E [T, u]: row t = ∂C_t/∂h_t through the readout only (the
 * "injection"). Returns every ∂C_t/∂h_k and the summed pre-activation adjoints.
 */
export function backwardSweep(
  cell: CellKind,
  u: number,
  fw: ForwardTensors,
  gates: GateTensors,
  w: DirectionTensors,
  E: T2,
  act: RecurrentActivation,
  trimRows: boolean,
): SweepResult {
  const T = E.shape[0];
  const eRows = tf.unstack(tf.reshape(E, [T, 1, u])); // E_k as [1, u]

  // Per-step local derivative coefficients, batched over k, then split into rows.
  // One VJP step: pre-activation adjoints of step k for every loss row, and (k > 0) the adjoints
  // of h_{k−1} (and c_{k−1}).
  // LSTM: acTot, the total ∂/∂c_k (= dCdc at step k). resetAfter GRU: dpreRec, the adjoint of
  // h_{k−1}·recurrentKernel + b_rec.
  let step: (ah: T2, ac: T2 | undefined, k: number) => { dpre: T2; dpreRec?: T2; ahPrev?: T2; acPrev?: T2; acTot?: T2 };

  if (cell === 'rnn') {
    const dAct = tf.unstack(tf.sub(1, tf.square(fw.H))); // tanh' = 1 − h²
    step = (ah, _ac, k) => {
      const dpre: T2 = tf.mul(ah, dAct[k]);
      return k > 0 ? { dpre, ahPrev: tf.matMul(dpre, w.U, false, true) } : { dpre };
    };
  } else if (cell === 'lstm') {
    const { i: I, f: F, g: G, o: O } = gates;
    const P = fw.P;
    const TC = tf.tanh(fw.C!);
    const dI = gateDeriv(cols(P, 0, u), I, act);
    const dF = gateDeriv(cols(P, u, u), F, act);
    const dO = gateDeriv(cols(P, 3 * u, u), O, act);
    // ∂h_k/∂c_k = o (1 − tanh² c_k)
    const aRows = tf.unstack(tf.mul(O, tf.sub(1, tf.square(TC))));
    // pre-activation adjoints = [ac_tot, ac_tot, ac_tot, ah] ⊙ coef
    const coefRows = tf.unstack(tf.concat([tf.mul(G, dI), tf.mul(fw.Cprev!, dF), tf.mul(I, tf.sub(1, tf.square(G))), tf.mul(TC, dO)], 1));
    const fRows = tf.unstack(F);
    step = (ah, ac, k) => {
      const acTot = tf.add(ac!, tf.mul(ah, aRows[k]));
      const dpre = tf.mul(tf.concat([acTot, acTot, acTot, ah], 1), coefRows[k]);
      if (k === 0) return { dpre, acTot };
      return { dpre, acTot, ahPrev: tf.matMul(dpre, w.U, false, true), acPrev: tf.mul(acTot, fRows[k]) };
    };
  } else if (fw.RecH) {
    // GRU, reset after the recurrent product: p_h = x W_h + b_in,h + r ⊙ rec_h, rec_h = h_prev U_h + b_rec,h
    const { z: Z, r: R, hh: HH } = gates;
    const P = fw.P;
    const dZ = gateDeriv(cols(P, 0, u), Z, act);
    const dR = gateDeriv(cols(P, u, u), R, act);
    const czRows = tf.unstack(tf.mul(tf.sub(fw.Hprev, HH), dZ));
    const chRows = tf.unstack(tf.mul(tf.sub(1, Z), tf.sub(1, tf.square(HH))));
    const crRows = tf.unstack(tf.mul(fw.RecH, dR)); // ∂p_h/∂r = rec_h
    const zRows = tf.unstack(Z);
    const rRows = tf.unstack(R);
    step = (ah, _ac, k) => {
      const dz = tf.mul(ah, czRows[k]);
      const dh = tf.mul(ah, chRows[k]);
      const dr = tf.mul(dh, crRows[k]);
      const dzr = tf.concat([dz, dr], 1);
      const dpre: T2 = tf.concat([dzr, dh], 1);
      const dpreRec: T2 = tf.concat([dzr, tf.mul(dh, rRows[k])], 1);
      if (k === 0) return { dpre, dpreRec };
      // h_prev reaches h_k directly (z ⊙ h_prev) and through the one recurrent product h_prev U + b_rec
      return { dpre, dpreRec, ahPrev: tf.add(tf.matMul(dpreRec, w.U, false, true), tf.mul(ah, zRows[k])) };
    };
  } else {
    const { z: Z, r: R, hh: HH } = gates;
    const P = fw.P;
    const dZ = gateDeriv(cols(P, 0, u), Z, act);
    const dR = gateDeriv(cols(P, u, u), R, act);
    const czRows = tf.unstack(tf.mul(tf.sub(fw.Hprev, HH), dZ)); // ∂h/∂z = h_prev − h̃
    const chRows = tf.unstack(tf.mul(tf.sub(1, Z), tf.sub(1, tf.square(HH)))); // ∂h/∂p_h = (1 − z)(1 − h̃²)
    const crRows = tf.unstack(tf.mul(fw.Hprev, dR));
    const zRows = tf.unstack(Z);
    const rRows = tf.unstack(R);
    const Uzr = cols(w.U, 0, 2 * u);
    const Uh = cols(w.U, 2 * u, u);
    step = (ah, _ac, k) => {
      const dz = tf.mul(ah, czRows[k]);
      const dh = tf.mul(ah, chRows[k]);
      const drh = tf.matMul(dh, Uh, false, true); // ∂/∂(r ⊙ h_prev)
      const dr = tf.mul(drh, crRows[k]);
      const dzr = tf.concat([dz, dr], 1);
      const dpre: T2 = tf.concat([dzr, dh], 1);
      if (k === 0) return { dpre };
      // h_prev reaches h_k directly (z ⊙ h_prev), through the z and r pre-activations, and through r ⊙ h_prev
      const ahPrev: T2 = tf.add(tf.add(tf.matMul(dzr, Uzr, false, true), tf.mul(ah, zRows[k])), tf.mul(drh, rRows[k]));
      return { dpre, ahPrev };
    };
  }

  // Rows t < k of the adjoint are exactly zero at step k. With trimRows the sweep keeps only rows
  // k … T−1 (the adjoint grows by one row per step: half the work on average), which pays on the
  // CPU. On WebGL every distinct shape compiles new shaders, so there the sweep keeps all T rows
  // and adds row k from a precomputed injection stack instead.
  // full rows: injection of row k at step k is Inj_k = onehot(k) ⊗ E_k, all built up front
  const inj = trimRows ? [] : tf.unstack(tf.mul(tf.reshape(tf.eye(T), [T, T, 1]), tf.reshape(E, [1, T, u])));
  let ah: T2 | undefined = trimRows ? undefined : tf.zeros([T, u]);
  let ac: T2 | undefined = cell === 'lstm' && !trimRows ? tf.zeros([T, u]) : undefined;
  const recs: T2[] = new Array(T);
  const recsC: T2[] = new Array(T);
  const deltas: tf.Tensor[] = new Array(T);
  const deltasRec: tf.Tensor[] = new Array(T);
  for (let k = T - 1; k >= 0; k--) {
    const prevAh = ah;
    const prevAc = ac;
    const out = tf.tidy(() => {
      let ahk: T2;
      let ack = ac;
      if (trimRows) {
        // rows k … T−1: the new row k starts as the direct derivative ∂C_k/∂h_k
        ahk = ah ? tf.concat([eRows[k], ah], 0) : eRows[k].clone();
        if (cell === 'lstm') ack = ac ? tf.concat([tf.zeros([1, u]), ac], 0) : tf.zeros([1, u]);
      } else {
        ahk = tf.add(ah!, inj[k]);
      }
      const r = step(ahk, ack, k);
      const full = (a: T2) =>
        trimRows && k > 0
          ? tf.pad(a, [
              [k, 0],
              [0, 0],
            ])
          : a;
      const rec = full(ahk);
      const kept: Record<string, tf.Tensor> = { rec, dsum: tf.sum(r.dpre, 0) };
      if (r.acTot) kept.recC = full(r.acTot);
      if (r.dpreRec) kept.dsumRec = tf.sum(r.dpreRec, 0);
      if (r.ahPrev) kept.ahPrev = r.ahPrev;
      if (r.acPrev) kept.acPrev = r.acPrev;
      return kept;
    });
    recs[k] = out.rec;
    deltas[k] = out.dsum;
    if (out.recC) recsC[k] = out.recC;
    if (out.dsumRec) deltasRec[k] = out.dsumRec;
    prevAh?.dispose();
    prevAc?.dispose();
    ah = out.ahPrev;
    ac = out.acPrev;
  }
  ah?.dispose();
  ac?.dispose();
  const res: SweepResult = { dCdh: tf.stack(recs, 1), Delta: tf.stack(deltas, 0) };
  if (cell === 'lstm') res.dCdc = tf.stack(recsC, 1);
  if (fw.RecH) res.DeltaRec = tf.stack(deltasRec, 0);
  return res;
}

/** ∂(Σ_t C_t)/∂(kernel, recurrentKernel, bias) from Δ (and, for a resetAfter GRU, Δ_rec). */
export function weightGrads(
  cell: CellKind,
  u: number,
  X: T2,
  fw: ForwardTensors,
  gates: GateTensors,
  Delta: T2,
  DeltaRec?: T2,
): { gK: T2; gU: T2; gb: T2 } {
  const gK = tf.matMul(X, Delta, true, false);
  if (DeltaRec) {
    // resetAfter GRU: bias rows [input; recurrent]
    return { gK, gU: tf.matMul(fw.Hprev, DeltaRec, true, false), gb: tf.stack([tf.sum(Delta, 0), tf.sum(DeltaRec, 0)], 0) };
  }
  let gU: T2;
  if (cell === 'gru') {
    gU = tf.concat(
      [tf.matMul(fw.Hprev, cols(Delta, 0, 2 * u), true, false), tf.matMul(tf.mul(gates.r, fw.Hprev), cols(Delta, 2 * u, u), true, false)],
      1,
    );
  } else {
    gU = tf.matMul(fw.Hprev, Delta, true, false);
  }
  return { gK, gU, gb: tf.sum(Delta, 0) };
}
