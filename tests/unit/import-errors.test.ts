/**
 * What an import refuses (src/sim/import): each bad model.json or shard is a ModelImportError whose
 * `file` and `field` say where the problem is, and whose message names both. The bad inputs are
 * the good fixtures of tests/fixtures/models with one thing changed.
 */
import { describe, expect, it } from 'vitest';
import { checkFileSize, IMPORT_LIMITS, importModel, ModelImportError, parseModelJson, specFor, type ImportFile } from '../../src/sim/import/index';
import { jsonFile, layerList, modelConfig, readFixture, recurrentConfig, SHARD, shardFiles } from './import-helpers';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Runs `fn`, expecting a ModelImportError for `file` at `field` whose message names both. */
function refused(fn: () => unknown, file: string, field: string, words?: RegExp): ModelImportError {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err, `expected a refusal at ${field}`).toBeInstanceOf(ModelImportError);
  const e = err as ModelImportError;
  expect(e.file).toBe(file);
  expect(e.field).toBe(field);
  expect(e.message.startsWith(file), e.message).toBe(true);
  expect(e.message, e.message).toContain(field);
  if (words) expect(e.message).toMatch(words);
  return e;
}

/** A fixture with its model.json changed by `edit`, imported with its shard. */
function importEdited(name: string, edit: (json: Json) => void, shard?: Uint8Array) {
  const f = readFixture(name);
  edit(f.json);
  return () => importModel(jsonFile(f.json), shardFiles(shard ?? f.shard));
}

const L1 = 'modelTopology.config.layers[0].config'; // tfjs form, Sequential without InputLayer
const K1 = 'modelTopology.model_config.config.layers[1].config'; // converter form, after the InputLayer

describe('unsupported layers and options are refused, naming file and field', () => {
  for (const key of ['stateful', 'return_state'] as const) {
    it(`${key}: true`, () => {
      refused(
        importEdited('lstm', (j) => (layerList(j)[0].config[key] = true)),
        'model.json',
        `${L1}.${key}`,
        new RegExp(`layer "lstm_LSTM\\d+" has ${key}`),
      );
      refused(
        importEdited('lstm-dense', (j) => (layerList(j)[1].config[key] = true)),
        'model.json',
        `${K1}.${key}`,
        /layer "lstm" /,
      );
    });
  }

  it('go_backwards: true outside a Bidirectional (inside, the wrapped layer runs forwards)', () => {
    refused(
      importEdited('gru', (j) => (layerList(j)[0].config.go_backwards = true)),
      'model.json',
      `${L1}.go_backwards`,
      /only inside a Bidirectional/,
    );
    refused(
      importEdited('bidi-lstm-concat', (j) => (layerList(j)[0].config.layer.config.go_backwards = true)),
      'model.json',
      `${L1}.layer.config.go_backwards`,
    );
  });

  it('unknown, custom and nested class names', () => {
    refused(
      importEdited('lstm', (j) => (layerList(j)[0].class_name = 'Conv1D')),
      'model.json',
      'modelTopology.config.layers[0].class_name',
      /"Conv1D" layer/,
    );
    refused(
      importEdited('lstm-dense', (j) => (layerList(j)[2].class_name = 'Custom>Attention')),
      'model.json',
      'modelTopology.model_config.config.layers[2].class_name',
    );
    refused(
      importEdited('lstm', (j) => (modelConfig(j).class_name = 'MyModel')),
      'model.json',
      'modelTopology.class_name',
      /Sequential/,
    );
    refused(
      importEdited('bidi-rnn-ave', (j) => (layerList(j)[0].config.layer.class_name = 'ConvLSTM2D')),
      'model.json',
      `${L1}.layer.class_name`,
    );
  });

  it('activations the cells do not have', () => {
    refused(
      importEdited('simple-rnn', (j) => (layerList(j)[0].config.activation = 'relu')),
      'model.json',
      `${L1}.activation`,
      /"relu".*"tanh"/,
    );
    refused(
      importEdited('gru', (j) => (layerList(j)[0].config.recurrent_activation = 'tanh')),
      'model.json',
      `${L1}.recurrent_activation`,
    );
    refused(
      importEdited('lstm-dense', (j) => (layerList(j)[2].config.activation = 'softmax')),
      'model.json',
      'modelTopology.model_config.config.layers[2].config.activation',
      /linear/,
    );
  });

  it('merge_mode null, mask_zero, a Dense before the recurrent layer, return_sequences false below another', () => {
    refused(
      importEdited('bidi-lstm-mul', (j) => (layerList(j)[0].config.merge_mode = null)),
      'model.json',
      `${L1}.merge_mode`,
    );
    refused(
      importEdited('embedding-lstm', (j) => (layerList(j)[0].config.mask_zero = true)),
      'model.json',
      `${L1}.mask_zero`,
    );
    refused(
      importEdited('lstm-dense', (j) => layerList(j).splice(1, 0, layerList(j).splice(2, 1)[0])),
      'model.json',
      'modelTopology.model_config.config.layers[1]',
      /the Dense layer "dense" comes before any recurrent layer/,
    );
    refused(
      importEdited('stacked-lstm', (j) => (layerList(j)[1].config.return_sequences = false)),
      'model.json',
      `${K1}.return_sequences`,
      /return_sequences: false/,
    );
  });

  it('functional models with branches or several inputs', () => {
    refused(
      importEdited('functional-gru-dense', (j) => {
        const layers = modelConfig(j).config.layers;
        layers.push({ ...structuredClone(layers[2]), name: 'dense_2', config: { ...layers[2].config, name: 'dense_2' } });
      }),
      'model.json',
      'modelTopology.config.layers',
      /branches/,
    );
    refused(
      importEdited('functional-gru-dense', (j) => {
        const c = modelConfig(j).config;
        c.layers.push({ ...structuredClone(c.layers[0]), name: 'second' });
        c.input_layers.push(['second', 0, 0]);
      }),
      'model.json',
      'modelTopology.config.input_layers',
      /2 inputs/,
    );
    refused(
      importEdited('functional-gru-dense', (j) => modelConfig(j).config.layers[2].inbound_nodes[0].push(['sequence', 0, 0, {}])),
      'model.json',
      'modelTopology.config.layers[2].inbound_nodes',
      /reads 2 tensors/,
    );
  });

  it('a graph model', () => {
    refused(
      importEdited('gru', (j) => (j.format = 'graph-model')),
      'model.json',
      'format',
      /layers-model/,
    );
  });
});

