/**
 * The race: the three models (vanilla RNN, LSTM, GRU) trained side by side on the same seeded
 * batches with the same settings. React-free and DOM-free: the training worker drives it, and so
 * do the unit tests and scripts/measure-training.ts in Node.
 */
import * as tf from '@tensorflow/tfjs';
import { EVAL_EVERY, MODELS, PROBE_SEQUENCES, SOLVED_FRACTION, VALIDATION_SIZE, type CellKind, type TrainConfig } from './config';
import { buildModel, disposeModel, evaluate, exportWeights, probe, trainStep, type Model, type ProbeResult } from './model';
import { recordGradProbe, type GradMarks } from './gradMarks';
import { baselineLoss, makeBatch, trainStream, validationSet, type Batch } from './tasks';
import { mulberry32 } from '../engine/init';

export interface ModelState {
  /** latest validation loss (null before the first evaluation) */
  loss: number | null;
  /** latest training-batch loss */
  trainLoss: number | null;
  /** training steps this model has taken */
  steps: number;
  /** the first evaluated step with validation loss < baseline / 10 */
  solvedAt: number | null;
  /** why this model stopped early (a NaN or infinite loss), or null */
  diverged: string | null;
  /** wall time of this model's training steps, ms (moving average over ~20 steps, after WARM_STEPS) */
  msPerStep: number | null;
}

export interface EvalPoint {
  step: number;
  losses: Record<CellKind, number | null>;
}

export interface TrainedWeights {
  cell: CellKind;
  units: number;
  inputDim: number;
  kernel: number[][];
  recurrentKernel: number[][];
  bias: number[];
  readout: { kernel: number[][]; bias: number[] };
  recurrentActivation: TrainConfig['recurrentActivation'];
  /** one validation sequence [T][inputDim] and its target, for the cell simulators */
  inputs: number[][];
  target: number[];
  step: number;
  loss: number | null;
}

const finite = (v: number) => Number.isFinite(v);
/** steps left out of msPerStep (WebGL compiles its shaders on the first, the JIT warms up) */
const WARM_STEPS = 3;
/** a non-finite value in words, for the notices (never printed as a number) */
const notFinite = (v: number) => (Number.isNaN(v) ? 'NaN (not a number)' : 'infinite');

export class Race {
  readonly config: TrainConfig;
  readonly baseline: number;
  step = 0;
  readonly models: Partial<Record<CellKind, Model>> = {};
  readonly state: Record<CellKind, ModelState>;
  /** each model's gradient probes at step 1, when solved and latest (plain data, for the before/after view) */
  gradMarks: GradMarks = {};
  private readonly next: () => Batch;
  private readonly val: Batch;
  private readonly probeBatch: Batch;

  constructor(config: TrainConfig, cells: CellKind[] = MODELS) {
    this.config = config;
    this.next = trainStream(config.task, config.T, config.batchSize, config.seed);
    this.val = validationSet(config.task, config.T, VALIDATION_SIZE, config.seed);
    // the baseline's "mean" comes from a separate training-distribution sample (not the stream)
    const meanSample = makeBatch(config.task, config.T, 1024, mulberry32((config.seed + 77_777) >>> 0));
    this.baseline = baselineLoss(meanSample, this.val);
    this.probeBatch = {
      ...this.val,
      n: PROBE_SEQUENCES,
      x: this.val.x.slice(0, PROBE_SEQUENCES * config.T * this.val.inputDim),
      y: this.val.y.slice(0, PROBE_SEQUENCES * this.val.outDim),
    };
    const blank = (): ModelState => ({ loss: null, trainLoss: null, steps: 0, solvedAt: null, diverged: null, msPerStep: null });
    this.state = { rnn: blank(), lstm: blank(), gru: blank() };
    for (const c of cells) this.models[c] = buildModel(c, config);
    for (const c of MODELS) if (!this.models[c]) this.state[c].diverged = 'not in this race';
  }

  get cells(): CellKind[] {
    return MODELS.filter((c) => this.models[c]);
  }

  /** models still training */
  live(): CellKind[] {
    return this.cells.filter((c) => !this.state[c].diverged);
  }

