/**
 * Bad specs are rejected with messages naming the field; no tensor outlives a call (good or bad);
 * results are deterministic; concurrent calls are safe; backend info and preference.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { LIMITS, SimSpecError, getBackendInfo, setBackendPreference, simulate, type SimSpec } from '../../src/engine/index';
import { engineTestFlags as testHooks } from '../../src/engine/testHooks';
import { randomSpec } from './engine-helpers/reference';

/** A small valid LSTM spec: T = 3, inputDim = 2, units = 2, readout to 1 output. */
function good(): SimSpec {
  return randomSpec({ cell: 'lstm', seed: 3, T: 3, inputDim: 2, units: 2, outDim: 1 });
}

type Case = [string, (s: SimSpec) => unknown, RegExp[]];
const setPath = (mut: (s: SimSpec) => void) => (s: SimSpec) => {
  mut(s);
  return s;
};

// [what, how to break a good spec, patterns the message must match]
const BAD: Case[] = [
  ['spec not an object', () => null, [/spec/, /object/]],
  ['unknown cell', setPath((s) => ((s as { cell: string }).cell = 'transformer')), [/cell/, /'rnn', 'lstm' or 'gru'/, /transformer/]],
  ['cell missing', setPath((s) => delete (s as Partial<SimSpec>).cell), [/cell/, /missing/]],
  ['units not an integer', setPath((s) => (s.units = 2.5)), [/units/, /whole number/, /2\.5/]],
  ['units zero', setPath((s) => (s.units = 0)), [/units/, /from 1 to 256/]],
  ['units negative', setPath((s) => (s.units = -3)), [/units/]],
  ['units absurd', setPath((s) => (s.units = 1e6)), [/units/, /256/]],
  ['units a string', setPath((s) => ((s as { units: unknown }).units = '3')), [/units/, /text/]],
  ['units NaN', setPath((s) => (s.units = NaN)), [/units/, /NaN/]],
  ['inputs missing', setPath((s) => delete (s as Partial<SimSpec>).inputs), [/inputs/, /missing/]],
  ['inputs empty', setPath((s) => (s.inputs = [])), [/inputs/, /empty/, /at least one time step/]],
  ['inputs too long', setPath((s) => (s.inputs = Array.from({ length: 501 }, () => [0, 0]))), [/inputs/, /501/, /at most 500/]],
  ['inputs step empty', setPath((s) => (s.inputs = [[], [], []])), [/inputs\[0\]/, /empty/]],
  ['inputs ragged', setPath((s) => (s.inputs[2] = [1])), [/inputs\[2\]/, /1 number/, /inputs\[0\] has 2/]],
  ['inputs NaN', setPath((s) => (s.inputs[1][0] = NaN)), [/inputs\[1\]\[0\] is NaN/]],
  ['inputs Infinity', setPath((s) => (s.inputs[2][1] = Infinity)), [/inputs\[2\]\[1\] is Infinity/]],
  ['inputs -Infinity', setPath((s) => (s.inputs[0][1] = -Infinity)), [/inputs\[0\]\[1\] is -Infinity/]],
  ['inputs huge', setPath((s) => (s.inputs[0][0] = 1e12)), [/inputs\[0\]\[0\]/, /too large/]],
  ['inputs a string value', setPath((s) => ((s.inputs[0] as unknown[])[0] = 'x')), [/inputs\[0\]\[0\]/, /not a number/]],
  ['inputs not a list', setPath((s) => ((s as { inputs: unknown }).inputs = 'abc')), [/inputs/, /list of time steps/]],
  ['inputs row not a list', setPath((s) => ((s.inputs as unknown[])[1] = 5)), [/inputs\[1\]/, /list of numbers/]],
  ['input dim too large', setPath((s) => (s.inputs = [new Array(300).fill(0)])), [/inputs\[0\]/, /300/, /256/]],
  ['weights missing', setPath((s) => delete (s as Partial<SimSpec>).weights), [/weights/, /missing/]],
  ['kernel rows', setPath((s) => s.weights.kernel.pop()), [/weights\.kernel/, /2 × 8/, /1 × 8/, /input feature/]],
  ['kernel cols', setPath((s) => s.weights.kernel[1].pop()), [/weights\.kernel/, /2 × 8/, /weights\.kernel\[1\] has 7/]],
  ['kernel NaN', setPath((s) => (s.weights.kernel[1][3] = NaN)), [/weights\.kernel\[1\]\[3\] is NaN/]],
  ['kernel missing', setPath((s) => delete (s.weights as Partial<SimSpec['weights']>).kernel), [/weights\.kernel/, /missing/]],
  [
    'recurrentKernel shape',
    setPath((s) => s.weights.recurrentKernel.push([0, 0, 0, 0, 0, 0, 0, 0])),
    [/weights\.recurrentKernel/, /2 × 8/, /3 × 8/, /4 gate blocks/],
  ],
  ['recurrentKernel Infinity', setPath((s) => (s.weights.recurrentKernel[0][0] = Infinity)), [/weights\.recurrentKernel\[0\]\[0\] is Infinity/]],
  ['bias length', setPath((s) => (s.weights.bias as number[]).push(0)), [/weights\.bias/, /8 numbers/, /has 9/]],
  ['bias NaN', setPath((s) => ((s.weights.bias as number[])[5] = NaN)), [/weights\.bias\[5\] is NaN/]],
  ['weights for another cell', setPath((s) => (s.cell = 'gru')), [/weights\.kernel/, /6/, /GRU/]],
  [
    'backward wrong shape',
    setPath((s) => {
      s.backward = { ...s.weights, bias: [0] };
    }),
    [/backward\.bias/, /8 numbers/],
  ],
  ['backward not an object', setPath((s) => ((s as { backward: unknown }).backward = 5)), [/backward/, /object/]],
  [
    'merge unknown',
    setPath((s) => {
      s.backward = structuredClone(s.weights);
      (s as { merge: string }).merge = 'max';
    }),
    [/merge/, /'concat', 'sum', 'ave' or 'mul'/, /max/],
  ],
  ['merge without backward', setPath((s) => (s.merge = 'sum')), [/merge/, /no backward direction/]],
  [
    'recurrentActivation unknown',
    setPath((s) => ((s as { recurrentActivation: string }).recurrentActivation = 'relu')),
    [/recurrentActivation/, /'sigmoid' or 'hardSigmoid'/],
  ],
  ['readout kernel rows', setPath((s) => s.readout!.kernel.pop()), [/readout\.kernel/, /2 × 1/, /1 × 1/]],
  [
    'readout kernel rows with concat',
    setPath((s) => {
      s.backward = structuredClone(s.weights);
    }),
    [/readout\.kernel/, /4 × 1/, /concatenated/],
  ],
  ['readout bias', setPath((s) => (s.readout!.bias = [0, 0])), [/readout\.bias/, /1 number/, /has 2/]],
  ['readout not an object', setPath((s) => ((s as { readout: unknown }).readout = [1])), [/readout/, /object/]],
  [
    'readout too wide',
    setPath((s) => (s.readout = { kernel: [new Array(600).fill(0), new Array(600).fill(0)], bias: new Array(600).fill(0) })),
    [/readout\.kernel/, /512/],
  ],
  ['targets rows', setPath((s) => s.targets!.pop()), [/targets/, /one row per time step/, /3 rows/, /has 2 rows/]],
  ['targets cols', setPath((s) => s.targets![1].push(0)), [/targets/, /3 × 1/, /targets\[1\] has 2/]],
  ['targets NaN', setPath((s) => (s.targets![2][0] = NaN)), [/targets\[2\]\[0\] is NaN/]],
  ['targets not a list', setPath((s) => ((s as { targets: unknown }).targets = 1)), [/targets/, /list/]],
  ['targets without readout use output width', setPath((s) => delete s.readout), [/targets/, /3 × 2/, /cell output/]],
  [
    'dCdh too large',
    setPath((s) => {
      s.cell = 'rnn';
      s.units = 200;
      s.inputs = Array.from({ length: 200 }, () => [0]);
      s.weights = {
        kernel: [new Array(200).fill(0)],
        recurrentKernel: Array.from({ length: 200 }, () => new Array(200).fill(0)),
        bias: new Array(200).fill(0),
      };
      delete s.readout;
      s.targets = Array.from({ length: 200 }, () => new Array(200).fill(0));
    }),
    [/units/, /steps/, /8,000,000/, /2,000,000/],
  ],
];