describe('bad weights are refused, naming the shard or the weight', () => {
  it('a missing shard names it and the manifest path', () => {
    const f = readFixture('lstm');
    refused(() => importModel(jsonFile(f.json), []), SHARD, 'weightsManifest[0].paths[0]', /missing/);
    expect(parseModelJson(jsonFile(f.json)).shardNames).toEqual([SHARD]);
  });

  it('a shard of the wrong byte size', () => {
    const f = readFixture('lstm');
    refused(
      () => importModel(jsonFile(f.json), shardFiles(f.shard.slice(0, f.shard.length - 4))),
      SHARD,
      'weightsManifest[0].paths',
      /444 bytes.*448 bytes/,
    );
    const longer = new Uint8Array(f.shard.length + 8);
    longer.set(f.shard);
    refused(() => importModel(jsonFile(f.json), shardFiles(longer)), SHARD, 'weightsManifest[0].paths', /456 bytes/);
  });

  it('dtypes other than float32, and quantised weights', () => {
    refused(
      importEdited('gru', (j) => (j.weightsManifest[0].weights[1].dtype = 'int32')),
      'model.json',
      'weightsManifest[0].weights[1].dtype',
      /"int32"/,
    );
    refused(
      importEdited('gru', (j) => (j.weightsManifest[0].weights[0].dtype = 'float16')),
      'model.json',
      'weightsManifest[0].weights[0].dtype',
    );
    refused(
      importEdited('gru', (j) => (j.weightsManifest[0].weights[0].quantization = { dtype: 'uint8', scale: 1, min: 0 })),
      'model.json',
      'weightsManifest[0].weights[0].quantization',
    );
  });

  it('NaN and infinite weights name the weight and the shard', () => {
    for (const bad of [NaN, Infinity, -Infinity, 1e30]) {
      const f = readFixture('simple-rnn');
      const values = new Float32Array(f.shard.slice().buffer);
      values[7] = bad; // kernel [2, 3] has 6: index 7 is recurrent_kernel[0][1]
      const e = refused(
        () => importModel(jsonFile(f.json), shardFiles(new Uint8Array(values.buffer))),
        SHARD,
        f.json.weightsManifest[0].weights[1].name,
      );
      expect(e.message).toContain('position 1');
    }
  });

  it('a weight of the wrong shape, and weights that belong to no layer', () => {
    refused(
      importEdited('gru', (j) => (j.weightsManifest[0].weights[0].shape = [9, 2])),
      'model.json',
      'weightsManifest[0].weights[0]',
      /shape \[9, 2\].*needs \[2, 9\]/,
    );
    const f = readFixture('gru');
    f.json.weightsManifest[0].weights.push({ name: 'extra/kernel', shape: [1], dtype: 'float32' });
    const shard = new Uint8Array(f.shard.length + 4);
    shard.set(f.shard);
    refused(() => importModel(jsonFile(f.json), shardFiles(shard)), 'model.json', 'weightsManifest[0].weights[3]', /belongs to no layer/);
  });
});

