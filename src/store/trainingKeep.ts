/**
 * A race's results kept past the lab leaving the page (issue 30, item 3): the losses, probes,
 * gate strips, step and the trained weights stay in the training store when the worker ends,
 * and in sessionStorage (this tab, until it closes) so a reload shows them too. The worker's
 * training state (optimizer moments, data stream) is not kept: a kept race cannot resume, and
 * Train starts a new one. Plain data only; a stored value that does not read back is ignored.
 */
import { MODELS, sanitizeConfig, type CellKind } from '../train/config';
import type { TrainedWeights } from '../train/race';
import type { TrainingState } from './training';
import { parseGradMarks } from '../train/gradMarks';

export const KEEP_KEY = 'unrolled:lab-run';
export const KEEP_VERSION = 1;

/** the store fields a kept race restores */
export const KEPT_FIELDS = [
  'config',
  'backendChoice',
  'status',
  'step',
  'baseline',
  'models',
  'history',
  'probe',
  'gradMarks',
  'gateHistory',
  'historyStride',
  'gateStride',
  'notices',
  'kept',
] as const;
export type KeptRun = Pick<TrainingState, (typeof KEPT_FIELDS)[number]>;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** the kept weights that belong to the shown race: each model's weights at that model's own step */
export function matchingWeights(
  kept: Partial<Record<CellKind, TrainedWeights>>,
  models: TrainingState['models'],
): Partial<Record<CellKind, TrainedWeights>> {
  const out: Partial<Record<CellKind, TrainedWeights>> = {};
  for (const c of MODELS) {
    const w = kept[c];
    if (w && isObj(w) && w.cell === c && w.step === models[c]?.steps && Array.isArray(w.kernel) && Array.isArray(w.inputs)) out[c] = w;
  }
  return out;
}

export function serializeRun(s: KeptRun): string {
  const run = Object.fromEntries(KEPT_FIELDS.map((k) => [k, s[k]]));
  return JSON.stringify({ v: KEEP_VERSION, run });
}

/** Reads a kept race back; null unless it is one of this version with a step past 0. */
export function parseRun(text: string | null): KeptRun | null {
  if (!text) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObj(raw) || raw.v !== KEEP_VERSION || !isObj(raw.run)) return null;
  const r = raw.run;
  if (!Number.isSafeInteger(r.step) || (r.step as number) <= 0) return null;
  if (!Array.isArray(r.history) || !Array.isArray(r.gateHistory) || !isObj(r.models) || !isObj(r.config)) return null;
  if (!MODELS.every((c) => isObj((r.models as Record<string, unknown>)[c]))) return null;
  const models = r.models as TrainingState['models'];
  const status = r.status === 'finished' ? 'finished' : 'paused';
  return {
    config: sanitizeConfig(r.config as Record<string, unknown>).config,
    backendChoice: r.backendChoice === 'webgl' || r.backendChoice === 'wasm' || r.backendChoice === 'cpu' ? r.backendChoice : 'auto',
    status,
    step: r.step as number,
    baseline: typeof r.baseline === 'number' ? r.baseline : null,
    models,
    history: r.history as TrainingState['history'],
    probe: isObj(r.probe) ? (r.probe as TrainingState['probe']) : null,
    gradMarks: parseGradMarks(r.gradMarks),
    gateHistory: r.gateHistory as TrainingState['gateHistory'],
    historyStride: Number.isSafeInteger(r.historyStride) ? (r.historyStride as number) : 0,
    gateStride: Number.isSafeInteger(r.gateStride) ? (r.gateStride as number) : 0,
    notices: isObj(r.notices) ? (r.notices as TrainingState['notices']) : {},
    kept: isObj(r.kept) ? matchingWeights(r.kept as Partial<Record<CellKind, TrainedWeights>>, models) : {},
  };
}

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

/** Stores the race (or forgets it when there is none past step 0); quota errors are ignored. */
export function saveRun(s: KeptRun): void {
  const st = storage();
  if (!st) return;
  try {
    if (s.step > 0) st.setItem(KEEP_KEY, serializeRun(s));
    else st.removeItem(KEEP_KEY);
  } catch {
    /* full or blocked storage: the race is kept in this page only */
  }
}

export function loadRun(): KeptRun | null {
  const st = storage();
  if (!st) return null;
  try {
    return parseRun(st.getItem(KEEP_KEY));
  } catch {
    return null;
  }
}
