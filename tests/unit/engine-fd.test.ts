/**
 * The engine against an independent float64 reference written with plain loops
 * (engine-helpers/reference.ts): forward values, and ∂C_t/∂h_k and the weight gradients against
 * central finite differences of that reference.
 *
 * Tolerance: the reference FD is accurate to ~1e-9 (see fdDcdh); the engine computes in float32,
 * whose relative rounding (6e-8) grows over ≤ 8 steps and a few dozen operations per step to
 * ~1e-6 of the magnitudes involved. atol 2e-5 + rtol 2e-4 leaves a wide margin for that and is still
 * orders of magnitude below any real mistake (a wrong sign, gate or step shows up as O(1) relative).
 */
import { describe, expect, it } from 'vitest';
import { simulate, type CellKind, type SimSpec } from '../../src/engine/index';
import { engineTestFlags as testHooks } from '../../src/engine/testHooks';
import { fdDcdh, fdGrads, randomSpec, refForward } from './engine-helpers/reference';
import { expectClose } from './engine-helpers/expect';

const CELLS: CellKind[] = ['rnn', 'lstm', 'gru'];
const MERGES: NonNullable<SimSpec['merge']>[] = ['concat', 'sum', 'ave', 'mul'];

async function compareWithReference(spec: SimSpec) {
  const trace = await simulate(spec);
  const ref = refForward(spec);
  expectClose(trace.h, ref.h, 2e-6, 1e-5, 'h vs float64');
  if (spec.cell === 'lstm') expectClose(trace.c, ref.c, 2e-6, 1e-5, 'c vs float64');
  if (spec.backward) expectClose(trace.hBackward, ref.hb, 2e-6, 1e-5, 'hBackward vs float64');
  expectClose(trace.outputs, ref.out, 2e-6, 1e-5, 'outputs vs float64');
  expectClose(trace.y, ref.y, 2e-6, 1e-5, 'y vs float64');
  expectClose(trace.loss, ref.loss, 2e-6, 1e-5, 'loss vs float64');
  expectClose(trace.dCdh, fdDcdh(spec), 2e-5, 2e-4, 'dCdh vs finite differences');
  expectClose(trace.grads, fdGrads(spec), 2e-5, 2e-4, 'weight grads vs finite differences');
  return trace;
}

describe('simulate matches float64 finite differences', () => {
  let seed = 5000;
  for (const cell of CELLS) {
    for (const act of ['sigmoid', 'hardSigmoid'] as const) {
      if (cell === 'rnn' && act === 'hardSigmoid') continue;
      it(`${cell}, ${act}: unidirectional and every merge`, async () => {
        const r = { recurrentActivation: cell === 'rnn' ? undefined : act, scale: act === 'hardSigmoid' ? 1.5 : 1 };
        await compareWithReference(randomSpec({ cell, seed: seed++, ...r }));
        await compareWithReference(randomSpec({ cell, seed: seed++, readout: false, ...r }));
        for (const merge of MERGES) await compareWithReference(randomSpec({ cell, seed: seed++, bidirectional: true, merge, ...r }));
      });
    }
  }
});

describe('the full-rows sweep WebGL uses (no row trimming) gives the same results', () => {
  for (const cell of CELLS) {
    it(cell, async () => {
      const specs = [
        randomSpec({ cell, seed: 600, T: 7 }),
        randomSpec({ cell, seed: 601, T: 5, bidirectional: true, merge: 'mul', recurrentActivation: 'hardSigmoid', scale: 1.5 }),
        randomSpec({ cell, seed: 602, T: 1 }),
      ];
      for (const spec of specs) {
        const trimmed = await simulate(spec);
        testHooks.trimRows = false;
        try {
          const full = await compareWithReference(spec);
          expectClose(full.dCdh, trimmed.dCdh, 1e-6, 1e-5, 'dCdh full vs trimmed');
          expectClose(full.grads, trimmed.grads, 1e-6, 1e-5, 'grads full vs trimmed');
          expect(full.h).toEqual(trimmed.h);
        } finally {
          delete testHooks.trimRows;
        }
      }
    });
  }
});

