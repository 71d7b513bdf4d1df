import { create } from 'zustand';
import { DEFAULT_CONFIG, sanitizeConfig, type CellKind, type TrainConfig } from '../train/config';
import type { ProbeResult } from '../train/model';
import type { BackendChoice, Snapshot, TrainBackend } from '../train/protocol';
import type { EvalPoint, ModelState } from '../train/race';

/**
 * The training lab's state: its settings and what the worker has reported, as plain serialisable
 * data (no tensors, no worker handle: the worker belongs to src/views/training/client.ts).
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
  /** gate histograms at every probe (for the over-training views) */
  gateHistory: GateSnapshot[];
  /** a diverged model's notice, per model */
  notices: Partial<Record<CellKind, string>>;
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

export const MAX_HISTORY = 4000;
export const MAX_GATE_SNAPSHOTS = 200;

export const useTrainingStore = create<TrainingState>()((set, get) => ({
  config: { ...DEFAULT_CONFIG },
  backendChoice: 'auto',
  messages: [],
  status: 'idle',
  error: null,
  backend: null,
  backendReason: null,
  generation: 0,
  step: 0,
  stepsPerSec: 0,
  baseline: null,
  numTensors: null,
  numBytes: null,
  models: blankModels(),
  history: [],
  probe: null,
  gateHistory: [],
  notices: {},
  setConfig: (patch) => {
    const { config, messages } = sanitizeConfig(patch, get().config);
    set({ config, messages });
    return messages;
  },
  setBackendChoice: (b) => set({ backendChoice: b === 'webgl' || b === 'wasm' || b === 'cpu' ? b : 'auto' }),
  clearRun: (status) =>
    set({
      status,
      error: null,
      step: 0,
      stepsPerSec: 0,
      baseline: null,
      models: blankModels(),
      history: [],
      probe: null,
      gateHistory: [],
      notices: {},
    }),
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
      notices,
      status: s.finished ? 'finished' : s.playing ? 'playing' : s.step === 0 ? 'ready' : 'paused',
    });
  },
  addProgress: (evals, probe) => {
    const st = get();
    let history = st.history;
    if (evals.length) {
      const last = history.length ? history[history.length - 1].step : -1;
      history = history.concat(evals.filter((e) => e.step > last));
      if (history.length > MAX_HISTORY) history = history.filter((_, i) => i % 2 === 0 || i === history.length - 1);
    }
    let gateHistory = st.gateHistory;
    if (probe) {
      const models: GateSnapshot['models'] = {};
      for (const [c, p] of Object.entries(probe.models)) if (p && Object.keys(p.gates).length) models[c as CellKind] = p.gates;
      if (!gateHistory.length || gateHistory[gateHistory.length - 1].step < probe.step) {
        gateHistory = gateHistory.concat({ step: probe.step, models });
        if (gateHistory.length > MAX_GATE_SNAPSHOTS) gateHistory = gateHistory.filter((_, i) => i % 2 === 0 || i === gateHistory.length - 1);
      }
    }
    set({ history, gateHistory, probe: probe ?? st.probe });
  },
  setStatus: (status, error = null) => set({ status, error }),
  setBackend: (backend, reason) => set({ backend, backendReason: reason }),
}));
