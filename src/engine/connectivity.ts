/**
 * Input connectivity (Trace.dyTdx): ∂y_T/∂x_k for every step k, from the rows of y_T's outputs
 * that the backward sweep (sweep.ts) carries beside the loss rows. Runs inside compute()'s tidy.
 */
import * as tf from '@tensorflow/tfjs-core';
import { gateValues, type DirectionTensors, type ForwardTensors } from './cells';
import { vjpStep } from './sweep';
import type { CheckedSpec } from './validate';

type T2 = tf.Tensor;

/**
 * The sweep rows' injections at the output step kT: Ey [outDim, u] = ∂y_T/∂→h_T (through the
 * readout RK, or the identity without one, and the merge), and for a bidirectional cell
 * EyB = ∂y_T/∂←h_T (HB: the backward states in input order; H: the forward ones).
 */
export function outputRows(s: CheckedSpec, RK: T2 | null, H: T2, HB: T2 | null, kT: number): { Ey: T2; EyB: T2 } {
  const u = s.units;
  const dOutY: T2 = RK ? tf.transpose(RK) : tf.eye(s.outWidth);
  if (!HB) return { Ey: dOutY, EyB: dOutY };
  const atT = (M: T2) => tf.slice(M, [kT, 0], [1, u]);
  switch (s.merge) {
    case 'concat':
      return { Ey: tf.slice(dOutY, [0, 0], [-1, u]), EyB: tf.slice(dOutY, [0, u], [-1, u]) };
    case 'ave': {
      const half = tf.mul(dOutY, 0.5);
      return { Ey: half, EyB: half };
    }
    case 'mul':
      return { Ey: tf.mul(dOutY, atT(HB)), EyB: tf.mul(dOutY, atT(H)) };
    default:
      return { Ey: dOutY, EyB: dOutY };
  }
}

/**
 * ∂y_T/∂x_k for every k, [T, outDim, inputDim]: the pre-activation adjoints of y_T's sweep rows at
 * step k times kernelᵀ (x_k enters each pre-activation only through x_k·kernel). Bidirectional:
 * plus the backward direction's path, which reaches y_T from x_T alone (its first step, from the
 * zero state; `back.E` = ∂y_T/∂(its state at T)).
 */
export function connectivity(
  s: CheckedSpec,
  dyPre: tf.Tensor,
  wf: DirectionTensors,
  back: { fw: ForwardTensors; w: DirectionTensors; E: T2 } | null,
  kT: number,
): T2 {
  const { cell, units: u, steps: T, outDim: m, inputDim: d, recurrentActivation: act } = s;
  const J: T2 = tf.reshape(tf.matMul(tf.reshape(dyPre, [T * m, -1]), wf.K, false, true), [T, m, d]);
  if (!back) return J;
  const first = firstStep(back.fw);
  const r = vjpStep(cell, u, first, gateValues(cell, u, first.P, act), back.w, act)(back.E, cell === 'lstm' ? tf.zeros([m, u]) : undefined, 0);
  const JB = tf.matMul(r.dpre, back.w.K, false, true);
  const atKT = tf.tensor3d(
    Array.from({ length: T }, (_, t) => (t === kT ? 1 : 0)),
    [T, 1, 1],
  );
  return tf.add(J, tf.mul(atKT, tf.reshape(JB, [1, m, d])));
}

/** Step 0 of a direction's forward tensors (each [1, ·]). */
function firstStep(f: ForwardTensors): ForwardTensors {
  const row = (M: T2) => tf.slice(M, [0, 0], [1, -1]);
  const r: ForwardTensors = { H: row(f.H), Hprev: row(f.Hprev), P: row(f.P) };
  if (f.RecH) r.RecH = row(f.RecH);
  if (f.C) r.C = row(f.C);
  if (f.Cprev) r.Cprev = row(f.Cprev);
  return r;
}

/** The Frobenius norm of a matrix given as rows. */
export function frobenius(M: number[][]): number {
  let sum = 0;
  for (const row of M) for (const x of row) sum += x * x;
  return Math.sqrt(sum);
}
