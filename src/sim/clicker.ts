/**
 * The presenter's clicker on a simulator slide (issue 10, item 3). A slide declares which phases
 * the clicker steps through (`<Simulator preset="bptt" clicker="forward backward" />`):
 * - `forward`: t = 1 … T, one click each, in the forward phase;
 * - `backward`: one click more, the backward pass from the last loss C_T.
 * → walks this sequence and only then leaves the slide; ← walks it back. Pure functions over
 * plain playback data (no store, no DOM): the deck applies the patch through the store's setters.
 */
import type { Phase, Playback } from './settings';

export type ClickerPhase = 'forward' | 'backward';
export const CLICKER_PHASES: readonly ClickerPhase[] = ['forward', 'backward'];

export interface ClickerPos {
  phase: Phase;
  /** 0-based step (t = step + 1); in the backward phase also the loss C_t backpropagated from */
  step: number;
}

/** The clicker phases a slide declares, in order, duplicates and unknown words dropped. */
export function clickerPhases(value: readonly string[] | string | undefined): ClickerPhase[] {
  const words = typeof value === 'string' ? value.split(/[\s,]+/) : (value ?? []);
  const out: ClickerPhase[] = [];
  for (const w of words) if ((CLICKER_PHASES as readonly string[]).includes(w) && !out.includes(w as ClickerPhase)) out.push(w as ClickerPhase);
  return out;
}

/** Every position the clicker visits, in order, for a sequence of length T. */
export function clickerSequence(phases: readonly ClickerPhase[], T: number): ClickerPos[] {
  const n = Math.max(1, Math.floor(Number.isFinite(T) ? T : 1));
  const seq: ClickerPos[] = [];
  for (const p of phases) {
    if (p === 'forward') for (let s = 0; s < n; s++) seq.push({ phase: 'forward', step: s });
    else seq.push({ phase: 'backward', step: n - 1 });
  }
  return seq;
}

/** Where the playback is in the sequence (-1: somewhere the clicker never stops, e.g. set by hand). */
export function clickerIndex(seq: readonly ClickerPos[], pb: Pick<Playback, 'phase' | 'step'>): number {
  return seq.findIndex((p) => p.phase === pb.phase && p.step === pb.step);
}

/**
 * One click. Returns the playback patch to apply, or null when the click leaves the slide (the
 * sequence is done, or the slide declares no phases). From a position off the sequence, → starts
 * it and ← leaves.
 */
export function clickerStep(
  phases: readonly ClickerPhase[],
  T: number,
  pb: Pick<Playback, 'phase' | 'step'>,
  dir: 1 | -1,
): Partial<Playback> | null {
  const seq = clickerSequence(phases, T);
  if (phases.length === 0) return null;
  const i = clickerIndex(seq, pb);
  const j = i < 0 ? (dir > 0 ? 0 : -1) : i + dir;
  if (j < 0 || j >= seq.length) return null;
  return patchFor(seq[j]);
}

/** The playback patch that shows a position (playback stopped). */
export function patchFor(pos: ClickerPos): Partial<Playback> {
  return pos.phase === 'backward'
    ? { phase: 'backward', step: pos.step, lossStep: pos.step, playing: false }
    : { phase: 'forward', step: pos.step, playing: false };
}

/** Where a slide's simulator starts when the clicker enters the slide: its first position going forward, its last going back. */
export function clickerEntry(phases: readonly ClickerPhase[], T: number, dir: 1 | -1): Partial<Playback> | null {
  const seq = clickerSequence(phases, T);
  if (phases.length === 0) return null;
  return patchFor(dir > 0 ? seq[0] : seq[seq.length - 1]);
}
