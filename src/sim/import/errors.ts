/**
 * What an import refuses, and why: every refusal is a ModelImportError naming the file (model.json,
 * or a weight shard) and the field (a path into model.json such as
 * "modelTopology.model_config.config.layers[1].config.stateful", or a weight's name), in words a
 * student can act on; the UI shows the message as it is. The size limits are stated here once.
 */
import { LIMITS } from '../../engine/validate';

export const IMPORT_LIMITS = Object.freeze({
  /** bytes of one file (model.json or a shard): larger files are refused before they are parsed */
  maxFileBytes: 32 * 1024 * 1024,
  /** trainable parameters of the whole model (float32: 4 bytes each, 20 MB) */
  maxParams: 5_000_000,
  /** hidden units of a recurrent layer, per direction: the simulator's own limit */
  maxUnits: LIMITS.maxUnits,
  /** input features a recurrent layer reads per step (embedding width, or the layer below's output) */
  maxInputDim: LIMITS.maxInputDim,
  /** outputs of the Dense readout */
  maxOutputDim: LIMITS.maxOutputDim,
  /** nesting depth of model.json (a Keras model.json is about 10 deep) */
  maxJsonDepth: 64,
  /** layers in the model */
  maxLayers: 32,
  /** largest |weight| (the simulator refuses larger values) */
  maxAbsWeight: LIMITS.maxAbsValue,
});

/** A model the simulator cannot import. `file`: which file; `field`: where in it. */
export class ModelImportError extends Error {
  readonly file: string;
  readonly field: string;
  constructor(file: string, field: string, message: string) {
    // the message names the field: as it says it, or in brackets after the file
    super(message.includes(field) ? `${file}: ${message}` : `${file} (${field}): ${message}`);
    this.name = 'ModelImportError';
    this.file = file;
    this.field = field;
  }
}

/** Throws a ModelImportError whose message starts with the file and names the field. */
export function refuse(file: string, field: string, message: string): never {
  throw new ModelImportError(file, field, message);
}

/** A value in a message: strings quoted and cut, lists and objects by kind. */
export function shown(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (typeof v === 'string') return `"${v.length > 40 ? v.slice(0, 40) + '…' : v}"`;
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  return String(v);
}

export const fmt = (n: number) => n.toLocaleString('en-US');
