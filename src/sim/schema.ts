/**
 * One declaration per simulator setting and playback field: its type, range or options, base
 * default (presets override it in settings.ts), label, help, and short URL key. Sanitising, the URL
 * codec (link.ts) and the settings panel's ranges and labels all derive from these lists, so adding
 * a setting is one entry here (plus its field in SimSettings).
 *
 * Plain TypeScript: no React, no DOM, no TensorFlow.js.
 *
 * long-file: every setting's one declaration (type, range, label, help, link key, panel entry) and the checker that reads them, kept together
 */
import type { CellKind } from '../engine/index';
import { parseTypedSequence, TYPED_LIMITS } from './inputs';

/** What a value is checked against: the preset's defaults and allowed cells, and the sequence length. */
export interface DeclContext {
  /** the preset's default for every field (the fallback for a value that cannot be read) */
  defaults: Record<string, unknown>;
  /** cell types the preset allows */
  cells: readonly CellKind[];
  /** sequence length T (playback ranges depend on it) */
  T: number;
}

/** What the settings panel's declarations can look at: the settings on screen, the preset's cells and T. */
export interface PanelState {
  cell: CellKind;
  bidirectional: boolean;
  inputPreset: string;
  /** cell types the preset allows */
  cells: readonly CellKind[];
  /** the sequence length in use (a typed sequence sets it) */
  T: number;
}

/**
 * How the settings panel (src/views/sim/Controls.tsx) shows a setting. The panel renders every
 * declaration that has one, in `order`, with the declaration's label, help, range or options.
 */
export interface PanelDecl {
  /** position in the panel (the declarations themselves are in link order) */
  order: number;
  /** an enum as radio buttons or a select, a number as a slider; the seed and the typed sequence have their own fields */
  control: 'radios' | 'select' | 'slider' | 'seed' | 'typed';
  /** the control's data-testid */
  testid?: string;
  /** shown only when this holds (default: always) */
  when?: (s: PanelState) => boolean;
  /** the label, when it depends on the settings (default: the declaration's label) */
  label?: (s: PanelState) => string;
  /** a slider's position, when it is not the setting's own value */
  value?: (s: PanelState, v: number) => number;
  /** greyed out when this holds */
  disabled?: (s: PanelState) => boolean;
  /** when the help shows: 'always' (default) or only while the control is 'disabled' (it then says why) */
  helpWhen?: 'always' | 'disabled';
  /** the slider's printed value and its aria-valuetext (default: the number) */
  shown?: (v: number) => string;
  valueText?: (v: number) => string;
}

interface Base {
  /** short name used in notices ("units 999 → 16") */
  name: string;
  /** the panel's label */
  label: string;
  help?: string;
  /** short URL key; null: never in a link (a property of the preset, or transient) */
  url: string | null;
  /** how the settings panel shows it; absent: not in the panel (fixed by the preset, or shown elsewhere) */
  panel?: PanelDecl;
}
export interface IntDecl extends Base {
  type: 'int';
  min: number | ((c: DeclContext) => number);
  max: number | ((c: DeclContext) => number);
  step: number;
  /** shown and linked as value + offset (0-based step → t = step + 1) */
  offset?: number;
  default: number;
}
export interface NumberDecl extends Base {
  type: 'number';
  min: number;
  max: number;
  /** the slider's step (links keep any value in range) */
  step: number;
  default: number;
}
export interface SeedDecl extends Base {
  type: 'seed';
  min: 0;
  max: number;
  default: number;
}
export interface EnumDecl extends Base {
  type: 'enum';
  /** `help`: what the option means, shown in the panel while it is chosen */
  options: readonly { value: string; label: string; help?: string }[];
  /** the options a preset allows (default: all) */
  allowed?: (c: DeclContext) => readonly string[];
  default: string;
}
export interface BoolDecl extends Base {
  type: 'bool';
  default: boolean;
}
export interface TextDecl extends Base {
  type: 'text';
  maxChars: number;
  /** why a text cannot be used (null: it can); such a text is never kept: the fallback replaces it, with a notice */
  check?: (v: string) => string | null;
  default: string;
}
export type Decl = IntDecl | NumberDecl | SeedDecl | EnumDecl | BoolDecl | TextDecl;

export const SEED_MAX = 2 ** 31 - 1;

