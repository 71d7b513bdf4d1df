/**
 * Checks a SimSpec before any tensor is created. Every message names the offending field and says
 * what was expected, in words a student can act on (they are shown in the UI).
 */
import { GATES, type CellKind, type DirectionWeights, type MergeMode, type RecurrentActivation, type SimSpec } from './types';

/**
 * Size limits of `simulate`. The simulators in the lessons stay far below them; they exist so a
 * typo (units: 10000) fails fast with a clear message instead of freezing the tab.
 */
export const LIMITS = Object.freeze({
  /** hidden units per direction */
  maxUnits: 256,
  /** time steps T */
  maxSteps: 200,
  /** input features per step */
  maxInputDim: 256,
  /** width of y_t (readout outputs, or the cell output without a readout) */
  maxOutputDim: 512,
  /**
   * T · T · units, the size of dCdh (only computed when targets are given). 2 million numbers ≈
   * 8 MB as float32; T = 100 with 128 units (1.28 million) is allowed.
   */
  maxDcdhEntries: 2_000_000,
  /**
   * T · outDim · (inputDim + units), the size of the input connectivity's Jacobian plus the sweep
   * rows that compute it; larger specs get no dyTdx / inputConnectivity (every lesson size fits:
   * T = 200 with 64 units and 64 outputs is 1 million).
   */
  maxConnectivityEntries: 2_000_000,
  /** largest |value| accepted in inputs, weights, readout and targets (float32 stays exact enough) */
  maxAbsValue: 1e6,
});

/** An invalid SimSpec. `field` is the path of the offending field, e.g. "weights.kernel" or "inputs". */
export class SimSpecError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'SimSpecError';
    this.field = field;
  }
}

export { GATES };
const CELL_NAMES: Record<CellKind, string> = { rnn: 'a vanilla RNN', lstm: 'an LSTM', gru: 'a GRU' };
const MERGES: MergeMode[] = ['concat', 'sum', 'ave', 'mul'];
const REC_ACTS: RecurrentActivation[] = ['sigmoid', 'hardSigmoid'];

/** The checked sizes, so simulate does not have to recompute them. */
export interface CheckedSpec {
  cell: CellKind;
  units: number;
  steps: number;
  inputDim: number;
  gates: number;
  bidirectional: boolean;
  merge: MergeMode;
  /** width of out_t: units, or 2·units for a concatenated bidirectional output */
  outWidth: number;
  /** width of y_t */
  outDim: number;
  hasTargets: boolean;
  recurrentActivation: RecurrentActivation;
  /** GRU in the reset-after form (two bias rows) */
  resetAfter: boolean;
}

function describe(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (v === Infinity) return 'Infinity';
    if (v === -Infinity) return '-Infinity';
    return String(v);
  }
  if (typeof v === 'string') return `the text "${v.length > 20 ? v.slice(0, 20) + '…' : v}"`;
  if (Array.isArray(v)) return `a list of ${v.length}`;
  return `a ${typeof v}`;
}

