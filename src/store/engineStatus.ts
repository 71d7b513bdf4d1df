import { create } from 'zustand';

/** What the page knows about the tfjs engine: loaded lazily, so it starts 'idle'. */
export interface EngineStatusState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  backend: string | null;
  fallbackReason: string | null;
  /** wall time of the most recent simulate() in ms */
  lastMs: number | null;
  error: string | null;
  setStatus: (patch: Partial<Omit<EngineStatusState, 'setStatus'>>) => void;
}

export const useEngineStatus = create<EngineStatusState>()((set) => ({
  status: 'idle',
  backend: null,
  fallbackReason: null,
  lastMs: null,
  error: null,
  setStatus: (patch) => set(patch),
}));
