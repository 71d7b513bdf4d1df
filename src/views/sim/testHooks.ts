/**
 * Builds `window.__unrolledSim` for the browser tests and the benchmarks (opt-in; every hook, its
 * switch and its users are documented in src/store/testHooks.ts, which installs it).
 */
import type { SimSpec, Trace } from '../../engine/index';
import { engineTestControls, simulateAndReport } from '../../store/engineClient';
import { useSimulatorStore } from '../../store/simulator';
import { simSyncCounters } from '../../store/simSync';
import { installTestHook, reported } from '../../store/testHooks';

const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export function installTestHooks(): void {
  installTestHook('__unrolledSim', () => ({
    spec: (id) => {
      const s = reported.spec(id);
      return s ? copy<SimSpec>(s) : null;
    },
    trace: (id) => {
      const t = reported.trace(id);
      return t ? copy<Trace>(t) : null;
    },
    settings: (id) => copy(useSimulatorStore.getState().instances[id]?.settings ?? null),
    set: (id, patch) => useSimulatorStore.getState().setSettings(id, patch),
    simulate: async (spec) => {
      const { trace: tr } = await simulateAndReport(spec);
      return { dCdh: tr.dCdh, h: tr.h, y: tr.y, loss: tr.loss, backend: tr.backend };
    },
    numTensors: () => engineTestControls.numTensors(),
    engine: engineTestControls,
    requests: () => reported.requests(),
    sync: () => simSyncCounters(),
    playback: (id) => copy(useSimulatorStore.getState().instances[id]?.playback ?? null),
  }));
}