function fail(field: string, message: string): never {
  throw new SimSpecError(field, message);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A finite number within ±maxAbsValue, else a message saying where and what is wrong. */
const BIG = LIMITS.maxAbsValue.toLocaleString('en-US');

function checkNumber(v: unknown, where: string, field: string): void {
  if (typeof v !== 'number') fail(field, `${where} is ${describe(v)}, not a number.`);
  if (!Number.isFinite(v)) fail(field, `${where} is ${describe(v)}; every value must be a finite number.`);
  if (Math.abs(v) > LIMITS.maxAbsValue) fail(field, `${where} is ${v}, too large: values must lie between −${BIG} and ${BIG}.`);
}

/** A list of `len` numbers. `what` explains the expected length in words. */
function checkVector(v: unknown, path: string, field: string, len: number, what: string): void {
  if (!Array.isArray(v)) fail(field, `${path} must be a list of ${plural(len, 'number')} (${what}), but it is ${describe(v)}.`);
  if (v.length !== len) fail(field, `${path} must have ${plural(len, 'number')} (${what}), but it has ${v.length}.`);
  for (let i = 0; i < len; i++) checkNumber(v[i], `${path}[${i}]`, field);
}

/** A rows × cols matrix (list of rows). `what` explains the expected shape in words. */
function checkMatrix(m: unknown, path: string, field: string, rows: number, cols: number, what: string): void {
  const expected = `${rows} × ${cols} (${what})`;
  if (!Array.isArray(m)) fail(field, `${path} must be a ${expected} matrix given as a list of rows, but it is ${describe(m)}.`);
  const gotCols = Array.isArray(m[0]) ? m[0].length : '?';
  if (m.length !== rows) fail(field, `${path} must be ${expected}, but it is ${m.length} × ${gotCols}.`);
  for (let r = 0; r < rows; r++) {
    const row = m[r];
    if (!Array.isArray(row)) fail(field, `${path}[${r}] must be a list of ${plural(cols, 'number')}, but it is ${describe(row)}.`);
    if (row.length !== cols) fail(field, `${path} must be ${expected}, but row ${path}[${r}] has ${plural(row.length, 'number')}.`);
    for (let c = 0; c < cols; c++) checkNumber(row[c], `${path}[${r}][${c}]`, field);
  }
}

function checkDirection(
  w: unknown,
  prefix: 'weights' | 'backward',
  s: { cell: CellKind; units: number; inputDim: number; gates: number; resetAfter: boolean },
): void {
  if (w === null || typeof w !== 'object' || Array.isArray(w))
    fail(prefix, `${prefix} must be an object with kernel, recurrentKernel and bias, but it is ${describe(w)}.`);
  const d = w as Partial<DirectionWeights>;
  const gu = s.gates * s.units;
  const cols = s.gates === 1 ? `${plural(s.units, 'unit')}` : `${s.gates} gate blocks × ${plural(s.units, 'unit')} for ${CELL_NAMES[s.cell]}`;
  checkMatrix(d.kernel, `${prefix}.kernel`, `${prefix}.kernel`, s.inputDim, gu, `one row per input feature, ${gu} columns = ${cols}`);
  checkMatrix(
    d.recurrentKernel,
    `${prefix}.recurrentKernel`,
    `${prefix}.recurrentKernel`,
    s.units,
    gu,
    `one row per unit, ${gu} columns = ${cols}`,
  );
  const field = `${prefix}.bias`;
  if (s.resetAfter) {
    // Keras' reset-after GRU bias, shape (2, 3·units): input bias, then recurrent bias
    if (!Array.isArray(d.bias) || !Array.isArray(d.bias[0]))
      fail(
        field,
        `${field} must be two rows of ${gu} numbers (input bias, then recurrent bias) because resetAfter is true, but it is ${Array.isArray(d.bias) ? `one row of ${plural(d.bias.length, 'number')}` : describe(d.bias)}.`,
      );
    checkMatrix(d.bias, field, field, 2, gu, `row 0 the input bias, row 1 the recurrent bias; ${gu} columns = ${cols}`);
    return;
  }
  if (Array.isArray(d.bias) && Array.isArray(d.bias[0]))
    fail(
      field,
      `${field} has ${plural(d.bias.length, 'row')}; two bias rows (input and recurrent) are only for a GRU with resetAfter: true. Give one list of ${plural(gu, 'number')} (${cols}).`,
    );
  checkVector(d.bias, field, field, gu, cols);
}

function checkSize(v: unknown, field: string, max: number, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max)
    fail(field, `${field} must be a whole number from 1 to ${max} (${what}), but it is ${describe(v)}.`);
  return v;
}

