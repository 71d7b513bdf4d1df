/**
 * model.json (+ its weight shards) → ImportedModel. Two steps, so a UI can ask for the shards
 * model.json names before reading them: parseModelJson (format, topology, manifest; no weights)
 * and importModel (decodes the shards and builds the layers). The chain the simulator runs:
 * [Embedding] → recurrent layer(s) → [Dense | TimeDistributed(Dense)]; every recurrent layer below
 * another returns sequences, and each layer's input width is the output width of the one below.
 */
import { fmt, IMPORT_LIMITS, refuse, shown } from './errors';
import { asObject, checkFileSize, byteSize, parseJsonFile, type ImportFile } from './json';
import { buildLayer, WeightPool, type Built } from './layers';
import { readTopology, type Topology } from './topology';
import type { ImportedLayer, ImportedModel } from './types';
import { baseName, decodeWeights, parseManifest, type ManifestGroup } from './weights';

export interface ParsedModelJson {
  file: string;
  topology: Topology;
  manifest: ManifestGroup[];
  /** the shard file names model.json needs, in order */
  shardNames: string[];
  /** generatedBy / convertedBy, as written (for display) */
  generatedBy?: string;
  convertedBy?: string;
}

/** Reads and checks model.json: format, topology, weights manifest (shards not needed yet). */
export function parseModelJson(file: ImportFile): ParsedModelJson {
  const root = asObject(parseJsonFile(file), file.name, '(root)', 'an object (a tfjs model.json)');
  if (root.format !== undefined && root.format !== 'layers-model')
    refuse(
      file.name,
      'format',
      `format is ${shown(root.format)}, not "layers-model"; the simulator imports Keras / tf.layers models (a graph model from a SavedModel has no layers to show: convert the Keras model with --input_format keras).`,
    );
  const topology = readTopology(root, file.name);
  const manifest = parseManifest(root.weightsManifest, file.name);
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    file: file.name,
    topology,
    manifest,
    shardNames: manifest.flatMap((g) => g.paths.map(baseName)),
    generatedBy: str(root.generatedBy),
    convertedBy: str(root.convertedBy),
  };
}

/** The shards as a map (keyed by path or file name); each size-checked. */
function shardMap(shards: ImportFile[] | ReadonlyMap<string, ArrayBuffer | Uint8Array>): Map<string, ArrayBuffer | Uint8Array> {
  const m = new Map<string, ArrayBuffer | Uint8Array>();
  const entries = Array.isArray(shards) ? shards.map((s) => [s.name, s.data] as const) : [...shards.entries()];
  for (const [name, data] of entries) {
    if (typeof data === 'string') refuse(name, 'data', 'a weight shard must be read as bytes (an ArrayBuffer), not as text.');
    checkFileSize(name, byteSize(data));
    m.set(name, data);
  }
  return m;
}

/**
 * Imports a model: model.json (a file, or what parseModelJson made of it) and its weight shards
 * (files, or a map from manifest path or file name to bytes). Throws ModelImportError.
 */
