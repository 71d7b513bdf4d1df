/**
 * Input connectivity (Trace.dyTdx, Trace.inputConnectivity): ∂y_T/∂x_k, computed by simulate() in
 * the same reverse sweep as ∂C_t/∂h_k, against central finite differences of the independent
 * float64 reference forward (engine-helpers/reference.ts) for random shapes (T, units, input size,
 * outputs), every cell (vanilla RNN, LSTM, GRU in both reset forms), both gate activations,
 * bidirectional with every merge, with and without a readout or targets, both sweep variants
 * (trimmed rows on the CPU, full rows as on WebGL) and padded shape buckets; and no tensor leaks.
 *
 * Tolerance as engine-fd.test.ts: the float64 FD is good to ~1e-9; the float32 engine's rounding
 * grows to ~1e-6 of the magnitudes over ≤ 8 steps; atol 2e-5 + rtol 2e-4 is orders of magnitude
 * below a real mistake (a missing gate path, a wrong step or direction shows up as O(1)).
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { LIMITS, simulate, type CellKind, type SimSpec } from '../../src/engine/index';
import { engineTestFlags as testHooks } from '../../src/engine/testHooks';
import { MERGES, RANDOM_CELLS, randomSpec, refForward } from './engine-helpers/reference';
import { expectClose } from './engine-helpers/expect';

afterEach(() => {
  delete testHooks.trimRows;
  delete testHooks.bucket;
});

/** ∂y_T/∂x_k by central differences of the float64 reference: [k][output j][input i]. */
function fdDyTdx(spec: SimSpec, eps = 1e-5): number[][][] {
  const T = spec.inputs.length;
  const d = spec.inputs[0].length;
  const yT = (inputs: number[][]) => refForward({ ...spec, inputs }).y[T - 1];
  const m = yT(spec.inputs).length;
  const J = Array.from({ length: T }, () => Array.from({ length: m }, () => new Array<number>(d).fill(0)));
  for (let k = 0; k < T; k++) {
    for (let i = 0; i < d; i++) {
      const shifted = (e: number) => spec.inputs.map((row, t) => (t === k ? row.map((v, c) => (c === i ? v + e : v)) : row.slice()));
      const plus = yT(shifted(eps));
      const minus = yT(shifted(-eps));
      for (let j = 0; j < m; j++) J[k][j][i] = (plus[j] - minus[j]) / (2 * eps);
    }
  }
  return J;
}

const frob = (M: number[][]) => Math.sqrt(M.flat().reduce((s, v) => s + v * v, 0));

async function check(spec: SimSpec, label: string) {
  const before = tf.memory().numTensors;
  const trace = await simulate(spec);
  expect(tf.memory().numTensors, `${label}: tensors leaked`).toBe(before);
  const fd = fdDyTdx(spec);
  expect(trace.dyTdx, label).toBeDefined();
  expectClose(trace.dyTdx, fd, 2e-5, 2e-4, `${label}: dyTdx vs finite differences`);
  expectClose(trace.inputConnectivity, fd.map(frob), 2e-5, 2e-4, `${label}: inputConnectivity vs ‖FD‖_F`);
  // a real signal, not a vacuous pass: with sigmoid gates y_T depends on x_T (saturated hardSigmoid
  // gates can cut that path exactly, as the finite differences agree)
  if (spec.recurrentActivation !== 'hardSigmoid') expect(trace.inputConnectivity![spec.inputs.length - 1], label).toBeGreaterThan(0);
  return trace;
}

describe('∂y_T/∂x_k matches float64 finite differences (random shapes)', () => {
  let seed = 24000;
  for (const { name, o } of RANDOM_CELLS) {
    for (const act of ['sigmoid', 'hardSigmoid'] as const) {
      if (o.cell === 'rnn' && act === 'hardSigmoid') continue;
      it(`${name}, ${act}: unidirectional (readout, none, no targets) and bidirectional, every merge`, async () => {
        const r = { ...o, recurrentActivation: o.cell === 'rnn' ? undefined : act, scale: act === 'hardSigmoid' ? 1.5 : 1 };
        for (let rep = 0; rep < 2; rep++) await check(randomSpec({ ...r, seed: seed++ }), `${name} uni #${rep}`);
        await check(randomSpec({ ...r, seed: seed++, readout: false }), `${name} no readout`);
        await check(randomSpec({ ...r, seed: seed++, targets: false }), `${name} no targets`);
        for (const merge of MERGES) {
          await check(randomSpec({ ...r, seed: seed++, bidirectional: true, merge }), `${name} bidirectional ${merge}`);
          await check(
            randomSpec({ ...r, seed: seed++, bidirectional: true, merge, readout: false, targets: false }),
            `${name} bidirectional ${merge}, bare`,
          );
        }
      });
    }
  }
});