/** Throws SimSpecError for anything simulate cannot run; returns the sizes otherwise. */
export function validateSpec(spec: unknown): CheckedSpec {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec))
    fail('spec', `The simulation spec must be an object with cell, units, inputs and weights, but it is ${describe(spec)}.`);
  const s = spec as Partial<SimSpec>;

  // cell
  if (typeof s.cell !== 'string' || !(s.cell in GATES)) fail('cell', `cell must be 'rnn', 'lstm' or 'gru', but it is ${describe(s.cell)}.`);
  const cell = s.cell as CellKind;
  const gates = GATES[cell];

  // units
  const units = checkSize(s.units, 'units', LIMITS.maxUnits, 'hidden units of the cell');

  // inputs
  const inputs = s.inputs as unknown;
  if (!Array.isArray(inputs))
    fail('inputs', `inputs must be a list of time steps, each a list of numbers (e.g. [[0.5], [1]]), but it is ${describe(inputs)}.`);
  if (inputs.length === 0) fail('inputs', 'inputs is empty: the sequence needs at least one time step.');
  if (inputs.length > LIMITS.maxSteps) fail('inputs', `inputs has ${inputs.length} time steps; the simulator handles at most ${LIMITS.maxSteps}.`);
  const steps = inputs.length;
  const first = inputs[0];
  if (!Array.isArray(first)) fail('inputs', `inputs[0] must be a list of numbers (the input features of step 1), but it is ${describe(first)}.`);
  const inputDim = first.length;
  if (inputDim === 0) fail('inputs', 'inputs[0] is empty: every time step needs at least one input feature.');
  if (inputDim > LIMITS.maxInputDim)
    fail('inputs', `inputs[0] has ${inputDim} features; the simulator handles at most ${LIMITS.maxInputDim} per step.`);
  for (let t = 0; t < steps; t++) {
    const row = inputs[t];
    if (!Array.isArray(row)) fail('inputs', `inputs[${t}] must be a list of numbers, but it is ${describe(row)}.`);
    if (row.length !== inputDim)
      fail(
        'inputs',
        `inputs[${t}] has ${plural(row.length, 'number')} but inputs[0] has ${inputDim}: every time step needs the same number of input features.`,
      );
    for (let j = 0; j < inputDim; j++) checkNumber(row[j], `inputs[${t}][${j}]`, 'inputs');
  }

  // recurrentActivation
  if (s.recurrentActivation !== undefined && !REC_ACTS.includes(s.recurrentActivation))
    fail('recurrentActivation', `recurrentActivation must be 'sigmoid' or 'hardSigmoid', but it is ${describe(s.recurrentActivation)}.`);

  // resetAfter
  if (s.resetAfter !== undefined) {
    if (typeof s.resetAfter !== 'boolean') fail('resetAfter', `resetAfter must be true or false, but it is ${describe(s.resetAfter)}.`);
    if (cell !== 'gru')
      fail(
        'resetAfter',
        `resetAfter applies only to a GRU (where the reset gate acts on the recurrent product), but cell is '${cell}': leave resetAfter out.`,
      );
  }
  const resetAfter = s.resetAfter === true;

  // weights
  if (s.weights === undefined) fail('weights', 'weights is missing: give kernel, recurrentKernel and bias for the forward direction.');
  checkDirection(s.weights, 'weights', { cell, units, inputDim, gates, resetAfter });

  // bidirectional
  const bidirectional = s.backward !== undefined && s.backward !== null;
  if (bidirectional) checkDirection(s.backward, 'backward', { cell, units, inputDim, gates, resetAfter });
  if (s.merge !== undefined) {
    if (!MERGES.includes(s.merge)) fail('merge', `merge must be 'concat', 'sum', 'ave' or 'mul', but it is ${describe(s.merge)}.`);
    if (!bidirectional)
      fail('merge', `merge is '${s.merge}' but there is no backward direction to merge with: add backward weights, or leave merge out.`);
  }
  const merge: MergeMode = s.merge ?? 'concat';
  const outWidth = bidirectional && merge === 'concat' ? 2 * units : units;
  const outWhat =
    bidirectional && merge === 'concat' ? `2 × ${units} units: forward and backward outputs concatenated` : `${plural(units, 'unit')}`;

  // readout
  let outDim = outWidth;
  if (s.readout !== undefined) {
    const r = s.readout as unknown;
    if (r === null || typeof r !== 'object' || Array.isArray(r))
      fail('readout', `readout must be an object with kernel and bias, but it is ${describe(r)}.`);
    const ro = r as { kernel?: unknown; bias?: unknown };
    if (!Array.isArray(ro.kernel) || !Array.isArray(ro.kernel[0]))
      fail(
        'readout',
        `readout.kernel must be a ${outWidth} × outDim matrix (one row per cell output: ${outWhat}), but it is ${describe(ro.kernel)}.`,
      );
    outDim = ro.kernel[0].length;
    if (outDim < 1 || outDim > LIMITS.maxOutputDim)
      fail('readout', `readout.kernel must have from 1 to ${LIMITS.maxOutputDim} columns (one per output), but it has ${outDim}.`);
    checkMatrix(ro.kernel, 'readout.kernel', 'readout.kernel', outWidth, outDim, `one row per cell output: ${outWhat}; one column per output`);
    checkVector(ro.bias, 'readout.bias', 'readout.bias', outDim, 'one per output');
  } else if (outDim > LIMITS.maxOutputDim) {
    fail('units', `the output is ${outDim} numbers wide; at most ${LIMITS.maxOutputDim} are supported.`);
  }

  // targets
  const hasTargets = s.targets !== undefined && s.targets !== null;
  if (hasTargets) {
    const what = s.readout ? `one value per readout output` : `the width of the cell output: ${outWhat}`;
    if (!Array.isArray(s.targets))
      fail('targets', `targets must be a list with one row per time step (${steps} rows of ${outDim}), but it is ${describe(s.targets)}.`);
    if (s.targets.length !== steps)
      fail(
        'targets',
        `targets must have one row per time step: ${steps} rows of ${plural(outDim, 'number')}, but it has ${s.targets.length} rows.`,
      );
    checkMatrix(s.targets, 'targets', 'targets', steps, outDim, what);
    const entries = steps * steps * units;
    if (entries > LIMITS.maxDcdhEntries)
      fail(
        'inputs',
        `With ${steps} time steps and ${units} units the gradients ∂C_t/∂h_k have ${entries.toLocaleString('en-US')} numbers; ` +
          `the limit is ${LIMITS.maxDcdhEntries.toLocaleString('en-US')} (steps × steps × units). Use fewer steps (inputs) or fewer units.`,
      );
  }

  return {
    cell,
    units,
    steps,
    inputDim,
    gates,
    bidirectional,
    merge,
    outWidth,
    outDim,
    hasTargets,
    recurrentActivation: s.recurrentActivation ?? 'sigmoid',
    resetAfter,
  };
}

/** Whether simulate() computes the input connectivity (dyTdx) for this spec (see LIMITS). */
export function connectivityFits(s: CheckedSpec): boolean {
  return s.steps * s.outDim * (s.inputDim + s.units) <= LIMITS.maxConnectivityEntries;
}
