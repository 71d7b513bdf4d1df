/**
 * A tiny, opt-in test hook for the browser tests and the interaction benchmark. It exists only
 * when the page sets `window.__UNROLLED_TEST_HOOKS__ = true` before the app loads (Playwright's
 * addInitScript does); ordinary visitors never get it.
 *
 *   window.__unrolledSim.spec(id)         → the SimSpec behind the trace simulator `id` shows now
 *   window.__unrolledSim.settings(id)     → that simulator's settings (plain data)
 *   window.__unrolledSim.set(id, patch)   → changes settings through the store (sanitised)
 *   window.__unrolledSim.simulate(spec)   → an independent simulate() call → { dCdh, h, y, loss, backend }
 *   window.__unrolledSim.numTensors()     → tf.memory().numTensors of the engine's tfjs
 *
 * `id` is the preset name (one instance per lesson preset).
 */
import type { SimSpec } from '../../engine/index';
import { useSimulatorStore } from '../../store/simulator';

export interface SimTestHooks {
  spec(id: string): SimSpec | null;
  settings(id: string): unknown;
  set(id: string, patch: Record<string, unknown>): void;
  simulate(spec: SimSpec): Promise<{ dCdh: number[][][]; h: number[][]; y: number[][]; loss: number[]; backend: string }>;
  numTensors(): Promise<number>;
}

declare global {
  interface Window {
    __UNROLLED_TEST_HOOKS__?: boolean;
    __unrolledSim?: SimTestHooks;
  }
}

const specs = new Map<string, SimSpec>();

const enabled = () => typeof window !== 'undefined' && window.__UNROLLED_TEST_HOOKS__ === true;

/** Called by the pipeline with every spec whose trace goes on screen (kept only when enabled). */
export function reportSpec(id: string, spec: SimSpec): void {
  if (enabled()) specs.set(id, spec);
}

export function installTestHooks(): void {
  if (!enabled() || window.__unrolledSim) return;
  window.__unrolledSim = {
    spec: (id) => {
      const s = specs.get(id);
      return s ? (JSON.parse(JSON.stringify(s)) as SimSpec) : null;
    },
    settings: (id) => JSON.parse(JSON.stringify(useSimulatorStore.getState().instances[id]?.settings ?? null)),
    set: (id, patch) => useSimulatorStore.getState().setSettings(id, patch),
    simulate: async (spec) => {
      const engine = await import('../../app/engineLoader').then((m) => m.loadEngine());
      const tr = await engine.simulate(spec);
      return { dCdh: tr.dCdh, h: tr.h, y: tr.y, loss: tr.loss, backend: tr.backend };
    },
    numTensors: async () => {
      const tf = await import('@tensorflow/tfjs-core');
      return tf.memory().numTensors;
    },
  };
}
