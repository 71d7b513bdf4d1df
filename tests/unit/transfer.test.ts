import { describe, expect, it } from 'vitest';
import { decode, encode } from '../../src/engine/transfer';
import { simulate } from '../../src/engine/index';
import { initReadout, initWeights } from '../../src/engine/init';

describe('transfer: packing plain data for the engine worker', () => {
  it('round-trips any nesting of numeric arrays exactly, without knowing the fields', () => {
    const value = {
      a: [1, -0, NaN, Infinity, -Infinity, 1e-300, 0.1 + 0.2],
      ragged: [[1, 2, 3], [4]],
      deep: [
        [
          [1, 2],
          [3, 4],
        ],
        [[5, 6]],
      ],
      empty: [],
      emptyRows: [[], []],
      mixed: [1, 'two', null],
      nested: { again: { m: [[0.5]] }, s: 'text', b: true, n: null, u: 7 },
      list: [{ x: [1, 2] }, { x: [3] }],
      someNewField: [[[[9]]]],
    };
    const { message, transfer } = encode(value);
    expect(transfer.length).toBeGreaterThan(0);
    // a structured clone is what postMessage does
    const back = decode(structuredClone(message, { transfer }));
    expect(back).toEqual(value);
    expect(Object.is((back as typeof value).a[1], -0)).toBe(true);
  });

  it('a real trace survives the trip bit for bit', async () => {
    const o = { cell: 'lstm' as const, inputDim: 1, units: 3, seed: 4 };
    const xs = [0.1, -0.4, 0.9, 0.3];
    const trace = await simulate({
      cell: 'lstm',
      units: 3,
      inputs: xs.map((x) => [x]),
      weights: initWeights(o),
      readout: initReadout({ inputDim: 3, outDim: 1, seed: 9 }),
      targets: xs.map((x) => [x]),
    });
    const { message, transfer } = encode(trace);
    const back = decode<typeof trace>(structuredClone(message, { transfer }));
    expect(back).toEqual(trace);
    // the input connectivity travels too: ∂y_T/∂x_k [k][j][i] and its norms, as numbers
    expect(trace.dyTdx).toHaveLength(4);
    expect(back.dyTdx).toEqual(trace.dyTdx);
    expect(back.inputConnectivity).toEqual(trace.inputConnectivity);
    expect(back.inputConnectivity!.every((v) => typeof v === 'number' && v > 0)).toBe(true);
  });
});