  finished(): boolean {
    return this.step >= this.config.stepBudget || this.live().length === 0;
  }

  /**
   * One training step for every live model on the same batch. Every EVAL_EVERY steps (and at the
   * end of the budget) evaluates on the validation set and returns the point.
   */
  stepOnce(): { eval: EvalPoint | null; newlyDiverged: CellKind[]; newlySolved: CellKind[] } {
    if (this.finished()) return { eval: null, newlyDiverged: [], newlySolved: [] };
    const batch = this.next();
    this.step++;
    const newlyDiverged: CellKind[] = [];
    for (const c of this.live()) {
      const m = this.models[c]!;
      const st = this.state[c];
      const t0 = performance.now();
      const { loss, gradNorm } = trainStep(m, batch);
      const ms = performance.now() - t0;
      // (the first steps compile shaders / warm the JIT: the average starts after them)
      if (st.steps >= WARM_STEPS) st.msPerStep = st.msPerStep === null ? ms : st.msPerStep + 0.05 * (ms - st.msPerStep);
      st.steps++;
      st.trainLoss = loss;
      if (!finite(loss) || !finite(gradNorm)) {
        st.diverged = finite(loss)
          ? `its gradient norm became ${notFinite(gradNorm)} at step ${this.step} (its loss was still finite)`
          : `its training loss became ${notFinite(loss)} at step ${this.step}`;
        newlyDiverged.push(c);
      }
    }
    const due = this.step % EVAL_EVERY === 0 || this.step === this.config.stepBudget;
    const unsolved = this.cells.filter((c) => this.state[c].solvedAt === null);
    const ev = due ? this.evaluateAll() : null;
    return { eval: ev, newlyDiverged, newlySolved: unsolved.filter((c) => this.state[c].solvedAt !== null) };
  }

  evaluateAll(): EvalPoint {
    const losses = { rnn: null, lstm: null, gru: null } as Record<CellKind, number | null>;
    for (const c of this.cells) {
      const st = this.state[c];
      if (st.diverged && st.loss === null && st.steps === 0) continue;
      if (st.diverged) {
        losses[c] = null;
        continue;
      }
      const l = evaluate(this.models[c]!, this.val);
      if (!finite(l)) {
        st.diverged = `its validation loss became ${notFinite(l)} at step ${this.step}`;
        losses[c] = null;
        continue;
      }
      st.loss = l;
      losses[c] = l;
      if (st.solvedAt === null && l < SOLVED_FRACTION * this.baseline) st.solvedAt = this.step;
    }
    return { step: this.step, losses };
  }

  /** ‖∂C_T/∂h_k‖ against distance and gate histograms, per live model (the curves also go into gradMarks) */
  probeAll(): Partial<Record<CellKind, ProbeResult>> {
    const out: Partial<Record<CellKind, ProbeResult>> = {};
    for (const c of this.live()) out[c] = probe(this.models[c]!, this.probeBatch);
    const solvedAt = Object.fromEntries(MODELS.map((c) => [c, this.state[c].solvedAt]));
    this.gradMarks = recordGradProbe(this.gradMarks, this.step, out, solvedAt);
    return out;
  }

  /** the model's current weights and one validation sequence, as plain data */
  trainedWeights(c: CellKind): TrainedWeights | null {
    const m = this.models[c];
    if (!m) return null;
    const w = exportWeights(m);
    const { T, inputDim, outDim } = this.val;
    const inputs = Array.from({ length: T }, (_, t) => Array.from(this.val.x.slice(t * inputDim, (t + 1) * inputDim)));
    return {
      cell: c,
      units: m.units,
      inputDim,
      ...w,
      recurrentActivation: this.config.recurrentActivation,
      inputs,
      target: Array.from(this.val.y.slice(0, outDim)),
      step: this.state[c].steps,
      loss: this.state[c].loss,
    };
  }

  dispose(): void {
    for (const c of this.cells) disposeModel(this.models[c]!);
    for (const c of MODELS) delete this.models[c];
  }
}

export { tf };