/** The model settings (SimSettings), in link order (`panel.order` is their order in the settings panel). */
export const SETTING_DECLS = {
  cell: {
    type: 'enum',
    name: 'cell',
    label: 'Cell type',
    url: 'cell',
    options: [
      { value: 'rnn', label: 'Vanilla RNN' },
      { value: 'lstm', label: 'LSTM' },
      { value: 'gru', label: 'GRU' },
    ],
    allowed: (c) => c.cells,
    default: 'rnn',
    panel: { order: 0, control: 'radios', when: (s) => s.cells.length > 1 },
  },
  bidirectional: { type: 'bool', name: 'bidirectional', label: 'Bidirectional', url: null, default: false },
  merge: {
    type: 'enum',
    name: 'merge',
    label: 'Merge of →h and ←h',
    url: 'm',
    options: [
      { value: 'concat', label: 'concat (Keras default)' },
      { value: 'sum', label: 'sum' },
      { value: 'ave', label: 'average' },
      { value: 'mul', label: 'multiply' },
    ],
    default: 'concat',
    panel: { order: 1, control: 'select', when: (s) => s.bidirectional },
  },
  units: {
    type: 'int',
    name: 'units',
    label: 'Units (size of h)',
    url: 'u',
    min: 1,
    max: 16,
    step: 1,
    default: 3,
    panel: { order: 4, control: 'slider', testid: 'sim-units', valueText: (v) => `${v} units` },
  },
  steps: {
    type: 'int',
    name: 'T',
    label: 'Sequence length T',
    url: 'T',
    min: 1,
    max: 60,
    step: 1,
    default: 6,
    help: 'The typed sequence sets T.',
    panel: {
      order: 5,
      control: 'slider',
      testid: 'sim-steps',
      // a typed sequence sets T: the slider shows its length and rests
      value: (s, v) => (s.inputPreset === 'typed' ? s.T : v),
      disabled: (s) => s.inputPreset === 'typed',
      helpWhen: 'disabled',
      valueText: (v) => `T = ${v} steps`,
    },
  },
  inputPreset: {
    type: 'enum',
    name: 'input',
    label: 'Input sequence x_t',
    url: 'x',
    options: [
      { value: 'sine', label: 'Sine wave' },
      { value: 'impulse', label: 'Impulse at t = 1' },
      { value: 'step', label: 'Step' },
      { value: 'random', label: 'Random (seeded)' },
      { value: 'typed', label: 'Typed sequence' },
    ],
    default: 'sine',
    panel: { order: 2, control: 'select', testid: 'sim-input-preset' },
  },
  typedText: {
    type: 'text',
    name: 'typed sequence',
    label: 'Typed sequence',
    url: 'xs',
    maxChars: TYPED_LIMITS.maxChars,
    // a sequence the simulator cannot run never enters the settings (nor a link made from them)
    check: (v) => {
      const p = parseTypedSequence(v);
      return p.ok ? null : p.message;
    },
    default: '0, 0, 0, 1, 0, 0, 0',
    panel: { order: 3, control: 'typed', testid: 'sim-typed' },
  },
  seed: {
    type: 'seed',
    name: 'seed',
    label: 'Random seed of the weights',
    url: 'seed',
    min: 0,
    max: SEED_MAX,
    default: 7,
    panel: { order: 7, control: 'seed', testid: 'sim-seed' },
  },
  weightScale: {
    type: 'number',
    name: 'weight scale',
    label: 'Weight scale',
    url: 'w',
    min: 0,
    max: 3,
    step: 0.05,
    default: 1,
    help: 'The recurrent kernel starts orthogonal and is multiplied by this scale, so its largest singular value σ_max equals the scale.',
    panel: {
      order: 6,
      control: 'slider',
      testid: 'sim-weight-scale',
      label: (s) => `Weight scale of ${s.cell === 'rnn' ? 'W_h' : 'the recurrent kernel'}`,
      shown: (v) => v.toFixed(2),
    },
  },
  inputScale: { type: 'number', name: 'input scale', label: 'Input weight scale', url: 'wx', min: 0, max: 3, step: 0.05, default: 1 },
  recurrentActivation: {
    type: 'enum',
    name: 'gate activation',
    label: 'Gate activation',
    url: 'ra',
    options: [
      { value: 'sigmoid', label: 'sigmoid σ (Keras default)' },
      { value: 'hardSigmoid', label: 'hardSigmoid (TensorFlow.js default)' },
    ],
    default: 'sigmoid',
    panel: { order: 8, control: 'select', when: (s) => s.cell !== 'rnn' },
  },
  forgetBias: {
    type: 'number',
    name: 'forget bias',
    label: 'Forget-gate bias b_f',
    url: 'bf',
    min: -3,
    max: 5,
    step: 0.5,
    default: 1,
    help: 'Keras starts it at 1, TensorFlow.js at 0.',
    panel: { order: 10, control: 'slider', testid: 'sim-forget-bias', when: (s) => s.cell === 'lstm', shown: (v) => v.toFixed(1) },
  },
  gruForm: {
    type: 'enum',
    name: 'GRU form',
    label: 'GRU form',
    url: 'gf',
    options: [
      {
        value: 'tfjs',
        label: 'TensorFlow.js (reset before the product)',
        help: 'h̃ = tanh(x·K_h + (r ⊙ h_(t−1))·U_h + b): one bias row, the only GRU TensorFlow.js has.',
      },
      {
        value: 'keras',
        label: 'Keras default & PyTorch (reset after the product)',
        help: 'h̃ = tanh(x·K_h + b_in + r ⊙ (h_(t−1)·U_h + b_rec)): the bias has two rows (input, recurrent), 3·units more parameters.',
      },
    ],
    default: 'tfjs',
    panel: { order: 9, control: 'radios', testid: 'sim-gru-form', when: (s) => s.cell === 'gru' },
  },
  example: {
    type: 'enum',
    name: 'example',
    label: 'Weights',
    url: 'ex',
    options: [
      { value: 'none', label: 'seeded random weights' },
      { value: 'hand', label: 'the hand-worked example (sections 04, 05, 07)' },
      { value: 'lstm-hand', label: 'the hand-worked LSTM (section 09)' },
    ],
    default: 'none',
  },
} as const satisfies Record<string, Decl>;

