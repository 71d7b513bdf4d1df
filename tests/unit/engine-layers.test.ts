/**
 * The engine against TensorFlow.js itself: forward values against tf.layers.simpleRNN / lstm / gru
 * and tf.layers.bidirectional (same weights via setWeights), and ∂C_t/∂h_k and the weight gradients
 * against tfjs autodiff (tf.grads over the layer's own cell unrolled with perturbations δ_k, one
 * backward pass per C_t; tf.variableGrads through the layer). See tests/reference/baseline.ts.
 *
 * Both sides are float32; they differ only by the order of float32 operations, so the tolerance is
 * a few float32 ulps of the values involved, accumulated over ≤ 8 steps: atol 1e-5, rtol 1e-5 for
 * forward values, rtol 1e-4 for gradients (longer chains of products).
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { simulate, type CellKind, type SimSpec, type Trace } from '../../src/engine/index';
import { baselineTrace } from '../reference/baseline';
import { randomSpec } from './engine-helpers/reference';
import { expectClose } from './engine-helpers/expect';

const CELLS: CellKind[] = ['rnn', 'lstm', 'gru'];
const ACTS = ['sigmoid', 'hardSigmoid'] as const;
const DIRS: { name: string; bidirectional: boolean; merge?: SimSpec['merge'] }[] = [
  { name: 'unidirectional', bidirectional: false },
  { name: 'bidirectional concat', bidirectional: true, merge: 'concat' },
  { name: 'bidirectional sum', bidirectional: true, merge: 'sum' },
  { name: 'bidirectional ave', bidirectional: true, merge: 'ave' },
  { name: 'bidirectional mul', bidirectional: true, merge: 'mul' },
];

async function compareWithLayers(spec: SimSpec): Promise<Trace> {
  const trace = await simulate(spec);
  const ref = await baselineTrace(spec);
  expect(trace.backend).toBe('cpu');
  expectClose(trace.h, ref.h, 1e-5, 1e-5, 'h');
  expectClose(trace.outputs, ref.outputs, 1e-5, 1e-5, 'outputs');
  expectClose(trace.y, ref.y, 1e-5, 1e-5, 'y');
  expectClose(trace.loss, ref.loss, 1e-5, 1e-5, 'loss');
  if (spec.backward) expectClose(trace.hBackward, ref.hBackward, 1e-5, 1e-5, 'hBackward');
  else expect(trace.hBackward).toBeUndefined();
  if (spec.targets) {
    expectClose(trace.dCdh, ref.dCdh, 1e-5, 1e-4, 'dCdh vs tf.grads');
    expectClose(trace.grads, ref.grads, 1e-5, 1e-4, 'weight grads vs tf.variableGrads');
  }
  return trace;
}

describe('simulate matches tf.layers and tfjs autodiff', () => {
  let seed = 1000;
  for (const cell of CELLS) {
    for (const act of ACTS) {
      if (cell === 'rnn' && act === 'hardSigmoid') continue; // no gates: nothing to vary
      for (const dir of DIRS) {
        it(`${cell}, ${act}, ${dir.name}: random shapes`, async () => {
          for (let rep = 0; rep < 2; rep++) {
            const spec = randomSpec({
              cell,
              seed: seed++ * 7919,
              bidirectional: dir.bidirectional,
              merge: dir.merge,
              recurrentActivation: cell === 'rnn' ? undefined : act,
              // large enough that hardSigmoid saturates (|pre| > 2.5) in some gates
              scale: act === 'hardSigmoid' ? 1.5 : 1,
            });
            await compareWithLayers(spec);
          }
        });
      }
    }
  }

  it('edge sizes: T = 1, units = 1, inputDim = 1; and larger T', async () => {
    for (const cell of CELLS) {
      await compareWithLayers(randomSpec({ cell, seed: 11, T: 1, units: 1, inputDim: 1 }));
      await compareWithLayers(randomSpec({ cell, seed: 12, T: 1, units: 3, inputDim: 2, bidirectional: true }));
      await compareWithLayers(
        randomSpec({ cell, seed: 13, T: 16, units: 4, inputDim: 2, recurrentActivation: cell === 'rnn' ? undefined : 'sigmoid' }),
      );
    }
  });

  it('without a readout, y equals the (merged) outputs and the loss uses them', async () => {
    for (const cell of CELLS) {
      const uni = await compareWithLayers(randomSpec({ cell, seed: 21, readout: false }));
      expect(uni.y).toEqual(uni.outputs);
      const bi = await compareWithLayers(randomSpec({ cell, seed: 22, readout: false, bidirectional: true }));
      expect(bi.y).toEqual(bi.outputs);
      expect(bi.outputs[0].length).toBe(2 * bi.h[0].length);
    }
  });

  it('the default recurrentActivation is sigmoid (not tfjs-layers’ hardSigmoid)', async () => {
    const spec = randomSpec({ cell: 'lstm', seed: 31, scale: 2 });
    delete spec.recurrentActivation;
    const a = await simulate(spec);
    const b = await simulate({ ...spec, recurrentActivation: 'sigmoid' });
    const c = await simulate({ ...spec, recurrentActivation: 'hardSigmoid' });
    expect(a.h).toEqual(b.h);
    expect(a.h).not.toEqual(c.h);
  });

  it('uses the same tfjs-core engine as @tensorflow/tfjs', async () => {
    await simulate(randomSpec({ cell: 'rnn', seed: 41 }));
    expect(tf.getBackend()).toBe('cpu');
  });
});
