/**
 * Simulator settings and playback: plain, serialisable data (they go into a URL and are mirrored
 * to a presenter's second window), the per-preset defaults, and the sanitisers every store setter
 * runs, so a slider pushed to an extreme or a tampered value can never reach the engine.
 */
import type { CellKind, MergeMode, RecurrentActivation } from '../engine/index';
import { parseTypedSequence } from './inputs';
import { checkAll, PLAYBACK_DECLS, SETTING_DECLS, type DeclContext, type ValuesOf } from './schema';

/** Which simulator a lesson shows: `<Simulator preset="…" />`. */
export type SimulatorPreset = 'vanilla-cell' | 'vanilla-forward' | 'unrolled' | 'bptt' | 'vanishing' | 'lstm' | 'gru' | 'compare' | 'bidirectional';

export { PLAYBACK_DECLS, SETTING_DECLS } from './schema';

/**
 * How the GRU applies its reset gate: 'tfjs' before the recurrent product (TensorFlow.js, Keras
 * reset_after=False; one bias row), 'keras' after it (Keras' default reset_after=True, and PyTorch;
 * two bias rows).
 */
export type GruForm = 'tfjs' | 'keras';
/**
 * 'hand': the 2-unit vanilla RNN worked by hand in sections 04, 05 and 07 (fixed weights, impulse
 * input, GT = (0, 0.2, 0.2)) instead of seeded random weights; 'lstm-hand': the 1-unit LSTM
 * worked by hand in section 09 (LSTM_HAND_EXAMPLE). Any change to the model settings goes back to
 * 'none'.
 */
export type Example = 'none' | 'hand' | 'lstm-hand';
/** The fixed-weight example these settings show, or null (seeded weights): each is one unidirectional cell (EXAMPLES). */
export function activeExample(s: Pick<SimSettings, 'example' | 'cell' | 'bidirectional'>): Exclude<Example, 'none'> | null {
  return s.example !== 'none' && EXAMPLES[s.example].cell === s.cell && !s.bidirectional ? s.example : null;
}

/** The model settings: one field per entry of SETTING_DECLS (schema.ts). */
export type SimSettings = ValuesOf<typeof SETTING_DECLS>;
/** Playback: step is 0-based (people see t = step + 1), lossStep the C_t the backward phase starts from, speed in steps/s. */
export type Playback = ValuesOf<typeof PLAYBACK_DECLS>;

export type InputPreset = SimSettings['inputPreset'];
// the engine's types, declared once there; the settings' options must be exactly them (checked here)
export type { MergeMode, RecurrentActivation };
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const SAME_TYPES: [Same<SimSettings['merge'], MergeMode>, Same<SimSettings['recurrentActivation'], RecurrentActivation>] = [true, true];
void SAME_TYPES;
export type Phase = Playback['phase'];

export interface PresetInfo {
  title: string;
  settings: SimSettings;
  playback: Playback;
  /** cell types the preset lets a student switch between (first one = default) */
  cells: CellKind[];
  /** show the BPTT gradient view even in the forward phase */
  gradientView: boolean;
  /** show the inside-the-cell view */
  cellView: boolean;
}

export const INPUT_PRESETS = SETTING_DECLS.inputPreset.options.map((o) => ({ id: o.value, label: o.label }));
export const MERGE_MODES: MergeMode[] = SETTING_DECLS.merge.options.map((o) => o.value);
export const CELL_KINDS: CellKind[] = SETTING_DECLS.cell.options.map((o) => o.value);
export const CELL_LABEL = Object.fromEntries(SETTING_DECLS.cell.options.map((o) => [o.value, o.label])) as Record<CellKind, string>;
export const GRU_FORMS = SETTING_DECLS.gruForm.options.map((o) => ({ id: o.value, label: o.label }));

/**
 * The hand example of sections 04, 05 and 07: 1 input, 2 units, no bias,
 * W_x = (0.5, −1)ᵀ, W_h = ((0.8, 0), (0.3, 0.5)), readout y = (1 1)·h, impulse x = (1, 0, 0),
 * GT = (0, 0.2, 0.2). In Keras' layout kernel = W_xᵀ and recurrentKernel = W_hᵀ.
 */
export const HAND_EXAMPLE = {
  inputs: [1, 0, 0],
  targets: [0, 0.2, 0.2],
  kernel: [[0.5, -1]],
  recurrentKernel: [
    [0.8, 0.3],
    [0, 0.5],
  ],
  readout: [[1], [1]],
  bias: [0, 0],
} as const;

