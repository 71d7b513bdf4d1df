/**
 * The backward sweep over the cells of cells.ts: every ∂C_t/∂h_k in ONE reverse pass.
 *
 * The adjoint matrix A_h has one ROW PER LOSS C_t: at step k, row t holds
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
 * Input connectivity: the same sweep carries m more rows below the loss rows, one per output
 * y_T,j of the last step (injected at that step, ∂y_T,j/∂h_T). Their pre-activation adjoints at step
 * k, through every path the cell has (the gates, and for the LSTM the cell state), are
 * ∂y_T,j/∂(x_k·kernel) row by row, so ∂y_T/∂x_k = (those rows) · kernelᵀ (connectivity.ts).
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
import { cols, gateDeriv, type DirectionTensors, type ForwardTensors, type GateTensors } from './cells';

/** Internally every tensor is a matrix; tfjs' rank generics only get in the way here. */
type T2 = tf.Tensor;

export interface SweepResult {
  /** [T(t), T(k), u]: ∂C_t/∂h_k, zero for k > t (with loss rows only) */
  dCdh?: tf.Tensor;
  /** LSTM only, [T(t), T(k), u]: ∂C_t/∂c_k (perturbation before h_k = o_k ⊙ tanh c_k), zero for k > t */
  dCdc?: tf.Tensor;
  /** Δ [T(k), G·u]: ∂(Σ_t C_t)/∂(pre-activation at step k); for a resetAfter GRU, of x·kernel + b_in */
  Delta?: T2;
  /** resetAfter GRU only, [T(k), 3·u]: ∂(Σ_t C_t)/∂(h_{k−1}·recurrentKernel + b_rec) */
  DeltaRec?: T2;
  /**
   * With `out`: [T(k), m, G·u], ∂y_T,j/∂(pre-activation at step k) for each of the m output rows
   * (for a resetAfter GRU, of x·kernel + b_in); zero for k after the output's step
   */
  dyPre?: tf.Tensor;
}

/** One VJP step (see vjpStep). */
export type VjpStep = (ah: T2, ac: T2 | undefined, k: number) => { dpre: T2; dpreRec?: T2; ahPrev?: T2; acPrev?: T2; acTot?: T2 };

/**
 * The cell's vector–Jacobian product at step k, for a stack of adjoint rows: ah = ∂·/∂h_k (and for
 * the LSTM ac = the adjoint of c_k from later steps) → the pre-activation adjoints of step k
 * (`dpre`), and (k > 0) the adjoints of h_{k−1} (and c_{k−1}). LSTM: acTot, the total ∂/∂c_k
 * (= dCdc at step k). resetAfter GRU: dpreRec, the adjoint of h_{k−1}·recurrentKernel + b_rec.
 * The local derivative coefficients of every step are computed batched here, then split into rows.
 */
export function vjpStep(cell: CellKind, u: number, fw: ForwardTensors, gates: GateTensors, w: DirectionTensors, act: RecurrentActivation): VjpStep {
  let step: VjpStep;

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
  return step;
}

/** Where and what the output rows of the sweep inject (see backwardSweep). */
export interface OutputRows {
  /** [m, u]: ∂y_j/∂h_k of each output row j, at the output's step */
  E: T2;
  /** the output's step k (0-based; the last real step, before any padded ones) */
  step: number;
}

/**
 * The one-pass backward sweep. E [T, u]: row t = ∂C_t/∂h_t through the readout only (the
 * "injection"), or null without losses. `out`: m more rows, for the outputs of one step (see the
 * header: input connectivity). Returns every ∂C_t/∂h_k, the summed pre-activation adjoints of the
 * losses and, with `out`, the output rows' pre-activation adjoints at every step.
 */
