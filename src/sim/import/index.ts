/**
 * Importing a student's own model (issue 26): a TensorFlow.js Layers model (model.json and its
 * binary weight shards, from `tensorflowjs_converter --input_format keras` or tf.layers'
 * model.save) as what the simulator runs. Plain TypeScript: no React, no DOM; runs in Node and in a
 * Web Worker, and loads TensorFlow.js only when specFor has to run a lower layer.
 *
 * Supported: Sequential and single-chain Functional models of [InputLayer] [Embedding] → SimpleRNN /
 * LSTM / GRU (reset_after false or true) / Bidirectional of each (merge concat, sum, ave, mul), one
 * or stacked (return_sequences below) → [Dense | TimeDistributed(Dense)] with linear activation;
 * tanh cells, sigmoid or hard_sigmoid gates; float32 weights. Everything else is refused with a
 * ModelImportError naming the file and the field (errors.ts; limits in IMPORT_LIMITS).
 *
 *   const parsed = parseModelJson({ name: 'model.json', data });   // which shards: parsed.shardNames
 *   const model = importModel(parsed, [{ name: 'group1-shard1of1.bin', data: bytes }]);
 *   model.summary                                                  // as model.summary() prints it
 *   const { spec } = await specFor(model, 1, inputs);               // simulate(spec) draws layer 1
 *   predictionFromTrace(model, 1, trace)                           // = model.predict, cut after layer 1
 */
export { IMPORT_LIMITS, ModelImportError } from './errors';
export { checkFileSize, type ImportFile } from './json';
export { importModel, parseModelJson, type ParsedModelJson } from './model';
export { predictionFromTrace, recurrentLayer, specFor, type LayerSpec, type SimulateFn } from './spec';
export type { DenseLayer, EmbeddingLayer, ImportedLayer, ImportedModel, ModelSummary, RecurrentLayer, SummaryRow } from './types';