/** The settings the panel shows for this state, in panel order, each with its declaration. */
export function panelEntries(decls: Record<string, Decl>, s: PanelState): { key: string; decl: Decl; panel: PanelDecl }[] {
  return Object.entries(decls)
    .flatMap(([key, decl]) => (decl.panel && (!decl.panel.when || decl.panel.when(s)) ? [{ key, decl, panel: decl.panel }] : []))
    .sort((a, b) => a.panel.order - b.panel.order);
}

const lastStep = (c: DeclContext) => Math.max(0, Math.floor(Number.isFinite(c.T) ? c.T : 1) - 1);

/** Playback (Playback), in URL order. */
export const PLAYBACK_DECLS = {
  step: { type: 'int', name: 't', label: 'Time step t', url: 't', min: 0, max: lastStep, step: 1, offset: 1, default: 0 },
  phase: {
    type: 'enum',
    name: 'phase',
    label: 'Pass',
    url: 'ph',
    options: [
      { value: 'forward', label: 'Forward' },
      { value: 'backward', label: 'Backward (BPTT)' },
    ],
    default: 'forward',
  },
  lossStep: { type: 'int', name: 'C_t', label: 'Backpropagate from loss C_t', url: 'c', min: 0, max: lastStep, step: 1, offset: 1, default: 0 },
  speed: { type: 'number', name: 'speed', label: 'Speed', url: 'sp', min: 0.25, max: 12, step: 0.25, default: 2 },
  playing: { type: 'bool', name: 'playing', label: 'Playing', url: null, default: false },
} as const satisfies Record<string, Decl>;

/** The value type a declaration holds. */
export type ValueOf<D> = D extends { type: 'enum'; options: readonly { value: infer V }[] }
  ? V
  : D extends { type: 'bool' }
    ? boolean
    : D extends { type: 'text' }
      ? string
      : number;
export type ValuesOf<R> = { -readonly [K in keyof R]: ValueOf<R[K]> };

/* --------------------------------------------------------------- checking values -------- */

export interface Checked<V> {
  value: V;
  /** set when the input was present but had to be changed: "units 999 → 16" */
  notice?: string;
}

function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return NaN;
}

const bound = (b: number | ((c: DeclContext) => number), c: DeclContext) => (typeof b === 'function' ? b(c) : b);