describe('trace structure', () => {
  it('dCdh[t][k] is exactly 0 for k > t and not all zero for k ≤ t', async () => {
    for (const cell of CELLS) {
      const spec = randomSpec({ cell, seed: 77, T: 6, units: 3 });
      const { dCdh } = await simulate(spec);
      expect(dCdh.length).toBe(6);
      for (let t = 0; t < 6; t++) {
        expect(dCdh[t].length).toBe(6);
        for (let k = 0; k < 6; k++) {
          expect(dCdh[t][k].length).toBe(3);
          if (k > t) expect(dCdh[t][k].every((v) => v === 0)).toBe(true);
        }
        expect(dCdh[t][t].some((v) => v !== 0)).toBe(true);
      }
    }
  });

  it('shapes of every field, and gates in range with the cell identities holding', async () => {
    const T = 5;
    const u = 4;
    for (const cell of CELLS) {
      for (const act of ['sigmoid', 'hardSigmoid'] as const) {
        const spec = randomSpec({ cell, seed: 91, T, units: u, inputDim: 2, outDim: 2, recurrentActivation: act, scale: 1.5 });
        const tr = await simulate(spec);
        expect(tr.h.length).toBe(T);
        expect(tr.h.every((r) => r.length === u && r.every((v) => v > -1 && v < 1))).toBe(true);
        expect(tr.y.every((r) => r.length === 2)).toBe(true);
        expect(tr.loss.length).toBe(T);
        expect(tr.loss.every((v) => v >= 0)).toBe(true);
        const G = cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
        expect(tr.grads.kernel.length).toBe(2);
        expect(tr.grads.kernel[0].length).toBe(G * u);
        expect(tr.grads.recurrentKernel.length).toBe(u);
        expect(tr.grads.bias.length).toBe(G * u);
        const inUnit = (m: number[][]) => m.length === T && m.every((r) => r.length === u && r.every((v) => v >= 0 && v <= 1));
        const inTanh = (m: number[][]) => m.length === T && m.every((r) => r.length === u && r.every((v) => v >= -1 && v <= 1));
        if (cell === 'rnn') {
          expect(tr.gates).toEqual({});
          expect(tr.c).toBeUndefined();
        } else if (cell === 'lstm') {
          expect(Object.keys(tr.gates).sort()).toEqual(['f', 'g', 'i', 'o']);
          const { i, f, g, o } = tr.gates;
          expect(inUnit(i) && inUnit(f) && inUnit(o) && inTanh(g)).toBe(true);
          for (let t = 0; t < T; t++)
            for (let j = 0; j < u; j++) {
              const cPrev = t === 0 ? 0 : tr.c![t - 1][j];
              expect(tr.c![t][j]).toBeCloseTo(f[t][j] * cPrev + i[t][j] * g[t][j], 6);
              expect(tr.h[t][j]).toBeCloseTo(o[t][j] * Math.tanh(tr.c![t][j]), 6);
            }
        } else {
          expect(Object.keys(tr.gates).sort()).toEqual(['hh', 'r', 'z']);
          const { z, r, hh } = tr.gates;
          expect(inUnit(z) && inUnit(r) && inTanh(hh)).toBe(true);
          for (let t = 0; t < T; t++)
            for (let j = 0; j < u; j++) {
              const hPrev = t === 0 ? 0 : tr.h[t - 1][j];
              expect(tr.h[t][j]).toBeCloseTo(z[t][j] * hPrev + (1 - z[t][j]) * hh[t][j], 6);
            }
        }
        if (act === 'hardSigmoid' && cell !== 'rnn') {
          // the scale makes some gates saturate: exact 0 or 1 values appear
          const all = Object.entries(tr.gates)
            .filter(([k]) => k !== 'g' && k !== 'hh')
            .flatMap(([, m]) => m.flat());
          expect(all.some((v) => v === 0 || v === 1)).toBe(true);
        }
      }
    }
  });

  it('without targets: loss and dCdh are empty, grads are zeros of the weight shapes', async () => {
    for (const cell of CELLS) {
      const spec = randomSpec({ cell, seed: 101, T: 4, units: 3, inputDim: 2, targets: false });
      const tr = await simulate(spec);
      const withT = await simulate({ ...spec, targets: tr.y.map((r) => r.map(() => 0)) });
      expect(tr.loss).toEqual([]);
      expect(tr.dCdh).toEqual([]);
      const G = cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
      expect(tr.grads.kernel).toEqual([Array(G * 3).fill(0), Array(G * 3).fill(0)]);
      expect(tr.grads.recurrentKernel).toEqual(Array.from({ length: 3 }, () => Array(G * 3).fill(0)));
      expect(tr.grads.bias).toEqual(Array(G * 3).fill(0));
      // the forward part does not depend on targets
      expect(tr.h).toEqual(withT.h);
      expect(tr.y).toEqual(withT.y);
    }
  });
});