describe('bad specs are rejected with a message naming the field', () => {
  for (const [what, breakIt, patterns] of BAD) {
    it(what, async () => {
      const before = tf.memory().numTensors;
      const spec = breakIt(good());
      let err: unknown;
      try {
        await simulate(spec as SimSpec);
      } catch (e) {
        err = e;
      }
      expect(err, 'should reject').toBeInstanceOf(Error);
      expect(err).toBeInstanceOf(SimSpecError);
      const msg = (err as Error).message;
      for (const p of patterns) expect(msg).toMatch(p);
      expect(msg.length).toBeLessThan(300);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('the error carries the field path', async () => {
    const s = good();
    s.weights.kernel[0][0] = NaN;
    await expect(simulate(s)).rejects.toMatchObject({ name: 'SimSpecError', field: 'weights.kernel' });
  });

  it('the good spec itself is accepted', async () => {
    await expect(simulate(good())).resolves.toBeTruthy();
  });
});

describe('limits', () => {
  it('are exported and allow the benchmark size (T = 100, units = 128)', async () => {
    expect(LIMITS.maxUnits).toBeGreaterThanOrEqual(128);
    expect(LIMITS.maxSteps).toBeGreaterThanOrEqual(100);
    expect(100 * 100 * 128).toBeLessThanOrEqual(LIMITS.maxDcdhEntries);
    const spec = randomSpec({ cell: 'rnn', seed: 9, T: 100, units: 128, inputDim: 1, outDim: 1, scale: 0.1 });
    const tr = await simulate(spec);
    expect(tr.dCdh.length).toBe(100);
    expect(tr.dCdh[99][0].length).toBe(128);
  });
  it('T = 500: with targets as far as the ∂C_t/∂h_k cube fits (8 units), without targets at any unit count', async () => {
    expect(LIMITS.maxSteps).toBe(500);
    expect(500 * 500 * 8).toBeLessThanOrEqual(LIMITS.maxDcdhEntries);
    const withTargets = await simulate(randomSpec({ cell: 'lstm', seed: 3, T: 500, units: 8, inputDim: 1, outDim: 1, scale: 0.1 }));
    expect([withTargets.dCdh.length, withTargets.dCdh[499].length, withTargets.dCdh[499][0].length]).toEqual([500, 500, 8]);
    expect(withTargets.dCdh[499][0].every(Number.isFinite)).toBe(true);
    // one more unit and the cube is refused, with the message naming the sizes
    await expect(simulate(randomSpec({ cell: 'lstm', seed: 3, T: 500, units: 9, inputDim: 1, outDim: 1, scale: 0.1 }))).rejects.toThrow(
      /500 time steps and 9 units .* 2,250,000 numbers/,
    );
    const spec = randomSpec({ cell: 'gru', seed: 4, T: 500, units: 48, inputDim: 2, outDim: 1, scale: 0.1 });
    delete spec.targets;
    const tr = await simulate(spec);
    expect([tr.h.length, tr.h[499].length, tr.loss, tr.dCdh]).toEqual([500, 48, [], []]);
    expect(tr.inputConnectivity?.length).toBe(500);
    expect(tr.inputConnectivity!.every(Number.isFinite)).toBe(true);
  });

  it('without targets the dCdh limit does not apply (nothing to differentiate)', async () => {
    const spec = randomSpec({ cell: 'rnn', seed: 9, T: 200, units: 64, inputDim: 1, targets: false, scale: 0.1 });
    const tr = await simulate(spec);
    expect(tr.h.length).toBe(200);
  });
});

describe('tensors, determinism, concurrency', () => {
  it('no tensor leaks for good specs of every kind (both sweep variants)', async () => {
    await simulate(good()); // backend initialised
    for (const trimRows of [undefined, false]) {
      testHooks.trimRows = trimRows;
      try {
        for (const cell of ['rnn', 'lstm', 'gru'] as const) {
          for (const opts of [{}, { T: 1 }, { bidirectional: true, merge: 'mul' as const }, { targets: false }, { readout: false }]) {
            const spec = randomSpec({ cell, seed: 17, ...opts });
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

  it('the same spec gives identical traces; changing the spec afterwards does not affect a run', async () => {
    const spec = randomSpec({ cell: 'gru', seed: 23, bidirectional: true, merge: 'ave' });
    const a = await simulate(spec);
    const copy = structuredClone(spec);
    const pending = simulate(spec);
    spec.inputs[0][0] = 42; // mutate after the call
    spec.weights.kernel[0][0] = -42;
    const b = await pending;
    expect(b).toEqual(a);
    expect(await simulate(copy)).toEqual(a);
  });

  it('concurrent calls (including the very first) all succeed with correct, leak-free results', async () => {
    const specs = (['rnn', 'lstm', 'gru', 'lstm'] as const).map((cell, i) => randomSpec({ cell, seed: 40 + i }));
    const sequential = [];
    for (const s of specs) sequential.push(await simulate(s));
    const before = tf.memory().numTensors;
    const bad = { ...specs[0], units: -1 };
    const results = await Promise.allSettled([...specs.map((s) => simulate(s)), simulate(bad)]);
    expect(results.slice(0, 4).map((r) => (r.status === 'fulfilled' ? r.value : r.reason))).toEqual(sequential);
    expect(results[4].status).toBe('rejected');
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('backend', () => {
  afterAll(() => setBackendPreference('auto'));

  it('Node uses the CPU and says why WebGL is not used', async () => {
    setBackendPreference('auto');
    const tr = await simulate(good());
    expect(tr.backend).toBe('cpu');
    const info = getBackendInfo();
    expect(info.backend).toBe('cpu');
    expect(info.fallbackReason).toMatch(/WebGL is not available outside a browser/);
  });

  it("preference 'cpu' gives the CPU without a fallback reason; 'webgl' in Node falls back with a reason", async () => {
    setBackendPreference('cpu');
    expect((await simulate(good())).backend).toBe('cpu');
    expect(getBackendInfo()).toEqual({ backend: 'cpu', preference: 'cpu' });
    setBackendPreference('webgl');
    expect((await simulate(good())).backend).toBe('cpu');
    expect(getBackendInfo().fallbackReason).toMatch(/outside a browser/);
    expect(() => setBackendPreference('gpu' as 'cpu')).toThrow(/'auto', 'webgl' or 'cpu'/);
  });
});
