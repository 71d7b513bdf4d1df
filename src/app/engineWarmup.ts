/**
 * Starts the engine where a simulator is on the page or about to be, so the first trace is ready
 * when the simulator asks for it (issue 11: first trace ≤ 500 ms after the page is idle):
 * - when the route names a section with a simulator (its slide outline says so, before the
 *   section's chunk has loaded) or embeds one: the engine's worker starts at once and computes the
 *   trace of that simulator's current settings (src/store/engineClient.ts warmUpEngine), and the
 *   simulator's own chunk is fetched beside the section's;
 * - when a link to such a section is hovered or focused (the sidebar, previous / next).
 * Pages without a simulator, and links to them, never load tfjs.
 */
import { useEffect } from 'react';
import { lessons, type Lesson } from '../../lessons';
import { isPreset, type SimulatorPreset } from '../sim/settings';
import { parseHash, type Route } from '../store/route';
import { warmUpEngineLazily } from '../store/warmUp';
import { loadSimulatorShell } from '../lesson-kit/Simulator';

/** The simulator presets a section shows, in slide order (from its outline: no chunk needed). */
export function simulatorPresetsOf(lesson: Pick<Lesson, 'slides'>): SimulatorPreset[] {
  const out: SimulatorPreset[] = [];
  for (const s of lesson.slides) if (s.kind === 'simulator' && isPreset(s.preset) && !out.includes(s.preset)) out.push(s.preset);
  return out;
}

/** The simulator a route shows first: the section's first one, or the embedded preset; null when none. */
export function firstSimulatorOf(route: Route): SimulatorPreset | null {
  if (route.mode === 'embed') return isPreset(route.slug) ? route.slug : null;
  const lesson = lessons.find((l) => l.meta.slug === route.slug);
  return lesson ? (simulatorPresetsOf(lesson)[0] ?? null) : null;
}

let shellRequested = false;
function warm(preset: SimulatorPreset): void {
  warmUpEngineLazily(preset);
  if (shellRequested) return;
  shellRequested = true;
  // the chunk lesson-kit/Simulator.tsx shows: fetched now, beside the section's
  loadSimulatorShell().catch(() => (shellRequested = false));
}

/** A same-page link's route (`#/…`), or null for any other link. */
function routeOfLink(target: EventTarget | null): Route | null {
  const a = target instanceof Element ? target.closest('a[href^="#/"]') : null;
  return a ? parseHash(a.getAttribute('href') ?? '') : null;
}

export function useEngineWarmup(route: Route): void {
  const first = firstSimulatorOf(route);
  useEffect(() => {
    if (first) warm(first);
  }, [first]);

  useEffect(() => {
    const seen = new Set<string>();
    const onIntent = (e: Event) => {
      const r = routeOfLink(e.target);
      const preset = r && firstSimulatorOf(r);
      if (!preset || seen.has(preset)) return;
      seen.add(preset);
      warm(preset);
    };
    document.addEventListener('pointerover', onIntent, { passive: true });
    document.addEventListener('focusin', onIntent);
    return () => {
      document.removeEventListener('pointerover', onIntent);
      document.removeEventListener('focusin', onIntent);
    };
  }, []);
}