/** Shows an untrusted value in a notice: short, plain text. */
export function showRaw(v: unknown): string {
  let s: string;
  try {
    s = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  } catch {
    s = String(typeof v);
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this strips
  s = s.replace(/[\u0000-\u001f\u007f]/g, '');
  return s.length > 24 ? `“${s.slice(0, 24)}…”` : `“${s}”`;
}

function show(d: Decl, v: unknown): string {
  if (d.type === 'int' && typeof v === 'number') return String(v + (d.offset ?? 0));
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return showRaw(v);
}

/**
 * Brings one value into its declared range. `undefined` (absent) is the default without a notice;
 * anything else that cannot be kept as it is comes back changed, with a notice naming the setting.
 * The fallback is the context's default for that key. Never throws.
 */
export function checkValue(d: Decl, key: string, raw: unknown, c: DeclContext): Checked<unknown> {
  const fallback = key in c.defaults ? c.defaults[key] : d.default;
  if (raw === undefined) {
    // an absent value is the default, kept inside a range that may depend on T
    if (d.type === 'int') return { value: Math.min(Math.max(bound(d.min, c), bound(d.max, c)), Math.max(bound(d.min, c), Number(fallback))) };
    return { value: fallback };
  }
  const changed = (value: unknown): Checked<unknown> => ({ value, notice: `${d.name} ${show(d, raw)} → ${show(d, value)}` });
  switch (d.type) {
    case 'int': {
      const min = bound(d.min, c);
      const max = Math.max(min, bound(d.max, c));
      const n = toNumber(raw);
      const fb = Math.min(max, Math.max(min, Number(fallback)));
      if (!Number.isFinite(n)) return changed(fb);
      const v = Math.min(max, Math.max(min, Math.round(n)));
      return v === n ? { value: v } : changed(v);
    }
    case 'number': {
      const n = toNumber(raw);
      if (!Number.isFinite(n)) return changed(fallback);
      const v = Math.min(d.max, Math.max(d.min, n)) + 0; // + 0: −0 → 0
      return v === n ? { value: v } : changed(v);
    }
    case 'seed': {
      const n = toNumber(raw);
      if (!Number.isFinite(n)) return changed(fallback);
      const v = Math.min(d.max, Math.abs(Math.trunc(n)));
      return v === n ? { value: v } : changed(v);
    }
    case 'enum': {
      const allowed = d.allowed ? d.allowed(c) : d.options.map((o) => o.value);
      if (typeof raw === 'string' && allowed.includes(raw)) return { value: raw };
      return changed(allowed.includes(fallback as string) ? fallback : allowed[0]);
    }
    case 'bool':
      if (typeof raw === 'boolean') return { value: raw };
      if (raw === '1' || raw === 'true') return { value: true };
      if (raw === '0' || raw === 'false') return { value: false };
      return changed(fallback);
    case 'text': {
      if (typeof raw !== 'string') return changed(fallback);
      const reason = d.check?.(raw);
      if (reason) return { value: fallback, notice: `${d.name} ${show(d, raw)} → ${show(d, fallback)}: ${reason}` };
      return raw.length > d.maxChars
        ? { value: raw.slice(0, d.maxChars), notice: `${d.name}: cut to its first ${d.maxChars} characters` }
        : { value: raw };
    }
  }
}

/**
 * Checks every declared field of `raw` (an untrusted object). Fields marked `fixed` keep the
 * default whatever `raw` says. Returns the clean record and the notices.
 */
export function checkAll<T>(
  decls: Record<string, Decl>,
  raw: unknown,
  c: DeclContext,
  fixed: readonly string[] = [],
): { value: T; notices: string[] } {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const notices: string[] = [];
  for (const key of Object.keys(decls)) {
    const d = decls[key];
    const has = Object.prototype.hasOwnProperty.call(r, key);
    const res = checkValue(d, key, fixed.includes(key) || !has ? undefined : r[key], c);
    out[key] = res.value;
    if (res.notice) notices.push(res.notice);
  }
  return { value: out as T, notices };
}

/** The text a value takes in a link (the inverse of what checkValue reads). */
export function formatForUrl(d: Decl, v: unknown): string {
  if (d.type === 'int') return String((v as number) + (d.offset ?? 0));
  if (d.type === 'bool') return v ? '1' : '0';
  return String(v);
}

/** Reads a link's text for a declared field (checkValue then validates it). */
export function parseFromUrl(d: Decl, s: string): unknown {
  if (d.type === 'int') {
    const n = toNumber(s);
    return Number.isFinite(n) ? n - (d.offset ?? 0) : s;
  }
  return s;
}

export function declDefaults(decls: Record<string, Decl>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, d] of Object.entries(decls)) out[k] = d.default;
  return out;
}
