/**
 * Settings → SimSpec: seeded weights from the engine's own initialisers, the input sequence and
 * the "predict the next value" targets. Pure given the two initialisers, which are passed in so
 * the helper can be tested (and the page painted) without loading TensorFlow.js.
 */
import type { DirectionWeights, InitWeightsOptions, SimSpec } from '../engine/index';
import { inputSequence, nextValueTargets, parseTypedSequence } from './inputs';
import { activeExample, EXAMPLES, type SimSettings } from './settings';

export interface Initialisers {
  initWeights(o: InitWeightsOptions): DirectionWeights;
  initReadout(o: { inputDim: number; outDim: number; seed: number }): { kernel: number[][]; bias: number[] };
}

/** Seeds of the backward direction and the readout, derived from the one seed a student sets. */
export const SEED_OFFSET = { backward: 1009, readout: 2003 } as const;

/** Thrown for settings that cannot make a spec (only a bad typed sequence can). */
export class SpecError extends Error {}

/** The input values x_1 … x_T the settings describe (throws SpecError for a bad typed sequence). */
export function inputsFor(s: SimSettings): number[] {
  if (s.inputPreset === 'typed') {
    const parsed = parseTypedSequence(s.typedText);
    if (!parsed.ok) throw new SpecError(parsed.message);
    return parsed.values;
  }
  return inputSequence(s.inputPreset, s.steps, s.seed);
}

/** Width of the vector the readout F sees: 2·units for a concatenated bidirectional output. */
export function readoutInputDim(s: SimSettings): number {
  return s.bidirectional && s.merge === 'concat' ? 2 * s.units : s.units;
}

/** Trained weights (from the training lab) that replace the seeded ones while cell and units match. */
export interface TrainedWeightsSpec {
  cell: SimSettings['cell'];
  units: number;
  weights: DirectionWeights;
  readout: { kernel: number[][]; bias: number[] };
  recurrentActivation: SimSettings['recurrentActivation'];
  inputs: number[][];
  targets: number[][];
}

export function trainedApplies(s: SimSettings, t: TrainedWeightsSpec | null | undefined): t is TrainedWeightsSpec {
  // tf.layers GRUs are the reset-before form (one bias row); the hand example is its own model
  return !!t && t.cell === s.cell && t.units === s.units && !s.bidirectional && !activeExample(s) && (s.cell !== 'gru' || s.gruForm !== 'keras');
}

/**
 * A fixed-weight example as a spec (settings.ts EXAMPLES): the hand example of sections 04, 05 and
 * 07, or the hand-worked LSTM of section 09 (sigmoid gates). Its own model: no seed, scale or input preset.
 */
export function exampleSpec(example: keyof typeof EXAMPLES): SimSpec {
  const ex: (typeof EXAMPLES)[keyof typeof EXAMPLES] = EXAMPLES[example];
  const E = ex.data;
  return {
    cell: ex.cell,
    units: E.recurrentKernel.length,
    inputs: E.inputs.map((v) => [v]),
    weights: { kernel: E.kernel.map((r) => [...r]), recurrentKernel: E.recurrentKernel.map((r) => [...r]), bias: [...E.bias] },
    readout: { kernel: E.readout.map((r) => [...r]), bias: [0] },
    targets: E.targets.map((v) => [v]),
    ...('recurrentActivation' in ex ? { recurrentActivation: ex.recurrentActivation } : {}),
  };
}

export function buildSpec(s: SimSettings, init: Initialisers, trained?: TrainedWeightsSpec | null): SimSpec {
  if (trainedApplies(s, trained)) {
    const spec: SimSpec = {
      cell: trained.cell,
      units: trained.units,
      inputs: trained.inputs,
      weights: trained.weights,
      readout: trained.readout,
      targets: trained.targets,
    };
    if (trained.cell !== 'rnn') spec.recurrentActivation = trained.recurrentActivation;
    return spec;
  }
  const example = activeExample(s);
  if (example) return exampleSpec(example);
  const xs = inputsFor(s);
  const common = {
    cell: s.cell,
    inputDim: 1,
    units: s.units,
    recurrentScale: s.weightScale,
    inputScale: s.inputScale,
    forgetBias: s.forgetBias,
    ...(s.cell === 'gru' && s.gruForm === 'keras' ? { resetAfter: true } : {}),
  };
  const spec: SimSpec = {
    cell: s.cell,
    units: s.units,
    inputs: xs.map((v) => [v]),
    weights: init.initWeights({ ...common, seed: s.seed }),
    readout: init.initReadout({ inputDim: readoutInputDim(s), outDim: 1, seed: s.seed + SEED_OFFSET.readout }),
    targets: nextValueTargets(xs),
  };
  if (s.cell !== 'rnn') spec.recurrentActivation = s.recurrentActivation;
  if (s.cell === 'gru' && s.gruForm === 'keras') spec.resetAfter = true;
  if (s.bidirectional) {
    spec.backward = init.initWeights({ ...common, seed: s.seed + SEED_OFFSET.backward });
    spec.merge = s.merge;
  }
  return spec;
}
