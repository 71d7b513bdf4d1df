/** Seeded Keras-style initialisation and spectralNorm (plain JS, no tfjs). */
import { describe, expect, it } from 'vitest';
import { glorotLimit, initReadout, initWeights, mulberry32, simulate, spectralNorm } from '../../src/engine/index';

const matmulT = (A: number[][]) => A.map((ri) => A.map((rj) => ri.reduce((s, v, k) => s + v * rj[k], 0))); // A Aᵀ

function expectIdentity(M: number[][], scale2: number, tol = 1e-10) {
  for (let i = 0; i < M.length; i++) for (let j = 0; j < M.length; j++) expect(Math.abs(M[i][j] - (i === j ? scale2 : 0))).toBeLessThan(tol);
}

describe('mulberry32', () => {
  it('is deterministic per seed, in [0, 1), and roughly uniform', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 20000 }, () => a());
    expect(xs.slice(0, 50)).toEqual(Array.from({ length: 50 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    expect(mulberry32(43)()).not.toBe(mulberry32(42)());
  });
});

describe('initWeights', () => {
  it('shapes for every cell, Keras layout', () => {
    for (const [cell, G] of [
      ['rnn', 1],
      ['lstm', 4],
      ['gru', 3],
    ] as const) {
      const w = initWeights({ cell, inputDim: 3, units: 5, seed: 1 });
      expect(w.kernel.length).toBe(3);
      expect(w.kernel.every((r) => r.length === G * 5)).toBe(true);
      expect(w.recurrentKernel.length).toBe(5);
      expect(w.recurrentKernel.every((r) => r.length === G * 5)).toBe(true);
      expect(w.bias.length).toBe(G * 5);
    }
  });

  it('is deterministic per seed; different seeds differ', () => {
    const o = { cell: 'lstm' as const, inputDim: 2, units: 4 };
    expect(initWeights({ ...o, seed: 7 })).toEqual(initWeights({ ...o, seed: 7 }));
    const a = initWeights({ ...o, seed: 7 });
    const b = initWeights({ ...o, seed: 8 });
    expect(a.kernel).not.toEqual(b.kernel);
    expect(a.recurrentKernel).not.toEqual(b.recurrentKernel);
  });

  it('kernel is Glorot-uniform: within ±√(6/(fan_in + G·units)), spread over the range, scaled by inputScale', () => {
    const w = initWeights({ cell: 'gru', inputDim: 40, units: 20, seed: 3 });
    const lim = glorotLimit(40, 60);
    expect(lim).toBeCloseTo(Math.sqrt(6 / 100), 12);
    const vals = w.kernel.flat();
    expect(vals.every((v) => Math.abs(v) <= lim)).toBe(true);
    expect(Math.max(...vals.map(Math.abs))).toBeGreaterThan(0.95 * lim);
    // uniform on [−l, l] has variance l²/3
    const variance = vals.reduce((s, v) => s + v * v, 0) / vals.length;
    expect(variance / ((lim * lim) / 3)).toBeGreaterThan(0.9);
    expect(variance / ((lim * lim) / 3)).toBeLessThan(1.1);
    const scaled = initWeights({ cell: 'gru', inputDim: 40, units: 20, seed: 3, inputScale: 0.5 });
    expect(scaled.kernel[3][7]).toBeCloseTo(0.5 * w.kernel[3][7], 14);
  });

  it('recurrent kernel is row-orthonormal (Keras Orthogonal on [units, G·units]), times recurrentScale', () => {
    for (const cell of ['rnn', 'lstm', 'gru'] as const) {
      const w = initWeights({ cell, inputDim: 1, units: 6, seed: 11 });
      expectIdentity(matmulT(w.recurrentKernel), 1);
      const s = initWeights({ cell, inputDim: 1, units: 6, seed: 11, recurrentScale: 1.5 });
      expectIdentity(matmulT(s.recurrentKernel), 2.25);
      // the kernel is drawn first from the same stream, so recurrentScale does not change it
      expect(s.kernel).toEqual(w.kernel);
    }
  });

  it('vanilla RNN: square orthogonal, so its spectral norm equals recurrentScale', () => {
    for (const scale of [0.5, 1, 1.5, 3]) {
      const w = initWeights({ cell: 'rnn', inputDim: 1, units: 8, seed: 5, recurrentScale: scale });
      expect(spectralNorm(w.recurrentKernel)).toBeCloseTo(scale, 9);
      // square orthogonal: columns orthonormal too
      const cols = w.recurrentKernel[0].map((_, j) => w.recurrentKernel.map((r) => r[j]));
      expectIdentity(matmulT(cols), scale * scale, 1e-9);
    }
  });

  it('bias is zero except the LSTM forget block = forgetBias (default 0)', () => {
    const l = initWeights({ cell: 'lstm', inputDim: 1, units: 3, seed: 1, forgetBias: 1 });
    expect(l.bias).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    expect(initWeights({ cell: 'lstm', inputDim: 1, units: 3, seed: 1 }).bias.every((v) => v === 0)).toBe(true);
    expect(initWeights({ cell: 'gru', inputDim: 1, units: 3, seed: 1, forgetBias: 1 }).bias.every((v) => v === 0)).toBe(true);
  });

  it('rejects bad options', () => {
    expect(() => initWeights({ cell: 'lstm', inputDim: 0, units: 3, seed: 1 })).toThrow(/inputDim/);
    expect(() => initWeights({ cell: 'lstm', inputDim: 1, units: 2.5, seed: 1 })).toThrow(/units/);
    expect(() => initWeights({ cell: 'x' as 'rnn', inputDim: 1, units: 2, seed: 1 })).toThrow(/cell/);
    expect(() => initWeights({ cell: 'rnn', inputDim: 1, units: 2, seed: 1, recurrentScale: NaN })).toThrow(/recurrentScale/);
  });

  it('produces specs simulate accepts', async () => {
    const weights = initWeights({ cell: 'lstm', inputDim: 1, units: 4, seed: 2, forgetBias: 1 });
    const readout = initReadout({ inputDim: 4, outDim: 1, seed: 3 });
    const tr = await simulate({ cell: 'lstm', units: 4, inputs: [[0.1], [0.5], [-0.2]], weights, readout, targets: [[0], [1], [0]] });
    expect(tr.loss.length).toBe(3);
  });
});

