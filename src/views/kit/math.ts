/**
 * Pure helpers the detail views use to lay out what the trace already holds. Nothing here runs the
 * model: the only arithmetic is re-arranging the weights into the lecture's W [x_t; h_{t-1}] form
 * and the one matrix–vector product the vanilla cell view draws (its pre-activation, which the
 * trace does not store).
 */
import type { DirectionWeights, SimSpec, Trace } from '../../engine/index';
// the value from types.ts: engine/index pulls tfjs (simulate) into the page
import { GATE_KEYS } from '../../engine/types';
import { biasRows } from '../../engine/init';

/** Block index of each gate in the Keras layout (LSTM i, f, c, o; GRU z, r, h), from the engine's gate table. */
export const BLOCK_OF: Record<string, number> = Object.fromEntries([
  ...GATE_KEYS.lstm.map((k, b) => [k, b] as const),
  ...GATE_KEYS.gru.map((k, b) => [k, b] as const),
]);

export function zeros(n: number): number[] {
  return new Array<number>(Math.max(0, n)).fill(0);
}

/** Row `step` of a [T][n] array, or zeros when it is missing (h_0 and c_0 are the zero state). */
export function rowOr0(rows: number[][] | undefined, step: number, n: number): number[] {
  const r = rows?.[step];
  return Array.isArray(r) && r.length > 0 ? r : zeros(n);
}

/** h_{t-1} for 0-based step: the zero initial state at step 0 (Keras' default). */
export function prevH(trace: Trace, step: number, units: number): number[] {
  return step <= 0 ? zeros(units) : rowOr0(trace.h, step - 1, units);
}

/** c_{t-1} for 0-based step (LSTM). */
export function prevC(trace: Trace, step: number, units: number): number[] {
  return step <= 0 ? zeros(units) : rowOr0(trace.c, step - 1, units);
}

/** The lecture's concatenated input [x_t; h_{t-1}]. */
export function concatInput(spec: SimSpec, trace: Trace, step: number): number[] {
  return [...(spec.inputs[step] ?? []), ...prevH(trace, step, spec.units)];
}

/**
 * The lecture's W for one gate block: rows = units, columns = [input dims…, recurrent dims…], so
 * W[j] · [x; h] + b_j equals Keras' x·kernel + h·recurrentKernel + bias for unit j.
 */
export function combinedW(weights: DirectionWeights, units: number, block = 0): number[][] {
  const out: number[][] = [];
  for (let j = 0; j < units; j++) {
    const col = block * units + j;
    const row: number[] = [];
    for (const k of weights.kernel) row.push(k[col] ?? 0);
    for (const r of weights.recurrentKernel) row.push(r[col] ?? 0);
    out.push(row);
  }
  return out;
}

export function biasBlock(weights: DirectionWeights, units: number, block = 0): number[] {
  return biasRows(weights.bias).input.slice(block * units, (block + 1) * units);
}

/** W v + b. */
export function affine(W: number[][], v: number[], b: number[]): number[] {
  return W.map((row, j) => row.reduce((s, w, i) => s + w * (v[i] ?? 0), b[j] ?? 0));
}

/** Vanilla cell pre-activation a_t = W [x_t; h_{t-1}] + b, so that h_t = tanh(a_t). */
export function vanillaPreactivation(spec: SimSpec, trace: Trace, step: number): number[] {
  return affine(combinedW(spec.weights, spec.units, 0), concatInput(spec, trace, step), biasBlock(spec.weights, spec.units, 0));
}

/** Largest absolute finite value in any of the arrays (0 when there is none). */
export function maxAbs(...arrays: (number[] | number[][] | undefined)[]): number {
  let m = 0;
  const visit = (v: unknown) => {
    if (typeof v === 'number') {
      if (Number.isFinite(v)) m = Math.max(m, Math.abs(v));
    } else if (Array.isArray(v)) for (const x of v) visit(x);
  };
  for (const a of arrays) visit(a);
  return m;
}

const NICE = [1, 1.5, 2, 3, 5, 7.5];

/** Smallest "nice" number ≥ v from 1, 1.5, 2, 3, 5, 7.5 × 10^n, and never below `floor`. */
export function niceExtent(v: number, floor = 1): number {
  const x = Math.max(floor, Number.isFinite(v) ? v : floor);
  if (x <= 0) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(x)));
  for (const n of NICE) if (n * p >= x - 1e-12) return n * p;
  return 10 * p;
}

/** The recurrent part U (units × units, lecture orientation) of one gate block. */
export function recurrentBlock(weights: DirectionWeights, units: number, block = 0): number[][] {
  return Array.from({ length: units }, (_, j) => weights.recurrentKernel.map((r) => r[block * units + j] ?? 0));
}

/**
 * Vanilla-cell Jacobian ∂h_t/∂h_{t-1} = diag(1 − h_t²) U, with U in lecture orientation
 * (row j = unit j of h_t). Exact for h_t = tanh(x K + h_{t-1} U_keras + b).
 */
export function vanillaJacobian(spec: SimSpec, trace: Trace, step: number): number[][] {
  const h = rowOr0(trace.h, step, spec.units);
  const U = recurrentBlock(spec.weights, spec.units, 0);
  return U.map((row, j) => row.map((u) => (1 - h[j] * h[j]) * u));
}

/**
 * The scale of the values a tanh bounds — hidden states h (and ←h), the candidates g and h̃, and a
 * bidirectional output merged by concat, ave or mul — fixed at ±1, so a saturated unit (h = ±0.998)
 * is drawn at full colour whatever else the simulator shows. A merged sum spans ±2.
 */
export const STATE_EXTENT = 1;
export function outputExtent(spec: SimSpec): number {
  return spec.backward && (spec.merge ?? 'concat') === 'sum' ? 2 * STATE_EXTENT : STATE_EXTENT;
}

/**
 * The one scale a simulator uses for the values nothing bounds — inputs, the LSTM's cell state,
 * pre-activations, readouts and targets — so one colour means one value in the strip, the cell
 * view and the equation panel alike. A "nice" bound, never below 1 (the states' scale).
 */
export function sharedValueExtent(spec: SimSpec, trace: Trace): number {
  const pre: number[][] = [];
  if (spec.cell === 'rnn') for (let s = 0; s < spec.inputs.length; s++) pre.push(vanillaPreactivation(spec, trace, s));
  return niceExtent(maxAbs(spec.inputs, trace.c, trace.y, spec.targets, pre), 1);
}
