/**
 * The training lab's maths (src/train): seeded task generators, the baseline, the sanitiser, the
 * tf.layers models and one training step, the written-out probe forward against model.predict,
 * and ‖∂C_T/∂h_k‖ against finite differences. tfjs CPU backend in Node.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../src/engine/init';
import { DEFAULT_CONFIG, MODELS, sanitizeConfig, type TrainConfig } from '../../src/train/config';
import { buildModel, disposeModel, evaluate, lossOf, perturbedLoss, probe, trainStep, HIST_BINS } from '../../src/train/model';
import { Race } from '../../src/train/race';
import { baselineLoss, makeBatch, TASK_INFO, TASKS, trainStream, validationSet } from '../../src/train/tasks';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

describe('task generators', () => {
  it('have the documented shapes for every task', () => {
    for (const kind of TASKS) {
      const b = makeBatch(kind, 12, 5, mulberry32(3));
      const info = TASK_INFO[kind];
      expect(b.x.length).toBe(5 * 12 * info.inputDim);
      expect(b.y.length).toBe(5 * info.outDim);
      expect([b.n, b.T, b.inputDim, b.outDim]).toEqual([5, 12, info.inputDim, info.outDim]);
    }
  });

  it('adding: values in [0, 1), exactly two markers (one per half), target = the marked sum in [0, 2]', () => {
    const T = 20;
    const b = makeBatch('adding', T, 200, mulberry32(11));
    for (let s = 0; s < b.n; s++) {
      const marked: number[] = [];
      let sum = 0;
      for (let t = 0; t < T; t++) {
        const v = b.x[(s * T + t) * 2];
        const m = b.x[(s * T + t) * 2 + 1];
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThan(1);
        expect([0, 1]).toContain(m);
        if (m === 1) {
          marked.push(t);
          sum += v;
        }
      }
      expect(marked).toHaveLength(2);
      expect(marked[0]).toBeLessThan(T / 2);
      expect(marked[1]).toBeGreaterThanOrEqual(T / 2);
      expect(b.y[s]).toBeCloseTo(sum, 6);
      expect(b.y[s]).toBeGreaterThanOrEqual(0);
      expect(b.y[s]).toBeLessThan(2);
    }
  });

  it('firstSymbol: one-hot steps, the target is the first step’s symbol', () => {
    const T = 15;
    const b = makeBatch('firstSymbol', T, 100, mulberry32(5));
    const d = b.inputDim;
    const seen = new Set<number>();
    for (let s = 0; s < b.n; s++) {
      for (let t = 0; t < T; t++) {
        const row = Array.from(b.x.slice((s * T + t) * d, (s * T + t + 1) * d));
        expect(row.reduce((a, v) => a + v, 0)).toBe(1);
      }
      const first = Array.from(b.x.slice(s * T * d, s * T * d + d));
      const y = Array.from(b.y.slice(s * d, (s + 1) * d));
      expect(y).toEqual(first);
      seen.add(y.indexOf(1));
    }
    expect(seen.size).toBe(4);
  });

  it('sine: values in [−1, 1] and the target continues the wave', () => {
    const T = 25;
    const b = makeBatch('sine', T, 50, mulberry32(9));
    for (let s = 0; s < b.n; s++) {
      for (let t = 0; t < T; t++) expect(Math.abs(b.x[s * T + t])).toBeLessThanOrEqual(1);
      expect(Math.abs(b.y[s])).toBeLessThanOrEqual(1);
      // a sine satisfies x_{t+1} = 2 cos ω x_t − x_{t−1}; recover cos ω from three steps and check the target
      const [a, bb, c] = [b.x[s * T + T - 3], b.x[s * T + T - 2], b.x[s * T + T - 1]];
      if (Math.abs(bb) > 0.2) {
        const twoCos = (a + c) / bb;
        expect(b.y[s]).toBeCloseTo(twoCos * c - bb, 3);
      }
    }
  });

  it('are deterministic per seed; training and validation data differ', () => {
    const a = trainStream('adding', 30, 8, 42);
    const b = trainStream('adding', 30, 8, 42);
    for (let i = 0; i < 3; i++) expect(Array.from(a().x)).toEqual(Array.from(b().x));
    const other = trainStream('adding', 30, 8, 43)();
    expect(Array.from(other.x)).not.toEqual(Array.from(trainStream('adding', 30, 8, 42)().x));
    const v1 = validationSet('adding', 30, 8, 42);
    const v2 = validationSet('adding', 30, 8, 42);
    expect(Array.from(v1.x)).toEqual(Array.from(v2.x));
    expect(Array.from(v1.x)).not.toEqual(Array.from(trainStream('adding', 30, 8, 42)().x));
  });

  it('the predict-the-mean baseline: ≈ 2/12 for adding, ≈ ln 4 for firstSymbol, ≈ 0.5 for sine', () => {
    const r = mulberry32(1);
    const base = (kind: 'adding' | 'firstSymbol' | 'sine') => baselineLoss(makeBatch(kind, 30, 4000, r), makeBatch(kind, 30, 4000, r));
    expect(base('adding')).toBeCloseTo(2 / 12, 1);
    expect(Math.abs(base('adding') - 2 / 12)).toBeLessThan(0.01);
    expect(Math.abs(base('firstSymbol') - Math.log(4))).toBeLessThan(0.01);
    expect(Math.abs(base('sine') - 0.5)).toBeLessThan(0.03);
  });
});

describe('settings', () => {
  it('clamps with a message and keeps good values', () => {
    const { config, messages } = sanitizeConfig({ T: 500, units: 0, learningRate: 'abc', optimizer: 'lbfgs', batchSize: 16.6, task: 'sine' });
    expect(config.T).toBe(100);
    expect(config.units).toBe(2);
    expect(config.learningRate).toBe(DEFAULT_CONFIG.learningRate);
    expect(config.optimizer).toBe(DEFAULT_CONFIG.optimizer);
    expect(config.batchSize).toBe(17);
    expect(config.task).toBe('sine');
    expect(messages).toHaveLength(5);
    expect(messages.join(' ')).toMatch(/T 500 is outside 10–100/);
    expect(sanitizeConfig({ T: 40 }).messages).toEqual([]);
  });
});

const small = (over: Partial<TrainConfig> = {}): TrainConfig => ({ ...DEFAULT_CONFIG, T: 10, units: 4, batchSize: 16, ...over });

describe('models', () => {
  it('are the tf.layers recurrent layer + dense with seeded, reproducible weights', () => {
    for (const c of MODELS) {
      const a = buildModel(c, small());
      const b = buildModel(c, small());
      expect(a.model.layers.map((l) => l.getClassName())).toEqual([{ rnn: 'SimpleRNN', lstm: 'LSTM', gru: 'GRU' }[c], 'Dense']);
      const G = { rnn: 1, lstm: 4, gru: 3 }[c];
      expect(a.model.layers[0].getWeights().map((w) => w.shape)).toEqual([[2, G * 4], [4, G * 4], [G * 4]]);
      a.model.getWeights().forEach((w, i) => expect(Array.from(w.dataSync())).toEqual(Array.from(b.model.getWeights()[i].dataSync())));
      if (c === 'lstm') expect(Array.from(a.model.layers[0].getWeights()[2].dataSync()).slice(4, 8)).toEqual([1, 1, 1, 1]);
      disposeModel(a);
      disposeModel(b);
    }
  });

  it.each(MODELS)('%s: one training step lowers the loss on a fixed batch (every task)', (c) => {
    for (const task of TASKS) {
      const m = buildModel(c, small({ task, learningRate: 0.01 }));
      const batch = makeBatch(task, 10, 16, mulberry32(2));
      const before = evaluate(m, batch);
      const { loss, gradNorm } = trainStep(m, batch);
      expect(loss).toBeCloseTo(before, 5);
      expect(gradNorm).toBeGreaterThan(0);
      expect(evaluate(m, batch)).toBeLessThan(before);
      disposeModel(m);
    }
  });

  it.each(MODELS)('%s: the probe’s written-out forward equals model.predict (sigmoid and hardSigmoid gates)', (c) => {
    for (const act of ['sigmoid', 'hardSigmoid'] as const) {
      const m = buildModel(c, small({ recurrentActivation: act }));
      const b = makeBatch('adding', 10, 6, mulberry32(4));
      for (let i = 0; i < 3; i++) trainStep(m, makeBatch('adding', 10, 16, mulberry32(10 + i)));
      const p = probe(m, b);
      const pred = tf.tidy(() => (m.model.predict(tf.tensor3d(b.x, [6, 10, 2])) as tf.Tensor).arraySync() as number[][]);
      p.outputs.forEach((row, s) => row.forEach((v, j) => expect(v).toBeCloseTo(pred[s][j], 5)));
      expect(p.gradNorm).toHaveLength(10);
      if (c === 'rnn') expect(Object.keys(p.gates)).toEqual([]);
      else {
        expect(Object.keys(p.gates).sort()).toEqual(c === 'lstm' ? ['f', 'i', 'o'] : ['r', 'z']);
        for (const counts of Object.values(p.gates)) {
          expect(counts).toHaveLength(HIST_BINS);
          expect(counts.reduce((a, n) => a + n, 0)).toBe(6 * 10 * 4);
        }
      }
      disposeModel(m);
    }
  });

  it.each(MODELS)('%s: ‖∂C_T/∂h_k‖ matches central finite differences in h_k, and the analytic value at k = T', (c) => {
    const m = buildModel(c, small());
    for (let i = 0; i < 5; i++) trainStep(m, makeBatch('adding', 10, 16, mulberry32(20 + i)));
    const b = makeBatch('adding', 10, 1, mulberry32(8));
    const p = probe(m, b);
    const T = 10;
    const u = 4;
    const zeros = () => Array.from({ length: T }, () => [new Array<number>(u).fill(0)]);
    const delta = 1e-2;
    for (const dist of [0, 3, 7]) {
      const k = T - 1 - dist;
      const g: number[] = [];
      for (let j = 0; j < u; j++) {
        const plus = zeros();
        const minus = zeros();
        plus[k][0][j] = delta;
        minus[k][0][j] = -delta;
        g.push((perturbedLoss(m, b, plus) - perturbedLoss(m, b, minus)) / (2 * delta));
      }
      const fd = Math.hypot(...g);
      expect(Math.abs(p.gradNorm[dist] - fd)).toBeLessThan(0.02 * fd + 1e-4);
    }
    // distance 0 is the last step: there ∂C/∂h_T = 2 (y − GT) · Dense kernel, exactly
    const y = tf.tidy(() => (m.model.predict(tf.tensor3d(b.x, [1, 10, 2])) as tf.Tensor).dataSync()[0]);
    const dk = m.model.layers[1].getWeights()[0].dataSync();
    expect(p.gradNorm[0]).toBeCloseTo(Math.abs(2 * (y - b.y[0])) * Math.hypot(...Array.from(dk)), 4);
    disposeModel(m);
  });

  it('lossOf: cross-entropy of uniform logits is ln K', () => {
    const v = tf.tidy(() => lossOf('crossEntropy', tf.zeros([3, 4]), tf.oneHot([0, 1, 2], 4).toFloat()).dataSync()[0]);
    expect(v).toBeCloseTo(Math.log(4), 5);
  });
});

describe('race', () => {
  it('trains all three on the same batches, evaluates every 10 steps, is reproducible and leaks no tensors', () => {
    const before = tf.memory().numTensors;
    const run = () => {
      const r = new Race(small({ stepBudget: 20 }));
      const evals = [];
      while (!r.finished()) {
        const { eval: e } = r.stepOnce();
        if (e) evals.push(e);
      }
      r.probeAll();
      const state = JSON.parse(JSON.stringify(r.state));
      for (const c of MODELS) delete state[c].msPerStep; // wall time differs run to run
      const out = { evals, state, baseline: r.baseline };
      r.dispose();
      return out;
    };
    const a = run();
    const mid = tf.memory().numTensors;
    const b = run();
    expect(a.evals.map((e) => e.step)).toEqual([10, 20]);
    expect(b).toEqual(a);
    expect(a.state.gru.steps).toBe(20);
    expect(tf.memory().numTensors).toBe(mid);
    expect(mid).toBe(before);
  });

  it('a diverging model stops with a reason while the others go on', () => {
    const r = new Race(small({ stepBudget: 6 }));
    // poison the vanilla RNN's recurrent kernel: its loss becomes NaN
    const rk = r.models.rnn!.vars[1];
    rk.assign(tf.fill(rk.shape, NaN));
    while (!r.finished()) r.stepOnce();
    expect(r.state.rnn.diverged).toMatch(/NaN \(not a number\) at step 1/);
    expect(r.state.rnn.steps).toBe(1);
    expect(r.state.lstm.steps).toBe(6);
    expect(r.state.gru.steps).toBe(6);
    expect(r.live()).toEqual(['lstm', 'gru']);
    r.dispose();
  });

  it('trainedWeights: plain arrays in the Keras layout with one validation sequence', () => {
    const r = new Race(small({ stepBudget: 2 }));
    r.stepOnce();
    const w = r.trainedWeights('gru')!;
    expect(w.kernel).toHaveLength(2);
    expect(w.kernel[0]).toHaveLength(12);
    expect(w.recurrentKernel).toHaveLength(4);
    expect(w.inputs).toHaveLength(10);
    expect(w.inputs[0]).toHaveLength(2);
    expect(w.step).toBe(1);
    r.dispose();
  });
});