describe('the same numbers from every sweep variant', () => {
  for (const { name, o } of RANDOM_CELLS) {
    it(`${name}: full rows (WebGL's sweep) and padded shape buckets (T, units, inputs and outputs padded)`, async () => {
      const specs = [
        randomSpec({ ...o, seed: 610, T: 7, units: 3, inputDim: 3, outDim: 3 }),
        randomSpec({
          ...o,
          seed: 611,
          T: 5,
          units: 5,
          inputDim: 2,
          bidirectional: true,
          merge: 'mul',
          recurrentActivation: 'hardSigmoid',
          scale: 1.5,
        }),
        randomSpec({ ...o, seed: 612, T: 13, units: 2, inputDim: 1, bidirectional: true, merge: 'concat', readout: false }),
        randomSpec({ ...o, seed: 613, T: 1 }),
      ];
      for (const [i, spec] of specs.entries()) {
        const trimmed = await check(spec, `${name} #${i} trimmed`);
        testHooks.trimRows = false;
        const full = await check(spec, `${name} #${i} full rows`);
        testHooks.bucket = true;
        const padded = await check(spec, `${name} #${i} full rows, bucketed`);
        testHooks.trimRows = true;
        const paddedTrimmed = await check(spec, `${name} #${i} trimmed, bucketed`);
        delete testHooks.trimRows;
        delete testHooks.bucket;
        expectClose(full.dyTdx, trimmed.dyTdx, 1e-6, 1e-5, 'full vs trimmed');
        expectClose(padded.dyTdx, trimmed.dyTdx, 1e-6, 1e-5, 'bucketed vs plain');
        expectClose(paddedTrimmed.dyTdx, trimmed.dyTdx, 1e-6, 1e-5, 'bucketed trimmed vs plain');
      }
    });
  }
});

describe('what the connectivity says', () => {
  it('shapes: [T][outputs][inputs] and one norm per step; the bidirectional backward path adds to k = T only', async () => {
    const spec = randomSpec({ cell: 'lstm', seed: 620, T: 6, units: 4, inputDim: 3, outDim: 2 });
    const { dyTdx, inputConnectivity } = await simulate(spec);
    expect(dyTdx!.map((Jk) => [Jk.length, Jk[0].length])).toEqual(new Array(6).fill([2, 3]));
    expect(inputConnectivity).toHaveLength(6);
    for (const cell of ['rnn', 'lstm', 'gru'] as CellKind[]) {
      const bi = randomSpec({ cell, seed: 621, T: 5, units: 3, bidirectional: true, merge: 'sum' });
      const fwOnly: SimSpec = { ...bi, backward: { ...bi.backward!, kernel: bi.backward!.kernel.map((r) => r.map(() => 0)) } };
      const [a, b] = [await simulate(bi), await simulate(fwOnly)];
      // with the backward direction blind to its inputs, only ∂y_T/∂x_T changes
      for (let k = 0; k < 4; k++) expectClose(a.dyTdx![k], b.dyTdx![k], 1e-6, 1e-5, `${cell} k = ${k + 1}`);
      expect(Math.abs(a.inputConnectivity![4] - b.inputConnectivity![4])).toBeGreaterThan(1e-3);
    }
  });

  it('a vanilla RNN with a small recurrent kernel forgets: ‖∂y_T/∂x_k‖ falls with the distance T − k', async () => {
    const spec = randomSpec({ cell: 'rnn', seed: 622, T: 8, units: 4, inputDim: 1, outDim: 1 });
    spec.weights.recurrentKernel = spec.weights.recurrentKernel.map((r) => r.map((v) => 0.3 * v));
    const { inputConnectivity: c } = await simulate(spec);
    for (let k = 1; k < 8; k++) expect(c![k]).toBeGreaterThan(c![k - 1]);
    expect(c![0]).toBeLessThan(1e-2 * c![7]);
  });

  it('specs past LIMITS.maxConnectivityEntries get none, and everything else as before', async () => {
    // T · outDim · (inputDim + units) = 20 · 512 · (256 + 1) > 2 million
    const T = 20;
    const d = 256;
    const m = 512;
    expect(T * m * (d + 1)).toBeGreaterThan(LIMITS.maxConnectivityEntries);
    const spec: SimSpec = {
      cell: 'rnn',
      units: 1,
      inputs: Array.from({ length: T }, (_, t) => new Array<number>(d).fill(0.01 * t)),
      weights: { kernel: Array.from({ length: d }, () => [0.01]), recurrentKernel: [[0.5]], bias: [0] },
      readout: { kernel: [new Array<number>(m).fill(0.1)], bias: new Array<number>(m).fill(0) },
    };
    const before = tf.memory().numTensors;
    const trace = await simulate(spec);
    expect(tf.memory().numTensors).toBe(before);
    expect(trace.dyTdx).toBeUndefined();
    expect(trace.inputConnectivity).toBeUndefined();
    expect(trace.y).toHaveLength(T);
  });
});
