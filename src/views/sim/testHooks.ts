/**
 * A tiny, opt-in test hook for the browser tests and the interaction benchmark. It exists only
 * when the page sets `window.__UNROLLED_TEST_HOOKS__ = true` before the app loads (Playwright's
 * addInitScript does); ordinary visitors never get it.
 *
 *   window.__unrolledSim.spec(id)         → the SimSpec behind the trace simulator `id` shows now
 *   window.__unrolledSim.trace(id)        → the Trace it shows now
 *   window.__unrolledSim.settings(id)     → that simulator's settings (plain data)
 *   window.__unrolledSim.set(id, patch)   → changes settings through the store (sanitised)
 *   window.__unrolledSim.simulate(spec)   → an independent simulate() call → { dCdh, h, y, loss, backend }
 *   window.__unrolledSim.numTensors()     → tf.memory().numTensors of the engine's tfjs (in its worker)
 *   window.__unrolledSim.engine           → loseContext(), restoreContext(), hangNext(), setBoundMs(ms), mode()
 *   window.__unrolledSim.requests()       → how many traces this page's simulators asked the engine for
 *   window.__unrolledSim.sync()           → the presenter/audience sync's counters (store/simSync.ts)
 *   window.__unrolledSim.playback(id)     → that simulator's playback (plain data)
 *
 * `id` is the preset name (one instance per lesson preset).
 */
import type { SimSpec, Trace } from '../../engine/index';
import { engineTestControls, simulateAndReport } from '../../store/engineClient';
import { useSimulatorStore } from '../../store/simulator';
import { simSyncCounters, type simSyncStats } from '../../store/simSync';

export interface SimTestHooks {
  spec(id: string): SimSpec | null;
  /** the trace simulator `id` shows now */
  trace(id: string): Trace | null;
  settings(id: string): unknown;
  set(id: string, patch: Record<string, unknown>): void;
  simulate(spec: SimSpec): Promise<{ dCdh: number[][][]; h: number[][]; y: number[][]; loss: number[]; backend: string }>;
  numTensors(): Promise<number>;
  engine: typeof import('../../store/engineClient').engineTestControls;
  requests(): number;
  sync(): typeof simSyncStats;
  playback(id: string): unknown;
}

declare global {
  interface Window {
    __UNROLLED_TEST_HOOKS__?: boolean;
    __unrolledSim?: SimTestHooks;
  }
}

const specs = new Map<string, SimSpec>();
const traces = new Map<string, Trace>();

let requestCount = 0;
/** Called once per trace a simulator asks the engine for (counted always; it is one integer). */
export function countRequest(): void {
  requestCount++;
}

const enabled = () => typeof window !== 'undefined' && window.__UNROLLED_TEST_HOOKS__ === true;

/** Called by the pipeline with every spec whose trace goes on screen (kept only when enabled). */
export function reportSpec(id: string, spec: SimSpec, trace?: Trace): void {
  if (!enabled()) return;
  specs.set(id, spec);
  if (trace) traces.set(id, trace);
}

export function installTestHooks(): void {
  if (!enabled() || window.__unrolledSim) return;
  window.__unrolledSim = {
    spec: (id) => {
      const s = specs.get(id);
      return s ? (JSON.parse(JSON.stringify(s)) as SimSpec) : null;
    },
    trace: (id) => {
      const t = traces.get(id);
      return t ? (JSON.parse(JSON.stringify(t)) as Trace) : null;
    },
    settings: (id) => JSON.parse(JSON.stringify(useSimulatorStore.getState().instances[id]?.settings ?? null)),
    set: (id, patch) => useSimulatorStore.getState().setSettings(id, patch),
    simulate: async (spec) => {
      const { trace: tr } = await simulateAndReport(spec);
      return { dCdh: tr.dCdh, h: tr.h, y: tr.y, loss: tr.loss, backend: tr.backend };
    },
    numTensors: () => engineTestControls.numTensors(),
    engine: engineTestControls,
    requests: () => requestCount,
    sync: () => simSyncCounters(),
    playback: (id) => JSON.parse(JSON.stringify(useSimulatorStore.getState().instances[id]?.playback ?? null)),
  };
}
