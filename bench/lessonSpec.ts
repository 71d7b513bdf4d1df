/**
 * The engine benches' spec (bench/engine-bench.ts in the browser's engine, bench/engine-node.ts in
 * Node): a lesson-like one, seeded Keras-style weights, a sine input, next-value targets (unless
 * `targets` is false), a one-output readout.
 */
import { initReadout, initWeights, type CellKind, type SimSpec } from '../src/engine/index';

export function lessonSpec(cell: CellKind, T: number, units: number, targets = true): SimSpec {
  const xs = Array.from({ length: T + 1 }, (_, t) => Math.sin(0.4 * t));
  return {
    cell,
    units,
    inputs: xs.slice(0, T).map((v) => [v]),
    weights: initWeights({ cell, inputDim: 1, units, seed: 7, forgetBias: 1 }),
    readout: initReadout({ inputDim: units, outDim: 1, seed: 8 }),
    ...(targets ? { targets: xs.slice(1).map((v) => [v]) } : {}),
    recurrentActivation: 'sigmoid',
  };
}
