/**
 * The presenter's clicker on a simulator slide (issue 10, item 3). A slide declares which phases
 * the clicker steps through (`<Simulator preset="bptt" clicker="forward backward" />`):
 * - `forward`: t = 1 … T, one click each, in the forward phase;
 * - `backward`: one click more, the backward pass from the last loss C_T;
 * - `losses`: the backward pass from C_1, then C_2, … C_T, one click each (the gradient picture
 *   grows by one loss per click: BPTT's ∂C_t/∂h_k for k ≤ t).
 * → walks this sequence and only then leaves the slide; ← walks it back. A slide's clicks are
 * bounded (issue 29: T = 60 must not mean 60 presses): `clicks="N"` on the <Simulator> (default
 * MAX_CLICKS) caps the positions, and a longer run of steps is thinned to evenly spaced ones that
 * keep its first and last step. Pure functions over plain playback data (no store, no DOM): the
 * deck applies the patch through the store's setters.
 */
import type { Phase, Playback } from './settings';

export type ClickerPhase = 'forward' | 'backward' | 'losses';
export const CLICKER_PHASES: readonly ClickerPhase[] = ['forward', 'backward', 'losses'];
/** the most positions a slide's clicker visits when the slide does not say (`clicks="N"`) */
export const MAX_CLICKS = 12;

/** A slide's declared bound on its clicker positions (`clicks="N"`, 2 … 100), or undefined. */
export function clickerBound(value: string | number | undefined): number | undefined {
  const n = typeof value === 'number' ? value : value === undefined ? NaN : Number(value);
  return Number.isInteger(n) && n >= 2 && n <= 100 ? n : undefined;
}

/** `m` evenly spaced steps of 0 … n−1, the first and the last included (all of them when m ≥ n). */
function thin(n: number, m: number): number[] {
  if (m >= n) return Array.from({ length: n }, (_, i) => i);
  if (m <= 1) return [n - 1];
  const out: number[] = [];
  for (let k = 0; k < m; k++) {
    const s = Math.round((k * (n - 1)) / (m - 1));
    if (out[out.length - 1] !== s) out.push(s);
  }
  return out;
}

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

/**
 * Every position the clicker visits, in order, for a sequence of length T, at most `max` of them
 * (the single `backward` click is kept; the runs of steps share what is left, each at least 2).
 */
export function clickerSequence(phases: readonly ClickerPhase[], T: number, max = MAX_CLICKS): ClickerPos[] {
  const n = Math.max(1, Math.floor(Number.isFinite(T) ? T : 1));
  const runs = phases.filter((p) => p !== 'backward').length;
  const singles = phases.length - runs;
  const perRun = runs ? Math.max(2, Math.floor((Math.max(2, max) - singles) / runs)) : 0;
  const seq: ClickerPos[] = [];
  for (const p of phases) {
    if (p === 'backward') seq.push({ phase: 'backward', step: n - 1 });
    else for (const s of thin(n, perRun)) seq.push({ phase: p === 'forward' ? 'forward' : 'backward', step: s });
  }
  // `losses` then `backward` would visit C_T twice: once is enough
  return seq.filter((q, i) => i === 0 || q.phase !== seq[i - 1].phase || q.step !== seq[i - 1].step);
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
  max = MAX_CLICKS,
): Partial<Playback> | null {
  const seq = clickerSequence(phases, T, max);
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
export function clickerEntry(phases: readonly ClickerPhase[], T: number, dir: 1 | -1, max = MAX_CLICKS): Partial<Playback> | null {
  const seq = clickerSequence(phases, T, max);
  if (phases.length === 0) return null;
  return patchFor(dir > 0 ? seq[0] : seq[seq.length - 1]);
}
