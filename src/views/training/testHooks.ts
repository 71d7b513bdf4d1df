/**
 * The training lab's opt-in test hook, behind the same switch as the simulators' hooks
 * (`window.__UNROLLED_TEST_HOOKS__ = true` before the app loads); ordinary visitors never get it.
 *
 *   window.__unrolledTrain.start(config?)  starts the section's default race; config fields are
 *        optional (task, T, seed, units, optimizer, learningRate, batchSize, clipnorm,
 *        unitForgetBias, recurrentActivation, stepBudget, backend), clamped like the controls
 *   window.__unrolledTrain.stop()          pauses training
 *   window.__unrolledTrain.status()        { step, backend, stepsPerSec, baseline, models:
 *        { rnn: { loss, solvedAt, diverged }, lstm, gru }, status, worker, numTensors, … }
 *        with validation losses
 */
import { useTrainingStore } from '../../store/training';
import { DEFAULT_CONFIG, MODELS, type CellKind, type TrainConfig } from '../../train/config';
import type { BackendChoice } from '../../train/protocol';
import * as client from '../../store/trainingClient';
import { labSyncRole, labSyncStats } from '../../store/labSync';

export interface TrainStatus {
  step: number;
  status: string;
  backend: string | null;
  backendReason: string | null;
  stepsPerSec: number;
  baseline: number | null;
  models: Record<CellKind, { loss: number | null; solvedAt: number | null; diverged: string | null; steps: number; msPerStep: number | null }>;
  historyLength: number;
  /** gate-histogram snapshots kept (the gate strips' columns) */
  gateSnapshots: number;
  /** every evaluation so far: { step, losses: { rnn, lstm, gru } } (null where a model had stopped) */
  history: { step: number; losses: Record<CellKind, number | null> }[];
  probeStep: number | null;
  numTensors: number | null;
  /** the worker's tf.memory().numBytes at its last report */
  numBytes: number | null;
  config: TrainConfig;
  messages: string[];
  /** whether a training worker exists now */
  worker: boolean;
  workersStarted: number;
  workersEnded: number;
  /** tf.memory().numTensors the worker reported after freeing everything on its last disposal */
  lastDisposedTensors: number | null;
  /** presenting: whether this window runs the race shown everywhere ('leads'), shows another's ('follows'), or neither yet ('alone'); null: no sync */
  sync: 'leads' | 'follows' | 'alone' | null;
  syncStats: typeof labSyncStats;
}

export interface TrainTestHooks {
  start(config?: Partial<Record<keyof TrainConfig | 'backend', unknown>>): void;
  stop(): void;
  status(): TrainStatus;
}

declare global {
  interface Window {
    __UNROLLED_TEST_HOOKS__?: boolean;
    __unrolledTrain?: TrainTestHooks;
  }
}

export function installTrainingHooks(): void {
  if (typeof window === 'undefined' || window.__UNROLLED_TEST_HOOKS__ !== true || window.__unrolledTrain) return;
  window.__unrolledTrain = {
    start: (config = {}) => {
      const { backend, ...rest } = config;
      const store = useTrainingStore.getState();
      if (backend !== undefined) store.setBackendChoice(backend as BackendChoice);
      // the default race, with the given fields on top
      useTrainingStore.setState({ config: { ...DEFAULT_CONFIG } });
      store.setConfig(rest);
      client.reset();
      client.play();
    },
    stop: () => client.pause(),
    status: () => {
      const s = useTrainingStore.getState();
      const models = {} as TrainStatus['models'];
      for (const c of MODELS) {
        const m = s.models[c];
        models[c] = { loss: m.loss, solvedAt: m.solvedAt, diverged: m.diverged, steps: m.steps, msPerStep: m.msPerStep };
      }
      return {
        step: s.step,
        status: s.status,
        backend: s.backend,
        backendReason: s.backendReason,
        stepsPerSec: s.stepsPerSec,
        baseline: s.baseline,
        models,
        historyLength: s.history.length,
        gateSnapshots: s.gateHistory.length,
        history: s.history.map((p) => ({ step: p.step, losses: { ...p.losses } })),
        probeStep: s.probe?.step ?? null,
        numTensors: s.numTensors,
        numBytes: s.numBytes,
        config: { ...s.config },
        messages: [...s.messages],
        worker: client.isRunning(),
        workersStarted: client.lifecycle.workersStarted,
        workersEnded: client.lifecycle.workersEnded,
        lastDisposedTensors: client.lifecycle.lastDisposedTensors,
        sync: labSyncRole(),
        syncStats: { ...labSyncStats },
      };
    },
  };
}
