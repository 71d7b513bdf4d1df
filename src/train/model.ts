/**
 * The models of the training lab, built with the same tf.layers code the TensorFlow section shows
 * (a recurrent layer + a dense readout), seeded with the engine's Keras-style initialiser so the
 * same seed gives the same starting weights on every backend; one training step; and the probes
 * the live views draw (‖∂C_T/∂h_k‖ against distance, gate-value histograms).
 *
 * Pure TypeScript over tfjs (no DOM, no React): it runs in Node (the unit tests, the default's
 * measurement script) and in the training Web Worker. Tensors never leave it.
 */
// The union package, as in the TensorFlow section's code (tf.sequential, tf.layers.*); it also
// registers the chained tensor methods tf.layers relies on.
import * as tf from '@tensorflow/tfjs';
import { initReadout, initWeights } from '../engine/init';
import { HIST_BINS, type CellKind, type GateActivation, type OptimizerKind, type TrainConfig } from './config';

export { HIST_BINS };
import { TASK_INFO, type Batch, type LossKind } from './tasks';

export interface Model {
  cell: CellKind;
  units: number;
  loss: LossKind;
  recurrentActivation: GateActivation;
  model: tf.Sequential;
  optimizer: tf.Optimizer;
  clipnorm: number;
  vars: tf.Variable[];
}

export function makeOptimizer(kind: OptimizerKind, lr: number): tf.Optimizer {
  if (kind === 'adam') return tf.train.adam(lr);
  if (kind === 'rmsprop') return tf.train.rmsprop(lr, 0.9);
  return tf.train.sgd(lr);
}

/** The tf.layers model for `cell`, with seeded weights. */
export function buildModel(cell: CellKind, cfg: TrainConfig): Model {
  const info = TASK_INFO[cfg.task];
  const { units } = cfg;
  const inputShape = [cfg.T, info.inputDim];
  const model = tf.sequential();
  // tidy: building a layer runs its initialisers, and tf.layers' unitForgetBias initialiser leaves
  // 4 intermediate tensors behind per LSTM; the weight variables themselves survive a tidy.
  tf.tidy(() => {
    if (cell === 'rnn') model.add(tf.layers.simpleRNN({ units, inputShape }));
    else if (cell === 'lstm')
      model.add(tf.layers.lstm({ units, inputShape, recurrentActivation: cfg.recurrentActivation, unitForgetBias: cfg.unitForgetBias }));
    else model.add(tf.layers.gru({ units, inputShape, recurrentActivation: cfg.recurrentActivation }));
    model.add(tf.layers.dense({ units: info.outDim }));
  });
  // Seeded, backend-independent starting weights (Glorot-uniform kernel, orthogonal recurrent
  // kernel, zero bias; LSTM forget bias 1 with unitForgetBias, as Keras).
  const w = initWeights({ cell, inputDim: info.inputDim, units, seed: cfg.seed, forgetBias: cell === 'lstm' && cfg.unitForgetBias ? 1 : 0 });
  const r = initReadout({ inputDim: units, outDim: info.outDim, seed: cfg.seed + 2003 });
  tf.tidy(() => {
    model.layers[0].setWeights([
      tf.tensor2d(w.kernel),
      tf.tensor2d(w.recurrentKernel),
      tf.tensor1d(w.bias as number[]) /* one bias row: tf.layers GRUs have no resetAfter */,
    ]);
    model.layers[1].setWeights([tf.tensor2d(r.kernel), tf.tensor1d(r.bias)]);
  });
  const vars = model.trainableWeights.map((v) => v.read() as tf.Variable);
  return {
    cell,
    units,
    loss: info.loss,
    recurrentActivation: cfg.recurrentActivation,
    model,
    optimizer: makeOptimizer(cfg.optimizer, cfg.learningRate),
    clipnorm: cfg.clipnorm,
    vars,
  };
}

export function disposeModel(m: Model): void {
  m.optimizer.dispose();
  m.model.dispose();
}

/** Mean loss of predictions `pred` ([n, outDim]; logits for cross-entropy) against `y`. */
export function lossOf(kind: LossKind, pred: tf.Tensor, y: tf.Tensor): tf.Scalar {
  return kind === 'mse' ? tf.losses.meanSquaredError(y, pred) : tf.losses.softmaxCrossEntropy(y, pred);
}

