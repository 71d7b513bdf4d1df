/**
 * The training lab's settings: one declaration of defaults and limits, and a sanitiser that clamps
 * whatever it is given (a slider pushed too far, a tampered test call) and says what it changed.
 * Plain data, no tfjs, no React.
 */
import { TASKS, type TaskKind } from './tasks';

export type CellKind = 'rnn' | 'lstm' | 'gru';
export const MODELS: CellKind[] = ['rnn', 'lstm', 'gru'];
export const MODEL_LABEL: Record<CellKind, string> = { rnn: 'Vanilla RNN', lstm: 'LSTM', gru: 'GRU' };

export type OptimizerKind = 'adam' | 'rmsprop' | 'sgd';
export const OPTIMIZERS: { id: OptimizerKind; label: string }[] = [
  { id: 'adam', label: 'Adam' },
  { id: 'rmsprop', label: 'RMSProp' },
  { id: 'sgd', label: 'SGD' },
];

export type GateActivation = 'sigmoid' | 'hardSigmoid';

export interface TrainConfig {
  task: TaskKind;
  /** sequence length */
  T: number;
  seed: number;
  units: number;
  optimizer: OptimizerKind;
  learningRate: number;
  batchSize: number;
  /** per-weight gradient-norm clipping as Keras' `clipnorm`; 0 = off */
  clipnorm: number;
  /** LSTM `unitForgetBias` (Keras default on, tfjs default off) */
  unitForgetBias: boolean;
  /** LSTM/GRU `recurrentActivation` (Keras default sigmoid, tfjs default hardSigmoid) */
  recurrentActivation: GateActivation;
  /** the race stops after this many training steps per model */
  stepBudget: number;
}

export const LIMITS = {
  T: { min: 10, max: 100 },
  seed: { min: 0, max: 2 ** 31 - 1 },
  units: { min: 2, max: 64 },
  learningRate: { min: 1e-5, max: 1 },
  batchSize: { min: 1, max: 128 },
  clipnorm: { min: 0, max: 100 },
  stepBudget: { min: 1, max: 20_000 },
} as const;

/**
 * The default race, measured in the app (see lessons/11b-training.mdx and bench/training): with
 * these settings GRU and LSTM reach a tenth of the baseline within the budget and the vanilla RNN
 * does not.
 */
export const DEFAULT_CONFIG: TrainConfig = {
  task: 'adding',
  T: 30,
  seed: 1,
  units: 16,
  optimizer: 'adam',
  learningRate: 0.02,
  batchSize: 32,
  clipnorm: 1,
  unitForgetBias: true,
  recurrentActivation: 'sigmoid',
  stepBudget: 500,
};

/** validation sequences per evaluation, and how often (in steps) the views refresh */
export const VALIDATION_SIZE = 256;
export const EVAL_EVERY = 10;
export const PROBE_EVERY = 50;
export const PROBE_SEQUENCES = 32;
/** gate-value histogram bins over [0, 1] */
export const HIST_BINS = 20;
/** a model counts as solved once its validation loss falls below this fraction of the baseline */
export const SOLVED_FRACTION = 0.1;

const LABEL: Record<string, string> = {
  T: 'Sequence length T',
  seed: 'Seed',
  units: 'Units',
  learningRate: 'Learning rate',
  batchSize: 'Batch size',
  clipnorm: 'Clipnorm',
  stepBudget: 'Step budget',
};

export interface Sanitised {
  config: TrainConfig;
  /** one sentence per value that was changed, for the UI */
  messages: string[];
}

function num(raw: unknown): number | null {
  const v = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  return typeof v === 'number' && !Number.isNaN(v) ? v : null;
}

/** Clamps every field of `raw` (partial, untrusted) over `base`; reports each change. */
export function sanitizeConfig(raw: unknown, base: TrainConfig = DEFAULT_CONFIG): Sanitised {
  const messages: string[] = [];
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const out: TrainConfig = { ...base };
  if (r.task !== undefined) {
    if (TASKS.includes(r.task as TaskKind)) out.task = r.task as TaskKind;
    else messages.push(`There is no task called “${String(r.task)}”; kept ${base.task}.`);
  }
  if (r.optimizer !== undefined) {
    if (OPTIMIZERS.some((o) => o.id === r.optimizer)) out.optimizer = r.optimizer as OptimizerKind;
    else messages.push(`There is no optimizer called “${String(r.optimizer)}”; kept ${base.optimizer}.`);
  }
  if (r.recurrentActivation !== undefined) {
    if (r.recurrentActivation === 'sigmoid' || r.recurrentActivation === 'hardSigmoid') out.recurrentActivation = r.recurrentActivation;
    else messages.push(`recurrentActivation must be sigmoid or hardSigmoid; kept ${base.recurrentActivation}.`);
  }
  if (r.unitForgetBias !== undefined) {
    if (typeof r.unitForgetBias === 'boolean') out.unitForgetBias = r.unitForgetBias;
    else messages.push(`unitForgetBias must be on or off; kept ${base.unitForgetBias ? 'on' : 'off'}.`);
  }
  const numeric: [keyof typeof LIMITS, boolean][] = [
    ['T', true],
    ['seed', true],
    ['units', true],
    ['learningRate', false],
    ['batchSize', true],
    ['clipnorm', false],
    ['stepBudget', true],
  ];
  for (const [key, integer] of numeric) {
    if (r[key] === undefined) continue;
    const { min, max } = LIMITS[key];
    let v = num(r[key]);
    if (v === null || !Number.isFinite(v)) {
      messages.push(`${LABEL[key]} must be a number; kept ${String(base[key])}.`);
      continue;
    }
    const orig = v;
    if (integer) v = Math.round(v);
    v = Math.min(max, Math.max(min, v));
    if (v !== orig) messages.push(`${LABEL[key]} ${String(orig)} is outside ${min}–${max}${integer ? ' (whole numbers)' : ''}; using ${v}.`);
    (out as unknown as Record<string, number>)[key] = v;
  }
  return { config: out, messages };
}

/** the lab's short names for its number fields, as the simulators name theirs in their notices ("units 999 → 16") */
export const FIELD_NAME: Record<keyof typeof LIMITS, string> = {
  T: 'T',
  seed: 'seed',
  units: 'units',
  learningRate: 'learning rate',
  batchSize: 'batch size',
  clipnorm: 'clipnorm',
  stepBudget: 'step budget',
};
/** the fields that take whole numbers */
export const WHOLE_FIELDS: ReadonlySet<keyof typeof LIMITS> = new Set(['T', 'seed', 'units', 'batchSize', 'stepBudget']);

/**
 * What a number field's text means (the lab's form): the value to use, clamped to its range, and
 * the notice saying so ("units 10000 → 64"); a text that is not a number (or none) keeps `current`,
 * with a notice (value null).
 */
export function readField(key: keyof typeof LIMITS, text: string, current: number): { value: number | null; note: string | null } {
  const name = FIELD_NAME[key];
  const t = text.trim();
  const v = t === '' ? NaN : Number(t);
  if (!Number.isFinite(v)) return { value: null, note: `${name}: ${t === '' ? 'no number given' : `“${t}” is not a number`}; kept ${current}` };
  const { min, max } = LIMITS[key];
  const whole = WHOLE_FIELDS.has(key);
  const out = Math.min(max, Math.max(min, whole ? Math.round(v) : v));
  if (out === v) return { value: out, note: null };
  return { value: out, note: `${name} ${t} → ${out} (${min}–${max}${whole ? ', whole numbers' : ''})` };
}
