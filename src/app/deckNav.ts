import { lessons } from '../../lessons';
import type { SlideInfo } from '../../lessons/types';
import { clickerEntry, clickerStep } from '../sim/clicker';
import { effectiveSteps, isPreset } from '../sim/settings';
import { labClick } from '../store/labClicker';
import { useSimulatorStore } from '../store/simulator';
import { navigateDeck, parseHash } from '../store/route';
import { DECK, deckSlide, resolveSlide, type DeckSlide } from './deck';

/**
 * The deck's moves (clicker, jumps), read from the URL at key time: a clicker can press twice
 * before React re-renders, and each press must move exactly one step.
 */
export interface DeckPlace {
  mode: 'present' | 'notes';
  at: DeckSlide;
  step: number;
}

export function currentPlace(): DeckPlace | null {
  const route = parseHash(window.location.hash);
  if (route.mode !== 'present' && route.mode !== 'notes') return null;
  const lesson = lessons.find((l) => l.meta.slug === route.slug);
  if (!lesson) return null;
  const r = resolveSlide(lesson, route.slide, route.step);
  return { mode: route.mode, at: deckSlide(lesson.meta.slug, r.slide), step: r.step };
}

/** The simulator a slide's clicker drives: its instance id (the preset) and declared phases. */
function clickerSim(info: SlideInfo) {
  if (info.kind !== 'simulator' || !info.preset || !isPreset(info.preset) || !info.clicker?.length) return null;
  const store = useSimulatorStore.getState();
  store.ensure(info.preset, info.preset);
  const inst = useSimulatorStore.getState().instances[info.preset];
  return inst ? { id: info.preset, phases: info.clicker, max: info.clicks, T: effectiveSteps(inst.settings), playback: inst.playback } : null;
}

/** Steps the slide's simulator one click; false when its sequence is done (or it has none). */
function simClick(info: SlideInfo, dir: 1 | -1): boolean {
  const sim = clickerSim(info);
  if (!sim) return false;
  const patch = clickerStep(sim.phases, sim.T, sim.playback, dir, sim.max);
  if (!patch) return false;
  useSimulatorStore.getState().setPlayback(sim.id, patch);
  return true;
}

/**
 * Entering a slide by the clicker: its simulator starts from the lesson's settings unless the
 * presenter pinned a change (a T = 60 left on it earlier would otherwise cost 55 presses again),
 * then at its clicker's first position (forward) or last (back).
 */
function enterSlide(info: SlideInfo, dir: 1 | -1) {
  if (info.kind === 'simulator' && info.preset && isPreset(info.preset)) {
    const store = useSimulatorStore.getState();
    store.ensure(info.preset, info.preset);
    store.startFromLesson(info.preset);
  }
  const sim = clickerSim(info);
  if (!sim) return;
  const patch = clickerEntry(sim.phases, sim.T, dir, sim.max);
  if (patch) useSimulatorStore.getState().setPlayback(sim.id, patch);
}

export function goTo(target: DeckSlide, step = 0, mode?: 'present' | 'notes') {
  const m = mode ?? currentPlace()?.mode ?? 'present';
  navigateDeck(target.slug, m, target.slide, Math.max(0, Math.min(target.info.fragments, step)));
}

/**
 * One clicker press. Forward: the slide's list items, then its simulator's steps (on the lab's
 * slide: Train, then Pause), then the next slide. Back: the same, in reverse; the slide before opens with everything revealed.
 */
export function deckClick(dir: 1 | -1): void {
  const place = currentPlace();
  if (!place) return;
  const { at, step, mode } = place;
  const { info } = at;
  if (dir > 0) {
    if (step < info.fragments) return goTo(at, step + 1, mode);
    if (simClick(info, 1)) return;
    if (info.kind === 'lab' && labClick(1)) return;
  } else {
    if (simClick(info, -1)) return;
    if (info.kind === 'lab' && labClick(-1)) return;
    if (step > 0) return goTo(at, step - 1, mode);
  }
  const target = DECK[at.number + dir];
  if (!target) return;
  enterSlide(target.info, dir);
  goTo(target, dir > 0 ? 0 : target.info.fragments, mode);
}

/** Jumps to a deck slide by its number (1-based, clamped); returns the slide gone to. */
export function jumpTo(number: number): DeckSlide | null {
  if (!Number.isFinite(number) || DECK.length === 0) return null;
  const target = DECK[Math.max(0, Math.min(DECK.length - 1, Math.round(number) - 1))];
  goTo(target, 0);
  return target;
}