function batchTensors(b: Batch): { x: tf.Tensor3D; y: tf.Tensor2D } {
  return { x: tf.tensor3d(b.x, [b.n, b.T, b.inputDim]), y: tf.tensor2d(b.y, [b.n, b.outDim]) };
}

/** The loss on a batch without training (validation). */
export function evaluate(m: Model, b: Batch): number {
  const v = tf.tidy(() => {
    const { x, y } = batchTensors(b);
    return lossOf(m.loss, m.model.predict(x) as tf.Tensor, y);
  });
  const out = v.dataSync()[0];
  v.dispose();
  return out;
}

/**
 * One training step on a batch: the loss's gradients with respect to the model's weights, each
 * clipped to norm ≤ clipnorm (Keras' per-weight `clipnorm`) when clipnorm > 0, applied by the
 * optimizer. Returns the batch loss before the update and the global gradient norm.
 */
export function trainStep(m: Model, b: Batch): { loss: number; gradNorm: number } {
  const res = tf.tidy(() => {
    const { x, y } = batchTensors(b);
    const { value, grads } = tf.variableGrads(() => lossOf(m.loss, m.model.apply(x, { training: true }) as tf.Tensor, y), m.vars);
    const sq: tf.Tensor[] = [];
    const clipped: Record<string, tf.Tensor> = {};
    for (const name of Object.keys(grads)) {
      const g = grads[name];
      const n2 = tf.sum(tf.square(g));
      sq.push(n2);
      clipped[name] = m.clipnorm > 0 ? tf.mul(g, tf.minimum(1, tf.div(m.clipnorm, tf.maximum(tf.sqrt(n2), 1e-12)))) : g;
    }
    m.optimizer.applyGradients(clipped as tf.NamedTensorMap);
    return tf.stack([value, tf.sqrt(tf.addN(sq))]);
  });
  const [loss, gradNorm] = res.dataSync();
  res.dispose();
  return { loss, gradNorm };
}

/** Current weights as plain arrays in the Keras layout, for the cell simulators. */
export function exportWeights(m: Model): {
  kernel: number[][];
  recurrentKernel: number[][];
  bias: number[];
  readout: { kernel: number[][]; bias: number[] };
} {
  const [k, rk, b] = m.model.layers[0].getWeights();
  const [dk, db] = m.model.layers[1].getWeights();
  return {
    kernel: k.arraySync() as number[][],
    recurrentKernel: rk.arraySync() as number[][],
    bias: b.arraySync() as number[],
    readout: { kernel: dk.arraySync() as number[][], bias: db.arraySync() as number[] },
  };
}

// ---- probes: the same cell maths as tf.layers, written out so h_k can be perturbed ----

function gateAct(p: tf.Tensor, act: GateActivation): tf.Tensor {
  return act === 'sigmoid' ? tf.sigmoid(p) : tf.clipByValue(tf.add(tf.mul(p, 0.2), 0.5), 0, 1);
}

interface Unrolled {
  /** readout output [n, outDim] */
  out: tf.Tensor;
  gates: Record<string, tf.Tensor[]>;
}

/**
 * Runs the cell over x ([n, T, d]) as tf.layers does, adding eps[k] ([n, units]) to h_k after each
 * step k (zeros leave the result unchanged): the gradient of the loss with respect to eps[k] is
 * then the total derivative ∂C_T/∂h_k through every later step (the LSTM's c_k held fixed).
 */
