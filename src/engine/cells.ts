/**
 * The three cells as tfjs ops: a forward pass that keeps what the backward sweep (sweep.ts) needs,
 * the gate values batched from it, and the gate activations and their derivatives.
 *
 * Everything here runs inside the caller's tf.tidy.
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
export function gateDeriv(p: T2, s: T2, act: RecurrentActivation): T2 {
  if (act === 'sigmoid') return tf.mul(s, tf.sub(1, s));
  const y = tf.add(0.5, tf.mul(0.2, p));
  return tf.mul(0.2, tf.cast(tf.logicalAnd(tf.greaterEqual(y, 0), tf.lessEqual(y, 1)), 'float32'));
}

export function cols(x: T2, start: number, width: number): T2 {
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
