import { create } from 'zustand';

/** What the page knows about the tfjs engine: loaded lazily, so it starts 'idle'. */
export interface EngineStatusState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  backend: string | null;
  fallbackReason: string | null;
  /** set while WebGL has been lost and the CPU stands in ("WebGL was lost; computing on the CPU") */
  notice: string | null;
  /** the WebGL renderer's name, where the browser tells it */
  renderer: string | null;
  /** the preference the last trace was computed under */
  preference: string | null;
  /** under 'auto': its pick and why, in a few words ("Auto: CPU (plain JS), 2.1× faster than WebGL at T = 20, 8 units") */
  autoReason: string | null;
  /** where the engine runs: a Web Worker, or the page itself (no worker support) */
  mode: 'worker' | 'page' | null;
  /** why the engine runs in the page */
  modeReason: string | null;
  /** on the CPU, what computed the most recent trace (Trace.cpuPath: 'plain' in the browser); null on WebGL */
  cpuPath: string | null;
  /** wall time of the most recent simulate() in ms (round trip from the page) */
  lastMs: number | null;
  error: string | null;
  setStatus: (patch: Partial<Omit<EngineStatusState, 'setStatus'>>) => void;
}

export const useEngineStatus = create<EngineStatusState>()((set) => ({
  status: 'idle',
  backend: null,
  fallbackReason: null,
  notice: null,
  renderer: null,
  preference: null,
  autoReason: null,
  mode: null,
  modeReason: null,
  cpuPath: null,
  lastMs: null,
  error: null,
  setStatus: (patch) => set(patch),
}));
