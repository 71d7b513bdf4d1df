/**
 * The detail views read the trace in a particular way (Keras gate-block order, h_0 = 0, the W [x; h]
 * layout, GRU's z ⊙ h_{t−1} + (1 − z) ⊙ h̃, ∂C/∂y for the mean squared error, the vanilla Jacobian).
 * Here the real engine computes the traces, so those readings are checked against TensorFlow.js,
 * and the dev fixtures (computed by an independent float64 reference) against the engine.
 */
import { describe, expect, it } from 'vitest';
import { simulate, type Trace } from '../../src/engine/index';
import { affine, BLOCK_OF, biasBlock, combinedW, concatInput, prevC, prevH, vanillaJacobian, vanillaPreactivation } from '../../src/views/kit/math';
import { gradientNorms } from '../../src/views/kit/norms';
import { termValues } from '../../src/views/equations/termValues';
import { FIXTURES } from '../fixtures/views';

const sig = (x: number) => 1 / (1 + Math.exp(-x));
const close = (a: number, b: number, tol = 2e-5) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

async function run(name: string): Promise<Trace> {
  return simulate(FIXTURES[name].spec);
}

describe('detail views against the engine', () => {
  it('the dev fixtures agree with the engine (forward pass, loss, gradients)', async () => {
    for (const name of Object.keys(FIXTURES)) {
      const { trace: ref } = FIXTURES[name];
      const tr = await run(name);
      const check = (a: number[][] | undefined, b: number[][] | undefined, tol?: number) =>
        a?.forEach((row, s) => row.forEach((v, j) => close(v, b![s][j], tol)));
      check(tr.h, ref.h);
      check(tr.c, ref.c);
      check(tr.hBackward, ref.hBackward);
      check(tr.outputs, ref.outputs);
      check(tr.y, ref.y);
      for (const k of Object.keys(ref.gates)) check(tr.gates[k], ref.gates[k]);
      tr.loss.forEach((v, s) => close(v, ref.loss[s]));
      const T = tr.h.length;
      // gradient norms: relative agreement where they are well above float32 noise
      const nTr = gradientNorms(tr, T - 1);
      const nRef = gradientNorms(ref, T - 1);
      nTr.forEach((n, k) => {
        if (nRef[k] > 1e-6) expect(Math.abs(n - nRef[k]) / nRef[k]).toBeLessThan(1e-3);
      });
    }
  }, 60_000);

  it('vanilla: h_t = tanh(W [x_t; h_{t−1}] + b) and ∂C/∂h_{k−1} = Jᵀ ∂C/∂h_k', async () => {
    const { spec } = FIXTURES.rnn;
    const tr = await run('rnn');
    for (let s = 0; s < spec.inputs.length; s++) vanillaPreactivation(spec, tr, s).forEach((a, j) => close(Math.tanh(a), tr.h[s][j]));
    const t = spec.inputs.length - 1;
    for (let k = t; k >= 1; k--) {
      const J = vanillaJacobian(spec, tr, k);
      const g = tr.dCdh[t][k];
      J[0].forEach((_, i) =>
        close(
          J.reduce((acc, row, j) => acc + row[i] * g[j], 0),
          tr.dCdh[t][k - 1][i],
          1e-4,
        ),
      );
    }
  }, 30_000);

  it('LSTM gate blocks i, f, g, o, and the cell-state update', async () => {
    const { spec } = FIXTURES.lstm;
    const tr = await run('lstm');
    const u = spec.units;
    for (let s = 0; s < spec.inputs.length; s++) {
      const v = concatInput(spec, tr, s);
      for (const g of ['i', 'f', 'g', 'o']) {
        const a = affine(combinedW(spec.weights, u, BLOCK_OF[g]), v, biasBlock(spec.weights, u, BLOCK_OF[g]));
        a.forEach((z, j) => close(g === 'g' ? Math.tanh(z) : sig(z), tr.gates[g][s][j]));
      }
      const cp = prevC(tr, s, u);
      tr.c![s].forEach((c, j) => close(c, tr.gates.f[s][j] * cp[j] + tr.gates.i[s][j] * tr.gates.g[s][j]));
    }
  }, 30_000);

  it('GRU interpolation in the Keras convention', async () => {
    const { spec } = FIXTURES.gru;
    const tr = await run('gru');
    for (let s = 0; s < spec.inputs.length; s++) {
      const hp = prevH(tr, s, spec.units);
      tr.h[s].forEach((h, j) => close(h, tr.gates.z[s][j] * hp[j] + (1 - tr.gates.z[s][j]) * tr.gates.hh[s][j]));
    }
  }, 30_000);

  it('∂C/∂y (mean squared error) times the readout kernel is the engine’s ∂C_t/∂h_t', async () => {
    const { spec } = FIXTURES.rnn;
    const tr = await run('rnn');
    const t = spec.inputs.length - 1;
    const d = termValues(spec, tr, 'dCdy', 0, t).vector!;
    const K = spec.readout!.kernel;
    tr.dCdh[t][t].forEach((g, j) =>
      close(
        K[j].reduce((acc, k, o) => acc + k * d[o], 0),
        g,
        1e-4,
      ),
    );
  }, 30_000);
});