/**
 * The LSTM of section 09 worked by hand: 1 input, 1 unit, x = (1, −1) from h_0 = 0, c_0 = 0,
 * readout y = h, GT = (0, 0), sigmoid gates. Keras' layout, blocks in the order i, f, c (the
 * candidate g), o. In the lesson's notation, on [x_t; h_{t−1}]: W_i = (2, 0), b_i = 0;
 * W_f = (0, 0), b_f = 2; W_g = (1, 1), b_g = 0; W_o = (1, 0), b_o = 0 — only the candidate reads
 * h_{t−1}, so the path from c_{t−1} through h_{t−1} is one product. Step 2 is the worked step.
 */
export const LSTM_HAND_EXAMPLE = {
  inputs: [1, -1],
  targets: [0, 0],
  kernel: [[2, 0, 1, 1]],
  recurrentKernel: [[0, 0, 1, 0]],
  bias: [0, 2, 0, 0],
  readout: [[1]],
} as const;

/**
 * Each fixed-weight example: its cell (elsewhere the example is dropped), its numbers (Keras' layout;
 * the units are the recurrent kernel's rows, T the inputs) and the gates' activation where it has gates.
 */
export const EXAMPLES = {
  hand: { cell: 'rnn', data: HAND_EXAMPLE },
  'lstm-hand': { cell: 'lstm', data: LSTM_HAND_EXAMPLE, recurrentActivation: 'sigmoid' },
} as const satisfies Record<Exclude<Example, 'none'>, { cell: CellKind; data: unknown; recurrentActivation?: RecurrentActivation }>;

/**
 * Trainable parameters of one direction of the cell (kernel + recurrent kernel + bias), as Keras'
 * model.summary() counts them: units·(inputDim + units + 1) per gate block; a reset-after GRU
 * (Keras default, PyTorch) has a second bias row, 3·units more.
 */
export function cellParameters(cell: CellKind, inputDim: number, units: number, gruForm: GruForm = 'tfjs'): number {
  const blocks = cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
  const biasRows = cell === 'gru' && gruForm === 'keras' ? 2 : 1;
  return blocks * units * (inputDim + units + biasRows);
}

const D = SETTING_DECLS;
export const LIMITS = {
  units: { min: D.units.min, max: D.units.max },
  steps: { min: D.steps.min, max: D.steps.max },
  weightScale: { min: D.weightScale.min, max: D.weightScale.max },
  inputScale: { min: D.inputScale.min, max: D.inputScale.max },
  forgetBias: { min: D.forgetBias.min, max: D.forgetBias.max },
  seed: { min: D.seed.min, max: D.seed.max },
  speed: { min: PLAYBACK_DECLS.speed.min, max: PLAYBACK_DECLS.speed.max },
  typedText: { maxChars: D.typedText.maxChars },
} as const;

const BASE = Object.fromEntries(Object.entries(SETTING_DECLS).map(([k, d]) => [k, d.default])) as SimSettings;

const PLAY = Object.fromEntries(Object.entries(PLAYBACK_DECLS).map(([k, d]) => [k, d.default])) as Playback;

function preset(
  title: string,
  s: Partial<SimSettings>,
  p: Partial<Playback>,
  cells: CellKind[],
  views: { gradientView?: boolean; cellView?: boolean } = {},
): PresetInfo {
  const settings = { ...BASE, ...s };
  const playback = { ...PLAY, ...p };
  return { title, settings, playback, cells, gradientView: views.gradientView ?? false, cellView: views.cellView ?? true };
}

export const PRESETS: Record<SimulatorPreset, PresetInfo> = {
  'vanilla-cell': preset('The vanilla RNN cell', { units: 3, steps: 6, inputPreset: 'impulse' }, {}, ['rnn']),
  'vanilla-forward': preset('Forward pass: h, y and C', { units: 3, steps: 6 }, {}, ['rnn']),
  unrolled: preset('The unrolled network', { units: 3, steps: 8 }, {}, ['rnn'], { cellView: false }),
  bptt: preset('Backpropagation through time', { units: 4, steps: 10 }, { phase: 'backward', step: 9, lossStep: 9 }, ['rnn'], {
    gradientView: true,
    cellView: false,
  }),
  vanishing: preset(
    'Vanishing and exploding gradients',
    { units: 8, steps: 30, weightScale: 1 },
    { phase: 'backward', step: 29, lossStep: 29 },
    ['rnn', 'lstm', 'gru'],
    { gradientView: true, cellView: false },
  ),
  lstm: preset('Inside the LSTM cell', { cell: 'lstm', units: 4, steps: 8 }, {}, ['lstm', 'gru', 'rnn'], { gradientView: true }),
  gru: preset('Inside the GRU', { cell: 'gru', units: 4, steps: 8 }, {}, ['gru', 'lstm', 'rnn']),
  compare: preset('RNN vs LSTM vs GRU', { units: 8, steps: 20, inputPreset: 'impulse' }, { lossStep: 19 }, ['rnn', 'lstm', 'gru'], {
    gradientView: true,
  }),
  bidirectional: preset('Bidirectional RNN', { units: 3, steps: 8, bidirectional: true, merge: 'concat', inputPreset: 'sine' }, {}, [
    'rnn',
    'gru',
    'lstm',
  ]),
};

