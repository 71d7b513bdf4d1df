/**
 * Writes the imported-model fixtures under tests/fixtures/models/<name>/ (model.json +
 * group1-shard1of1.bin), as tfjs `model.save` or `tensorflowjs_converter --input_format keras`
 * writes them: small tf.layers models (units ≤ 4) with seeded weights, saved with a custom save
 * handler (tfjs-node is not installed). `keras: true` rewrites a model in the Keras converter's form:
 * modelTopology.model_config, an InputLayer with batch_input_shape, Keras layer names and dtype
 * fields, and weight names with the cell's name inside ("lstm/lstm_cell/kernel"). The reset-after GRU
 * (which tf.layers cannot build) is a tf.layers GRU whose config gets reset_after: true and whose
 * bias is replaced by a seeded (2, 3·units) one. Read by tests/unit/import-*.test.ts.
 *
 *   npx tsx scripts/make-model-fixtures.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../src/engine/init';

type Json = Record<string, unknown>;
const OUT = path.resolve(import.meta.dirname, '../tests/fixtures/models');
const SHARD = 'group1-shard1of1.bin';

interface Fixture {
  name: string;
  build: () => tf.LayersModel;
  /** write the Keras converter's form */
  keras?: boolean;
  /** GRU layers whose config becomes reset_after: true with a (2, 3u) bias (Keras form only) */
  resetAfter?: boolean;
}

const seq = (layers: tf.layers.Layer[]) => {
  const m = tf.sequential();
  for (const l of layers) m.add(l);
  return m;
};

const FIXTURES: Fixture[] = [
  { name: 'simple-rnn', build: () => seq([tf.layers.simpleRNN({ units: 3, inputShape: [null, 2] })]) },
  { name: 'lstm', build: () => seq([tf.layers.lstm({ units: 4, returnSequences: true, inputShape: [5, 2] })]) },
  { name: 'gru', build: () => seq([tf.layers.gru({ units: 3, recurrentActivation: 'sigmoid', inputShape: [null, 2] })]) },
  {
    name: 'gru-reset-after',
    keras: true,
    resetAfter: true,
    build: () => seq([tf.layers.gru({ units: 3, recurrentActivation: 'sigmoid', returnSequences: true, inputShape: [null, 2] })]),
  },
  {
    name: 'bidi-lstm-concat',
    build: () => seq([tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 3 }), mergeMode: 'concat', inputShape: [null, 2] })]),
  },
  {
    name: 'bidi-gru-sum',
    keras: true,
    build: () =>
      seq([
        tf.layers.bidirectional({
          layer: tf.layers.gru({ units: 3, returnSequences: true, recurrentActivation: 'sigmoid' }) as tf.RNN,
          mergeMode: 'sum',
          inputShape: [null, 2],
        }),
      ]),
  },
  {
    name: 'bidi-rnn-ave',
    build: () =>
      seq([
        tf.layers.bidirectional({
          layer: tf.layers.simpleRNN({ units: 2, returnSequences: true }) as tf.RNN,
          mergeMode: 'ave',
          inputShape: [null, 3],
        }),
      ]),
  },
  {
    name: 'bidi-lstm-mul',
    build: () =>
      seq([
        tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 2, returnSequences: true }) as tf.RNN, mergeMode: 'mul', inputShape: [null, 1] }),
      ]),
  },
  {
    name: 'stacked-lstm',
    keras: true,
    build: () =>
      seq([
        tf.layers.lstm({ units: 3, returnSequences: true, recurrentActivation: 'sigmoid', inputShape: [null, 2] }),
        tf.layers.lstm({ units: 2, recurrentActivation: 'sigmoid' }),
      ]),
  },
  {
    name: 'stacked-bidi-gru-rnn-dense',
    build: () =>
      seq([
        tf.layers.bidirectional({
          layer: tf.layers.gru({ units: 2, returnSequences: true }) as tf.RNN,
          mergeMode: 'concat',
          inputShape: [null, 2],
        }),
        tf.layers.simpleRNN({ units: 3 }),
        tf.layers.dense({ units: 1 }),
      ]),
  },
  {
    name: 'embedding-lstm',
    build: () => seq([tf.layers.embedding({ inputDim: 7, outputDim: 3, inputLength: 6 }), tf.layers.lstm({ units: 4 })]),
  },
  {
    name: 'lstm-dense',
    keras: true,
    build: () => seq([tf.layers.lstm({ units: 3, recurrentActivation: 'sigmoid', inputShape: [null, 2] }), tf.layers.dense({ units: 2 })]),
  },
  {
    name: 'lstm-time-distributed',
    build: () =>
      seq([
        tf.layers.lstm({ units: 3, returnSequences: true, inputShape: [null, 1] }),
        tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 1 }) }),
      ]),
  },
  {
    name: 'functional-gru-dense',
    build: () => {
      const input = tf.input({ shape: [null, 2], name: 'sequence' });
      const h = tf.layers.gru({ units: 3, name: 'gru' }).apply(input) as tf.SymbolicTensor;
      const y = tf.layers.dense({ units: 1, name: 'dense' }).apply(h) as tf.SymbolicTensor;
      return tf.model({ inputs: input, outputs: y, name: 'functional' });
    },
  },
];

/** Seeded weights: uniform in [−0.9, 0.9], embeddings in [−1, 1]. */
function seedWeights(model: tf.LayersModel, seed: number): void {
  const rand = mulberry32(seed);
  for (const layer of model.layers) {
    const ws = layer.getWeights();
    if (ws.length)
      layer.setWeights(
        ws.map((w) =>
          tf.tensor(
            Float32Array.from({ length: w.size }, () => (rand() * 2 - 1) * 0.9),
            w.shape,
          ),
        ),
      );
  }
}

