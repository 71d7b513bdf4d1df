/**
 * Imported models (src/sim/import) against TensorFlow.js itself: every fixture of
 * tests/fixtures/models loaded through importModel, each recurrent layer's spec (specFor) run by
 * simulate(), and the trace compared with tf.layers' model.predict (whole model: the top layer's
 * prediction, readout included) and with the model cut after the layer with return_sequences on
 * (every h_t / merged output, and every step's readout). The reset-after GRU, which tf.layers cannot
 * build, is checked against Keras' formula in tf ops on the weights tf.io.decodeWeights reads.
 * Float32 on both sides: atol 1e-5, rtol 1e-5, as the engine's own tf.layers tests.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { simulate } from '../../src/engine/index';
import { importModel, predictionFromTrace, specFor, type ImportedModel } from '../../src/sim/import/index';
import { expectClose } from './engine-helpers/expect';
import {
  FIXTURES,
  jsonFile,
  maxAbsDiff,
  modelLayers,
  predictCut,
  predictModel,
  randomInputs,
  readFixture,
  recurrentConfig,
  shardFiles,
  type Fixture,
} from './import-helpers';

const TOL = 1e-5;
const agreement: Record<string, number> = {};
const note = (name: string, d: number) => (agreement[name] = Math.max(agreement[name] ?? 0, d));

function load(name: string): { f: Fixture; model: ImportedModel } {
  const f = readFixture(name);
  return { f, model: importModel(jsonFile(f.json), shardFiles(f.shard)) };
}

function inputsFor(model: ImportedModel, seed: number): number[][] {
  const first = model.layers[0];
  return randomInputs(seed, model.input.timeSteps ?? 7, model.input.features, first.kind === 'embedding' ? first.vocab : undefined);
}

/** Keras' GRU with reset_after=True, in tf ops: h̃ = tanh(x·K_h + b_in,h + r ⊙ (h·R_h + b_rec,h)). */
function kerasGruResetAfter(x: number[][], w: tf.NamedTensorMap, units: number): number[][] {
  return tf.tidy(() => {
    const [K, R, B] = ['kernel', 'recurrent_kernel', 'bias'].map((k) => Object.entries(w).find(([n]) => n.endsWith(`/${k}`))![1]);
    const [bIn, bRec] = tf.unstack(B);
    let h = tf.zeros([1, units]);
    const hs: number[][] = [];
    for (const row of x) {
      const mx = tf.add(tf.matMul(tf.tensor2d([row]), K), bIn);
      const mh = tf.add(tf.matMul(h, R), bRec);
      const [xz, xr, xh] = tf.split(mx, 3, 1);
      const [hz, hr, hh] = tf.split(mh, 3, 1);
      const z = tf.sigmoid(tf.add(xz, hz));
      const r = tf.sigmoid(tf.add(xr, hr));
      const cand = tf.tanh(tf.add(xh, tf.mul(r, hh)));
      h = tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), cand));
      hs.push(Array.from(h.dataSync()));
    }
    return hs;
  });
}

