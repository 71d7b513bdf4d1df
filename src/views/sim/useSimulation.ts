/**
 * A simulator view's window on its result: it attaches simulator `id` to the simulation
 * controller while it is on the page (store/simulation.ts, which owns the recompute pipeline and
 * writes the result to the store) and reads the result, the engine's status and a retry from the
 * stores. Nothing is computed or kept here.
 */
import { useCallback, useEffect } from 'react';
import { useEngineStatus } from '../../store/engineStatus';
import type { SimResult } from '../../store/simResult';
import { attachSimulation, LOADING, retrySimulation, useSimulationStore } from '../../store/simulation';

export type { SimResult };

export interface SimulationState {
  result: SimResult | null;
  computing: boolean;
  /** the engine (or spec building) failed for the newest settings; the last good trace stays */
  error: string | null;
  /** the trace shown does not match the settings (an error after a good trace) */
  stale: boolean;
  /** how many results have been shown (for tests and the benchmark) */
  count: number;
  backend: string | null;
  fallbackReason: string | null;
  /** "WebGL was lost; computing on the CPU" while that is so */
  notice: string | null;
  /** computes the current settings again (the way out of an error) */
  retry: () => void;
}

export function useSimulation(id: string): SimulationState {
  // attached after the simulator store has the instance (SimulatorShell's ensure is a layout effect)
  useEffect(() => attachSimulation(id), [id]);
  const entry = useSimulationStore((s) => s.byId[id]) ?? LOADING;
  const backend = useEngineStatus((s) => (s.status === 'ready' ? s.backend : null));
  const fallbackReason = useEngineStatus((s) => s.fallbackReason);
  const notice = useEngineStatus((s) => s.notice);
  const retry = useCallback(() => retrySimulation(id), [id]);
  return { ...entry, backend, fallbackReason, notice, retry };
}