describe('initReadout', () => {
  it('Glorot-uniform kernel [inputDim][outDim], zero bias, deterministic per seed', () => {
    const r = initReadout({ inputDim: 6, outDim: 2, seed: 9 });
    expect(r.kernel.length).toBe(6);
    expect(r.kernel.every((row) => row.length === 2)).toBe(true);
    expect(r.bias).toEqual([0, 0]);
    const lim = glorotLimit(6, 2);
    expect(r.kernel.flat().every((v) => Math.abs(v) <= lim)).toBe(true);
    expect(initReadout({ inputDim: 6, outDim: 2, seed: 9 })).toEqual(r);
    expect(initReadout({ inputDim: 6, outDim: 2, seed: 10 }).kernel).not.toEqual(r.kernel);
  });
});

describe('spectralNorm', () => {
  it('known matrices', () => {
    expect(
      spectralNorm([
        [3, 0],
        [0, -2],
      ]),
    ).toBeCloseTo(3, 10);
    expect(
      spectralNorm([
        [1, 1],
        [0, 1],
      ]),
    ).toBeCloseTo((1 + Math.sqrt(5)) / 2, 9);
    expect(spectralNorm([[1, 2, 2]])).toBeCloseTo(3, 10); // a row vector: its length
    expect(
      spectralNorm([
        [0, 0],
        [0, 0],
      ]),
    ).toBe(0);
    expect(spectralNorm([])).toBe(0);
    // rank one u vᵀ: ‖u‖‖v‖
    const u = [1, -2, 2];
    const v = [3, 4];
    expect(spectralNorm(u.map((a) => v.map((b) => a * b)))).toBeCloseTo(15, 9);
  });
});