export function isPreset(p: unknown): p is SimulatorPreset {
  return typeof p === 'string' && Object.prototype.hasOwnProperty.call(PRESETS, p);
}

/* ------------------------------------------------------------------ sanitising -------- */

function num(v: unknown, fallback: number): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : fallback;
}

export function clampNumber(v: unknown, min: number, max: number, fallback: number): number {
  return Math.min(max, Math.max(min, num(v, fallback)));
}

export function clampInt(v: unknown, min: number, max: number, fallback: number): number {
  return Math.round(clampNumber(v, min, max, fallback));
}

/** A seed is a non-negative 31-bit integer; anything else becomes one (or the fallback). */
export function sanitizeSeed(v: unknown, fallback: number): number {
  const n = num(v, NaN);
  if (!Number.isFinite(n)) return fallback;
  return Math.min(LIMITS.seed.max, Math.abs(Math.trunc(n)));
}

/** Settings are a property of the preset, not of a student or a link. */
const FIXED_SETTINGS: (keyof SimSettings)[] = ['bidirectional'];

/**
 * Brings any value (a tampered URL, a stale saved state, a slider at an extreme) back into the
 * settings a preset allows, from the declarations, with a notice per value it had to change
 * ("units 999 → 16"). Never throws.
 */
export function checkSettings(
  raw: unknown,
  presetId: SimulatorPreset,
  fallback: Partial<SimSettings> = {},
): { value: SimSettings; notices: string[] } {
  const p = PRESETS[presetId];
  // what replaces a value that cannot be used: the preset's default, unless `fallback` names another
  const ctx: DeclContext = { defaults: { ...p.settings, ...fallback }, cells: p.cells, T: 1 };
  const res = checkAll<SimSettings>(SETTING_DECLS, raw, ctx, FIXED_SETTINGS);
  // each example is one unidirectional cell (EXAMPLES); elsewhere it is ignored
  if (res.value.example !== 'none' && !activeExample(res.value)) res.value = { ...res.value, example: 'none' };
  return res;
}

export function sanitizeSettings(raw: unknown, presetId: SimulatorPreset, fallback?: Partial<SimSettings>): SimSettings {
  return checkSettings(raw, presetId, fallback).value;
}

/** Settings whose change leaves a hand example (they describe a different model or input). */
export const MODEL_KEYS: (keyof SimSettings)[] = [
  'cell',
  'units',
  'steps',
  'inputPreset',
  'typedText',
  'seed',
  'weightScale',
  'inputScale',
  'recurrentActivation',
  'forgetBias',
];

/**
 * The sequence length the settings produce: the typed sequence's length when it is in use and
 * valid, otherwise the steps setting. (An invalid typed sequence keeps the last good trace on
 * screen, so its length does not matter here.)
 */
export function effectiveSteps(s: SimSettings): number {
  if (s.example !== 'none') return EXAMPLES[s.example].data.inputs.length;
  if (s.inputPreset === 'typed') {
    const parsed = parseTypedSequence(s.typedText);
    if (parsed.ok) return parsed.values.length;
  }
  return s.steps;
}

/** Playback inside the sequence 0 … T−1, from the declarations, with notices. Never throws. */
export function checkPlayback(raw: unknown, T: number, fallback: Playback = PLAY): { value: Playback; notices: string[] } {
  const ctx: DeclContext = { defaults: { ...fallback, playing: false }, cells: [], T: Math.floor(num(T, 1)) };
  return checkAll<Playback>(PLAYBACK_DECLS, raw, ctx);
}

export function sanitizePlayback(raw: unknown, T: number, fallback: Playback = PLAY): Playback {
  return checkPlayback(raw, T, fallback).value;
}
