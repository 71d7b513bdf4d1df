/**
 * Issue 7: the LSTM's ∂C_t/∂c_k (Trace.dCdc) and the reset-after GRU (SimSpec.resetAfter), against
 * central finite differences of the independent float64 reference (engine-helpers/reference.ts),
 * on random shapes, both recurrent activations, unidirectional and bidirectional; the bad-input
 * cases; no tensor leaks. Tolerances as engine-fd.test.ts (float32 engine vs ~1e-9 accurate FD).
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { initWeights, simulate, SimSpecError, type SimSpec } from '../../src/engine/index';
import { engineTestFlags as testHooks } from '../../src/engine/testHooks';
import { fdDcdc, fdDcdh, fdGrads, randomSpec, refForward } from './engine-helpers/reference';
import { expectClose } from './engine-helpers/expect';

const ACTS = ['sigmoid', 'hardSigmoid'] as const;
const MERGES: NonNullable<SimSpec['merge']>[] = ['concat', 'sum', 'ave', 'mul'];

async function checkAgainstReference(spec: SimSpec) {
  const tr = await simulate(spec);
  const ref = refForward(spec);
  expectClose(tr.h, ref.h, 2e-6, 1e-5, 'h vs float64');
  if (spec.backward) expectClose(tr.hBackward, ref.hb, 2e-6, 1e-5, 'hBackward vs float64');
  expectClose(tr.y, ref.y, 2e-6, 1e-5, 'y vs float64');
  expectClose(tr.loss, ref.loss, 2e-6, 1e-5, 'loss vs float64');
  expectClose(tr.dCdh, fdDcdh(spec), 2e-5, 2e-4, 'dCdh vs finite differences');
  if (spec.cell === 'lstm') expectClose(tr.dCdc, fdDcdc(spec), 2e-5, 2e-4, 'dCdc vs finite differences');
  else expect(tr.dCdc).toBeUndefined();
  expectClose(tr.grads, fdGrads(spec), 2e-5, 2e-4, 'weight grads vs finite differences');
  return tr;
}

describe('LSTM dCdc = ∂C_t/∂c_k (perturbation before h_k = o_k ⊙ tanh c_k)', () => {
  let seed = 7100;
  for (const act of ACTS) {
    it(`${act}: random shapes, unidirectional and every merge, both sweep variants`, async () => {
      const r = { recurrentActivation: act, scale: act === 'hardSigmoid' ? 1.5 : 1 };
      const specs = [
        randomSpec({ cell: 'lstm', seed: seed++, ...r }),
        randomSpec({ cell: 'lstm', seed: seed++, readout: false, ...r }),
        ...MERGES.map((merge) => randomSpec({ cell: 'lstm', seed: seed++, bidirectional: true, merge, ...r })),
      ];
      for (const spec of specs) {
        const trimmed = await checkAgainstReference(spec);
        testHooks.trimRows = false;
        try {
          const full = await checkAgainstReference(spec);
          expectClose(full.dCdc, trimmed.dCdc, 1e-6, 1e-5, 'dCdc full rows vs trimmed');
        } finally {
          delete testHooks.trimRows;
        }
      }
    });
  }

  it('is shaped like dCdh, exactly 0 for k > t, and at k = t equals ∂C_t/∂h_t · o_t (1 − tanh² c_t)', async () => {
    const spec = randomSpec({ cell: 'lstm', seed: 7177, T: 6, units: 3 });
    const tr = await simulate(spec);
    const dc = tr.dCdc!;
    expect(dc.length).toBe(6);
    for (let t = 0; t < 6; t++) {
      expect(dc[t].length).toBe(6);
      for (let k = 0; k < 6; k++) {
        expect(dc[t][k].length).toBe(3);
        if (k > t) expect(dc[t][k].every((v) => v === 0)).toBe(true);
      }
      // at k = t only the path through h_t exists
      for (let j = 0; j < 3; j++) {
        const o = tr.gates.o[t][j];
        const tc = Math.tanh(tr.c![t][j]);
        expect(dc[t][t][j]).toBeCloseTo(tr.dCdh[t][t][j] * o * (1 - tc * tc), 6);
      }
    }
  });

  it('forget bias 3 keeps ‖∂C_T/∂c_k‖ alive where bias 0 lets it vanish (the gradient highway)', async () => {
    const norm = (v: number[]) => Math.hypot(...v);
    const T = 30;
    const base = { cell: 'lstm' as const, inputDim: 1, units: 8, seed: 7 };
    const inputs = Array.from({ length: T }, (_, t) => [Math.sin(t / 2)]);
    const far = async (forgetBias: number) => {
      const spec: SimSpec = {
        cell: 'lstm',
        units: 8,
        inputs,
        weights: initWeights({ ...base, forgetBias }),
        targets: inputs.map(() => Array(8).fill(0.1)),
      };
      const tr = await simulate(spec);
      return norm(tr.dCdc![T - 1][0]) / norm(tr.dCdc![T - 1][T - 1]);
    };
    const f0 = await far(0);
    const f3 = await far(3);
    expect(f3).toBeGreaterThan(1000 * f0);
    expect(f3).toBeGreaterThan(0.05);
  });

  it('without targets dCdc is [] (like dCdh); other cells have no dCdc', async () => {
    const tr = await simulate(randomSpec({ cell: 'lstm', seed: 7188, targets: false }));
    expect(tr.dCdc).toEqual([]);
    expect((await simulate(randomSpec({ cell: 'gru', seed: 7189 }))).dCdc).toBeUndefined();
    expect((await simulate(randomSpec({ cell: 'rnn', seed: 7190 }))).dCdc).toBeUndefined();
  });
});

describe('GRU resetAfter (Keras default, PyTorch): two-row bias, matching grads', () => {
  let seed = 7300;
  for (const act of ACTS) {
    it(`${act}: random shapes, unidirectional and every merge, both sweep variants`, async () => {
      const r = { recurrentActivation: act, scale: act === 'hardSigmoid' ? 1.5 : 1, resetAfter: true };
      const specs = [
        randomSpec({ cell: 'gru', seed: seed++, ...r }),
        randomSpec({ cell: 'gru', seed: seed++, readout: false, ...r }),
        ...MERGES.map((merge) => randomSpec({ cell: 'gru', seed: seed++, bidirectional: true, merge, ...r })),
      ];
      for (const spec of specs) {
        const trimmed = await checkAgainstReference(spec);
        const u = spec.units;
        expect(trimmed.grads.bias.length).toBe(2);
        expect((trimmed.grads.bias as number[][]).every((row) => row.length === 3 * u)).toBe(true);
        testHooks.trimRows = false;
        try {
          const full = await checkAgainstReference(spec);
          expectClose(full.grads, trimmed.grads, 1e-6, 1e-5, 'grads full rows vs trimmed');
        } finally {
          delete testHooks.trimRows;
        }
      }
    });
  }

  it('matches the hand-written candidate tanh(x·K_h + b_in + r ⊙ (h·R_h + b_rec)) and differs from the reset-before form', async () => {
    const spec = randomSpec({ cell: 'gru', seed: 7350, T: 4, units: 3, inputDim: 2, resetAfter: true });
    const tr = await simulate(spec);
    const u = 3;
    const [bIn, bRec] = spec.weights.bias as number[][];
    for (let t = 0; t < 4; t++) {
      const hPrev = t === 0 ? [0, 0, 0] : tr.h[t - 1];
      for (let j = 0; j < u; j++) {
        const c = 2 * u + j;
        const xs = spec.inputs[t].reduce((s, x, i) => s + x * spec.weights.kernel[i][c], bIn[c]);
        const hs = hPrev.reduce((s, h, i) => s + h * spec.weights.recurrentKernel[i][c], bRec[c]);
        expect(tr.gates.hh[t][j]).toBeCloseTo(Math.tanh(xs + tr.gates.r[t][j] * hs), 5);
      }
    }
    // the same numbers with the biases summed into one row, reset before the product: a different cell
    const before: SimSpec = { ...spec, resetAfter: undefined, weights: { ...spec.weights, bias: bIn.map((b, i) => b + bRec[i]) } };
    delete before.resetAfter;
    const trB = await simulate(before);
    // z and r agree at t = 1 (h_0 = 0, biases add up), the candidate differs from t = 2 on
    expectClose(trB.gates.z[0], tr.gates.z[0], 1e-6, 1e-5, 'z at t = 1');
    const diff = Math.max(...tr.h[3].map((v, j) => Math.abs(v - trB.h[3][j])));
    expect(diff).toBeGreaterThan(1e-4);
  });

  it('initWeights({resetAfter: true}) gives the two zero bias rows, and simulate accepts it', async () => {
    const w = initWeights({ cell: 'gru', inputDim: 1, units: 4, seed: 3, resetAfter: true });
    expect(w.bias).toEqual([Array(12).fill(0), Array(12).fill(0)]);
    const same = initWeights({ cell: 'gru', inputDim: 1, units: 4, seed: 3 });
    expect(w.kernel).toEqual(same.kernel);
    expect(w.recurrentKernel).toEqual(same.recurrentKernel);
    const tr = await simulate({
      cell: 'gru',
      units: 4,
      inputs: [[1], [0]],
      weights: w,
      resetAfter: true,
      targets: [
        [0, 0, 0, 0],
        [0, 0, 0, 0],
      ],
    });
    expect(tr.grads.bias.length).toBe(2);
    expect(() => initWeights({ cell: 'lstm', inputDim: 1, units: 4, seed: 3, resetAfter: true })).toThrow(/only to a GRU/);
  });

  it('without targets grads.bias is two zero rows', async () => {
    const spec = randomSpec({ cell: 'gru', seed: 7360, T: 3, units: 2, resetAfter: true, targets: false });
    const tr = await simulate(spec);
    expect(tr.grads.bias).toEqual([Array(6).fill(0), Array(6).fill(0)]);
  });
});

describe('bad input: resetAfter on the wrong cell or with the wrong bias is an Error naming the field', () => {
  const cases: [string, () => SimSpec, string, RegExp[]][] = [
    ['resetAfter on an RNN', () => ({ ...randomSpec({ cell: 'rnn', seed: 1, T: 3 }), resetAfter: true }), 'resetAfter', [/only to a GRU/, /'rnn'/]],
    [
      'resetAfter on an LSTM',
      () => ({ ...randomSpec({ cell: 'lstm', seed: 1, T: 3 }), resetAfter: true }),
      'resetAfter',
      [/only to a GRU/, /'lstm'/],
    ],
    ['resetAfter: false on an LSTM', () => ({ ...randomSpec({ cell: 'lstm', seed: 1, T: 3 }), resetAfter: false }), 'resetAfter', [/resetAfter/]],
    [
      'resetAfter not a boolean',
      () => ({ ...randomSpec({ cell: 'gru', seed: 1, T: 3 }), resetAfter: 'yes' as unknown as boolean }),
      'resetAfter',
      [/true or false/, /yes/],
    ],
    [
      'one-row bias with resetAfter',
      () => ({ ...randomSpec({ cell: 'gru', seed: 1, T: 3, units: 2 }), resetAfter: true }),
      'weights.bias',
      [/two rows of 6/, /resetAfter is true/, /one row of 6 numbers/],
    ],
    [
      'one-row backward bias with resetAfter',
      () => {
        const s = randomSpec({ cell: 'gru', seed: 2, T: 3, units: 2, resetAfter: true, bidirectional: true });
        s.backward!.bias = (s.backward!.bias as number[][])[0];
        return s;
      },
      'backward.bias',
      [/backward\.bias/, /two rows/],
    ],
    [
      'three bias rows with resetAfter',
      () => {
        const s = randomSpec({ cell: 'gru', seed: 3, T: 3, units: 2, resetAfter: true });
        (s.weights.bias as number[][]).push(Array(6).fill(0));
        return s;
      },
      'weights.bias',
      [/weights\.bias/, /2 × 6/, /3 × 6/],
    ],
    [
      'two bias rows without resetAfter',
      () => {
        const s = randomSpec({ cell: 'gru', seed: 4, T: 3, units: 2, resetAfter: true });
        delete s.resetAfter;
        return s;
      },
      'weights.bias',
      [/2 rows/, /only for a GRU with resetAfter: true/],
    ],
    [
      'NaN in the recurrent bias row',
      () => {
        const s = randomSpec({ cell: 'gru', seed: 5, T: 3, units: 2, resetAfter: true });
        (s.weights.bias as number[][])[1][4] = NaN;
        return s;
      },
      'weights.bias',
      [/weights\.bias\[1\]\[4\] is NaN/],
    ],
  ];
  for (const [what, make, field, patterns] of cases) {
    it(what, async () => {
      await simulate(randomSpec({ cell: 'gru', seed: 9 })); // backend up
      const before = tf.memory().numTensors;
      let err: unknown;
      try {
        await simulate(make());
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SimSpecError);
      expect((err as SimSpecError).field).toBe(field);
      for (const p of patterns) expect((err as Error).message).toMatch(p);
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});

describe('no tensor leaks with dCdc and resetAfter (both sweep variants)', () => {
  it('LSTM and reset-after GRU, uni- and bidirectional, with and without targets', async () => {
    await simulate(randomSpec({ cell: 'lstm', seed: 1 }));
    for (const trimRows of [undefined, false]) {
      testHooks.trimRows = trimRows;
      try {
        for (const opts of [{}, { T: 1 }, { bidirectional: true, merge: 'concat' as const }, { targets: false }]) {
          for (const spec of [randomSpec({ cell: 'lstm', seed: 21, ...opts }), randomSpec({ cell: 'gru', seed: 22, resetAfter: true, ...opts })]) {
            const before = tf.memory().numTensors;
            const bytes = tf.memory().numBytes;
            await simulate(spec);
            expect(tf.memory().numTensors).toBe(before);
            expect(tf.memory().numBytes).toBe(bytes);
          }
        }
      } finally {
        delete testHooks.trimRows;
      }
    }
  });
});