async function artifactsOf(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      saved = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return saved!;
}

/** tfjs names (lstm_LSTM1) → Keras names (lstm, lstm_1, …), in layer order. */
function kerasNames(layers: Json[]): Map<string, string> {
  const count = new Map<string, number>();
  const names = new Map<string, string>();
  for (const l of layers) {
    const base = String((l.config as Json).name).replace(/_[A-Za-z]+\d+$/, '');
    const n = count.get(base) ?? 0;
    count.set(base, n + 1);
    names.set(String((l.config as Json).name), n ? `${base}_${n}` : base);
  }
  return names;
}

const CELL_NAMES: Record<string, string> = { LSTM: 'lstm_cell', GRU: 'gru_cell', SimpleRNN: 'simple_rnn_cell' };

/** The Keras converter's form of a tf.layers Sequential: model_config, InputLayer, Keras names and fields. */
function toKeras(topology: Json, specs: tf.io.WeightsManifestEntry[], resetAfter: boolean) {
  const config = topology.config as Json;
  const layers = config.layers as Json[];
  const names = kerasNames(layers);
  const first = layers[0].config as Json;
  const rnnFields = (c: Json, cls: string) => {
    c.dtype = 'float32';
    c.time_major = false;
    c.implementation = cls === 'SimpleRNN' ? undefined : 2;
    if (cls === 'LSTM') c.unit_forget_bias = true;
    if (cls === 'GRU') c.reset_after = resetAfter;
    c.recurrent_activation = c.recurrent_activation === 'hardSigmoid' ? 'hard_sigmoid' : c.recurrent_activation;
  };
  const kLayers: Json[] = [
    {
      class_name: 'InputLayer',
      config: {
        batch_input_shape: first.batch_input_shape,
        dtype: 'float32',
        sparse: false,
        ragged: false,
        name: `${names.get(String(first.name))}_input`,
      },
    },
  ];
  const cellOf = new Map<string, string>();
  for (const l of layers) {
    const c = { ...(l.config as Json) };
    delete c.batch_input_shape;
    c.name = names.get(String(c.name));
    c.dtype = 'float32';
    const cls = String(l.class_name);
    if (cls in CELL_NAMES) {
      rnnFields(c, cls);
      cellOf.set(String(c.name), CELL_NAMES[cls]);
    }
    if (cls === 'Bidirectional') {
      const inner = { ...((c.layer as Json).config as Json) };
      const innerCls = String((c.layer as Json).class_name);
      inner.name = String(inner.name).replace(/_[A-Za-z]+\d+$/, '');
      rnnFields(inner, innerCls);
      c.layer = { class_name: innerCls, config: inner };
      cellOf.set(String(c.name), `${CELL_NAMES[innerCls]}:${inner.name}`);
    }
    kLayers.push({ class_name: cls, config: c });
  }
  const weights = specs.map((s) => {
    const parts = s.name.split('/');
    const layer = names.get(parts[0])!;
    const cell = cellOf.get(layer);
    if (cell?.includes(':')) {
      const [cellName, inner] = cell.split(':');
      const dir = parts[1].startsWith('forward') ? 'forward' : 'backward';
      return { ...s, name: `${layer}/${dir}_${inner}/${cellName}/${parts[parts.length - 1]}` };
    }
    return { ...s, name: cell ? `${layer}/${cell}/${parts[parts.length - 1]}` : `${layer}/${parts[parts.length - 1]}` };
  });
  const modelTopology = {
    keras_version: '2.15.0',
    backend: 'tensorflow',
    model_config: { class_name: 'Sequential', config: { name: 'sequential', layers: kLayers } },
    training_config: { loss: 'mse', optimizer_config: { class_name: 'Adam', config: { learning_rate: 0.001 } } },
  };
  return { modelTopology, weights };
}

async function write(f: Fixture, seed: number): Promise<void> {
  const model = f.build();
  seedWeights(model, seed);
  const a = await artifactsOf(model);
  let data = new Float32Array(tf.io.CompositeArrayBuffer.join(a.weightData!));
  let specs = a.weightSpecs!;
  if (f.resetAfter) {
    // a (2, 3u) bias for every GRU: the seeded one-row bias as the input bias, a seeded recurrent bias
    const rand = mulberry32(seed + 1);
    const parts: Float32Array[] = [];
    let offset = 0;
    specs = specs.map((s) => {
      const size = s.shape.reduce((p, d) => p * d, 1);
      const values = data.slice(offset, offset + size);
      offset += size;
      if (!s.name.endsWith('/bias')) {
        parts.push(values);
        return s;
      }
      parts.push(
        values,
        Float32Array.from(values, () => (rand() * 2 - 1) * 0.9),
      );
      return { ...s, shape: [2, size] };
    });
    data = Float32Array.from(parts.flatMap((p) => Array.from(p)));
  }
  let modelTopology: Json = a.modelTopology as Json;
  let generatedBy = a.generatedBy;
  let convertedBy: string | null | undefined = a.convertedBy;
  if (f.keras) {
    const k = toKeras(modelTopology, specs, !!f.resetAfter);
    modelTopology = k.modelTopology;
    specs = k.weights;
    generatedBy = 'keras v2.15.0';
    convertedBy = 'TensorFlow.js Converter v4.22.0';
  }
  const json = { format: 'layers-model', generatedBy, convertedBy, modelTopology, weightsManifest: [{ paths: [SHARD], weights: specs }] };
  const dir = path.join(OUT, f.name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json) + '\n');
  writeFileSync(path.join(dir, SHARD), new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  console.log(`${f.name}: ${specs.length} weights, ${data.length} numbers`);
}

await tf.setBackend('cpu');
let seed = 26_001;
for (const f of FIXTURES) await write(f, seed++);
