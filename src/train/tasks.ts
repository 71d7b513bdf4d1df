/**
 * Seeded task generators for the training lab, in plain JS (no tfjs): the same seed always gives
 * the same sequences. Every batch is row-major: x is [n, T, inputDim], y is [n, outDim].
 *
 * - adding (Hochreiter & Schmidhuber 1997): each step is (value ~ U(0, 1), marker ∈ {0, 1}); exactly
 *   two markers, one in the first half and one in the second; the target is the sum of the two
 *   marked values (so in [0, 2]). Always predicting the mean (1) scores MSE = 2/12 ≈ 0.167.
 * - firstSymbol: each step is one of K = 4 symbols, one-hot; the class to predict is the FIRST
 *   symbol, after T − 1 distracting ones. Predicting the class frequencies scores cross-entropy
 *   ln 4 ≈ 1.386 (nats).
 * - sine (warm-up): x_t = sin(ω t + φ) with ω ~ U(0.15, 0.6), φ ~ U(0, 2π); the target is the next
 *   value. Predicting the mean scores MSE ≈ 0.5.
 */
import { mulberry32 } from '../engine/init';

export type TaskKind = 'adding' | 'firstSymbol' | 'sine';
export type LossKind = 'mse' | 'crossEntropy';

export const TASKS: TaskKind[] = ['adding', 'firstSymbol', 'sine'];

export interface TaskInfo {
  kind: TaskKind;
  label: string;
  loss: LossKind;
  inputDim: number;
  outDim: number;
  /** one sentence for the UI */
  about: string;
}

export const FIRST_SYMBOL_CLASSES = 4;

export const TASK_INFO: Record<TaskKind, TaskInfo> = {
  adding: {
    kind: 'adding',
    label: 'Adding problem',
    loss: 'mse',
    inputDim: 2,
    outDim: 1,
    about: 'Each step is a (value, marker) pair; the answer is the sum of the two marked values, one in each half of the sequence.',
  },
  firstSymbol: {
    kind: 'firstSymbol',
    label: 'Remember the first symbol',
    loss: 'crossEntropy',
    inputDim: FIRST_SYMBOL_CLASSES,
    outDim: FIRST_SYMBOL_CLASSES,
    about: 'Each step shows one of 4 symbols; the answer is the symbol seen at the very first step.',
  },
  sine: {
    kind: 'sine',
    label: 'Next value of a sine (warm-up)',
    loss: 'mse',
    inputDim: 1,
    outDim: 1,
    about: 'Each sequence is a sine wave of random frequency and phase; the answer is its next value. Short memory suffices.',
  },
};

export interface Batch {
  kind: TaskKind;
  n: number;
  T: number;
  inputDim: number;
  outDim: number;
  /** [n, T, inputDim] row-major */
  x: Float32Array;
  /** [n, outDim] row-major (one-hot for firstSymbol) */
  y: Float32Array;
}

function whole(v: number, name: string, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, but it is ${String(v)}.`);
  return v;
}

/** n sequences of length T of `kind`, drawn from `rand` (a uniform [0, 1) source). */
export function makeBatch(kind: TaskKind, T: number, n: number, rand: () => number): Batch {
  const info = TASK_INFO[kind];
  if (!info) throw new Error(`Unknown task ${String(kind)}.`);
  whole(T, 'T', 2, 10_000);
  whole(n, 'n', 1, 1_000_000);
  const { inputDim: d, outDim: o } = info;
  const x = new Float32Array(n * T * d);
  const y = new Float32Array(n * o);
  const half = Math.floor(T / 2);
  for (let s = 0; s < n; s++) {
    const base = s * T * d;
    if (kind === 'adding') {
      const a = Math.min(half - 1, Math.floor(rand() * half));
      const b = half + Math.min(T - half - 1, Math.floor(rand() * (T - half)));
      let sum = 0;
      for (let t = 0; t < T; t++) {
        const v = rand();
        x[base + t * 2] = v;
        if (t === a || t === b) {
          x[base + t * 2 + 1] = 1;
          sum += v;
        }
      }
      y[s] = sum;
    } else if (kind === 'firstSymbol') {
      for (let t = 0; t < T; t++) {
        const sym = Math.min(d - 1, Math.floor(rand() * d));
        x[base + t * d + sym] = 1;
        if (t === 0) y[s * o + sym] = 1;
      }
    } else {
      const w = 0.15 + 0.45 * rand();
      const phi = 2 * Math.PI * rand();
      for (let t = 0; t < T; t++) x[base + t] = Math.sin(w * t + phi);
      y[s] = Math.sin(w * T + phi);
    }
  }
  return { kind, n, T, inputDim: d, outDim: o, x, y };
}

/** Seed offset: the training stream and the validation set never share a PRNG stream. */
export const VALIDATION_SEED_OFFSET = 0x9e3779b1;

/** An endless, seeded stream of training batches. */
export function trainStream(kind: TaskKind, T: number, batchSize: number, seed: number): () => Batch {
  const rand = mulberry32(Math.trunc(seed));
  return () => makeBatch(kind, T, batchSize, rand);
}

/** The fixed validation set (its own seed stream, disjoint from training). */
export function validationSet(kind: TaskKind, T: number, n: number, seed: number): Batch {
  return makeBatch(kind, T, n, mulberry32((Math.trunc(seed) ^ VALIDATION_SEED_OFFSET) >>> 0));
}

/**
 * The "predict the mean" baseline on a validation set: the loss of always answering the mean target
 * of a training sample (MSE), or the training class frequencies (cross-entropy, natural log).
 */
export function baselineLoss(train: Batch, val: Batch): number {
  const o = train.outDim;
  const mean = new Float64Array(o);
  for (let s = 0; s < train.n; s++) for (let j = 0; j < o; j++) mean[j] += train.y[s * o + j] / train.n;
  let total = 0;
  if (TASK_INFO[train.kind].loss === 'mse') {
    for (let s = 0; s < val.n; s++) for (let j = 0; j < o; j++) total += (val.y[s * o + j] - mean[j]) ** 2;
    return total / (val.n * o);
  }
  const eps = 1e-7;
  for (let s = 0; s < val.n; s++) for (let j = 0; j < o; j++) total -= val.y[s * o + j] * Math.log(Math.max(eps, mean[j]));
  return total / val.n;
}
