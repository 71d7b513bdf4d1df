import { useSyncExternalStore } from 'react';

/**
 * Hash routing: `#/<slug>` reads a section, `#/present/<slug>` presents it, `#/notes/<slug>` is the
 * presenter's notes window, `#/embed/<preset>` is one simulator alone (for an iframe). Anything
 * after a `?` is simulator state (src/sim/link.ts), which the route ignores. The hash never reaches the server, so any static host at any sub-path
 * serves every deep link and every reload.
 */
export type RouteMode = 'read' | 'present' | 'notes' | 'embed';
export interface Route {
  mode: RouteMode;
  slug: string | null;
}

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
  let mode: RouteMode = 'read';
  if (parts[0] === 'present' || parts[0] === 'notes' || parts[0] === 'embed') mode = parts.shift() as RouteMode;
  if (parts.length === 0) return { mode, slug: null };
  const slug = parts.join('/');
  return { mode, slug: SLUG.test(slug) ? slug : '__invalid__' };
}

export function hrefFor(slug: string, mode: RouteMode = 'read'): string {
  return mode === 'read' ? `#/${slug}` : `#/${mode}/${slug}`;
}

export function navigate(slug: string, mode: RouteMode = 'read'): void {
  const next = hrefFor(slug, mode);
  if (window.location.hash !== next) window.location.hash = next;
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
