/**
 * Raw layers → ImportedLayers: each layer's config checked against what the simulator runs (the
 * field named when it cannot), and its weights taken from the decoded shards by name, as
 * tfjs-layers' loadWeights matches them: "<layer>/<weight>", or with the cell's name inside
 * ("lstm/lstm_cell/kernel", TF ≥ 2.2), a Bidirectional's directions as "forward_…" / "backward_…",
 * Keras 3's numbered weights ("dense/0") in the layer's weight order.
 */
import type { CellKind, DirectionWeights, MergeMode, RecurrentActivation } from '../../engine/types';
import { GATES } from '../../engine/types';
import { fmt, IMPORT_LIMITS, refuse, shown } from './errors';
import { asObject } from './json';
import type { RawLayer } from './topology';
import { toRows, type DecodedWeight } from './weights';

export const RECURRENT_CLASSES: Record<string, CellKind> = { SimpleRNN: 'rnn', LSTM: 'lstm', GRU: 'gru' };
const REC_ACTS: Record<string, RecurrentActivation> = { sigmoid: 'sigmoid', hard_sigmoid: 'hardSigmoid', hardSigmoid: 'hardSigmoid' };
const MERGES: MergeMode[] = ['concat', 'sum', 'ave', 'mul'];
const WEIGHT_ORDER = { kernel: 0, recurrent_kernel: 1, bias: 2, embeddings: 0 } as const;

/** The decoded weights, taken by layer and name; what no layer takes is refused at the end. */
export class WeightPool {
  private readonly left: Map<string, DecodedWeight>;
  constructor(
    weights: Map<string, DecodedWeight>,
    private readonly fields: Map<string, string>,
    private readonly file: string,
  ) {
    this.left = new Map(weights);
  }

  /** The weight `key` of layer `layer` (in direction `dir` of a Bidirectional), of shape `shape`. */
  take(layer: string, key: keyof typeof WEIGHT_ORDER, shape: number[], dir?: 'forward' | 'backward', dense = false): DecodedWeight {
    const inDir = (parts: string[]) => {
      const d = parts.slice(1, -1).find((p) => p.startsWith('forward_') || p.startsWith('backward_'));
      return dir ? d?.startsWith(`${dir}_`) : d === undefined;
    };
    const mine = [...this.left.keys()].filter((n) => {
      const parts = n.split('/');
      return parts[0] === layer && parts.length > 1 && inDir(parts);
    });
    const index = dense && key === 'bias' ? 1 : WEIGHT_ORDER[key];
    const name = mine.find((n) => n.split('/').pop() === key) ?? mine.find((n) => n.split('/').pop() === String(index));
    const where = dir ? `the ${dir} direction of layer "${layer}"` : `layer "${layer}"`;
    if (!name)
      refuse(
        this.file,
        'weightsManifest',
        `weightsManifest has no weight "${layer}/${dir ? `${dir}_…/` : ''}${key}" for ${where}: the weights belong to another model.`,
      );
    const w = this.left.get(name)!;
    if (w.shape.length !== shape.length || w.shape.some((d, i) => d !== shape[i]))
      refuse(
        this.file,
        this.fields.get(name) ?? name,
        `the weight "${name}" has shape [${w.shape.join(', ')}], but ${where} needs [${shape.join(', ')}].`,
      );
    this.left.delete(name);
    return w;
  }

  /** The rows of layer `layer`'s kernel (its input width), without taking it. */
  peekRows(layer: string): number | undefined {
    const name = [...this.left.keys()].find((n) => n.split('/')[0] === layer && /^(kernel|0)$/.test(n.split('/').pop()!));
    return name === undefined ? undefined : this.left.get(name)!.shape[0];
  }

  /** Refuses weights no layer took. */
  finish(): void {
    const [name] = [...this.left.keys()];
    if (name !== undefined) refuse(this.file, this.fields.get(name) ?? name, `the weight "${name}" belongs to no layer of the model.`);
  }
}

interface Ctx {
  file: string;
  pool: WeightPool;
}

const bool = (c: Record<string, unknown>, key: string, file: string, field: string, dflt: boolean): boolean => {
  const v = c[key];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'boolean') refuse(file, `${field}.${key}`, `${field}.${key} must be true or false, but it is ${shown(v)}.`);
  return v;
};