export function backwardSweep(
  cell: CellKind,
  u: number,
  fw: ForwardTensors,
  gates: GateTensors,
  w: DirectionTensors,
  E: T2 | null,
  act: RecurrentActivation,
  trimRows: boolean,
  out?: OutputRows,
): SweepResult {
  const T = fw.H.shape[0];
  const m = out ? out.E.shape[0] : 0;
  const hasLoss = E !== null;
  const eRows = E ? tf.unstack(tf.reshape(E, [T, 1, u])) : []; // E_k as [1, u]
  const step = vjpStep(cell, u, fw, gates, w, act);

  // Rows t < k of the adjoint are exactly zero at step k. With trimRows the sweep keeps only rows
  // k … T−1 (the adjoint grows by one row per step: half the work on average), which pays on the
  // CPU. On WebGL every distinct shape compiles new shaders, so there the sweep keeps all T rows
  // and adds row k from a precomputed injection stack instead.
  // full rows: injection of row k at step k is Inj_k = onehot(k) ⊗ E_k, all built up front (the
  // output rows, below the loss rows, get theirs at out.step only)
  const inj =
    trimRows || !E
      ? []
      : tf.unstack(
          tf.pad(tf.mul(tf.reshape(tf.eye(T), [T, T, 1]), tf.reshape(E, [1, T, u])), [
            [0, 0],
            [0, m],
            [0, 0],
          ]),
        );
  const rows = (hasLoss ? T : 0) + m;
  let ah: T2 | undefined = trimRows ? (m ? tf.zeros([m, u]) : undefined) : tf.zeros([rows, u]);
  let ac: T2 | undefined = cell === 'lstm' ? (trimRows ? (m ? tf.zeros([m, u]) : undefined) : tf.zeros([rows, u])) : undefined;
  const recs: T2[] = new Array(T);
  const recsC: T2[] = new Array(T);
  const deltas: tf.Tensor[] = new Array(T);
  const deltasRec: tf.Tensor[] = new Array(T);
  const dys: tf.Tensor[] = new Array(T);
  for (let k = T - 1; k >= 0; k--) {
    const prevAh = ah;
    const prevAc = ac;
    const res = tf.tidy(() => {
      // loss rows held at this step: k … T−1 when trimmed, all T otherwise
      const nL = hasLoss ? (trimRows ? T - k : T) : 0;
      let ahk: T2;
      let ack = ac;
      if (trimRows) {
        // rows k … T−1: the new row k starts as the direct derivative ∂C_k/∂h_k
        ahk = hasLoss ? (ah ? tf.concat([eRows[k], ah], 0) : eRows[k].clone()) : ah!;
        if (cell === 'lstm' && hasLoss) ack = ac ? tf.concat([tf.zeros([1, u]), ac], 0) : tf.zeros([1, u]);
      } else {
        ahk = hasLoss ? tf.add(ah!, inj[k]) : ah!;
      }
      if (out && k === out.step)
        ahk = tf.add(
          ahk,
          nL
            ? tf.pad(out.E, [
                [nL, 0],
                [0, 0],
              ])
            : out.E,
        );
      const r = step(ahk, ack, k);
      const full = (a: T2) => {
        const lossRows = m ? tf.slice(a, [0, 0], [nL, u]) : a;
        return trimRows && k > 0
          ? tf.pad(lossRows, [
              [k, 0],
              [0, 0],
            ])
          : lossRows;
      };
      const kept: Record<string, tf.Tensor> = {};
      if (hasLoss) {
        kept.rec = full(ahk);
        kept.dsum = tf.sum(m ? tf.slice(r.dpre, [0, 0], [nL, -1]) : r.dpre, 0);
        if (r.acTot) kept.recC = full(r.acTot);
        if (r.dpreRec) kept.dsumRec = tf.sum(m ? tf.slice(r.dpreRec, [0, 0], [nL, -1]) : r.dpreRec, 0);
      }
      if (m) kept.dy = tf.slice(r.dpre, [nL, 0], [m, -1]);
      if (r.ahPrev) kept.ahPrev = r.ahPrev;
      if (r.acPrev) kept.acPrev = r.acPrev;
      return kept;
    });
    if (res.rec) recs[k] = res.rec;
    if (res.dsum) deltas[k] = res.dsum;
    if (res.recC) recsC[k] = res.recC;
    if (res.dsumRec) deltasRec[k] = res.dsumRec;
    if (res.dy) dys[k] = res.dy;
    prevAh?.dispose();
    prevAc?.dispose();
    ah = res.ahPrev;
    ac = res.acPrev;
  }
  ah?.dispose();
  ac?.dispose();
  const result: SweepResult = {};
  if (hasLoss) {
    result.dCdh = tf.stack(recs, 1);
    result.Delta = tf.stack(deltas, 0);
    if (cell === 'lstm') result.dCdc = tf.stack(recsC, 1);
    if (fw.RecH) result.DeltaRec = tf.stack(deltasRec, 0);
  }
  if (m) result.dyPre = tf.stack(dys, 0);
  return result;
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