function unroll(m: Model, x: tf.Tensor3D, eps: tf.Tensor | null, keepGates: boolean): Unrolled {
  const [n, T] = x.shape;
  const u = m.units;
  const [K, U, b] = m.vars.slice(0, 3);
  const [Dk, Db] = m.vars.slice(3, 5);
  const XW = tf.add(tf.matMul(tf.reshape(x, [n * T, x.shape[2]]), K), b).reshape([n, T, -1]);
  const xs = tf.unstack(XW, 1) as tf.Tensor2D[];
  const es = eps ? (tf.unstack(eps, 0) as tf.Tensor2D[]) : null;
  let h: tf.Tensor = tf.zeros([n, u]);
  let c: tf.Tensor = tf.zeros([n, u]);
  const gates: Record<string, tf.Tensor[]> = {};
  const keep = (name: string, v: tf.Tensor) => {
    if (keepGates) (gates[name] ??= []).push(v);
  };
  const act = m.recurrentActivation;
  for (let k = 0; k < T; k++) {
    if (m.cell === 'rnn') {
      h = tf.tanh(tf.add(xs[k], tf.matMul(h, U)));
    } else if (m.cell === 'lstm') {
      const p = tf.add(xs[k], tf.matMul(h, U));
      const [pi, pf, pc, po] = tf.split(p, 4, 1);
      const i = gateAct(pi, act);
      const f = gateAct(pf, act);
      const o = gateAct(po, act);
      c = tf.add(tf.mul(f, c), tf.mul(i, tf.tanh(pc)));
      h = tf.mul(o, tf.tanh(c));
      keep('i', i);
      keep('f', f);
      keep('o', o);
    } else {
      const [xz, xr, xh] = tf.split(xs[k], 3, 1);
      const [Uz, Ur, Uh] = tf.split(U, 3, 1);
      const z = gateAct(tf.add(xz, tf.matMul(h, Uz)), act);
      const r = gateAct(tf.add(xr, tf.matMul(h, Ur)), act);
      const hh = tf.tanh(tf.add(xh, tf.matMul(tf.mul(r, h), Uh)));
      h = tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), hh));
      keep('z', z);
      keep('r', r);
    }
    if (es) h = tf.add(h, es[k]);
  }
  return { out: tf.add(tf.matMul(h, Dk), Db), gates };
}

/** Per-sequence losses [n] summed: Σ_b C_T^(b). */
function summedLoss(kind: LossKind, out: tf.Tensor, y: tf.Tensor): tf.Scalar {
  if (kind === 'mse') return tf.sum(tf.mean(tf.square(tf.sub(out, y)), 1)) as tf.Scalar;
  return tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(out)))) as tf.Scalar;
}

/** Σ_b C_T^(b) with eps ([T, n, units]) added to every h_k: the function the probe differentiates. */
export function perturbedLoss(m: Model, b: Batch, eps: number[][][]): number {
  return tf.tidy(() => {
    const { x, y } = batchTensors(b);
    return summedLoss(m.loss, unroll(m, x, tf.tensor3d(eps), false).out, y).dataSync()[0];
  });
}

/** The probe's output for the model: plain numbers. */
export interface ProbeResult {
  /** [distance T − k] = mean over the probe sequences of ‖∂C_T/∂h_k‖ (distance 0 = the last step) */
  gradNorm: number[];
  /** gate name → counts in HIST_BINS equal bins over [0, 1] (all steps, sequences and units) */
  gates: Record<string, number[]>;
  /** the written-out forward's outputs ([n][outDim]); must equal model.predict (checked in tests) */
  outputs: number[][];
}

export function probe(m: Model, b: Batch): ProbeResult {
  const u = m.units;
  return tf.tidy(() => {
    const { x, y } = batchTensors(b);
    const eps = tf.zeros([b.T, b.n, u]);
    const g = tf.grad((e: tf.Tensor) => summedLoss(m.loss, unroll(m, x, e, false).out, y))(eps);
    // [T, n] norms → mean over sequences → reversed so index = distance T − k
    const norms = tf.mean(tf.sqrt(tf.sum(tf.square(g), 2)), 1).dataSync();
    const gradNorm = Array.from(norms).reverse();
    const fw = unroll(m, x, null, true);
    const gates: Record<string, number[]> = {};
    for (const [name, list] of Object.entries(fw.gates)) {
      const vals = tf.concat(list.map((t) => t.flatten())).dataSync();
      const counts = new Array<number>(HIST_BINS).fill(0);
      for (let i = 0; i < vals.length; i++) counts[Math.min(HIST_BINS - 1, Math.max(0, Math.floor(vals[i] * HIST_BINS)))]++;
      gates[name] = counts;
    }
    return { gradNorm, gates, outputs: fw.out.arraySync() as number[][] };
  });
}