function positiveInt(c: Record<string, unknown>, key: string, file: string, field: string, max: number, limitName: string): number {
  const v = c[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    refuse(file, `${field}.${key}`, `${field}.${key} must be a whole number ≥ 1, but it is ${shown(v)}.`);
  if (v > max) refuse(file, `${field}.${key}`, `${field}.${key} is ${fmt(v)}; the simulator's limit is ${fmt(max)} (${limitName}).`);
  return v;
}

export interface RecurrentOptions {
  cell: CellKind;
  units: number;
  returnSequences: boolean;
  recurrentActivation: RecurrentActivation;
  resetAfter: boolean;
  useBias: boolean;
}

/** Checks a SimpleRNN / LSTM / GRU config. `role`: its place (a Bidirectional's backward layer reads backwards). */
export function recurrentOptions(raw: RawLayer, file: string, role: 'layer' | 'forward' | 'backward'): RecurrentOptions {
  const cell = RECURRENT_CLASSES[raw.className];
  const c = raw.config;
  const f = `${raw.field}.config`;
  const name = String(c.name ?? raw.className);
  const units = positiveInt(c, 'units', file, f, IMPORT_LIMITS.maxUnits, 'IMPORT_LIMITS.maxUnits, units per direction');
  if (c.activation !== 'tanh')
    refuse(file, `${f}.activation`, `layer "${name}" has activation ${shown(c.activation)}; the simulator's ${raw.className} cell uses "tanh".`);
  let recurrentActivation: RecurrentActivation = 'sigmoid';
  if (cell !== 'rnn') {
    const ra = REC_ACTS[String(c.recurrent_activation)];
    if (typeof c.recurrent_activation !== 'string' || !ra)
      refuse(
        file,
        `${f}.recurrent_activation`,
        `layer "${name}" has recurrent_activation ${shown(c.recurrent_activation)}; the simulator's gates use "sigmoid" or "hard_sigmoid".`,
      );
    recurrentActivation = ra;
  }
  for (const key of ['stateful', 'return_state', 'time_major'] as const)
    if (bool(c, key, file, f, false))
      refuse(
        file,
        `${f}.${key}`,
        `layer "${name}" has ${key}: true; the simulator runs each sequence from the zero state and returns the outputs only. Save the model with ${key}: false.`,
      );
  const goBackwards = bool(c, 'go_backwards', file, f, false);
  if (goBackwards !== (role === 'backward'))
    refuse(
      file,
      `${f}.go_backwards`,
      role === 'backward'
        ? `the backward layer "${name}" of a Bidirectional must have go_backwards: true.`
        : `layer "${name}" has go_backwards: true; the simulator reads a sequence backwards only inside a Bidirectional layer.`,
    );
  const resetAfter = cell === 'gru' && bool(c, 'reset_after', file, f, false);
  return {
    cell,
    units,
    returnSequences: bool(c, 'return_sequences', file, f, false),
    recurrentActivation,
    resetAfter,
    useBias: bool(c, 'use_bias', file, f, true),
  };
}

function direction(ctx: Ctx, layer: string, o: RecurrentOptions, inputDim: number, dir?: 'forward' | 'backward'): DirectionWeights {
  const gu = GATES[o.cell] * o.units;
  const kernel = toRows(ctx.pool.take(layer, 'kernel', [inputDim, gu], dir));
  const recurrentKernel = toRows(ctx.pool.take(layer, 'recurrent_kernel', [o.units, gu], dir));
  let bias: number[] | number[][];
  if (!o.useBias) bias = o.resetAfter ? [new Array(gu).fill(0), new Array(gu).fill(0)] : new Array(gu).fill(0);
  else if (o.resetAfter) bias = toRows(ctx.pool.take(layer, 'bias', [2, gu], dir));
  else bias = Array.from(ctx.pool.take(layer, 'bias', [gu], dir).values);
  return { kernel, recurrentKernel, bias };
}

/** Parameters of one direction, as Keras counts them. */
function directionParams(o: RecurrentOptions, inputDim: number): number {
  const gu = GATES[o.cell] * o.units;
  return gu * (inputDim + o.units) + (o.useBias ? (o.resetAfter ? 2 : 1) * gu : 0);
}

export type Built =
  | { kind: 'embedding'; name: string; type: string; vocab: number; dim: number; embeddings: number[][]; params: number }
  | {
      kind: 'recurrent';
      name: string;
      type: string;
      options: RecurrentOptions;
      forward: DirectionWeights;
      backward?: DirectionWeights;
      merge?: MergeMode;
      outWidth: number;
      params: number;
    }
  | { kind: 'dense'; name: string; type: string; units: number; kernel: number[][]; bias: number[]; timeDistributed: boolean; params: number };

function dense(ctx: Ctx, raw: RawLayer, weightLayer: string, inputDim: number, timeDistributed: boolean, type: string): Built {
  const c = raw.config;
  const f = `${raw.field}.config`;
  const name = String(c.name ?? 'dense');
  const units = positiveInt(c, 'units', ctx.file, f, IMPORT_LIMITS.maxOutputDim, 'IMPORT_LIMITS.maxOutputDim, readout outputs');
  if (c.activation !== undefined && c.activation !== null && c.activation !== 'linear')
    refuse(
      ctx.file,
      `${f}.activation`,
      `layer "${name}" has activation ${shown(c.activation)}; the simulator's readout is linear (y = h·W + b): use activation "linear" (or none).`,
    );
  const useBias = bool(c, 'use_bias', ctx.file, f, true);
  const kernel = toRows(ctx.pool.take(weightLayer, 'kernel', [inputDim, units], undefined, true));
  const bias = useBias ? Array.from(ctx.pool.take(weightLayer, 'bias', [units], undefined, true).values) : new Array(units).fill(0);
  return { kind: 'dense', name: weightLayer, type, units, kernel, bias, timeDistributed, params: inputDim * units + (useBias ? units : 0) };
}

/** One layer, reading `inputDim` features per step (the vocabulary is the Embedding's own). */
export function buildLayer(ctx: Ctx, raw: RawLayer, inputDim: number): Built {
  const { file } = ctx;
  const c = raw.config;
  const f = `${raw.field}.config`;
  const name = String(c.name ?? raw.className);
  switch (raw.className) {
    case 'SimpleRNN':
    case 'LSTM':
    case 'GRU': {
      const o = recurrentOptions(raw, file, 'layer');
      return {
        kind: 'recurrent',
        name,
        type: raw.className,
        options: o,
        forward: direction(ctx, name, o, inputDim),
        outWidth: o.units,
        params: directionParams(o, inputDim),
      };
    }
    case 'Bidirectional': {
      const inner = asObject(c.layer, file, `${f}.layer`, 'the wrapped recurrent layer (class_name and config)');
      const innerRaw = {
        className: String(inner.class_name),
        config: asObject(inner.config, file, `${f}.layer.config`, 'its config'),
        field: `${f}.layer`,
      };
      if (!(innerRaw.className in RECURRENT_CLASSES))
        refuse(
          file,
          `${f}.layer.class_name`,
          `layer "${name}" wraps ${shown(inner.class_name)}; the simulator's Bidirectional wraps SimpleRNN, LSTM or GRU.`,
        );
      const o = recurrentOptions(innerRaw, file, 'forward');
      if (c.backward_layer !== undefined && c.backward_layer !== null) {
        const b = asObject(c.backward_layer, file, `${f}.backward_layer`, 'the backward recurrent layer');
        const bRaw = {
          className: String(b.class_name),
          config: asObject(b.config, file, `${f}.backward_layer.config`, 'its config'),
          field: `${f}.backward_layer`,
        };
        const bo = bRaw.className === innerRaw.className ? recurrentOptions(bRaw, file, 'backward') : undefined;
        if (!bo || JSON.stringify({ ...bo }) !== JSON.stringify({ ...o }))
          refuse(
            file,
            `${f}.backward_layer`,
            `layer "${name}" has a backward layer unlike its forward layer; the simulator runs the same cell in both directions.`,
          );
      }
      if (typeof c.merge_mode !== 'string' || !MERGES.includes(c.merge_mode as MergeMode))
        refuse(
          file,
          `${f}.merge_mode`,
          `layer "${name}" has merge_mode ${shown(c.merge_mode)}; the simulator merges the two directions by "concat", "sum", "ave" or "mul".`,
        );
      const merge = c.merge_mode as MergeMode;
      return {
        kind: 'recurrent',
        name,
        type: `Bidirectional(${innerRaw.className})`,
        options: o,
        forward: direction(ctx, name, o, inputDim, 'forward'),
        backward: direction(ctx, name, o, inputDim, 'backward'),
        merge,
        outWidth: merge === 'concat' ? 2 * o.units : o.units,
        params: 2 * directionParams(o, inputDim),
      };
    }
    case 'Embedding': {
      const vocab = positiveInt(c, 'input_dim', file, f, IMPORT_LIMITS.maxParams, 'IMPORT_LIMITS.maxParams');
      const dim = positiveInt(c, 'output_dim', file, f, IMPORT_LIMITS.maxInputDim, 'IMPORT_LIMITS.maxInputDim, features a recurrent layer reads');
      if (bool(c, 'mask_zero', file, f, false))
        refuse(
          file,
          `${f}.mask_zero`,
          `layer "${name}" has mask_zero: true; the simulator does not mask padding tokens. Save the model with mask_zero: false.`,
        );
      const w = ctx.pool.take(name, 'embeddings', [vocab, dim]);
      return { kind: 'embedding', name, type: 'Embedding', vocab, dim, embeddings: toRows(w), params: vocab * dim };
    }
    case 'Dense':
      return dense(ctx, raw, name, inputDim, false, 'Dense');
    case 'TimeDistributed': {
      const inner = asObject(c.layer, file, `${f}.layer`, 'the wrapped layer (class_name and config)');
      if (inner.class_name !== 'Dense')
        refuse(
          file,
          `${f}.layer.class_name`,
          `layer "${name}" wraps ${shown(inner.class_name)}; the simulator's TimeDistributed readout wraps a Dense layer.`,
        );
      const innerRaw = { className: 'Dense', config: asObject(inner.config, file, `${f}.layer.config`, 'its config'), field: `${f}.layer` };
      return dense(ctx, innerRaw, name, inputDim, true, 'TimeDistributed(Dense)');
    }
    default:
      refuse(
        file,
        `${raw.field}.class_name`,
        `layer "${name}" is a ${shown(raw.className)} layer; the simulator imports InputLayer, Embedding, SimpleRNN, LSTM, GRU, Bidirectional, Dense and TimeDistributed(Dense).`,
      );
  }
}
