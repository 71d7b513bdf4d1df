import { lazy } from 'react';

/**
 * The modes a reader of one section never needs load as chunks of their own (issue 11: initial JS
 * on a section page ≤ 100 KB gzip): presenting, the speaker-notes window, the handout and embeds.
 * The service worker precaches them, and hovering or focusing a link or button that opens one
 * fetches it ahead (prefetchModes).
 */
export const PresentStage = lazy(() => import('./PresentStage').then((m) => ({ default: m.PresentStage })));
export const NotesWindow = lazy(() => import('./NotesWindow').then((m) => ({ default: m.NotesWindow })));
export const HandoutPage = lazy(() => import('./HandoutPage').then((m) => ({ default: m.HandoutPage })));
export const EmbedPage = lazy(() => import('./EmbedPage').then((m) => ({ default: m.EmbedPage })));

/** Fetches the presenting chunks ahead (an intent to present: the Present link or button hovered or focused). */
export function prefetchModes(): void {
  void import('./PresentStage').catch(() => undefined);
  void import('./NotesWindow').catch(() => undefined);
}