describe('imported fixtures match tf.layers model.predict', () => {
  it('the fixtures cover every supported kind', () => {
    expect(FIXTURES.length).toBeGreaterThanOrEqual(14);
    const types = new Set(FIXTURES.flatMap((n) => load(n).model.layers.map((l) => l.type)));
    for (const t of [
      'SimpleRNN',
      'LSTM',
      'GRU',
      'Bidirectional(LSTM)',
      'Bidirectional(GRU)',
      'Bidirectional(SimpleRNN)',
      'Embedding',
      'Dense',
      'TimeDistributed(Dense)',
    ])
      expect(types, t).toContain(t);
    const merges = new Set(FIXTURES.flatMap((n) => load(n).model.layers.flatMap((l) => (l.kind === 'recurrent' && l.merge ? [l.merge] : []))));
    expect([...merges].sort()).toEqual(['ave', 'concat', 'mul', 'sum']);
  });

  for (const name of FIXTURES) {
    it(`${name}: summary as tf.layers counts it`, async () => {
      const { f, model } = load(name);
      if (name === 'gru-reset-after') {
        // Keras: 3 · (2·3 + 3·3 + 2·3) = 63; tf.layers cannot build it
        expect(model.summary.rows.map((r) => r.params)).toEqual([63]);
        expect(model.summary.totalParams).toBe(63);
        return;
      }
      const handler = tf.io.fromMemory({
        modelTopology: f.json.modelTopology,
        weightSpecs: f.json.weightsManifest[0].weights,
        weightData: f.shard.slice().buffer,
      });
      const tfModel = await tf.loadLayersModel(handler);
      const tfLayers = tfModel.layers.filter((l) => l.getClassName() !== 'InputLayer');
      expect(model.summary.rows.map((r) => r.params)).toEqual(tfLayers.map((l) => l.countParams()));
      expect(model.summary.totalParams).toBe(tfModel.countParams());
      expect(model.summary.rows.map((r) => r.outputShape)).toEqual(tfLayers.map((l) => l.outputShape));
      expect(model.summary.rows.map((r) => r.name)).toEqual(modelLayers(f.json).map((l) => l.config.name));
      tfModel.dispose();
    });

    it(`${name}: every recurrent layer's trace equals tf.layers`, async () => {
      const { f, model } = load(name);
      const tokens = model.input.tokens;
      const top = model.layers.findLastIndex((l) => l.kind === 'recurrent');
      for (let rep = 0; rep < 2; rep++) {
        const inputs = inputsFor(model, 7000 + 31 * rep + name.length);
        for (let i = 0; i < model.layers.length; i++) {
          const layer = model.layers[i];
          if (layer.kind !== 'recurrent') continue;
          const { spec, readout } = await specFor(model, i, inputs, { simulate });
          expect(!!readout).toBe(model.layers[i + 1]?.kind === 'dense');
          expect(spec.recurrentActivation).toBe(layer.cell === 'rnn' ? undefined : layer.recurrentActivation);
          const trace = await simulate(spec);
          if (name === 'gru-reset-after') {
            const w = tf.io.decodeWeights(f.shard.slice().buffer, f.json.weightsManifest[0].weights);
            const ref = kerasGruResetAfter(inputs, w, layer.units);
            tf.dispose(Object.values(w));
            expect(spec.resetAfter).toBe(true);
            expectClose(trace.h, ref, TOL, TOL, 'h vs Keras reset-after GRU');
            note(name, maxAbsDiff(trace.h, ref));
            continue;
          }
          // every step: the model cut after layer i, returning sequences
          const cut = await predictCut(f, i, inputs, tokens);
          expectClose(trace.outputs, cut, TOL, TOL, `${name} layer ${i}: outputs vs cut model`);
          note(name, maxAbsDiff(trace.outputs, cut));
          if (!layer.backward) expectClose(trace.h, cut, TOL, TOL, `${name} layer ${i}: h`);
          else expect(trace.hBackward).toHaveLength(inputs.length);
          if (readout) {
            const cutY = await predictCut(f, i, inputs, tokens, true);
            expectClose(trace.y, cutY, TOL, TOL, `${name} layer ${i}: y vs cut model with its Dense`);
            note(name, maxAbsDiff(trace.y, cutY));
          }
          // the whole model's prediction, read off the top layer's trace
          if (i === top) {
            const pred = await predictModel(f, inputs, tokens);
            const mine = predictionFromTrace(model, i, trace);
            expect(mine.length).toBe(pred.length);
            expect(mine.length).toBe(recurrentConfig(modelLayers(f.json)[i]).return_sequences ? inputs.length : 1);
            expectClose(mine, pred, TOL, TOL, `${name}: model.predict`);
            note(name, maxAbsDiff(mine, pred));
          }
        }
      }
    });
  }

  afterAll(() => {
    console.log(
      'import agreement (max |Δ| vs tf.layers):\n' +
        Object.entries(agreement)
          .map(([n, d]) => `  ${n}: ${d.toExponential(2)}`)
          .join('\n'),
    );
  });
});

describe('other forms of the same model', () => {
  it("Keras 3's forms: batch_shape, inbound_nodes with keras_history, numbered weight names", async () => {
    const f = readFixture('functional-gru-dense');
    const k3 = structuredClone(f.json);
    const layers = k3.modelTopology.config.layers;
    layers[0].config.batch_shape = layers[0].config.batch_input_shape;
    delete layers[0].config.batch_input_shape;
    for (const l of layers.slice(1)) {
      const [[src]] = l.inbound_nodes[0];
      l.inbound_nodes = [
        { args: [{ class_name: '__keras_tensor__', config: { shape: [null, 2], dtype: 'float32', keras_history: [src, 0, 0] } }], kwargs: {} },
      ];
    }
    k3.modelTopology.class_name = 'Functional';
    for (const w of k3.weightsManifest[0].weights)
      w.name = w.name.replace(
        /\/(kernel|recurrent_kernel|bias)$/,
        (_: string, k: string) => `/${{ kernel: 0, recurrent_kernel: 1, bias: k === 'bias' && w.name.startsWith('dense') ? 1 : 2 }[k]}`,
      );
    const a = importModel(jsonFile(f.json), shardFiles(f.shard));
    const b = importModel(jsonFile(k3), shardFiles(f.shard));
    expect(k3.weightsManifest[0].weights.map((w: { name: string }) => w.name)).toEqual(['gru/0', 'gru/1', 'gru/2', 'dense/0', 'dense/1']);
    expect(b.form).toBe('Functional');
    expect(b.layers).toEqual(a.layers);
    expect(b.input).toEqual({ timeSteps: null, features: 2, tokens: false });
  });

  it('specFor loads the engine itself when no simulate is passed (a stacked model runs its lower layer)', async () => {
    const { model } = load('stacked-lstm');
    const inputs = inputsFor(model, 5);
    const own = await specFor(model, 1, inputs);
    const passed = await specFor(model, 1, inputs, { simulate });
    expect(own.spec).toEqual(passed.spec);
    expect(own.spec.inputs).toHaveLength(inputs.length);
    expect(own.spec.inputs[0]).toHaveLength(3);
  });
});
