/**
 * Unrolled's numerical engine: pure TypeScript over tfjs (tfjs-core + the cpu and webgl backends),
 * no DOM, no React. Plain arrays in, plain arrays out; tensors never leave it.
 *
 * `simulate(spec)` runs a vanilla RNN, LSTM or GRU cell (optionally bidirectional) over x_1 … x_T
 * from the zero state and returns a Trace:
 * - the forward pass, matching tf.layers.simpleRNN / lstm / gru (returnSequences, same weights,
 *   LSTM unitForgetBias off, GRU reset before the recurrent product) and tf.layers.bidirectional
 *   to float32 precision;
 * - losses C_t = mean over outputs of (y_t − GT_t)², with y_t = out_t · readout.kernel + readout.bias
 *   (y_t = out_t without a readout);
 * - every ∂C_t/∂h_k (total derivative through all later steps, forward direction) from one reverse
 *   sweep, for the LSTM every ∂C_t/∂c_k (`dCdc`) from the same sweep, and ∂(Σ_t C_t)/∂(forward
 *   weights);
 * - the input connectivity ∂y_T/∂x_k (`dyTdx`) of the last step's output with respect to every
 *   input, and its Frobenius norms (`inputConnectivity`), from the same sweep: through every path of
 *   the cell, and bidirectional through both directions (connectivity.ts). Computed with or
 *   without targets, for specs within LIMITS.maxConnectivityEntries.
 *
 * GRU forms: by default the reset gate acts before the recurrent product (TensorFlow.js, Keras
 * reset_after=False); `resetAfter: true` runs Keras' default / PyTorch form, with a two-row bias.
 *
 * Without `targets`: loss = [], dCdh = [], and grads are zero arrays of the weights' shapes (there
 * is no loss to differentiate); everything else is computed as usual.
 *
 * Gate activation (`recurrentActivation`) defaults to 'sigmoid' (the lecture's σ, Keras' default);
 * 'hardSigmoid' is tfjs' default, clip(0.2x + 0.5, 0, 1), whose derivative is taken as tfjs' autodiff
 * does: 0.2 where 0 ≤ 0.2x + 0.5 ≤ 1, else 0. The cell and candidate activation is tanh.
 *
 * Bad specs are rejected (the promise rejects) with a SimSpecError naming the field and what was
 * expected; sizes are bounded by LIMITS. No tensor outlives a call, failing ones included.
 * Calls are serialised; the backend is chosen on the first call (see backend.ts).
 */
export type { CellKind, DirectionWeights, GateKey, MergeMode, RecurrentActivation, SimSpec, Trace } from './types';
export { GATE_KEYS, GATES } from './types';
export { simulate } from './simulate';
export { LIMITS, SimSpecError } from './validate';
export { getBackendInfo, setBackendPreference, type BackendInfo, type BackendPreference } from './backend';
export { initWeights, initReadout, spectralNorm, mulberry32, glorotLimit, biasRows, type InitWeightsOptions } from './init';
