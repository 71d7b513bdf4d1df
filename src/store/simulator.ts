import { create } from 'zustand';
import type { SimulatorPreset } from '../sim/settings';
import {
  effectiveSteps,
  isPreset,
  LIMITS,
  MODEL_KEYS,
  PRESETS,
  sanitizePlayback,
  sanitizeSeed,
  sanitizeSettings,
  type Playback,
  type SimSettings,
} from '../sim/settings';

/**
 * Every simulator's state, keyed by instance id (one instance per lesson preset; the id is the
 * preset name). Plain serialisable data only — no traces, no tensors — so a snapshot can go into
 * a URL or be mirrored to a presenter's second window. Every setter sanitises what it is given.
 */
export interface SimInstance {
  preset: SimulatorPreset;
  settings: SimSettings;
  playback: Playback;
  /**
   * Presenting: the presenter pinned this simulator's settings (the popover's "Keep these settings"
   * or a Show me), so the clicker entering its slide keeps them instead of starting from the
   * lesson's. Absent when not pinned (an untouched instance equals its preset's default).
   */
  pinned?: true;
}

export type SettingsPatch = { [K in keyof SimSettings]?: unknown };
export type PlaybackPatch = { [K in keyof Playback]?: unknown };

/**
 * Weights trained in the training lab, shown by a simulator instead of its seeded ones while the
 * instance's cell and units match (plain data; see src/app/inspect.ts).
 */
export interface TrainedOverride {
  /** e.g. "GRU trained for 300 steps on the adding problem (T = 30)" */
  label: string;
  cell: SimSettings['cell'];
  units: number;
  weights: { kernel: number[][]; recurrentKernel: number[][]; bias: number[] };
  readout: { kernel: number[][]; bias: number[] };
  recurrentActivation: SimSettings['recurrentActivation'];
  /** one validation sequence [T][inputDim] and its per-step targets [T][1] */
  inputs: number[][];
  targets: number[][];
  /** the task it was trained on, in words (the simulator's task line says it instead of its own) */
  task?: { kind: string; label: string; about: string };
}

export interface SimulatorState {
  instances: Record<string, SimInstance>;
  /** per instance id: trained weights to show (absent: the seeded ones) */
  trained: Record<string, TrainedOverride>;
  setTrained: (id: string, trained: TrainedOverride | null) => void;
  /** creates the instance with its preset's defaults if it does not exist yet */
  ensure: (id: string, preset: SimulatorPreset) => void;
  setSettings: (id: string, patch: SettingsPatch) => void;
  setPlayback: (id: string, patch: PlaybackPatch) => void;
  /** moves the step by delta within 0 … T−1 (stops playback at either end) */
  stepBy: (id: string, delta: number) => void;
  /** one playback tick */
  advance: (id: string) => void;
  togglePlay: (id: string) => void;
  /** new random weights: a fresh seed (or the one given) */
  reinitialise: (id: string, seed?: number) => void;
  /** back to the preset's defaults (unpinned) */
  reset: (id: string) => void;
  /** pins (or unpins) the instance's settings against the clicker's fresh start (see SimInstance.pinned) */
  setPinned: (id: string, pinned: boolean) => void;
  /**
   * The clicker enters the instance's slide: it starts from the lesson's settings (the preset's
   * defaults, playback included) unless its settings are pinned or trained weights are on it.
   */
  startFromLesson: (id: string) => void;
  /** replaces an instance from an untrusted snapshot (URL, presenter window); sanitised */
  load: (id: string, snapshot: unknown) => void;
}

export function defaultInstance(preset: SimulatorPreset): SimInstance {
  const p = PRESETS[preset];
  return { preset, settings: { ...p.settings }, playback: { ...p.playback } };
}

/** Applies a settings patch and keeps playback consistent with the (possibly new) length T. */
export function applySettings(inst: SimInstance, patch: SettingsPatch): SimInstance {
  // changing the model or the input leaves the hand-worked example, unless the patch sets it
  const leaves = !('example' in patch) && MODEL_KEYS.some((k) => k in patch && patch[k] !== inst.settings[k]);
  // a typed sequence that cannot run keeps the one in use (nothing changes; the field says why);
  // any other bad value goes back to the lesson's default, as a link's does
  const settings = sanitizeSettings({ ...inst.settings, ...patch, ...(leaves ? { example: 'none' } : {}) }, inst.preset, {
    typedText: inst.settings.typedText,
  });
  const oldT = effectiveSteps(inst.settings);
  const T = effectiveSteps(settings);
  let playback = inst.playback;
  if (T !== oldT) {
    const atEnd = (v: number) => v >= oldT - 1;
    playback = sanitizePlayback(
      {
        ...playback,
        // "C_T" stays C_T when T changes; so does a step that was at the end
        lossStep: atEnd(playback.lossStep) ? T - 1 : playback.lossStep,
        step: atEnd(playback.step) && playback.phase === 'backward' ? T - 1 : playback.step,
      },
      T,
      playback,
    );
  }
  return { ...inst, settings, playback };
}