describe('size limits and unsafe JSON', () => {
  it('units over the limit, and parameters over the limit before any shard is read', () => {
    const e = refused(
      importEdited('lstm', (j) => (layerList(j)[0].config.units = 300)),
      'model.json',
      `${L1}.units`,
      /300.*256/,
    );
    expect(e.message).toContain('IMPORT_LIMITS.maxUnits');
    const f = readFixture('lstm');
    f.json.weightsManifest[0].weights[0].shape = [2000, 1500];
    f.json.weightsManifest[0].weights[1].shape = [1500, 2000];
    refused(() => parseModelJson(jsonFile(f.json)), 'model.json', 'weightsManifest', /6,000,016 weights.*5,000,000 parameters/);
    expect(IMPORT_LIMITS.maxParams).toBe(5_000_000);
  });

  it('a file over the byte limit is refused before parsing', () => {
    refused(() => checkFileSize('model.json', 200 * 1024 * 1024), 'model.json', 'size', /209,715,200 bytes.*33,554,432 bytes/);
    const huge: ImportFile = { name: 'model.json', data: '{' + ' '.repeat(IMPORT_LIMITS.maxFileBytes) };
    refused(() => parseModelJson(huge), 'model.json', 'size');
    const f = readFixture('gru');
    refused(() => importModel(jsonFile(f.json), [{ name: SHARD, data: new Uint8Array(IMPORT_LIMITS.maxFileBytes + 1) }]), SHARD, 'size');
  });

  for (const key of ['__proto__', 'constructor', 'prototype']) {
    it(`a "${key}" key is refused (prototype pollution)`, () => {
      const f = readFixture('gru');
      const text = JSON.stringify(f.json).replace('"units":3', `"units":3,"${key}":{"polluted":true}`);
      refused(() => parseModelJson({ name: 'model.json', data: text }), 'model.json', `${L1}.${key}`, /not allowed/);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it('bad JSON, bytes that are not UTF-8, deep nesting', () => {
    refused(() => parseModelJson({ name: 'model.json', data: '{"format": ' }), 'model.json', 'JSON');
    refused(() => parseModelJson({ name: 'model.json', data: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }), 'model.json', 'encoding');
    const deep = '['.repeat(100) + ']'.repeat(100);
    refused(() => parseModelJson({ name: 'model.json', data: `{"x": ${deep}}` }), 'model.json', 'x' + '[0]'.repeat(IMPORT_LIMITS.maxJsonDepth));
  });
});

describe('specFor refuses bad layer choices and inputs', () => {
  it('a layer that is not recurrent, and token ids outside the vocabulary', async () => {
    const f = readFixture('embedding-lstm');
    const model = importModel(jsonFile(f.json), shardFiles(f.shard));
    await expect(specFor(model, 0, [[1]])).rejects.toThrow(
      /layer 0 \("embedding_Embedding\d+", Embedding\) is not recurrent; the recurrent layers are 1/,
    );
    await expect(specFor(model, 1, [[1], [7]])).rejects.toThrow(/inputs\[1\] is 7; the Embedding .* reads token ids 0 … 6/);
    const g = readFixture('gru');
    const gm = importModel(jsonFile(g.json), shardFiles(g.shard));
    await expect(specFor(gm, 0, [[1, 2, 3]])).rejects.toThrow(/inputs\[0\] must be 2 numbers/);
    expect(recurrentConfig(layerList(g.json)[0]).units).toBe(3);
  });
});
