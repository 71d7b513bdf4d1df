/**
 * An imported model as the simulator sees it: a chain of layers (an optional Embedding, one or more
 * recurrent layers, an optional Dense readout) with their weights decoded into the engine's
 * layout, and the summary Keras' model.summary() prints.
 */
import type { CellKind, DirectionWeights, MergeMode, RecurrentActivation } from '../../engine/types';

interface LayerBase {
  /** the layer's name in model.json */
  name: string;
  /** as Keras' summary names the type: "LSTM", "Bidirectional(GRU)", "TimeDistributed(Dense)" */
  type: string;
  /** where the layer's config sits in model.json */
  field: string;
  /** Keras' output shape, null for the batch (and for a time axis of any length) */
  outputShape: (number | null)[];
  /** trainable parameters, as model.summary() counts them */
  params: number;
}

export interface EmbeddingLayer extends LayerBase {
  kind: 'embedding';
  vocab: number;
  dim: number;
  /** [vocab][dim] */
  embeddings: number[][];
}

export interface RecurrentLayer extends LayerBase {
  kind: 'recurrent';
  cell: CellKind;
  units: number;
  /** features read per step */
  inputDim: number;
  /** width of the layer's output per step: 2·units for a concatenated bidirectional layer */
  outWidth: number;
  returnSequences: boolean;
  recurrentActivation: RecurrentActivation;
  /** GRU in Keras' reset-after form (bias of two rows) */
  resetAfter: boolean;
  forward: DirectionWeights;
  /** present for a Bidirectional layer */
  backward?: DirectionWeights;
  merge?: MergeMode;
}

export interface DenseLayer extends LayerBase {
  kind: 'dense';
  units: number;
  inputDim: number;
  /** [inputDim][units] */
  kernel: number[][];
  bias: number[];
  timeDistributed: boolean;
}

export type ImportedLayer = EmbeddingLayer | RecurrentLayer | DenseLayer;

export interface SummaryRow {
  /** index in ImportedModel.layers (Keras' model.layers, without the InputLayer) */
  index: number;
  name: string;
  type: string;
  kind: ImportedLayer['kind'];
  /** units (recurrent: per direction), or the embedding's width */
  units: number;
  outputShape: (number | null)[];
  params: number;
}

export interface ModelSummary {
  rows: SummaryRow[];
  totalParams: number;
}

export interface ImportedModel {
  /** the model.json file's name */
  file: string;
  name: string;
  form: 'Sequential' | 'Functional';
  input: {
    /** the time axis as declared (null: any length) */
    timeSteps: number | null;
    /** features per step; 1 for token ids */
    features: number;
    /** the model reads integer token ids (it starts with an Embedding) */
    tokens: boolean;
  };
  layers: ImportedLayer[];
  summary: ModelSummary;
}
