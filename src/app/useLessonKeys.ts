import { useEffect } from 'react';
import { lessons } from '../../lessons';
import { usePresentation } from '../store/presentation';
import { THEMES, usePrefs } from '../store/prefs';
import { closePopovers, keyBelongsElsewhere, keyStaysWithControl } from './keyboard';
import { hrefFor, navigate, parseHash } from '../store/route';

export function toggleFullscreen() {
  if (document.fullscreenElement) void document.exitFullscreen?.();
  else void document.documentElement.requestFullscreen?.().catch(() => {});
}

/** Opens (or brings back) the presenter view at a slide and step (key S, the "Presenter view" button). */
export function openNotesWindow(slug: string, slide = 0, step = 0) {
  const url = `${window.location.pathname}${window.location.search}${hrefFor(slug, 'notes', slide, step)}`;
  window.open(url, 'unrolled-notes', 'popup,width=720,height=800');
}

/** Whether a popover is open (light-dismissed by Esc before the deck may act on it). */
function popoverOpen(): boolean {
  try {
    return document.querySelector(':popover-open') !== null;
  } catch {
    return false; // a browser without popovers has none open
  }
}

/**
 * Global lesson keys (see LESSON_KEYS). Simulators and form controls keep their own keys.
 * The route is read from the URL at key time, not from the last render: a presenter's clicker can
 * press twice before React has re-rendered, and each press must move exactly one section.
 */
export function useLessonKeys() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const route = parseHash(window.location.hash);
      const index = lessons.findIndex((l) => l.meta.slug === route.slug);
      const pres = usePresentation.getState();
      if (e.key === 'Escape') {
        // an open popover (a simulator's settings on a slide) takes Esc first: the browser closes it
        if (e.defaultPrevented || popoverOpen()) return;
        if (pres.keymapOpen) pres.setKeymapOpen(false);
        else if (pres.qrOpen) pres.setQrOpen(false);
        else if (pres.overviewOpen) pres.setOverviewOpen(false);
        else if (route.mode === 'present' && route.slug) navigate(route.slug, 'read');
        return;
      }
      // presenting, the deck's keys work wherever the focus is on the slide (keyStaysWithControl)
      const elsewhere = route.mode === 'present' ? e.defaultPrevented || keyStaysWithControl(e) : keyBelongsElsewhere(e);
      if (pres.keymapOpen || pres.overviewOpen || elsewhere) return;
      if (route.mode === 'notes' || route.mode === 'embed') return;
      if (index < 0) return;
      const slugAt = (i: number) => lessons[Math.max(0, Math.min(lessons.length - 1, i))].meta.slug;
      const go = (i: number) => {
        e.preventDefault();
        navigate(slugAt(i), route.mode);
      };
      switch (e.key) {
        case 'ArrowRight':
        case 'PageDown':
          return go(index + 1);
        case 'ArrowLeft':
        case 'PageUp':
          return go(index - 1);
        case 'Home':
          return go(0);
        case 'End':
          return go(lessons.length - 1);
        case 'p':
        case 'P':
          e.preventDefault();
          return navigate(slugAt(index), route.mode === 'present' ? 'read' : 'present');
        case 'f':
        case 'F':
          e.preventDefault();
          return toggleFullscreen();
        case 's':
        case 'S': {
          e.preventDefault();
          const here = route.mode === 'present' && route.slug === slugAt(index);
          const slide = here && Number.isFinite(route.slide) ? Math.max(0, (route.slide ?? 1) - 1) : 0;
          const step = here && Number.isFinite(route.step) ? (route.step ?? 0) : 0;
          return openNotesWindow(slugAt(index), slide, step);
        }
        case 'n':
        case 'N':
          e.preventDefault();
          return usePrefs.getState().toggleNotes();
        case 't':
        case 'T': {
          e.preventDefault();
          const prefs = usePrefs.getState();
          const i = THEMES.findIndex((t) => t.id === prefs.theme);
          return prefs.setTheme(THEMES[(i + 1) % THEMES.length].id);
        }
        case '?':
          e.preventDefault();
          closePopovers();
          return pres.setKeymapOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
