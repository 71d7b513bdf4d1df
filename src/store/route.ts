import { useSyncExternalStore } from 'react';

/**
 * Hash routing: `#/<slug>` reads a section, `#/present/<slug>` presents it (`#/present/<slug>/<n>`
 * its slide n, 1-based, and `…/<n>/<k>` with k list items revealed by the clicker), `#/notes/<slug>`
 * (same slide and step suffix) is the presenter view, `#/embed/<preset>` is one simulator alone (for an iframe),
 * `#/handout` is the whole lecture's slides for print (`#/handout/print` opens the print dialog once all are drawn). Anything
 * after a `?` is simulator state (src/sim/link.ts), which the route ignores. The hash never reaches the server, so any static host at any sub-path
 * serves every deep link and every reload.
 */
export type RouteMode = 'read' | 'present' | 'notes' | 'embed' | 'handout';
export interface Route {
  mode: RouteMode;
  slug: string | null;
  /** presenting: the slide as the URL names it, 1-based (NaN: not a number; the deck shows the nearest slide) */
  slide?: number;
  /** presenting: how many clicker steps (revealed list items) of the slide are shown */
  step?: number;
  /** the handout: open the print dialog when every slide is drawn */
  print?: boolean;
}

/** The handout's route slug (it is every section's). */
export const HANDOUT_SLUG = 'lecture';

const SLUG = /^[a-z0-9-]{1,64}$/;

export function parseHash(hash: string): Route {
  // the query is cut before decoding: a tampered value in it must not spoil the route
  const q = hash.indexOf('?');
  let path = (q < 0 ? hash : hash.slice(0, q)).replace(/^#\/?/, '');
  if (path.length > 512) return { mode: 'read', slug: '__invalid__' };
  try {
    path = decodeURIComponent(path);
  } catch {
    return { mode: 'read', slug: '__invalid__' };
  }
  path = path.replace(/\/+$/, '');
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'handout') {
    if (parts.length > 2 || (parts.length === 2 && parts[1] !== 'print')) return { mode: 'read', slug: '__invalid__' };
    return { mode: 'handout', slug: HANDOUT_SLUG, ...(parts[1] === 'print' ? { print: true } : {}) };
  }
  let mode: RouteMode = 'read';
  if (parts[0] === 'present' || parts[0] === 'notes' || parts[0] === 'embed') mode = parts.shift() as RouteMode;
  if (parts.length === 0) return { mode, slug: null };
  const deck = mode === 'present' || mode === 'notes';
  if (deck && parts.length >= 2 && parts.length <= 3 && SLUG.test(parts[0])) {
    const num = (p: string) => (/^\d{1,6}$/.test(p) ? Number(p) : NaN);
    const route: Route = { mode, slug: parts[0], slide: num(parts[1]) };
    if (parts.length === 3) route.step = num(parts[2]);
    return route;
  }
  const slug = parts.join('/');
  return { mode, slug: SLUG.test(slug) ? slug : '__invalid__' };
}

/** A section's URL; presenting, its slide (0-based here, 1-based in the URL) and clicker step. */
export function hrefFor(slug: string, mode: RouteMode = 'read', slide = 0, step = 0): string {
  if (mode === 'handout') return '#/handout';
  if (mode === 'read' || mode === 'embed') return mode === 'read' ? `#/${slug}` : `#/${mode}/${slug}`;
  if (slide <= 0 && step <= 0) return `#/${mode}/${slug}`;
  return `#/${mode}/${slug}/${slide + 1}${step > 0 ? `/${step}` : ''}`;
}

export function navigate(slug: string, mode: RouteMode = 'read'): void {
  const next = hrefFor(slug, mode);
  if (window.location.hash !== next) window.location.hash = next;
}

/**
 * Moves the deck to a slide and step. Within a section the history entry is replaced: Back leaves
 * the deck instead of undoing every click. The simulator query (`?…`) is not carried over — it may
 * be older than the store — and the link sync writes it afresh (src/app/linkSync.ts).
 */
export function navigateDeck(slug: string, mode: 'present' | 'notes', slide: number, step: number): void {
  const cur = window.location.hash;
  const same = parseHash(cur).slug === slug;
  const next = hrefFor(slug, mode, slide, step);
  if (cur.split('?')[0] === next) return;
  if (same) window.location.replace(next);
  else window.location.hash = next;
}

function subscribe(cb: () => void) {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

const getHash = () => window.location.hash;

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, getHash, getHash);
  return parseHash(hash);
}
