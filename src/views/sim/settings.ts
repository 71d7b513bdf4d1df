/**
 * Simulator settings and playback: plain, serialisable data (they go into a URL and are mirrored
 * to a presenter's second window), the per-preset defaults, and the sanitisers every store setter
 * runs, so a slider pushed to an extreme or a tampered value can never reach the engine.
 */
import type { SimulatorPreset } from '../../../lessons/types';
import type { CellKind } from '../../engine/index';
import { parseTypedSequence } from './inputs';

export type InputPreset = 'sine' | 'impulse' | 'step' | 'random' | 'typed';
export type MergeMode = 'concat' | 'sum' | 'ave' | 'mul';
export type RecurrentActivation = 'sigmoid' | 'hardSigmoid';
export type Phase = 'forward' | 'backward';

export interface SimSettings {
  cell: CellKind;
  bidirectional: boolean;
  merge: MergeMode;
  units: number;
  /** sequence length T for the generated inputs (a typed sequence brings its own length) */
  steps: number;
  inputPreset: InputPreset;
  typedText: string;
  seed: number;
  /** multiplies the orthogonal recurrent kernel: for the vanilla RNN it is σ_max(W_h) */
  weightScale: number;
  /** multiplies the Glorot-uniform input kernel */
  inputScale: number;
  recurrentActivation: RecurrentActivation;
  /** LSTM forget-gate bias at initialisation (Keras 1, TensorFlow.js 0) */
  forgetBias: number;
}

export interface Playback {
  /** 0-based step; people see t = step + 1 */
  step: number;
  playing: boolean;
  phase: Phase;
  /** which C_t the backward phase starts from (0-based) */
  lossStep: number;
  /** playback speed in steps per second */
  speed: number;
}

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

export const INPUT_PRESETS: { id: InputPreset; label: string }[] = [
  { id: 'sine', label: 'Sine wave' },
  { id: 'impulse', label: 'Impulse at t = 1' },
  { id: 'step', label: 'Step' },
  { id: 'random', label: 'Random (seeded)' },
  { id: 'typed', label: 'Typed sequence' },
];
export const MERGE_MODES: MergeMode[] = ['concat', 'sum', 'ave', 'mul'];
export const CELL_KINDS: CellKind[] = ['rnn', 'lstm', 'gru'];
export const CELL_LABEL: Record<CellKind, string> = { rnn: 'Vanilla RNN', lstm: 'LSTM', gru: 'GRU' };

export const LIMITS = {
  units: { min: 1, max: 16 },
  steps: { min: 1, max: 60 },
  weightScale: { min: 0, max: 3 },
  inputScale: { min: 0, max: 3 },
  forgetBias: { min: -3, max: 5 },
  seed: { min: 0, max: 2 ** 31 - 1 },
  speed: { min: 0.25, max: 12 },
  typedText: { maxChars: 2000 },
} as const;

const BASE: SimSettings = {
  cell: 'rnn',
  bidirectional: false,
  merge: 'concat',
  units: 3,
  steps: 6,
  inputPreset: 'sine',
  typedText: '0, 0, 0, 1, 0, 0, 0',
  seed: 7,
  weightScale: 1,
  inputScale: 1,
  recurrentActivation: 'sigmoid',
  forgetBias: 1,
};

const PLAY: Playback = { step: 0, playing: false, phase: 'forward', lossStep: 0, speed: 2 };

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
  bidirectional: preset(
    'Bidirectional RNN',
    { units: 3, steps: 8, bidirectional: true, merge: 'concat', inputPreset: 'sine' },
    {},
    ['rnn', 'gru', 'lstm'],
  ),
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

function oneOf<T extends string>(v: unknown, allowed: readonly T[], fallback: T): T {
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
}

/** A seed is a non-negative 31-bit integer; anything else becomes one (or the fallback). */
export function sanitizeSeed(v: unknown, fallback: number): number {
  const n = num(v, NaN);
  if (!Number.isFinite(n)) return fallback;
  return Math.min(LIMITS.seed.max, Math.abs(Math.trunc(n)));
}

/**
 * Brings any value (a tampered URL, a stale saved state, a slider at an extreme) back into the
 * settings a preset allows. Never throws.
 */
export function sanitizeSettings(raw: unknown, presetId: SimulatorPreset): SimSettings {
  const p = PRESETS[presetId];
  const d = p.settings;
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const cell = oneOf(r.cell, p.cells, d.cell);
  return {
    cell,
    bidirectional: d.bidirectional, // a property of the preset, not a student setting
    merge: oneOf(r.merge, MERGE_MODES, d.merge),
    units: clampInt(r.units, LIMITS.units.min, LIMITS.units.max, d.units),
    steps: clampInt(r.steps, LIMITS.steps.min, LIMITS.steps.max, d.steps),
    inputPreset: oneOf(
      r.inputPreset,
      INPUT_PRESETS.map((i) => i.id),
      d.inputPreset,
    ),
    typedText: typeof r.typedText === 'string' ? r.typedText.slice(0, LIMITS.typedText.maxChars) : d.typedText,
    seed: sanitizeSeed(r.seed, d.seed),
    weightScale: clampNumber(r.weightScale, LIMITS.weightScale.min, LIMITS.weightScale.max, d.weightScale),
    inputScale: clampNumber(r.inputScale, LIMITS.inputScale.min, LIMITS.inputScale.max, d.inputScale),
    recurrentActivation: oneOf(r.recurrentActivation, ['sigmoid', 'hardSigmoid'] as const, d.recurrentActivation),
    forgetBias: clampNumber(r.forgetBias, LIMITS.forgetBias.min, LIMITS.forgetBias.max, d.forgetBias),
  };
}

/**
 * The sequence length the settings produce: the typed sequence's length when it is in use and
 * valid, otherwise the steps setting. (An invalid typed sequence keeps the last good trace on
 * screen, so its length does not matter here.)
 */
export function effectiveSteps(s: SimSettings): number {
  if (s.inputPreset === 'typed') {
    const parsed = parseTypedSequence(s.typedText);
    if (parsed.ok) return parsed.values.length;
  }
  return s.steps;
}

export function sanitizePlayback(raw: unknown, T: number, fallback: Playback = PLAY): Playback {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const last = Math.max(0, Math.floor(num(T, 1)) - 1);
  return {
    step: clampInt(r.step, 0, last, Math.min(fallback.step, last)),
    playing: typeof r.playing === 'boolean' ? r.playing : false,
    phase: oneOf(r.phase, ['forward', 'backward'] as const, fallback.phase),
    lossStep: clampInt(r.lossStep, 0, last, Math.min(fallback.lossStep, last)),
    speed: clampNumber(r.speed, LIMITS.speed.min, LIMITS.speed.max, fallback.speed),
  };
}
