import { create } from 'zustand';
import { DEFAULT_CONFIG, EVAL_EVERY, PROBE_EVERY, sanitizeConfig, type CellKind, type TrainConfig } from '../train/config';
import type { ProbeResult } from '../train/model';
import type { GradMarks } from '../train/gradMarks';
import type { BackendChoice, Snapshot, TrainBackend } from '../train/protocol';
import type { EvalPoint, ModelState, TrainedWeights } from '../train/race';

/**
 * The training lab's state: its settings and what the worker has reported, as plain serialisable
 * data (no tensors, no worker handle: the worker belongs to src/store/trainingClient.ts).
 */
export type LabStatus = 'idle' | 'starting' | 'ready' | 'playing' | 'paused' | 'finished' | 'error';

export interface GateSnapshot {
  step: number;
  models: Partial<Record<CellKind, Record<string, number[]>>>;
}

export interface TrainingState {
  config: TrainConfig;
  backendChoice: BackendChoice;
  /** what the last settings change clamped, one sentence each */
  messages: string[];
  status: LabStatus;
  error: string | null;
  backend: TrainBackend | null;
  backendReason: string | null;
  generation: number;
  step: number;
  stepsPerSec: number;
  baseline: number | null;
  numTensors: number | null;
  /** the worker's tf.memory().numBytes at its last report */
  numBytes: number | null;
  models: Record<CellKind, ModelState>;
  /** validation losses at every evaluation, in step order */
  history: EvalPoint[];
  /** the latest probe: ‖∂C_T/∂h_k‖ by distance, per model */
  probe: { step: number; models: Partial<Record<CellKind, ProbeResult>> } | null;
  /** each model's ‖∂C_T/∂h_k‖ curves at step 1, when solved and latest (the before/after view), from the worker */
  gradMarks: GradMarks;
  /** gate histograms at every probe (for the over-training views) */
  gateHistory: GateSnapshot[];
  /** the grids (in steps) the capped history and gate snapshots keep; 0 = everything (see capSeries) */
  historyStride: number;
  gateStride: number;
  /** a diverged model's notice, per model */
  notices: Partial<Record<CellKind, string>>;
  /** each model's trained weights at its step, fetched when training stops (Inspect after the worker ended) */
  kept: Partial<Record<CellKind, TrainedWeights>>;
  /** the results of a race whose worker has ended (the lab left the page, or a reload): shown, not resumable */
  detached: boolean;
  /** sanitises and stores settings; returns the clamping messages */
  setConfig: (patch: Partial<Record<keyof TrainConfig, unknown>>) => string[];
  setBackendChoice: (b: BackendChoice) => void;
  /** forgets every result (a new race is being configured) */
  clearRun: (status: LabStatus) => void;
  applySnapshot: (s: Snapshot) => void;
  addProgress: (evals: EvalPoint[], probe: TrainingState['probe']) => void;
  setStatus: (status: LabStatus, error?: string | null) => void;
  setBackend: (backend: TrainBackend, reason: string) => void;
}

const blank = (): ModelState => ({ loss: null, trainLoss: null, steps: 0, solvedAt: null, diverged: null, msPerStep: null });
const blankModels = (): Record<CellKind, ModelState> => ({ rnn: blank(), lstm: blank(), gru: blank() });

/** What a race has produced, before it has produced anything: the start, and every clearRun. */
const blankRun = () =>
  ({
    step: 0,
    stepsPerSec: 0,
    baseline: null,
    models: blankModels(),
    history: [],
    probe: null,
    gradMarks: {},
    gateHistory: [],
    historyStride: 0,
    gateStride: 0,
    notices: {},
    kept: {},
    detached: false,
  }) satisfies Partial<TrainingState>;

/**
 * What the lab keeps of a race, so memory stays flat however long it trains (issue 12): at most
 * MAX_HISTORY evaluations (the loss chart's plot is ~460 viewBox units wide: 150–300 points draw
 * a loss curve smoothly) and MAX_GATE_SNAPSHOTS probes (a gate strip is ~206 units wide: 32–64
 * columns of 3 units or more). Past a cap the series
 * keeps only the steps on a grid twice as coarse (a stride in steps, doubled as often as needed),
 * plus the first, the latest and a model's "solved" evaluation: evenly spread over the race, between
 * half the cap and the cap. bench/training-soak.mjs shows the caps reached and the heap flat after.
 */
export const MAX_HISTORY = 300;
export const MAX_GATE_SNAPSHOTS = 64;