/**
 * Applies a playback patch. In the backward phase there is one "t": the step shown is the loss
 * C_t being backpropagated, so step and lossStep move together.
 */
export function applyPlayback(inst: SimInstance, patch: PlaybackPatch): SimInstance {
  const T = effectiveSteps(inst.settings);
  let pb = sanitizePlayback({ ...inst.playback, ...patch }, T, inst.playback);
  if (pb.phase === 'backward') {
    if ('lossStep' in patch && !('step' in patch)) pb = { ...pb, step: pb.lossStep };
    else pb = { ...pb, lossStep: pb.step };
  }
  return { ...inst, playback: pb };
}

/** One playback tick: the next step; stops at the last one. */
export function advance(inst: SimInstance): SimInstance {
  const last = effectiveSteps(inst.settings) - 1;
  if (inst.playback.step >= last) return applyPlayback(inst, { playing: false });
  const step = inst.playback.step + 1;
  return applyPlayback(inst, { step, playing: step < last });
}

/** Play/pause; playing from the last step starts again at t = 1. */
export function togglePlay(inst: SimInstance): SimInstance {
  if (inst.playback.playing) return applyPlayback(inst, { playing: false });
  const last = effectiveSteps(inst.settings) - 1;
  if (last === 0) return inst;
  return applyPlayback(inst, { playing: true, step: inst.playback.step >= last ? 0 : inst.playback.step });
}

function randomSeed(): number {
  const a = new Uint32Array(1);
  globalThis.crypto?.getRandomValues?.(a);
  return (a[0] || Math.floor(Math.random() * 2 ** 31)) % (LIMITS.seed.max + 1);
}

export const useSimulatorStore = create<SimulatorState>()((set) => {
  const update = (id: string, f: (inst: SimInstance) => SimInstance) =>
    set((s) => {
      const inst = s.instances[id];
      if (!inst) return s;
      const next = f(inst);
      return next === inst ? s : { instances: { ...s.instances, [id]: next } };
    });

  return {
    instances: {},
    trained: {},
    setTrained: (id, trained) =>
      set((s) => {
        const next = { ...s.trained };
        if (trained) next[id] = trained;
        else delete next[id];
        return { trained: next };
      }),
    ensure: (id, preset) =>
      set((s) => (s.instances[id] || !isPreset(preset) ? s : { instances: { ...s.instances, [id]: defaultInstance(preset) } })),
    setSettings: (id, patch) => update(id, (inst) => applySettings(inst, patch)),
    setPlayback: (id, patch) => update(id, (inst) => applyPlayback(inst, patch)),
    stepBy: (id, delta) =>
      update(id, (inst) => {
        const d = Number.isFinite(delta) ? Math.trunc(delta) : 0;
        const last = effectiveSteps(inst.settings) - 1;
        const step = Math.max(0, Math.min(last, inst.playback.step + d));
        return applyPlayback(inst, { step, playing: false });
      }),
    advance: (id) => update(id, advance),
    togglePlay: (id) => update(id, togglePlay),
    reinitialise: (id, seed) =>
      update(id, (inst) => applySettings(inst, { seed: seed === undefined ? randomSeed() : sanitizeSeed(seed, inst.settings.seed) })),
    reset: (id) => update(id, (inst) => defaultInstance(inst.preset)),
    setPinned: (id, pinned) =>
      update(id, (inst) => {
        if (!!inst.pinned === pinned) return inst;
        const { pinned: _, ...rest } = inst;
        return pinned ? { ...rest, pinned: true } : rest;
      }),
    startFromLesson: (id) =>
      set((s) => {
        const inst = s.instances[id];
        if (!inst || inst.pinned || s.trained[id]) return s;
        const lesson = defaultInstance(inst.preset);
        if (JSON.stringify(inst.settings) === JSON.stringify(lesson.settings)) return s;
        return { instances: { ...s.instances, [id]: lesson } };
      }),
    load: (id, snapshot) =>
      set((s) => {
        const r = (snapshot && typeof snapshot === 'object' ? snapshot : {}) as Record<string, unknown>;
        const preset = isPreset(r.preset) ? r.preset : s.instances[id]?.preset;
        if (!preset) return s;
        const settings = sanitizeSettings(r.settings, preset);
        const playback = sanitizePlayback(r.playback, effectiveSteps(settings), PRESETS[preset].playback);
        const pinned = r.pinned === true ? ({ pinned: true } as const) : {};
        return { instances: { ...s.instances, [id]: { preset, settings, playback, ...pinned } } };
      }),
  };
});
