/**
 * Builds `window.__unrolledTrain` for the browser tests and the training benches (opt-in; every
 * hook, its switch and its users are documented in src/store/testHooks.ts, which installs it).
 */
import { useTrainingStore } from '../../store/training';
import { DEFAULT_CONFIG, MODELS } from '../../train/config';
import type { BackendChoice } from '../../train/protocol';
import * as client from '../../store/trainingClient';
import { labSyncRole, labSyncStats } from '../../store/labSync';
import { installTestHook, type TrainStatus } from '../../store/testHooks';

export type { TrainStatus } from '../../store/testHooks';

export function installTrainingHooks(): void {
  installTestHook('__unrolledTrain', () => ({
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
  }));
}
