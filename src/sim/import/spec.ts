/**
 * An imported model's recurrent layer as the simulator's SimSpec. The layer reads what the layers
 * below it make of the student's input sequence: the Embedding's rows for token ids, and each
 * lower recurrent layer's per-step outputs (merged when bidirectional), computed by the engine's
 * own simulate(). The model's Dense layer becomes the readout only for the layer it follows.
 *
 * simulate() is passed in (or loaded on first use with a dynamic import, so this module stays
 * free of TensorFlow.js until a lower layer has to run).
 */
import type { SimSpec, Trace } from '../../engine/types';
import { LIMITS } from '../../engine/validate';
import { fmt, refuse, shown } from './errors';
import type { DenseLayer, ImportedModel, RecurrentLayer } from './types';

export type SimulateFn = (spec: SimSpec) => Promise<Trace>;

export interface LayerSpec {
  spec: SimSpec;
  layer: RecurrentLayer;
  /** the model's Dense layer, when it follows this layer (it is then spec.readout) */
  readout?: DenseLayer;
}

/** The layer at `index`, refused unless it is a recurrent layer. */
export function recurrentLayer(model: ImportedModel, index: number): RecurrentLayer {
  const l = model.layers[index];
  if (!l || l.kind !== 'recurrent') {
    const choices = model.layers.flatMap((x, i) => (x.kind === 'recurrent' ? [`${i} (${x.name})`] : [])).join(', ');
    refuse(
      model.file,
      'layerIndex',
      `layer ${index} ${l ? `("${l.name}", ${l.type}) is not recurrent` : 'does not exist'}; the recurrent layers are ${choices}.`,
    );
  }
  return l;
}

/** The engine spec of one recurrent layer on the inputs x (no readout). */
function layerSpec(l: RecurrentLayer, x: number[][]): SimSpec {
  const spec: SimSpec = { cell: l.cell, units: l.units, inputs: x, weights: l.forward };
  if (l.cell !== 'rnn') spec.recurrentActivation = l.recurrentActivation;
  if (l.resetAfter) spec.resetAfter = true;
  if (l.backward) {
    spec.backward = l.backward;
    spec.merge = l.merge;
  }
  return spec;
}

/** The student's sequence as the first layer's input rows: token ids looked up, or feature rows checked. */
function firstInputs(model: ImportedModel, inputs: readonly (number | readonly number[])[]): number[][] {
  const file = model.file;
  if (!Array.isArray(inputs) || inputs.length === 0) refuse(file, 'inputs', 'inputs must be a non-empty list of time steps.');
  if (inputs.length > LIMITS.maxSteps)
    refuse(file, 'inputs', `inputs has ${fmt(inputs.length)} time steps; the simulator handles at most ${LIMITS.maxSteps}.`);
  const first = model.layers[0];
  if (first.kind === 'embedding') {
    return inputs.map((v, t) => {
      const id = Array.isArray(v) && v.length === 1 ? v[0] : v;
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id >= first.vocab)
        refuse(file, `inputs[${t}]`, `inputs[${t}] is ${shown(id)}; the Embedding "${first.name}" reads token ids 0 … ${first.vocab - 1}.`);
      return [...first.embeddings[id]];
    });
  }
  const d = model.input.features;
  return inputs.map((v, t) => {
    const row = typeof v === 'number' && d === 1 ? [v] : v;
    if (!Array.isArray(row) || row.length !== d)
      refuse(file, `inputs[${t}]`, `inputs[${t}] must be ${d} number${d === 1 ? '' : 's'} (the model's input features), but it is ${shown(row)}.`);
    return row.map((x, j) => {
      if (typeof x !== 'number' || !Number.isFinite(x))
        refuse(file, `inputs[${t}][${j}]`, `inputs[${t}][${j}] is ${shown(x)}, not a finite number.`);
      return x;
    });
  });
}

/**
 * The SimSpec of recurrent layer `layerIndex` (an index into model.layers / summary.rows) on the
 * student's input sequence: one row per step of features, or of a token id for an Embedding model
 * (a number or [number]). Lower recurrent layers run through `simulate`; without it the engine's is
 * loaded. The readout is the model's Dense layer when it directly follows this layer.
 */
export async function specFor(
  model: ImportedModel,
  layerIndex: number,
  inputs: readonly (number | readonly number[])[],
  deps: { simulate?: SimulateFn } = {},
): Promise<LayerSpec> {
  const layer = recurrentLayer(model, layerIndex);
  let x = firstInputs(model, inputs);
  let run = deps.simulate;
  for (let i = 0; i < layerIndex; i++) {
    const below = model.layers[i];
    if (below.kind !== 'recurrent') continue;
    run ??= (await import('../../engine/index')).simulate;
    const trace = await run(layerSpec(below, x));
    x = trace.outputs;
    const next = model.layers[i + 1] as RecurrentLayer;
    if (x[0].length !== next.inputDim)
      refuse(
        model.file,
        next.field,
        `layer "${below.name}" outputs ${x[0].length} numbers per step, but layer "${next.name}" reads ${next.inputDim}.`,
      );
  }
  const spec = layerSpec(layer, x);
  const after = model.layers[layerIndex + 1];
  if (after?.kind === 'dense') {
    spec.readout = { kernel: after.kernel, bias: after.bias };
    return { spec, layer, readout: after };
  }
  return { spec, layer };
}

/**
 * What the model cut after layer `layerIndex` (with the readout when specFor attached it) predicts
 * for the sequence, read off its trace: one row per step when the layer returns sequences, else the
 * one final row. A bidirectional layer's final output merges the forward state after x_T with the
 * backward state after reading x_T … x_1 (Trace.hBackward[0]), which no single step of
 * Trace.outputs holds.
 */
export function predictionFromTrace(model: ImportedModel, layerIndex: number, trace: Trace): number[][] {
  const layer = recurrentLayer(model, layerIndex);
  const after = model.layers[layerIndex + 1];
  const readout = after?.kind === 'dense' ? after : undefined;
  if (layer.returnSequences) return readout ? trace.y : trace.outputs;
  const T = trace.h.length;
  let out = trace.outputs[T - 1];
  if (layer.backward) {
    const f = trace.h[T - 1];
    const b = trace.hBackward![0];
    const m = layer.merge ?? 'concat';
    out = m === 'concat' ? [...f, ...b] : f.map((v, j) => (m === 'sum' ? v + b[j] : m === 'ave' ? (v + b[j]) / 2 : v * b[j]));
  } else if (readout) return [trace.y[T - 1]];
  if (!readout) return [out];
  return [readout.bias.map((bias, k) => out.reduce((s, v, i) => s + v * readout.kernel[i][k], bias))];
}
