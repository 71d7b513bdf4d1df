/** A computed trace, as a simulator shows it and as the presenting windows share it (plain data). */
import type { SimSpec, Trace } from '../engine/types';
import type { SimSettings } from '../sim/settings';

export interface SimResult {
  spec: SimSpec;
  trace: Trace;
  /** wall time of simulate() in ms */
  ms: number;
  /** σ_max of the forward recurrent kernel (W_h for the vanilla cell) */
  sigma: number;
  /** the settings the trace was computed from */
  settings: SimSettings;
  /** traceKey of the settings and trained weights it was computed from */
  key?: string;
}
