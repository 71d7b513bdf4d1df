/** Messages between the page and the training worker (plain, structured-clonable data). */
import type { CellKind, TrainConfig } from './config';
import type { ProbeResult } from './model';
import type { GradMarks } from './gradMarks';
import type { EvalPoint, ModelState, TrainedWeights } from './race';

export type TrainBackend = 'webgl' | 'wasm' | 'cpu';
export type BackendChoice = 'auto' | TrainBackend;

export type ToWorker =
  /** (re)builds the race with these settings (disposing the old one); training paused */
  /** `generation`: the page's count of races (a worker started anew, after a remount or a sync
   *  hand-back, continues it: its snapshots are not taken for a superseded race's); absent: the next */
  | { type: 'configure'; config: TrainConfig; backend: BackendChoice; generation?: number }
  | { type: 'play' }
  | { type: 'pause' }
  /** one training step for every live model, then pause */
  | { type: 'step' }
  | { type: 'weights'; cell: CellKind; requestId: number }
  /**
   * the page has drawn the last progress it got (a frame after applying it): a playing worker
   * waits for this (at most PAGE_WAIT_MS) after each progress message, leaving the page a core
   */
  | { type: 'drawn' }
  /** frees every tensor and replies 'disposed'; the page then terminates the worker */
  | { type: 'dispose' };

export interface Snapshot {
  /** which configure this answers (the page drops snapshots of superseded races) */
  generation: number;
  step: number;
  playing: boolean;
  finished: boolean;
  baseline: number;
  models: Record<CellKind, ModelState>;
  /** each model's gradient curves at step 1, when solved and latest (the before/after view) */
  gradMarks?: GradMarks;
  /** measured over the last ~2 s of training: steps (of all three models) per second */
  stepsPerSec: number;
  numTensors: number;
  /** tf.memory().numBytes in the worker (the soak bench watches it) */
  numBytes?: number;
}

export type FromWorker =
  | { type: 'backend'; backend: TrainBackend; reason: string; initMs: number }
  | { type: 'ready'; generation: number; snapshot: Snapshot }
  | {
      type: 'progress';
      snapshot: Snapshot;
      evals: EvalPoint[];
      probe: { step: number; models: Partial<Record<CellKind, ProbeResult>> } | null;
      diverged: CellKind[];
    }
  | { type: 'weights'; requestId: number; weights: TrainedWeights | null }
  | { type: 'disposed'; numTensors: number }
  | { type: 'error'; message: string };