export function importModel(
  modelJson: ImportFile | ParsedModelJson,
  shards: ImportFile[] | ReadonlyMap<string, ArrayBuffer | Uint8Array>,
): ImportedModel {
  const parsed = 'topology' in modelJson ? modelJson : parseModelJson(modelJson);
  const { file, topology } = parsed;
  const decoded = decodeWeights(parsed.manifest, shardMap(shards), file);
  const fields = new Map(parsed.manifest.flatMap((g) => g.weights.map((w) => [w.name, w.field] as const)));
  const pool = new WeightPool(decoded, fields, file);

  const first = topology.layers[0];
  const tokens = first.className === 'Embedding';
  const declared = topology.inputShape;
  const rank = tokens ? 2 : 3;
  if (declared && declared.shape.length !== rank)
    refuse(
      file,
      declared.field,
      tokens
        ? `${declared.field} is [${declared.shape.join(', ')}]; an Embedding model reads (batch, time) token ids.`
        : `${declared.field} is [${declared.shape.join(', ')}]; a recurrent layer reads (batch, time, features) sequences.`,
    );
  const timeSteps = declared ? declared.shape[1] : null;
  // features: declared, else the first recurrent kernel's rows (found when the layer is built)
  let width = tokens ? 1 : (declared?.shape[2] ?? -1);
  const inputFeatures = width;
  const layers: ImportedLayer[] = [];
  let sequence = true;
  for (let i = 0; i < topology.layers.length; i++) {
    const raw = topology.layers[i];
    const prev = layers[i - 1];
    const name = String(raw.config.name ?? raw.className);
    if (raw.className === 'Embedding' && i > 0) refuse(file, raw.field, `the Embedding "${name}" must be the model's first layer.`);
    if (prev?.kind === 'dense')
      refuse(file, raw.field, `layer "${name}" follows the Dense readout "${prev.name}"; the simulator's readout is the model's last layer.`);
    const isRecurrent = raw.className in { SimpleRNN: 1, LSTM: 1, GRU: 1, Bidirectional: 1 };
    if (isRecurrent && !sequence && prev)
      refuse(
        file,
        `${layers.findLast((l) => l.kind === 'recurrent')!.field}.config.return_sequences`,
        `layer "${prev.name}" feeds the recurrent layer "${name}" but has return_sequences: false; a recurrent layer reads a sequence.`,
      );
    if ((raw.className === 'Dense' || raw.className === 'TimeDistributed') && !layers.some((l) => l.kind === 'recurrent'))
      refuse(file, raw.field, `the Dense layer "${name}" comes before any recurrent layer; the simulator's readout follows the recurrent layers.`);
    if (raw.className === 'TimeDistributed' && !sequence)
      refuse(file, raw.field, `the TimeDistributed layer "${name}" needs a sequence, but the layer below has return_sequences: false.`);
    if (width === -1) width = inferWidth(raw, pool, file);
    if (isRecurrent && width > IMPORT_LIMITS.maxInputDim)
      refuse(
        file,
        raw.field,
        `layer "${name}" reads ${fmt(width)} features per step; the simulator's limit is ${fmt(IMPORT_LIMITS.maxInputDim)} (IMPORT_LIMITS.maxInputDim).`,
      );
    const b: Built = buildLayer({ file, pool }, raw, width);
    layers.push(finish(b, raw.field, width, timeSteps, sequence));
    if (b.kind === 'embedding') width = b.dim;
    else if (b.kind === 'recurrent') {
      width = b.outWidth;
      sequence = b.options.returnSequences;
    } else width = b.units;
  }
  pool.finish();
  if (!layers.some((l) => l.kind === 'recurrent'))
    refuse(file, 'modelTopology', 'the model has no recurrent layer (SimpleRNN, LSTM, GRU or Bidirectional) to simulate.');
  const totalParams = layers.reduce((s, l) => s + l.params, 0);
  const firstRec = layers.find((l) => l.kind === 'recurrent')!;
  return {
    file,
    name: topology.name,
    form: topology.form,
    input: { timeSteps, features: tokens ? 1 : inputFeatures === -1 ? firstRec.inputDim : inputFeatures, tokens },
    layers,
    summary: {
      rows: layers.map((l, index) => ({
        index,
        name: l.name,
        type: l.type,
        kind: l.kind,
        units: l.kind === 'embedding' ? l.dim : l.units,
        outputShape: l.outputShape,
        params: l.params,
      })),
      totalParams,
    },
  };
}

/** Without a declared input shape, the features of the first layer are its kernel's rows. */
function inferWidth(raw: RawLayerLike, pool: WeightPool, file: string): number {
  const name = String(raw.config.name ?? raw.className);
  const rows = pool.peekRows(name);
  if (rows === undefined)
    refuse(file, raw.field, `the model declares no input shape (batch_input_shape) and layer "${name}" has no kernel to read it from.`);
  return rows;
}

type RawLayerLike = Topology['layers'][number];

function finish(b: Built, field: string, inputDim: number, T: number | null, sequenceIn: boolean): ImportedLayer {
  const base = { name: b.name, type: b.type, field, params: b.params };
  if (b.kind === 'embedding')
    return { ...base, kind: 'embedding', vocab: b.vocab, dim: b.dim, embeddings: b.embeddings, outputShape: [null, T, b.dim] };
  if (b.kind === 'dense')
    return {
      ...base,
      kind: 'dense',
      units: b.units,
      inputDim,
      kernel: b.kernel,
      bias: b.bias,
      timeDistributed: b.timeDistributed,
      outputShape: sequenceIn ? [null, T, b.units] : [null, b.units],
    };
  const o = b.options;
  return {
    ...base,
    kind: 'recurrent',
    cell: o.cell,
    units: o.units,
    inputDim,
    outWidth: b.outWidth,
    returnSequences: o.returnSequences,
    recurrentActivation: o.recurrentActivation,
    resetAfter: o.resetAfter,
    forward: b.forward,
    ...(b.backward ? { backward: b.backward, merge: b.merge } : {}),
    outputShape: o.returnSequences ? [null, T, b.outWidth] : [null, b.outWidth],
  };
}