/**
 * `xs` (in step order) cut to at most `cap` entries: those on the grid of `stride` steps (0: every
 * step), the first, the last and the `keep` steps; the stride doubles (from 2 × `unit`, the
 * series' own spacing) until it fits. Returns the entries and the stride to continue with.
 */
export function capSeries<T extends { step: number }>(
  xs: T[],
  stride: number,
  cap: number,
  unit: number,
  keep: ReadonlySet<number> = new Set(),
): { xs: T[]; stride: number } {
  const on = (s: number) => (x: T, i: number, a: T[]) => i === 0 || i === a.length - 1 || x.step % s === 0 || keep.has(x.step);
  let out = stride > 0 ? xs.filter(on(stride)) : xs;
  while (out.length > cap) {
    stride = stride > 0 ? stride * 2 : 2 * unit;
    out = out.filter(on(stride));
  }
  return { xs: out, stride };
}

/** which curves the marks hold (model, kind and step): equal keys, the same curves (a race's probes never change) */
export function gradMarksKey(m: GradMarks): string {
  return Object.entries(m)
    .map(([c, v]) => `${c}:${v?.first?.step ?? ''}/${v?.solved?.step ?? ''}/${v?.last?.step ?? ''}`)
    .join(' ');
}

export const useTrainingStore = create<TrainingState>()((set, get) => ({
  config: { ...DEFAULT_CONFIG },
  backendChoice: 'auto',
  messages: [],
  status: 'idle',
  error: null,
  backend: null,
  backendReason: null,
  generation: 0,
  numTensors: null,
  numBytes: null,
  ...blankRun(),
  setConfig: (patch) => {
    const { config, messages } = sanitizeConfig(patch, get().config);
    set({ config, messages });
    return messages;
  },
  setBackendChoice: (b) => set({ backendChoice: b === 'webgl' || b === 'wasm' || b === 'cpu' ? b : 'auto' }),
  clearRun: (status) => set({ status, error: null, ...blankRun() }),
  applySnapshot: (s) => {
    const notices: Partial<Record<CellKind, string>> = { ...get().notices };
    for (const c of ['rnn', 'lstm', 'gru'] as CellKind[]) {
      const d = s.models[c].diverged;
      if (d && d !== 'not in this race' && !notices[c]) notices[c] = d;
    }
    set({
      generation: s.generation,
      step: s.step,
      stepsPerSec: s.stepsPerSec,
      baseline: s.baseline,
      numTensors: s.numTensors,
      numBytes: s.numBytes ?? null,
      models: s.models,
      // the same curves keep the same object (the before/after chart redraws only on a new probe)
      ...(s.gradMarks && gradMarksKey(s.gradMarks) !== gradMarksKey(get().gradMarks) ? { gradMarks: s.gradMarks } : {}),
      notices,
      status: s.finished ? 'finished' : s.playing ? 'playing' : s.step === 0 ? 'ready' : 'paused',
    });
  },
  addProgress: (evals, probe) => {
    const st = get();
    let history = st.history;
    let historyStride = st.historyStride;
    let gateStride = st.gateStride;
    if (evals.length) {
      const last = history.length ? history[history.length - 1].step : -1;
      history = history.concat(evals.filter((e) => e.step > last));
      // the solved markers are drawn at their evaluation (the snapshot applied just before carries solvedAt)
      const solved = new Set(Object.values(st.models).flatMap((m) => (m.solvedAt === null ? [] : [m.solvedAt])));
      ({ xs: history, stride: historyStride } = capSeries(history, historyStride, MAX_HISTORY, EVAL_EVERY, solved));
    }
    let gateHistory = st.gateHistory;
    if (probe) {
      const models: GateSnapshot['models'] = {};
      for (const [c, p] of Object.entries(probe.models)) if (p && Object.keys(p.gates).length) models[c as CellKind] = p.gates;
      if (!gateHistory.length || gateHistory[gateHistory.length - 1].step < probe.step) {
        gateHistory = gateHistory.concat({ step: probe.step, models });
        ({ xs: gateHistory, stride: gateStride } = capSeries(gateHistory, gateStride, MAX_GATE_SNAPSHOTS, PROBE_EVERY));
      }
    }
    set({ history, gateHistory, historyStride, gateStride, probe: probe ?? st.probe });
  },
  setStatus: (status, error = null) => set({ status, error }),
  setBackend: (backend, reason) => set({ backend, backendReason: reason }),
}));
