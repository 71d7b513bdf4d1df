/**
 * Shared by the import tests: the fixtures of tests/fixtures/models (scripts/make-model-fixtures.ts)
 * as files, and tf.layers' own predictions for them: the whole model, or the model cut after one
 * layer with that layer's return_sequences forced on (every step's output).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../src/engine/init';
import type { ImportFile } from '../../src/sim/import/index';

export const FIXTURE_DIR = path.resolve(import.meta.dirname, '../fixtures/models');
export const SHARD = 'group1-shard1of1.bin';
export const FIXTURES = readdirSync(FIXTURE_DIR).sort();

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Fixture {
  json: Json;
  shard: Uint8Array;
}

export function readFixture(name: string): Fixture {
  const dir = path.join(FIXTURE_DIR, name);
  return { json: JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')), shard: new Uint8Array(readFileSync(path.join(dir, SHARD))) };
}

export const jsonFile = (json: unknown, name = 'model.json'): ImportFile => ({ name, data: JSON.stringify(json) });
export const shardFiles = (shard: Uint8Array): ImportFile[] => [{ name: SHARD, data: shard }];

/** The model config, wherever the form puts it. */
export function modelConfig(json: Json): Json {
  return json.modelTopology.model_config ?? json.modelTopology;
}

/** The config's layer list, InputLayer included. */
export function layerList(json: Json): Json[] {
  return modelConfig(json).config.layers;
}

/** The layer entries without an InputLayer: index i is ImportedModel.layers[i]. */
export function modelLayers(json: Json): Json[] {
  return layerList(json).filter((l) => l.class_name !== 'InputLayer');
}

/** The recurrent config of a layer entry (a Bidirectional's wrapped layer). */
export function recurrentConfig(entry: Json): Json {
  return entry.class_name === 'Bidirectional' ? entry.config.layer.config : entry.config;
}

/** A seeded input sequence: T rows of `features` values in [−1.5, 1.5], or token ids below `vocab`. */
export function randomInputs(seed: number, T: number, features: number, vocab?: number): number[][] {
  const rand = mulberry32(seed);
  return Array.from({ length: T }, () =>
    vocab ? [Math.floor(rand() * vocab)] : Array.from({ length: features }, () => Math.round((rand() * 3 - 1.5) * 1000) / 1000),
  );
}

async function load(json: Json, shard: Uint8Array): Promise<tf.LayersModel> {
  const weightData = shard.buffer.slice(shard.byteOffset, shard.byteOffset + shard.byteLength) as ArrayBuffer;
  const handler = tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData });
  return tf.loadLayersModel(handler, { strict: false });
}

async function predict(model: tf.LayersModel, inputs: number[][], tokens: boolean): Promise<number[][]> {
  const x = tokens ? tf.tensor2d([inputs.map((r) => r[0])]) : tf.tensor3d([inputs]);
  const y = model.predict(x) as tf.Tensor;
  const out = (await y.array()) as number[][][] | number[][];
  tf.dispose([x, y]);
  model.dispose();
  // [1][T][w] → T rows; [1][w] → one row
  return y.rank === 3 ? (out as number[][][])[0] : [(out as number[][])[0]];
}

/** tf.layers' model.predict of the whole model on one sequence. */
export async function predictModel(f: Fixture, inputs: number[][], tokens: boolean): Promise<number[][]> {
  return predict(await load(f.json, f.shard), inputs, tokens);
}

/**
 * tf.layers' prediction of the model cut after layer `index` (of modelLayers), that layer returning
 * sequences, plus the next layer when `withReadout`: every step's output.
 */
export async function predictCut(f: Fixture, index: number, inputs: number[][], tokens: boolean, withReadout = false): Promise<number[][]> {
  const json = structuredClone(f.json);
  const mc = modelConfig(json);
  const all: Json[] = mc.config.layers;
  const kept = modelLayers(json).slice(0, index + (withReadout ? 2 : 1));
  recurrentConfig(kept[index]).return_sequences = true;
  mc.config.layers = all.filter((l) => l.class_name === 'InputLayer' || kept.includes(l));
  if (mc.config.output_layers) mc.config.output_layers = [[kept[kept.length - 1].name, 0, 0]];
  return predict(await load(json, f.shard), inputs, tokens);
}

/** The largest |a − b| over two equally shaped nested arrays. */
export function maxAbsDiff(a: number[][], b: number[][]): number {
  let m = 0;
  a.forEach((row, i) => row.forEach((v, j) => (m = Math.max(m, Math.abs(v - b[i][j])))));
  return m;
}
