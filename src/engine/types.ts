/**
 * The engine's public data types: plain, serialisable arrays in and out (no tensors).
 * Weight layout, gate order and defaults follow Keras / tf.layers (see docs in index.ts).
 */

export type CellKind = 'rnn' | 'lstm' | 'gru';

export type MergeMode = 'concat' | 'sum' | 'ave' | 'mul';

export type RecurrentActivation = 'sigmoid' | 'hardSigmoid';

/**
 * The gates of each cell in the Keras weight layout's block order (LSTM i, f, c → g, o; GRU z, r,
 * h → hh), as Trace.gates names them. The one declaration of the gate table: the engine's checks,
 * the initialiser and the views all read it.
 */
export const GATE_KEYS = { rnn: [], lstm: ['i', 'f', 'g', 'o'], gru: ['z', 'r', 'hh'] } as const satisfies Record<CellKind, readonly string[]>;

export type GateKey = (typeof GATE_KEYS)[keyof typeof GATE_KEYS][number];

/** Number of gate blocks G in the weight layout (the vanilla cell has one block and no gates). */
export const GATES: Record<CellKind, number> = { rnn: 1, lstm: GATE_KEYS.lstm.length, gru: GATE_KEYS.gru.length };

/**
 * Weights of one direction in the Keras / tf.layers layout. G = 1 (rnn), 4 (lstm), 3 (gru) gate
 * blocks of `units` columns each; LSTM blocks i, f, c, o; GRU blocks z, r, h (by default the reset
 * is applied before the recurrent product, h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃_t; see SimSpec.resetAfter).
 */
export interface DirectionWeights {
  /** [inputDim][G·units] */
  kernel: number[][];
  /** [units][G·units] */
  recurrentKernel: number[][];
  /**
   * [G·units]; for a GRU with `resetAfter: true`, two rows [2][3·units] as Keras' bias of shape
   * (2, 3·units): row 0 the input bias, row 1 the recurrent bias.
   */
  bias: number[] | number[][];
}

export interface SimSpec {
  cell: CellKind;
  units: number;
  /** [T][inputDim], x_1 … x_T */
  inputs: number[][];
  /** forward direction */
  weights: DirectionWeights;
  /** present ⇒ bidirectional: the same cell reads the sequence reversed with these weights */
  backward?: DirectionWeights;
  /** how the two directions are merged, as tf.layers.bidirectional; default 'concat'. Only with `backward`. */
  merge?: MergeMode;
  /** y_t = out_t · kernel + bias; y_t = out_t when absent */
  readout?: { kernel: number[][]; bias: number[] };
  /** GT_t, [T][outDim]; C_t = mean over outputs of (y_t − GT_t)² */
  targets?: number[][];
  /** gate activation of LSTM / GRU; default 'sigmoid'. Ignored by the vanilla RNN (it has no gates). */
  recurrentActivation?: RecurrentActivation;
  /**
   * GRU only; default false (TensorFlow.js). When true the GRU runs as Keras' default
   * (`reset_after=True`) and PyTorch do: the reset gate multiplies the recurrent product,
   * h̃_t = tanh(x_t·K_h + b_in,h + r_t ⊙ (h_{t−1}·R_h + b_rec,h)), z and r get both biases, and
   * `bias` (and `grads.bias`) is two rows of 3·units: input bias, then recurrent bias.
   * An Error (naming the field) on an RNN or LSTM, or with a one-row bias.
   */
  resetAfter?: boolean;
}

export interface Trace {
  /** [T][units], forward direction; h_0 = 0 is not included (row 0 is h_1) */
  h: number[][];
  /** LSTM cell state [T][units] (c_0 = 0 not included) */
  c?: number[][];
  /** LSTM: i, f, g (tanh candidate), o; GRU: z, r, hh (h̃); RNN: {}. Each [T][units]. */
  gates: Record<string, number[][]>;
  /** reverse direction's hidden states, in input time order (row t has read x_T … x_t) */
  hBackward?: number[][];
  /** per step cell output, merged when bidirectional: [T][units], or [T][2·units] for concat */
  outputs: number[][];
  /** [T][outDim] */
  y: number[][];
  /** C_t, [T]; [] without targets */
  loss: number[];
  /**
   * [t][k][units] = ∂C_t/∂h_k (forward direction; total derivative through every later step,
   * holding the LSTM cell state c_k fixed). Exactly 0 for k > t. [] without targets.
   */
  dCdh: number[][][];
  /**
   * LSTM only (absent for the other cells): [t][k][units] = ∂C_t/∂c_k, shaped like dCdh, for a
   * perturbation of c_k applied before h_k = o_k ⊙ tanh(c_k) — the gradient the standard LSTM
   * backward pass carries in the cell state. Exactly 0 for k > t. [] without targets.
   */
  dCdc?: number[][][];
  /**
   * Input connectivity, the Jacobian: [k][j][i] = ∂y_T,j/∂x_k,i, how output j of the LAST step's
   * y_T (the readout's outputs, or out_T without a readout) moves with input feature i of step k.
   * The total derivative through every path: every later step, each gated cell's gates, the LSTM's
   * cell state; bidirectional, through both directions (the backward direction's state at T has
   * read x_T alone, so it adds to k = T only). Computed with or without targets, in the same
   * reverse sweep as dCdh. Always set by simulate(); optional for traces made before it existed.
   */
  dyTdx?: number[][][];
  /**
   * [k] = ‖∂y_T/∂x_k‖, the Frobenius norm of dyTdx[k] (over every output j and input feature i;
   * with one output and one input feature, |∂y_T/∂x_k|): which inputs the last prediction uses.
   * Always set by simulate(), like dyTdx.
   */
  inputConnectivity?: number[];
  /** ∂(Σ_t C_t)/∂(forward weights); zero arrays of the right shapes without targets */
  grads: DirectionWeights;
  /** the tfjs backend that computed it ('webgl' or 'cpu') */
  backend: string;
}
